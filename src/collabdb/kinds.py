"""The registry of record kinds: what kinds of records exist and how each is stored.

One entry per kind of the import format says, in import order: its table, its natural key (the
slug), its input model, its fields, its references to other kinds, its child lists (keyed within
the record), and whether it is named (and by which field), searchable (which fields), cited (its
citation column) and dated (which fields). Names, search, citations, the timeline, import, export
and the generated docs derive from it; ``tests/test_kinds.py`` checks it against the tables and
the input models. Adding a kind: docs/architecture.md.

Only names here: the tables are looked up on first use, so the CLI can list the kinds without
importing SQLAlchemy.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from collabdb.text import match_key

if TYPE_CHECKING:
    from sqlalchemy import Table

#: A record of the JSON contract (import and export): field name -> value, children as lists.
Record = dict[str, Any]
Derived = dict[str, Callable[[Record], Any]]


def _table(name: str) -> Table:
    from collabdb.tables import metadata

    return metadata.tables[name]


@dataclass(frozen=True)
class Ref:
    """A JSON field holding the slug of another top-level record."""

    field: str
    column: str
    kind: str


@dataclass(frozen=True)
class ChildSpec:
    """A list of child records nested in their parent, keyed within it."""

    field: str
    table_name: str
    parent_column: str
    key: tuple[str, ...]
    scalars: tuple[str, ...] = ()
    refs: tuple[Ref, ...] = ()
    columns: dict[str, str] = dataclasses.field(default_factory=dict)
    derived: Derived = dataclasses.field(default_factory=dict)
    citation_column: str | None = None
    #: Values a new child gets for fields it leaves out (its column is NOT NULL).
    defaults: dict[str, Any] = dataclasses.field(default_factory=dict)
    #: Fields holding dates at their precision.
    dated: tuple[str, ...] = ()

    def column(self, json_field: str) -> str:
        return self.columns.get(json_field, json_field)

    @functools.cached_property
    def table(self) -> Table:
        return _table(self.table_name)

    @functools.cached_property
    def fields(self) -> tuple[str, ...]:  # read for every record an import patches
        return (*self.scalars, *(ref.field for ref in self.refs))


@dataclass(frozen=True)
class KindSpec:
    """A top-level record kind: its table, fields, references and children, and how it is
    named, searched, cited and dated."""

    name: str
    #: One record of the kind, in words ("research area").
    label: str
    #: What the kind's list holds, for the import format's docs.
    description: str
    table_name: str
    #: The pydantic model (in ``collabdb.schemas.records``) that validates an input record.
    input_model: str
    scalars: tuple[str, ...]
    refs: tuple[Ref, ...] = ()
    children: tuple[ChildSpec, ...] = ()
    columns: dict[str, str] = dataclasses.field(default_factory=dict)
    derived: Derived = dataclasses.field(default_factory=dict)
    citation_column: str | None = None
    #: The ref that points at a record of the same kind (a tree), if any.
    parent_ref: str | None = None
    #: The field people name a record by ("name", "title"; "slug" for unnamed kinds).
    name_field: str = "name"
    #: Whether a filter on a record takes in the records below it (units, sub-areas).
    filters_include_subtree: bool = False
    #: Fields found by `search` (a names child adds each name as an alias).
    searchable: tuple[str, ...] = ()
    #: Fields holding dates at their precision.
    dated: tuple[str, ...] = ()
    #: Values a new record gets for fields it leaves out (its column is NOT NULL).
    defaults: dict[str, Any] = dataclasses.field(default_factory=dict)

    def column(self, json_field: str) -> str:
        return self.columns.get(json_field, json_field)

    @functools.cached_property
    def table(self) -> Table:
        return _table(self.table_name)

    @functools.cached_property
    def fields(self) -> tuple[str, ...]:  # read for every record an import patches
        return (*self.scalars, *(ref.field for ref in self.refs))

    @functools.cached_property
    def names(self) -> ChildSpec | None:
        """The child list of other names (aliases), for kinds that have one."""
        return next((child for child in self.children if child.field == "names"), None)

    @property
    def name_column(self) -> str:
        return self.column(self.name_field)

    @property
    def has_name_key(self) -> bool:
        """Whether the table keeps the match key of the name (``name_key``)."""
        return "name_key" in self.derived


def _ref(field: str, kind: str) -> Ref:
    """A reference whose column is the field's name with ``_id``."""
    return Ref(field, f"{field}_id", kind)


#: The kind each usual reference field points at.
_REFERRED = {
    "organization": "organizations",
    "owner": "organizations",
    "person": "people",
    "agreement": "agreements",
    "facility": "facilities",
    "product": "products",
    "programme": "programmes",
}


def _refs(*fields: str) -> tuple[Ref, ...]:
    return tuple(_ref(field, _REFERRED[field]) for field in fields)


#: A link to a research area (its column is named after the table).
_AREA = Ref("area", "research_area_id", "research_areas")


def _words(names: str) -> tuple[str, ...]:
    return tuple(names.split())


