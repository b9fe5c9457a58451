"""How each record kind of the JSON contract maps onto tables.

One declaration per kind drives both directions (rows -> export records, records -> rows),
so import and export cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table

from collabdb import tables as t
from collabdb.text import match_key

Derived = dict[str, Callable[[dict[str, Any]], Any]]


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
    table: Table
    parent_column: str
    key: tuple[str, ...]
    scalars: tuple[str, ...] = ()
    refs: tuple[Ref, ...] = ()
    columns: dict[str, str] = dataclasses.field(default_factory=dict)
    derived: Derived = dataclasses.field(default_factory=dict)
    citation_column: str | None = None
    #: Values a new child gets for fields it leaves out (its column is NOT NULL).
    defaults: dict[str, Any] = dataclasses.field(default_factory=dict)

    def column(self, json_field: str) -> str:
        return self.columns.get(json_field, json_field)

    @functools.cached_property
    def fields(self) -> tuple[str, ...]:  # read for every record an import merges
        return (*self.scalars, *(ref.field for ref in self.refs))


@dataclass(frozen=True)
class KindSpec:
    """A top-level record kind: its table, fields, references and children."""

    name: str
    table: Table
    scalars: tuple[str, ...]
    refs: tuple[Ref, ...] = ()
    children: tuple[ChildSpec, ...] = ()
    columns: dict[str, str] = dataclasses.field(default_factory=dict)
    derived: Derived = dataclasses.field(default_factory=dict)
    citation_column: str | None = None
    #: The ref that points at a record of the same kind (a tree), if any.
    parent_ref: str | None = None

    def column(self, json_field: str) -> str:
        return self.columns.get(json_field, json_field)

    @functools.cached_property
    def fields(self) -> tuple[str, ...]:  # read for every record an import merges
        return (*self.scalars, *(ref.field for ref in self.refs))


def _name_key(record: dict[str, Any]) -> str:
    return match_key(record["name"])


def _area_link(table: Table, parent_column: str, citation_column: str) -> ChildSpec:
    return ChildSpec(
        field="areas",
        table=table,
        parent_column=parent_column,
        key=("area",),
        refs=(Ref("area", "research_area_id", "research_areas"),),
        citation_column=citation_column,
    )


def _names(table: Table, parent_column: str, citation_column: str) -> ChildSpec:
    return ChildSpec(
        field="names",
        table=table,
        parent_column=parent_column,
        key=("name", "language"),
        scalars=("name", "language", "script", "type"),
        columns={"type": "name_type"},
        derived={"name_key": _name_key},
        citation_column=citation_column,
    )


SPECS: tuple[KindSpec, ...] = (
    KindSpec(
        name="sources",
        table=t.sources,
        scalars=("kind", "title", "publisher", "published_on", "url", "sha256", "text", "note"),
    ),
    KindSpec(
        name="research_areas",
        table=t.research_areas,
        scalars=("name", "description"),
        refs=(Ref("parent", "parent_id", "research_areas"),),
        derived={"name_key": _name_key},
        citation_column="research_area_id",
        parent_ref="parent",
    ),
    KindSpec(
        name="organizations",
        table=t.organizations,
        scalars=("name", "kind", "country", "headquarters", "city", "region", "description"),
        refs=(Ref("parent", "parent_id", "organizations"),),
        derived={"name_key": _name_key},
        citation_column="organization_id",
        parent_ref="parent",
        children=(
            _names(t.organization_names, "organization_id", "organization_name_id"),
            ChildSpec(
                field="interests",
                table=t.organization_interests,
                parent_column="organization_id",
                key=("area", "kind"),
                scalars=("kind", "note"),
                refs=(Ref("area", "research_area_id", "research_areas"),),
                citation_column="organization_interest_id",
            ),
        ),
    ),
    KindSpec(
        name="people",
        table=t.people,
        scalars=("name", "description"),
        derived={"name_key": _name_key},
        citation_column="person_id",
        children=(
            _names(t.person_names, "person_id", "person_name_id"),
            ChildSpec(
                field="positions",
                table=t.positions,
                parent_column="person_id",
                key=("organization", "title"),
                scalars=("title", "status", "started_on", "ended_on"),
                refs=(Ref("organization", "organization_id", "organizations"),),
                citation_column="position_id",
                defaults={"status": "unknown"},
            ),
        ),
    ),
    KindSpec(
        name="programmes",
        table=t.programmes,
        scalars=("name", "kind", "country", "starts_on", "ends_on", "summary"),
        refs=(Ref("owner", "owner_id", "organizations"),),
        derived={"name_key": _name_key},
        citation_column="programme_id",
        children=(_area_link(t.programme_areas, "programme_id", "programme_area_id"),),
    ),
    KindSpec(
        name="agreements",
        table=t.agreements,
        scalars=(
            "type",
            "title",
            "summary",
            "status",
            "announced_on",
            "signed_on",
            "financial_terms",
            "development_stage",
            "unnamed_parties",
        ),
        columns={"type": "agreement_type"},
        refs=(Ref("parent", "parent_id", "agreements"),),
        citation_column="agreement_id",
        parent_ref="parent",
        children=(
            ChildSpec(
                field="parties",
                table=t.agreement_parties,
                parent_column="agreement_id",
                key=("organization",),
                scalars=("role",),
                refs=(Ref("organization", "organization_id", "organizations"),),
                citation_column="agreement_party_id",
            ),
            ChildSpec(
                field="people",
                table=t.agreement_people,
                parent_column="agreement_id",
                key=("person", "role"),
                scalars=("role",),
                refs=(
                    Ref("person", "person_id", "people"),
                    Ref("organization", "organization_id", "organizations"),
                ),
                citation_column="agreement_person_id",
            ),
            _area_link(t.agreement_areas, "agreement_id", "agreement_area_id"),
            ChildSpec(
                field="territories",
                table=t.agreement_territories,
                parent_column="agreement_id",
                key=("country",),
                scalars=("country", "scope"),
                citation_column="agreement_territory_id",
            ),
        ),
    ),
    KindSpec(
        name="projects",
        table=t.projects,
        scalars=("name", "summary", "status"),
        refs=(Ref("agreement", "agreement_id", "agreements"),),
        citation_column="project_id",
        children=(_area_link(t.project_areas, "project_id", "project_area_id"),),
    ),
    KindSpec(
        name="facilities",
        table=t.facilities,
        scalars=(
            "name",
            "kind",
            "city",
            "region",
            "country",
            "opened_on",
            "capacity",
            "capacity_unit",
            "description",
        ),
        refs=(
            Ref("owner", "owner_id", "organizations"),
            Ref("agreement", "agreement_id", "agreements"),
        ),
        citation_column="facility_id",
    ),
    KindSpec(
        name="figures",
        table=t.financial_figures,
        scalars=(
            "measure",
            "disclosure",
            "amount",
            "currency",
            "percentage",
            "period",
            "comparison_period",
            "segment",
            "note",
        ),
        refs=(
            Ref("organization", "organization_id", "organizations"),
            Ref("agreement", "agreement_id", "agreements"),
            Ref("facility", "facility_id", "facilities"),
        ),
        citation_column="financial_figure_id",
    ),
    KindSpec(
        name="events",
        table=t.events,
        scalars=("kind", "title", "occurred_on", "until_on", "summary"),
        refs=(
            Ref("organization", "organization_id", "organizations"),
            Ref("person", "person_id", "people"),
            Ref("agreement", "agreement_id", "agreements"),
        ),
        citation_column="event_id",
    ),
)

SPEC_BY_KIND: dict[str, KindSpec] = {spec.name: spec for spec in SPECS}
KINDS: tuple[str, ...] = tuple(spec.name for spec in SPECS)
