"""Import records: the JSON contract of `collabdb import` and `collabdb export`.

Every top-level record has a ``slug``. Fields that a new record needs are typed optional here
(an update may omit them) and checked by the importer; an explicit ``null`` for them is refused.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from collabdb.kinds import SPECS
from collabdb.schemas.fields import (
    Amount,
    Country,
    Currency,
    Date,
    Day,
    Duration,
    LanguageTag,
    Name,
    Paragraph,
    Period,
    Quantity,
    ScriptCode,
    Sha256,
    Slug,
    SourceText,
    Text,
)
from collabdb.vocabulary import (
    AgreementPersonRole,
    AgreementStatus,
    AgreementType,
    DevelopmentStage,
    Disclosure,
    EventKind,
    FacilityKind,
    FinancialTerms,
    InterestKind,
    Measure,
    NameType,
    OrganizationKind,
    PartyRole,
    PositionStatus,
    ProductKind,
    ProductRole,
    ProgrammeKind,
    ProjectStatus,
    Qualifier,
    RelationKind,
    SourceKind,
    StatusChange,
    TerritoryScope,
)

FORMAT_VERSION = 2
#: Versions an import accepts: a version-1 file (every export of the first release) is a
#: version-2 file without the fields version 2 added.
READABLE_FORMAT_VERSIONS = (1, 2)


def _document_required_on_create(schema: dict[str, Any], model: type[Any]) -> None:
    required: tuple[str, ...] = getattr(model, "required_on_create", ())
    if required:
        rule = (
            f"A new record must give {', '.join(required)}; an update may leave them out "
            "(the stored values are kept) but may not set them to null."
        )
        schema["description"] = f"{schema.get('description', '').strip()}\n\n{rule}".strip()
        schema["x-required-on-create"] = list(required)


class RecordIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        use_attribute_docstrings=True,
        json_schema_extra=_document_required_on_create,
    )

    #: Fields a new record must have; an update may leave them out but not null them.
    required_on_create: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _required_not_null(self) -> RecordIn:
        if not self.required_on_create:  # most records, e.g. every citation
            return self
        nulled = [
            f
            for f in self.required_on_create
            if f in self.model_fields_set and getattr(self, f) is None
        ]
        if nulled:
            raise ValueError(f"{', '.join(nulled)} may not be null")
        return self


class CitationIn(RecordIn):
    """Where a fact is stated: a source and, for a source with text, a paragraph of it."""

    source: Slug
    """Slug of the source (in this file or already stored)."""
    paragraph: Paragraph | None = None
    """Paragraph of the source's text, counted from 1 (paragraphs are separated by blank
    lines); null for a source without text, such as the editorial source."""


class CitedIn(RecordIn):
    citations: list[CitationIn] = Field(default_factory=list)
    """Where this fact is stated. Matched with the stored citations by (source, paragraph);
    an import never removes one."""


class SourceIn(RecordIn):
    """A document facts come from: an article, a press release, or an editorial addition.

    Its text is stored only where we may keep a copy. Otherwise ``paragraph_count`` says how
    many paragraphs the article body had in the copy that was read, so that citations can still
    name a paragraph (checked against the count)."""

    required_on_create = ("kind", "title")
    slug: Slug
    """Natural key: lowercase letters and digits in words joined by '-'."""
    kind: SourceKind | None = None
    """What the document is; 'editorial' marks facts added by the maintainers."""
    title: Name | None = None
    """Title of the document."""
    publisher: Name | None = None
    """Who published it."""
    published_on: Date | None = None
    """Publication date at its precision: YYYY, YYYY-MM or YYYY-MM-DD."""
    url: Text | None = None
    """Where it was published."""
    sha256: Sha256 | None = None
    """SHA-256 of the UTF-8 text, lowercase hex; checked against the text when both are given."""
    text: SourceText | None = None
    """Full text; paragraphs are separated by blank lines and cited by number from 1."""
    note: Text | None = None
    """Editorial note; an editorial source must say what it adds."""
    retrieved_on: Day | None = None
    """The day the copy the facts were read from was retrieved: YYYY-MM-DD."""
    language: LanguageTag | None = None
    """BCP 47 language tag of the document: en, ru."""
    paragraph_count: Paragraph | None = None
    """Paragraphs of the article body in the copy that was read (blocks separated by blank
    lines or line breaks; headline, captions' credits and site navigation left out), for a
    source whose text is not stored: citations name one of them. With a stored text it may
    leave out the text's trailing blocks (site navigation), never count beyond them; citations
    then name one of the counted paragraphs."""


class ResearchAreaIn(CitedIn):
    """A research or therapeutic area; areas form a tree through parent."""

    required_on_create = ("name",)
    slug: Slug
    """Natural key."""
    name: Name | None = None
    """Name of the area in English."""
    parent: Slug | None = None
    """Slug of the broader area (no cycles)."""
    description: Text | None = None
    """What the area covers."""


class OrganizationNameIn(CitedIn):
    """A name an organization goes by. Keyed by (name, language) within its organization."""

    name: Name
    """The name exactly as written."""
    language: LanguageTag
    """BCP 47 language tag: en, ru."""
    script: ScriptCode
    """ISO 15924 script code: Latn, Cyrl."""
    type: NameType
    """What kind of name it is."""


class InterestIn(CitedIn):
    """A research area an organization states an interest in. Keyed by (area, kind)."""

    area: Slug
    """Slug of the research area."""
    kind: InterestKind
    """How the organization relates to the area."""
    note: Text | None = None
    """What the organization says, in our words."""


class OrganizationIn(CitedIn):
    """A company, institute, foundation, unit or other body."""

    required_on_create = ("name", "kind")
    slug: Slug
    """Natural key."""
    name: Name | None = None
    """Canonical name, as commonly written in English."""
    kind: OrganizationKind | None = None
    """What kind of body it is."""
    country: Country | None = None
    """ISO 3166-1 alpha-2 country code, e.g. RU."""
    headquarters: Name | None = None
    """Headquarters as the sources give it (a city or a country)."""
    city: Name | None = None
    """City where it is based."""
    region: Name | None = None
    """Region or province."""
    parent: Slug | None = None
    """Slug of the parent organization of a unit or subsidiary (no cycles)."""
    description: Text | None = None
    """What it is, in our words."""
    names: list[OrganizationNameIn] = Field(default_factory=list)
    """Other names (Russian, acronyms, short forms); matched by (name, language)."""
    interests: list[InterestIn] = Field(default_factory=list)
    """Stated research interests; matched by (area, kind)."""


class PersonNameIn(CitedIn):
    """A name a person goes by. Keyed by (name, language) within the person."""

    name: Name
    """The name exactly as written."""
    language: LanguageTag
    """BCP 47 language tag: en, ru."""
    script: ScriptCode
    """ISO 15924 script code: Latn, Cyrl."""
    type: NameType
    """What kind of name it is."""


class PositionIn(CitedIn):
    """A position a person holds or held. Keyed by (organization, title) within the person."""

    organization: Slug
    """Slug of the organization."""
    title: Name
    """Job title as the source gives it."""
    status: PositionStatus = "unknown"
    """Whether the person holds it now, as of the sources ('unknown' for a new position that
    does not say)."""
    started_on: Date | None = None
    """When the position began (YYYY, YYYY-MM or YYYY-MM-DD)."""
    ended_on: Date | None = None
    """When the position ended (YYYY, YYYY-MM or YYYY-MM-DD)."""
    as_of: Date | None = None
    """The date its source saw ``status`` hold, usually the source's publication date: a
    person who headed a cluster as of 2017-05 may hold another post as of a later source."""


class PersonIn(CitedIn):
    """A person named by a source."""

    required_on_create = ("name",)
    slug: Slug
    """Natural key."""
    name: Name | None = None
    """Name as commonly written in English."""
    description: Text | None = None
    """Who the person is, in our words."""
    names: list[PersonNameIn] = Field(default_factory=list)
    """Other names (Cyrillic spelling...); matched by (name, language)."""
    positions: list[PositionIn] = Field(default_factory=list)
    """Positions held; matched by (organization, title)."""


class AreaLinkIn(CitedIn):
    """A research area something is about. Keyed by area."""

    area: Slug
    """Slug of the research area."""


class ProgrammeIn(CitedIn):
    """A government programme or policy."""

    required_on_create = ("name", "kind")
    slug: Slug
    """Natural key."""
    name: Name | None = None
    """Name of the programme."""
    kind: ProgrammeKind | None = None
    """What kind of programme it is."""
    country: Country | None = None
    """ISO 3166-1 alpha-2 country code."""
    owner: Slug | None = None
    """Slug of the organization that runs it."""
    starts_on: Date | None = None
    """Start (YYYY, YYYY-MM or YYYY-MM-DD)."""
    ends_on: Date | None = None
    """End (YYYY, YYYY-MM or YYYY-MM-DD)."""
    summary: Text | None = None
    """What it does, in our words."""
    areas: list[AreaLinkIn] = Field(default_factory=list)
    """Research areas it covers; matched by area."""


class ProductNameIn(OrganizationNameIn):
    """A name a product goes by: its INN, a brand, a code, its Russian name. Keyed by (name,
    language) within its product."""


class ProductOwnerIn(CitedIn):
    """An organization that owns a product or holds its rights. Keyed by organization."""

    organization: Slug
    """Slug of the organization."""


class ProductIn(CitedIn):
    """A product or asset: a vaccine, a molecule, a biologic, a platform, a portfolio."""

    required_on_create = ("name", "kind")
    slug: Slug
    """Natural key."""
    name: Name | None = None
    """Canonical name, as commonly written in English."""
    kind: ProductKind | None = None
    """What kind of product it is."""
    description: Text | None = None
    """What it is, in our words."""
    names: list[ProductNameIn] = Field(default_factory=list)
    """Other names (INN, brands, codes, Russian name); matched by (name, language)."""
    owners: list[ProductOwnerIn] = Field(default_factory=list)
    """Organizations that own it or hold its rights; matched by organization."""
    areas: list[AreaLinkIn] = Field(default_factory=list)
    """Research areas it is for; matched by area."""


class AgreementProductIn(CitedIn):
    """A product an agreement concerns. Keyed by product."""

    product: Slug
    """Slug of the product."""
    role: ProductRole
    """What the agreement does with it."""
    stage_at_signing: DevelopmentStage | None = None
    """Its stage of development when the agreement was signed."""


class PartyIn(CitedIn):
    """An organization that is party to an agreement. Keyed by organization."""

    organization: Slug
    """Slug of the organization."""
    role: PartyRole
    """Its role in the agreement."""


class AgreementPersonIn(CitedIn):
    """A person named in connection with an agreement. Keyed by (person, role)."""

    person: Slug
    """Slug of the person."""
    role: AgreementPersonRole
    """signatory, spokesperson, pictured (named in a photo caption only), negotiator, contact."""
    organization: Slug | None = None
    """Slug of the organization the person acted for."""


class TerritoryIn(CitedIn):
    """A country an agreement covers or excludes. Keyed by country."""

    country: Country
    """ISO 3166-1 alpha-2 country code."""
    scope: TerritoryScope
    """Whether the country is included or excluded."""


class StatusChangeIn(CitedIn):
    """A change in an agreement's status, dated and cited. Keyed by (status, changed_on)."""

    status: StatusChange
    """The status the agreement took."""
    changed_on: Date | None = None
    """When (YYYY, YYYY-MM or YYYY-MM-DD), as its source gives it."""
    note: Text | None = None
    """What happened, in our words."""


class AgreementProgrammeIn(CitedIn):
    """A programme an agreement was made under. Keyed by programme."""

    programme: Slug
    """Slug of the programme."""


class AgreementIn(CitedIn):
    """A deal: partnership, collaboration, licence, memorandum..."""

    required_on_create = ("type", "title", "status", "financial_terms")
    slug: Slug
    """Natural key."""
    type: AgreementType | None = None
    """What kind of agreement it is."""
    title: Name | None = None
    """A short title, in our words."""
    summary: Text | None = None
    """What was agreed, in our words."""
    status: AgreementStatus | None = None
    """Where the agreement stands, as of the sources: with a status_history, its latest
    change (which it may be left out for). Version 1's 'active' reads as 'in_force'."""
    announced_on: Date | None = None
    """When it was announced (YYYY, YYYY-MM or YYYY-MM-DD)."""
    signed_on: Date | None = None
    """When it was signed (YYYY, YYYY-MM or YYYY-MM-DD)."""
    financial_terms: FinancialTerms | None = None
    """disclosed, not_disclosed (the source says so) or unknown (the source is silent)."""
    development_stage: Text | None = None
    """Stage of development of what the agreement covers, in words, where it does not fit a
    product's stage_at_signing (the controlled stage, on the product link)."""
    unnamed_parties: Text | None = None
    """Parties the sources mention without naming them."""
    parent: Slug | None = None
    """Slug of the agreement this one extends or follows on from (no cycles)."""
    duration: Duration | None = None
    """Its term as a source states it, an ISO 8601 duration: P5Y (five years), P18M, P2Y6M."""
    term: Period | None = None
    """The dates it runs, as a source states them: an ISO 8601 interval START/END of partial
    dates (2011/2015, 2020-07/2023-Q2), either end open (2021/..), or a single date."""
    parties: list[PartyIn] = Field(default_factory=list)
    """Organizations taking part; matched by organization."""
    people: list[AgreementPersonIn] = Field(default_factory=list)
    """People named with the agreement; matched by (person, role)."""
    areas: list[AreaLinkIn] = Field(default_factory=list)
    """Research areas it covers; matched by area."""
    territories: list[TerritoryIn] = Field(default_factory=list)
    """Countries covered or excluded; matched by country."""
    status_history: list[StatusChangeIn] = Field(default_factory=list)
    """Each change of status (announced, signed, in force, suspended, terminated...), dated
    and cited; matched by (status, changed_on). The latest is the agreement's status."""
    products: list[AgreementProductIn] = Field(default_factory=list)
    """Products it concerns, with their role and stage at signing; matched by product."""

    programmes: list[AgreementProgrammeIn] = Field(default_factory=list)
    """Programmes (a government programme, a company initiative) it was made under; matched
    by programme."""

    @field_validator("status", mode="before")
    @classmethod
    def _version_1_status(cls, value: object) -> object:
        return "in_force" if value == "active" else value


class ProjectIn(CitedIn):
    """A project carried out under an agreement."""

    required_on_create = ("agreement", "name", "status")
    slug: Slug
    """Natural key."""
    agreement: Slug | None = None
    """Slug of the agreement."""
    name: Name | None = None
    """Name of the project."""
    summary: Text | None = None
    """What it does, in our words."""
    status: ProjectStatus | None = None
    """Where the project stands, as of the sources."""
    starts_on: Date | None = None
    """When it starts or started (YYYY, YYYY-MM or YYYY-MM-DD)."""
    ends_on: Date | None = None
    """When it ends or ended (YYYY, YYYY-MM or YYYY-MM-DD)."""
    areas: list[AreaLinkIn] = Field(default_factory=list)
    """Research areas it covers; matched by area."""


class FacilityIn(CitedIn):
    """A plant, laboratory, biobank, research centre or office."""

    required_on_create = ("name", "kind")
    slug: Slug
    """Natural key."""
    name: Name | None = None
    """Name of the facility."""
    kind: FacilityKind | None = None
    """What kind of facility it is."""
    owner: Slug | None = None
    """Slug of the organization that owns or runs it."""
    agreement: Slug | None = None
    """Slug of the agreement it belongs to."""
    city: Name | None = None
    """City where it is."""
    region: Name | None = None
    """Region or province."""
    country: Country | None = None
    """ISO 3166-1 alpha-2 country code."""
    opened_on: Date | None = None
    """When it opened (YYYY, YYYY-MM or YYYY-MM-DD)."""
    capacity: Quantity | None = None
    """Capacity in capacity_unit, an exact decimal as a JSON string ("1500000000"; a JSON
    integer is taken too, as version 1 gave it)."""
    capacity_qualifier: Qualifier | None = None
    """How exact the capacity is as the source gives it, as for a figure: exact (also when
    left out), about, estimated, at_least, up_to, or range (then capacity_high is the upper
    end)."""
    capacity_high: Quantity | None = None
    """Upper end of a range of capacities (capacity_qualifier range)."""
    capacity_unit: Name | None = None
    """Unit of the capacity (e.g. 'packs per year', 'beds')."""
    area: Quantity | None = None
    """Area of the site in area_unit, an exact decimal ("10", "13000")."""
    area_qualifier: Qualifier | None = None
    """How exact the area is (as capacity_qualifier)."""
    area_high: Quantity | None = None
    """Upper end of a range of areas (area_qualifier range)."""
    area_unit: Name | None = None
    """Unit of the area: 'ha', 'm2', as the source gives it."""
    jobs: Quantity | None = None
    """Jobs the facility has or is to create, an exact decimal ("350")."""
    jobs_qualifier: Qualifier | None = None
    """How exact the number of jobs is (as capacity_qualifier)."""
    jobs_high: Quantity | None = None
    """Upper end of a range of jobs (jobs_qualifier range)."""
    description: Text | None = None
    """What it is, in our words."""


class FigureIn(CitedIn):
    """A financial figure: an investment, a deal value, a revenue, a royalty rate..."""

    required_on_create = ("measure", "disclosure")
    slug: Slug
    """Natural key."""
    measure: Measure | None = None
    """What the figure measures."""
    disclosure: Disclosure | None = None
    """disclosed (amount or percentage given) or not_disclosed (the source says it is not)."""
    amount: Amount | None = None
    """Exact non-negative decimal as a JSON string (e.g. "224000000"), with a currency."""
    currency: Currency | None = None
    """ISO 4217 code of the amount, e.g. USD, RUB."""
    percentage: Amount | None = None
    """A percentage as an exact decimal string (e.g. "12.5")."""
    qualifier: Qualifier | None = None
    """How exact the amount or percentage is as the source gives it: exact (a new figure's
    default), about, estimated, at_least, up_to, or range (then amount_high or
    percentage_high is the upper end and amount or percentage the lower)."""
    amount_high: Amount | None = None
    """Upper end of a range of amounts (qualifier range), in the same currency."""
    percentage_high: Amount | None = None
    """Upper end of a range of percentages (qualifier range)."""
    period: Period | None = None
    """Period the figure is for: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD."""
    comparison_period: Period | None = None
    """Period a growth figure compares with."""
    organization: Slug | None = None
    """Slug of the organization the figure is about."""
    agreement: Slug | None = None
    """Slug of the agreement the figure is about."""
    facility: Slug | None = None
    """Slug of the facility the figure is about."""
    segment: Name | None = None
    """Business segment or market the figure covers."""
    note: Text | None = None
    """What the figure is, in our words."""


class EventFacilityIn(CitedIn):
    """A facility an event concerns. Keyed by facility."""

    facility: Slug
    """Slug of the facility."""


class EventIn(CitedIn):
    """Something that happened: a restructuring, a leadership change, a patent expiry..."""

    required_on_create = ("kind", "title")
    slug: Slug
    """Natural key."""
    kind: EventKind | None = None
    """What kind of event it is."""
    title: Name | None = None
    """A short title, in our words."""
    occurred_on: Date | None = None
    """When it happened (YYYY, YYYY-MM or YYYY-MM-DD)."""
    until_on: Date | None = None
    """When it ended, if it lasted (YYYY, YYYY-MM or YYYY-MM-DD)."""
    organization: Slug | None = None
    """Slug of the organization concerned."""
    person: Slug | None = None
    """Slug of the person concerned."""
    agreement: Slug | None = None
    """Slug of the agreement concerned."""

    summary: Text | None = None
    """What happened, in our words."""
    facilities: list[EventFacilityIn] = Field(default_factory=list)
    """Facilities it concerns (a plant whose construction began); matched by facility."""


class RelationIn(CitedIn):
    """How one organization relates to another beyond being its unit: a member of a cluster, a
    resident of a special economic zone or technopark, an owner with its stake, a joint venture
    of its founders (one relation per founder)."""

    required_on_create = ("organization", "relation", "other")
    slug: Slug
    """Natural key."""
    organization: Slug | None = None
    """Slug of the organization that is a member, resident, owner or joint venture."""
    relation: RelationKind | None = None
    """member_of, resident_of, owner_of or joint_venture_of."""
    other: Slug | None = None
    """Slug of the organization it is a member or resident of, owns a stake in, or was founded
    by (a joint venture)."""
    stake_percent: Amount | None = None
    """For owner_of: the stake held, in percent ("51" is 51%), where a source gives it."""
    started_on: Date | None = None
    """Since when (YYYY, YYYY-MM or YYYY-MM-DD)."""
    ended_on: Date | None = None
    """Until when (YYYY, YYYY-MM or YYYY-MM-DD)."""
    note: Text | None = None
    """What the sources say of it, in our words."""


#: The input model of each kind, as the registry names it (``collabdb.kinds``).
RECORD_MODELS: dict[str, type[RecordIn]] = {
    spec.name: globals()[spec.input_model] for spec in SPECS
}


MergeableKind = Literal[
    "sources",
    "research_areas",
    "organizations",
    "people",
    "programmes",
    "products",
    "agreements",
    "facilities",
]
#: The list of redirects in an input: old slugs of merged records.
REDIRECTS = "redirects"


class RedirectIn(RecordIn):
    """The old slug of a record merged into another (`collabdb merge`): it names that record on
    the CLI and in later imports (a record given under the old slug updates the one it was
    merged into). Keyed by (kind, from); given again with another `into`, it is moved."""

    kind: MergeableKind
    """Kind of both records."""
    from_: Slug = Field(alias="from")
    """The old slug; no stored record may have it."""
    into: Slug
    """Slug of the record it resolves to (in this file or already stored)."""


#: The input model of each list of an input: the kinds', then the redirects'.
INPUT_MODELS: dict[str, type[RecordIn]] = {**RECORD_MODELS, REDIRECTS: RedirectIn}


class _DocumentBase(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, use_attribute_docstrings=True)

    format_version: Literal[1, 2]
    """Version of the import format: 2 (what `export` writes). A version-1 file (every export
    of the first release) imports as it is: version 2 only added fields."""


def _document_fields() -> dict[str, Any]:
    """One list per kind of the registry, in its order, described as the registry says."""
    return {
        spec.name: (
            list[RECORD_MODELS[spec.name]],  # type: ignore[valid-type,name-defined]
            Field(default_factory=list, description=spec.description),
        )
        for spec in SPECS
    } | {
        REDIRECTS: (
            list[RedirectIn],
            Field(
                default_factory=list,
                description="Old slugs of merged records and the records they resolve to.",
            ),
        )
    }


#: A whole import document: one list per kind of the registry.
KnowledgeBaseIn: type[BaseModel] = create_model(
    "KnowledgeBaseIn",
    __base__=_DocumentBase,
    __doc__=(
        "A whole import document, as `collabdb export` writes it. Records refer to each other\n"
        "    by slug; a reference may point forward in the same file or at a stored record."
    ),
    __module__=__name__,
    **_document_fields(),
)
