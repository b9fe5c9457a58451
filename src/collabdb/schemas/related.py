"""Read models of the records shown around the record of a detail (``schemas/details.py``):
whole records of the export format that refer to it (projects, facilities, figures, events,
programmes; found as ``repositories/related.py`` finds them), and the source documents cited.
Fields are declared plain values first, then lists, each in the order of the export format."""

from __future__ import annotations

from collabdb.schemas.reads import (
    CitationRead,
    FacilityNumbers,
    FigureStatement,
    ReadModel,
    SourcePublication,
    read_model,
)


@read_model
class AreaLink(ReadModel):
    area: str
    citations: list[CitationRead]


@read_model
class FacilityLink(ReadModel):
    """A facility an event concerns."""

    facility: str
    citations: list[CitationRead]


@read_model
class ProjectRecord(ReadModel):
    slug: str
    name: str
    summary: str | None
    status: str
    starts_on: str | None
    ends_on: str | None
    agreement: str | None
    areas: list[AreaLink]
    citations: list[CitationRead]


@read_model
class FacilityRecord(FacilityNumbers):
    slug: str
    name: str
    kind: str
    city: str | None
    region: str | None
    country: str | None
    opened_on: str | None
    description: str | None
    owner: str | None
    agreement: str | None
    citations: list[CitationRead]


@read_model
class FigureRecord(FigureStatement):
    segment: str | None
    note: str | None
    organization: str | None
    agreement: str | None
    facility: str | None
    citations: list[CitationRead]


@read_model
class EventRecord(ReadModel):
    slug: str
    kind: str
    title: str
    occurred_on: str | None
    until_on: str | None
    summary: str | None
    organization: str | None
    person: str | None
    agreement: str | None
    #: The facilities it concerns (construction began, a plant opened).
    facilities: list[FacilityLink]
    citations: list[CitationRead]


@read_model
class ProgrammeRecord(ReadModel):
    slug: str
    name: str
    kind: str
    country: str | None
    starts_on: str | None
    ends_on: str | None
    summary: str | None
    owner: str | None
    areas: list[AreaLink]
    citations: list[CitationRead]


@read_model
class SourceDocument(SourcePublication):
    """A source cited by a detail: its metadata, without its text."""

    note: str | None
    retrieved_on: str | None
    language: str | None
    #: Paragraphs counted in the copy read, for a source whose text is not stored.
    paragraph_count: int | None
