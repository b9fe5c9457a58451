"""Read models of the detail queries: one agreement, organization, person or source with what
is around it.

Each detail holds the record as `export` writes it (every fact with its citations), the names of
what it refers to, the records that refer to it (``schemas/related.py``) and the source
documents cited. Fields are declared plain values first, then lists, each in the order of the
export format: ``as_json()`` gives them in that order.
"""

from __future__ import annotations

from typing import Any

from collabdb.schemas import related
from collabdb.schemas.reads import CitationRead, ReadModel, read_model


@read_model
class OtherName(ReadModel):
    name: str
    language: str
    script: str | None
    type: str
    citations: list[CitationRead]


# -- one agreement --------------------------------------------------------------------------


@read_model
class AgreementParty(ReadModel):
    role: str
    organization: str
    name: str
    citations: list[CitationRead]


@read_model
class AgreementProduct(ReadModel):
    """A product the agreement concerns, with its role in it and its stage at signing."""

    role: str
    stage_at_signing: str | None
    product: str
    name: str
    citations: list[CitationRead]


@read_model
class AgreementPerson(ReadModel):
    role: str
    person: str
    organization: str | None
    name: str
    citations: list[CitationRead]


@read_model
class AgreementArea(ReadModel):
    area: str
    name: str
    citations: list[CitationRead]


@read_model
class AgreementProgramme(ReadModel):
    """A programme (a government programme, a company initiative) the agreement was made
    under."""

    programme: str
    name: str
    citations: list[CitationRead]


@read_model
class AgreementTerritory(ReadModel):
    country: str
    scope: str | None
    citations: list[CitationRead]


@read_model
class StatusChangeRead(ReadModel):
    status: str
    changed_on: str | None
    note: str | None
    citations: list[CitationRead]


@read_model
class AgreementDetail(ReadModel):
    slug: str
    type: str
    title: str
    summary: str | None
    status: str
    announced_on: str | None
    signed_on: str | None
    financial_terms: str
    development_stage: str | None
    unnamed_parties: str | None
    #: Its term as a source states it (ISO 8601: P5Y).
    duration: str | None
    #: The dates it runs, an interval START/END of partial dates (2011/2015, 2021/..).
    term: str | None
    parent: str | None
    parent_title: str | None
    parties: list[AgreementParty]
    people: list[AgreementPerson]
    areas: list[AgreementArea]
    territories: list[AgreementTerritory]
    products: list[AgreementProduct]
    programmes: list[AgreementProgramme]
    #: The status changes in the order they happened (undated ones first).
    status_history: list[StatusChangeRead]
    citations: list[CitationRead]
    #: Slugs of the agreements that name this one as their parent.
    follow_ons: list[str]
    projects: list[related.ProjectRecord]
    facilities: list[related.FacilityRecord]
    figures: list[related.FigureRecord]
    events: list[related.EventRecord]
    source_documents: list[related.SourceDocument]


# -- one organization -----------------------------------------------------------------------


@read_model
class ResearchInterest(ReadModel):
    kind: str
    note: str | None
    area: str
    area_name: str
    citations: list[CitationRead]


@read_model
class OrganizationRelationRead(ReadModel):
    """A relation of the organization (or of a unit of it) to another, in either direction:
    ``organization`` is the member, resident, owner or joint venture, ``other`` the cluster,
    zone, owned company or founder."""

    slug: str
    organization: str
    organization_name: str
    relation: str
    other: str
    other_name: str
    #: For owner_of: the stake held, in percent.
    stake_percent: str | None
    started_on: str | None
    ended_on: str | None
    note: str | None
    citations: list[CitationRead]


@read_model
class OrganizationUnit(ReadModel):
    slug: str
    name: str
    kind: str
    parent: str | None


@read_model
class PositionHolder(ReadModel):
    """A position held at the organization (or one of its units), with its holder."""

    person: str
    name: str
    title: str
    status: str
    started_on: str | None
    ended_on: str | None
    as_of: str | None
    organization: str
    citations: list[CitationRead]


