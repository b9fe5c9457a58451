"""The list queries' read models: one ``XRow`` per row a list command shows (``flat()`` gives
its table and CSV cells, ``as_json()`` every field). What a list query returns holds them:
``schemas/list_result.py``.

"Row" here is a row of a list's output, never a database row. ``COLUMNS`` names ``flat()``'s
keys in order, so that a list with no rows still prints its CSV header (tests check the two
agree).
"""

from __future__ import annotations

from typing import ClassVar

from collabdb.schemas.reads import (
    CitationRead,
    FacilityNumbers,
    FigureStatement,
    ReadModel,
    SourcePublication,
    cite_compactly,
    read_model,
)
from collabdb.values import date_precision


@read_model
class ListRow(ReadModel):
    def flat(self) -> dict[str, str]:
        raise NotImplementedError


def precision_of(date: str | None) -> str | None:
    return None if date is None else date_precision(date)


@read_model
class OrganizationRow(ListRow):
    COLUMNS: ClassVar[tuple[str, ...]] = ("slug", "name", "kind", "country", "parent", "agreements")
    slug: str
    name: str
    kind: str
    country: str | None
    city: str | None
    parent: str | None
    parent_name: str | None
    agreements: int

    def flat(self) -> dict[str, str]:
        return {
            "slug": self.slug,
            "name": self.name,
            "kind": self.kind.replace("_", " "),
            "country": self.country or "",
            "parent": self.parent_name or "",
            "agreements": str(self.agreements),
        }


@read_model
class PositionRead(ReadModel):
    organization: str
    organization_name: str
    title: str
    status: str
    started_on: str | None
    ended_on: str | None
    as_of: str | None

    def __str__(self) -> str:
        seen = f" as of {self.as_of}" if self.as_of else ""
        return f"{self.title}, {self.organization_name} ({self.status}{seen})"


@read_model
class PersonRow(ListRow):
    COLUMNS: ClassVar[tuple[str, ...]] = ("slug", "name", "other_names", "positions")
    slug: str
    name: str
    other_names: list[str]
    positions: list[PositionRead]

    def flat(self) -> dict[str, str]:
        return {
            "slug": self.slug,
            "name": self.name,
            "other_names": ", ".join(self.other_names),
            "positions": "; ".join(str(p) for p in self.positions),
        }


@read_model
class FacilityRow(ListRow, FacilityNumbers):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "slug",
        "kind",
        "owner",
        "place",
        "opened_on",
        "capacity",
        "area",
        "jobs",
        "sources",
    )
    slug: str
    name: str
    kind: str
    owner: str | None
    owner_name: str | None
    city: str | None
    region: str | None
    country: str | None
    opened_on: str | None
    opened_precision: str | None
    sources: list[CitationRead]

    def flat(self) -> dict[str, str]:
        place = ", ".join(p for p in (self.city, self.region, self.country) if p)
        return {
            "slug": self.slug,
            "kind": self.kind.replace("_", " "),
            "owner": self.owner_name or "",
            "place": place,
            "opened_on": self.opened_on or "",
            "capacity": self.said("capacity"),
            "area": self.said("area"),
            "jobs": self.said("jobs"),
            "sources": cite_compactly(self.sources),
        }


@read_model
class FigureRow(ListRow, FigureStatement):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "slug",
        "measure",
        "value",
        "period",
        "subject",
        "sources",
    )
    organization: str | None
    agreement: str | None
    facility: str | None
    segment: str | None
    note: str | None
    sources: list[CitationRead]

    def flat(self) -> dict[str, str]:
        period = self.period or ""
        if self.comparison_period:
            period += f" vs {self.comparison_period}"
        subject = self.segment or self.facility or self.agreement or self.organization or ""
        return {
            "slug": self.slug,
            "measure": self.measure.replace("_", " "),
            "value": self.value,
            "period": period,
            "subject": subject,
            "sources": cite_compactly(self.sources),
        }


@read_model
class AreaRow(ListRow):
    COLUMNS: ClassVar[tuple[str, ...]] = ("area", "deals", "orgs", "projects", "slug")
    slug: str
    name: str
    parent: str | None
    depth: int
    agreements: int
    organizations: int
    projects: int

    def flat(self) -> dict[str, str]:
        return {
            "area": "  " * self.depth + self.name,
            "deals": str(self.agreements),
            "orgs": str(self.organizations),
            "projects": str(self.projects),
            "slug": self.slug,
        }


@read_model
class ProgrammeRow(ListRow):
    COLUMNS: ClassVar[tuple[str, ...]] = ("slug", "name", "owner", "country", "areas", "sources")
    slug: str
    name: str
    kind: str
    country: str | None
    owner: str | None
    owner_name: str | None
    areas: list[str]
    summary: str | None
    sources: list[CitationRead]

    def flat(self) -> dict[str, str]:
        return {
            "slug": self.slug,
            "name": self.name,
            "owner": self.owner_name or "",
            "country": self.country or "",
            "areas": ", ".join(self.areas),
            "sources": cite_compactly(self.sources),
        }


@read_model
class SourceRow(ListRow, SourcePublication):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "slug",
        "published_on",
        "publisher",
        "paragraphs",
        "facts",
    )
    paragraphs: int | None
    facts: int

    def flat(self) -> dict[str, str]:
        return {
            "slug": self.slug,
            "published_on": self.published_on or "",
            "publisher": self.publisher or "",
            "paragraphs": "" if self.paragraphs is None else str(self.paragraphs),
            "facts": str(self.facts),
        }


@read_model
class TimelineEntry(ListRow):
    COLUMNS: ClassVar[tuple[str, ...]] = ("date", "event", "what", "record", "sources")
    date: str
    precision: str
    event: str
    what: str
    record: str
    sources: list[CitationRead]

    def flat(self) -> dict[str, str]:
        return {
            "date": self.date,
            "event": self.event.replace("_", " "),
            "what": self.what,
            "record": self.record,
            "sources": cite_compactly(self.sources),
        }


@read_model
class SearchResult(ListRow):
    COLUMNS: ClassVar[tuple[str, ...]] = ("kind", "slug", "name", "field", "matched")
    kind: str
    slug: str
    name: str
    field: str
    matched: str
    rank: float

    def flat(self) -> dict[str, str]:
        matched = self.matched if len(self.matched) <= 70 else self.matched[:67] + "..."
        return {
            "kind": self.kind,
            "slug": self.slug,
            "name": self.name,
            "field": self.field,
            "matched": matched,
        }