def _name_key(record: dict[str, Any]) -> str:
    return match_key(record["name"])


def _area_link(table: str, parent_column: str, citation_column: str) -> ChildSpec:
    return ChildSpec(
        field="areas",
        table_name=table,
        parent_column=parent_column,
        key=("area",),
        refs=(_AREA,),
        citation_column=citation_column,
    )


def _names(table: str, parent_column: str, citation_column: str) -> ChildSpec:
    return ChildSpec(
        field="names",
        table_name=table,
        parent_column=parent_column,
        key=("name", "language"),
        scalars=_words("name language script type"),
        columns={"type": "name_type"},
        derived={"name_key": _name_key},
        citation_column=citation_column,
    )


SPECS: tuple[KindSpec, ...] = (
    KindSpec(
        name="sources",
        label="source",
        description="Documents facts come from.",
        input_model="SourceIn",
        name_field="title",
        searchable=_words("title publisher"),
        dated=_words("published_on retrieved_on"),
        table_name="sources",
        scalars=_words(
            "kind title publisher published_on url sha256 text note retrieved_on language"
            " paragraph_count"
        ),
    ),
    KindSpec(
        name="research_areas",
        label="research area",
        description="Research and therapeutic areas.",
        input_model="ResearchAreaIn",
        filters_include_subtree=True,
        searchable=_words("name description"),
        table_name="research_areas",
        scalars=_words("name description"),
        refs=(_ref("parent", "research_areas"),),
        derived={"name_key": _name_key},
        citation_column="research_area_id",
        parent_ref="parent",
    ),
    KindSpec(
        name="organizations",
        label="organization",
        description="Companies, institutes, foundations and their units.",
        input_model="OrganizationIn",
        filters_include_subtree=True,
        searchable=_words("name description city region"),
        table_name="organizations",
        scalars=_words("name kind country headquarters city region description"),
        refs=(_ref("parent", "organizations"),),
        derived={"name_key": _name_key},
        citation_column="organization_id",
        parent_ref="parent",
        children=(
            _names("organization_names", "organization_id", "organization_name_id"),
            ChildSpec(
                field="interests",
                table_name="organization_interests",
                parent_column="organization_id",
                key=("area", "kind"),
                scalars=_words("kind note"),
                refs=(_AREA,),
                citation_column="organization_interest_id",
            ),
        ),
    ),
    KindSpec(
        name="people",
        label="person",
        description="People named by the sources.",
        input_model="PersonIn",
        searchable=_words("name description"),
        table_name="people",
        scalars=_words("name description"),
        derived={"name_key": _name_key},
        citation_column="person_id",
        children=(
            _names("person_names", "person_id", "person_name_id"),
            ChildSpec(
                field="positions",
                table_name="positions",
                parent_column="person_id",
                key=("organization", "title"),
                scalars=_words("title status started_on ended_on as_of"),
                refs=_refs("organization"),
                citation_column="position_id",
                defaults={"status": "unknown"},
                dated=_words("started_on ended_on as_of"),
            ),
        ),
    ),
    KindSpec(
        name="programmes",
        label="programme",
        description="Government programmes and policies.",
        input_model="ProgrammeIn",
        searchable=_words("name summary"),
        dated=_words("starts_on ends_on"),
        table_name="programmes",
        scalars=_words("name kind country starts_on ends_on summary"),
        refs=_refs("owner"),
        derived={"name_key": _name_key},
        citation_column="programme_id",
        children=(_area_link("programme_areas", "programme_id", "programme_area_id"),),
    ),
    KindSpec(
        name="products",
        label="product",
        description="Products and assets: vaccines, molecules, biologics, platforms, devices.",
        input_model="ProductIn",
        searchable=_words("name description"),
        table_name="products",
        scalars=_words("name kind description"),
        derived={"name_key": _name_key},
        citation_column="product_id",
        children=(
            _names("product_names", "product_id", "product_name_id"),
            ChildSpec(
                field="owners",
                table_name="product_owners",
                parent_column="product_id",
                key=("organization",),
                refs=_refs("organization"),
                citation_column="product_owner_id",
            ),
            _area_link("product_areas", "product_id", "product_area_id"),
        ),
    ),
    KindSpec(
        name="agreements",
        label="agreement",
        description="Deals between organizations.",
        input_model="AgreementIn",
        name_field="title",
        searchable=_words("title summary unnamed_parties"),
        dated=_words("announced_on signed_on term"),
        table_name="agreements",
        scalars=_words(
            "type title summary status announced_on signed_on financial_terms"
            " development_stage unnamed_parties duration term"
        ),
        columns={"type": "agreement_type"},
        refs=(_ref("parent", "agreements"),),
        citation_column="agreement_id",
        parent_ref="parent",
        children=(
            ChildSpec(
                field="parties",
                table_name="agreement_parties",
                parent_column="agreement_id",
                key=("organization",),
                scalars=_words("role"),
                refs=_refs("organization"),
                citation_column="agreement_party_id",
            ),
            ChildSpec(
                field="people",
                table_name="agreement_people",
                parent_column="agreement_id",
                key=("person", "role"),
                scalars=_words("role"),
                refs=_refs("person", "organization"),
                citation_column="agreement_person_id",
            ),
            _area_link("agreement_areas", "agreement_id", "agreement_area_id"),
            ChildSpec(
                field="territories",
                table_name="agreement_territories",
                parent_column="agreement_id",
                key=("country",),
                scalars=_words("country scope"),
                citation_column="agreement_territory_id",
            ),
            ChildSpec(
                field="status_history",
                table_name="agreement_statuses",
                parent_column="agreement_id",
                key=("status", "changed_on"),
                scalars=_words("status changed_on note"),
                citation_column="agreement_status_id",
                dated=_words("changed_on"),
            ),
            ChildSpec(
                field="products",
                table_name="agreement_products",
                parent_column="agreement_id",
                key=("product",),
                scalars=_words("role stage_at_signing"),
                refs=_refs("product"),
                citation_column="agreement_product_id",
            ),
            ChildSpec(
                field="programmes",
                table_name="agreement_programmes",
                parent_column="agreement_id",
                key=("programme",),
                refs=_refs("programme"),
                citation_column="agreement_programme_id",
            ),
        ),
    ),
    KindSpec(
        name="projects",
        label="project",
        description="Projects carried out under agreements.",
        input_model="ProjectIn",
        searchable=_words("name summary"),
        dated=_words("starts_on ends_on"),
        table_name="projects",
        scalars=_words("name summary status starts_on ends_on"),
        refs=_refs("agreement"),
        citation_column="project_id",
        children=(_area_link("project_areas", "project_id", "project_area_id"),),
    ),
    KindSpec(
        name="facilities",
        label="facility",
        description="Plants, laboratories, biobanks, research centres, offices.",
        input_model="FacilityIn",
        searchable=_words("name description city region"),
        dated=_words("opened_on"),
        table_name="facilities",
        scalars=_words(
            "name kind city region country opened_on capacity capacity_qualifier capacity_high"
            " capacity_unit area area_qualifier area_high area_unit jobs jobs_qualifier jobs_high"
            " description"
        ),
        refs=_refs("owner", "agreement"),
        citation_column="facility_id",
    ),
    KindSpec(
        name="figures",
        label="figure",
        description="Financial figures.",
        input_model="FigureIn",
        name_field="slug",
        searchable=_words("segment note"),
        dated=_words("period comparison_period"),
        table_name="financial_figures",
        scalars=_words(
            "measure disclosure amount currency percentage qualifier amount_high percentage_high"
            " period comparison_period segment note"
        ),
        refs=_refs("organization", "agreement", "facility"),
        citation_column="financial_figure_id",
        defaults={"qualifier": "exact"},
    ),
    KindSpec(
        name="events",
        label="event",
        description="Restructurings, leadership changes, patent expiries and other events.",
        input_model="EventIn",
        name_field="title",
        searchable=_words("title summary"),
        dated=_words("occurred_on until_on"),
        table_name="events",
        scalars=_words("kind title occurred_on until_on summary"),
        refs=_refs("organization", "person", "agreement"),
        citation_column="event_id",
        children=(
            ChildSpec(
                field="facilities",
                table_name="event_facilities",
                parent_column="event_id",
                key=("facility",),
                refs=_refs("facility"),
                citation_column="event_facility_id",
            ),
        ),
    ),
    KindSpec(
        name="relations",
        label="relation",
        description="Relations between organizations: member of, resident of, owner of (with "
        "its stake), joint venture of.",
        input_model="RelationIn",
        name_field="slug",
        searchable=_words("note"),
        dated=_words("started_on ended_on"),
        table_name="organization_relations",
        scalars=_words("relation stake_percent started_on ended_on note"),
        refs=(
            _ref("organization", "organizations"),
            Ref("other", "other_organization_id", "organizations"),
        ),
        citation_column="organization_relation_id",
    ),
)

SPEC_BY_KIND: dict[str, KindSpec] = {spec.name: spec for spec in SPECS}
KINDS: tuple[str, ...] = tuple(spec.name for spec in SPECS)


def spec_of(kind: str) -> KindSpec:
    """The kind a user named (``collabdb delete KIND ...``); an unknown one is invalid input."""
    from collabdb.errors import InvalidInput

    if kind not in SPEC_BY_KIND:
        raise InvalidInput(f"unknown kind {kind!r}; one of: {', '.join(SPEC_BY_KIND)}")
    return SPEC_BY_KIND[kind]


def cited_tables() -> dict[str, str]:
    """Every table whose rows are facts, by the column of ``citations`` that points at it."""
    found: dict[str, str] = {}
    for spec in SPECS:
        parts: list[KindSpec | ChildSpec] = [spec, *spec.children]
        for part in parts:
            if part.citation_column is not None:
                found[part.citation_column] = part.table_name
    return found


def citation_column_of(table_name: str) -> str:
    """The column of ``citations`` that points at rows of ``table_name``."""
    return next(column for column, table in cited_tables().items() if table == table_name)