@read_model
class PartyToAgreement(ReadModel):
    """An agreement the organization is a party to, as itself or as one of its units
    (``as_party``, shown as ``as``)."""

    agreement: str
    title: str
    type: str
    date: str | None
    as_party: str
    role: str
    financial_terms: str

    def as_json(self) -> dict[str, Any]:
        shown = ReadModel.as_json(self)
        return {("as" if key == "as_party" else key): value for key, value in shown.items()}


@read_model
class OrganizationDetail(ReadModel):
    slug: str
    name: str
    kind: str
    country: str | None
    headquarters: str | None
    city: str | None
    region: str | None
    description: str | None
    parent: str | None
    parent_name: str | None
    names: list[OtherName]
    interests: list[ResearchInterest]
    citations: list[CitationRead]
    units: list[OrganizationUnit]
    #: Relations to other organizations, either way (member of, resident of, owner of...).
    relations: list[OrganizationRelationRead]
    people: list[PositionHolder]
    agreements: list[PartyToAgreement]
    facilities: list[related.FacilityRecord]
    figures: list[related.FigureRecord]
    programmes: list[related.ProgrammeRecord]
    events: list[related.EventRecord]
    source_documents: list[related.SourceDocument]


# -- one person -----------------------------------------------------------------------------


@read_model
class HeldPosition(ReadModel):
    title: str
    status: str
    started_on: str | None
    ended_on: str | None
    as_of: str | None
    organization: str
    organization_name: str
    citations: list[CitationRead]


@read_model
class AgreementRole(ReadModel):
    """A part the person plays in an agreement (signatory, spokesperson, ...)."""

    agreement: str
    title: str
    role: str
    person: str
    organization: str | None
    citations: list[CitationRead]


@read_model
class PersonDetail(ReadModel):
    slug: str
    name: str
    description: str | None
    names: list[OtherName]
    positions: list[HeldPosition]
    citations: list[CitationRead]
    agreements: list[AgreementRole]
    events: list[related.EventRecord]
    source_documents: list[related.SourceDocument]


# -- one source -----------------------------------------------------------------------------


@read_model
class SourceFact(ReadModel):
    """A fact citing the source: its paragraph, the record, and which part of the record
    (``record`` itself, or a child such as ``parties[astrazeneca]``)."""

    paragraph: int | None
    record: str
    name: str
    part: str


@read_model
class SourceParagraph(ReadModel):
    paragraph: int
    #: The paragraph's words; ``None`` for a source whose text is not stored.
    text: str | None
    facts: list[SourceFact]

    def as_json(self) -> dict[str, Any]:
        """The paragraph's facts without their paragraph number (it is this one's), and its
        text only where it is stored."""
        text = {} if self.text is None else {"text": self.text}
        return {
            "paragraph": self.paragraph,
            **text,
            "facts": [
                {key: value for key, value in fact.as_json().items() if key != "paragraph"}
                for fact in self.facts
            ],
        }


@read_model
class SourceDetail(related.SourceDocument):
    """One source's metadata and the facts derived from it: by paragraph when its text is
    stored or its paragraphs counted (``paragraphs``; JSON adds ``facts_without_paragraph``),
    else as one list."""

    #: Every fact citing the source, by paragraph, record and part.
    facts: list[SourceFact]
    #: Each paragraph (of the stored text, or numbered up to ``paragraph_count``) with its
    #: facts; ``None`` when the source has neither.
    paragraphs: list[SourceParagraph] | None

    def as_json(self) -> dict[str, Any]:
        shown = ReadModel.as_json(self)
        del shown["paragraphs"]
        if self.paragraphs is None:
            return shown
        del shown["facts"]
        shown["paragraphs"] = [paragraph.as_json() for paragraph in self.paragraphs]
        shown["facts_without_paragraph"] = [
            fact.as_json() for fact in self.facts if fact.paragraph is None
        ]
        return shown
