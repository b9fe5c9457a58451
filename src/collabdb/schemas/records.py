"""Import records: the JSON contract of `collabdb import` and `collabdb export`.

Every top-level record has a ``slug``. Fields that a new record needs are typed optional here
(an update may omit them) and checked by the importer; an explicit ``null`` for them is refused.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from collabdb.schemas.fields import (
    Amount,
    Country,
    Currency,
    Date,
    LanguageTag,
    Name,
    Paragraph,
    Period,
    ScriptCode,
    Sha256,
    Slug,
    Text,
)
from collabdb.vocabulary import (
    AgreementPersonRole,
    AgreementStatus,
    AgreementType,
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
    ProgrammeKind,
    ProjectStatus,
    SourceKind,
    TerritoryScope,
)

FORMAT_VERSION = 1


class RecordIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    #: Fields a new record must have; an update may leave them out but not null them.
    required_on_create: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _required_not_null(self) -> RecordIn:
        nulled = [
            f
            for f in self.required_on_create
            if f in self.model_fields_set and getattr(self, f) is None
        ]
        if nulled:
            raise ValueError(f"{', '.join(nulled)} may not be null")
        return self


class CitationIn(RecordIn):
    source: Slug = Field(description="Slug of the source.")
    paragraph: Paragraph | None = Field(
        default=None, description="Paragraph number (blank-line separated, from 1)."
    )


class CitedIn(RecordIn):
    citations: list[CitationIn] = Field(
        default_factory=list, description="Where this fact is stated."
    )


class SourceIn(RecordIn):
    required_on_create = ("kind", "title")
    slug: Slug
    kind: SourceKind | None = None
    title: Name | None = None
    publisher: Name | None = None
    published_on: Date | None = None
    url: Text | None = None
    sha256: Sha256 | None = None
    text: str | None = Field(default=None, max_length=10_000_000)
    note: Text | None = None


class ResearchAreaIn(CitedIn):
    required_on_create = ("name",)
    slug: Slug
    name: Name | None = None
    parent: Slug | None = None
    description: Text | None = None


class OrganizationNameIn(CitedIn):
    name: Name
    language: LanguageTag
    script: ScriptCode
    type: NameType


class InterestIn(CitedIn):
    area: Slug
    kind: InterestKind
    note: Text | None = None


class OrganizationIn(CitedIn):
    required_on_create = ("name", "kind")
    slug: Slug
    name: Name | None = None
    kind: OrganizationKind | None = None
    country: Country | None = None
    headquarters: Name | None = None
    city: Name | None = None
    region: Name | None = None
    parent: Slug | None = None
    description: Text | None = None
    names: list[OrganizationNameIn] = Field(default_factory=list)
    interests: list[InterestIn] = Field(default_factory=list)


class PersonNameIn(CitedIn):
    name: Name
    language: LanguageTag
    script: ScriptCode
    type: NameType


class PositionIn(CitedIn):
    organization: Slug
    title: Name
    status: PositionStatus | None = None
    started_on: Date | None = None
    ended_on: Date | None = None


class PersonIn(CitedIn):
    required_on_create = ("name",)
    slug: Slug
    name: Name | None = None
    description: Text | None = None
    names: list[PersonNameIn] = Field(default_factory=list)
    positions: list[PositionIn] = Field(default_factory=list)


class AreaLinkIn(CitedIn):
    area: Slug


class ProgrammeIn(CitedIn):
    required_on_create = ("name", "kind")
    slug: Slug
    name: Name | None = None
    kind: ProgrammeKind | None = None
    country: Country | None = None
    owner: Slug | None = None
    starts_on: Date | None = None
    ends_on: Date | None = None
    summary: Text | None = None
    areas: list[AreaLinkIn] = Field(default_factory=list)


class PartyIn(CitedIn):
    organization: Slug
    role: PartyRole


class AgreementPersonIn(CitedIn):
    person: Slug
    role: AgreementPersonRole
    organization: Slug | None = None


class TerritoryIn(CitedIn):
    country: Country
    scope: TerritoryScope


class AgreementIn(CitedIn):
    required_on_create = ("type", "title", "status", "financial_terms")
    slug: Slug
    type: AgreementType | None = None
    title: Name | None = None
    summary: Text | None = None
    status: AgreementStatus | None = None
    announced_on: Date | None = None
    signed_on: Date | None = None
    financial_terms: FinancialTerms | None = None
    development_stage: Text | None = None
    unnamed_parties: Text | None = None
    parent: Slug | None = None
    parties: list[PartyIn] = Field(default_factory=list)
    people: list[AgreementPersonIn] = Field(default_factory=list)
    areas: list[AreaLinkIn] = Field(default_factory=list)
    territories: list[TerritoryIn] = Field(default_factory=list)


class ProjectIn(CitedIn):
    required_on_create = ("agreement", "name", "status")
    slug: Slug
    agreement: Slug | None = None
    name: Name | None = None
    summary: Text | None = None
    status: ProjectStatus | None = None
    areas: list[AreaLinkIn] = Field(default_factory=list)


class FacilityIn(CitedIn):
    required_on_create = ("name", "kind")
    slug: Slug
    name: Name | None = None
    kind: FacilityKind | None = None
    owner: Slug | None = None
    agreement: Slug | None = None
    city: Name | None = None
    region: Name | None = None
    country: Country | None = None
    opened_on: Date | None = None
    capacity: int | None = Field(default=None, ge=0, le=10**9)
    capacity_unit: Name | None = None
    description: Text | None = None


class FigureIn(CitedIn):
    required_on_create = ("measure", "disclosure")
    slug: Slug
    measure: Measure | None = None
    disclosure: Disclosure | None = None
    amount: Amount | None = None
    currency: Currency | None = None
    percentage: Amount | None = None
    period: Period | None = None
    comparison_period: Period | None = None
    organization: Slug | None = None
    agreement: Slug | None = None
    facility: Slug | None = None
    segment: Name | None = None
    note: Text | None = None


class EventIn(CitedIn):
    required_on_create = ("kind", "title")
    slug: Slug
    kind: EventKind | None = None
    title: Name | None = None
    occurred_on: Date | None = None
    until_on: Date | None = None
    organization: Slug | None = None
    person: Slug | None = None
    agreement: Slug | None = None
    summary: Text | None = None


class KnowledgeBaseIn(BaseModel):
    """A whole import document, as `collabdb export` writes it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    format_version: Literal[1]
    sources: list[SourceIn] = Field(default_factory=list)
    research_areas: list[ResearchAreaIn] = Field(default_factory=list)
    organizations: list[OrganizationIn] = Field(default_factory=list)
    people: list[PersonIn] = Field(default_factory=list)
    programmes: list[ProgrammeIn] = Field(default_factory=list)
    agreements: list[AgreementIn] = Field(default_factory=list)
    projects: list[ProjectIn] = Field(default_factory=list)
    facilities: list[FacilityIn] = Field(default_factory=list)
    figures: list[FigureIn] = Field(default_factory=list)
    events: list[EventIn] = Field(default_factory=list)


def dump_patch(record: BaseModel) -> dict[str, Any]:
    """The fields a record sets (missing ones keep stored values), recursively."""
    return record.model_dump(exclude_unset=True)


#: The record model of each top-level list of the document.
RECORD_MODELS: dict[str, type[RecordIn]] = {
    "sources": SourceIn,
    "research_areas": ResearchAreaIn,
    "organizations": OrganizationIn,
    "people": PersonIn,
    "programmes": ProgrammeIn,
    "agreements": AgreementIn,
    "projects": ProjectIn,
    "facilities": FacilityIn,
    "figures": FigureIn,
    "events": EventIn,
}
