"""What the detail queries share: a reader of only the records a detail shows, and the typed
read models built from those records.

What refers to the record is found through indexed columns (``repositories/related.py``), so
the work follows what is shown, not the size of the tables.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any, TypeVar

from sqlalchemy import Connection

from collabdb.kinds import Record
from collabdb.repositories.names import NameRepository
from collabdb.repositories.records import RecordRepository
from collabdb.repositories.related import RelatedRepository
from collabdb.schemas.reads import CitationRead, ReadModel, from_values
from collabdb.schemas.related import (
    AreaLink,
    EventRecord,
    FacilityLink,
    FacilityRecord,
    FigureRecord,
    ProgrammeRecord,
    ProjectRecord,
    SourceDocument,
)

_Model = TypeVar("_Model", bound=ReadModel)


def name_of(record: Record) -> str:
    """What a record is called: its name, else its title, else its slug."""
    return str(record.get("name") or record.get("title") or record["slug"])


def named(names: dict[str, str], slug: str | None) -> str | None:
    return None if slug is None else names[slug]


class DetailReader:
    """Reads the records a detail shows, and no others: the record, what refers to it (found
    through indexed columns), the names of what it refers to, and the sources cited."""

    def __init__(self, connection: Connection) -> None:
        self.records = RecordRepository(connection)
        self.related = RelatedRepository(connection)
        self.named = NameRepository(connection)

    def load(self, kind: str, slugs: Collection[str]) -> dict[str, Record]:
        return self.records.load(kind, sorted(slugs)) if slugs else {}

    def children_linked(
        self, *, kind: str, child: str, column: str, ids: Collection[int], to: Collection[Any]
    ) -> Iterator[tuple[str, Record, Record]]:
        """(slug, record, child) for each ``child`` row of a ``kind`` record whose ``column``
        holds one of ``ids`` (its ``to`` field, as the record has it, one of ``to``): the
        positions held at an organization, say. Records in slug order, children in theirs."""
        found = self.related.referring_through(kind=kind, child=child, column=column, ids=ids)
        field = column.removesuffix("_id")
        for slug, record in sorted(self.load(kind, found).items()):
            for entry in record[child]:
                if entry[field] in to:
                    yield slug, record, entry

    def referring(self, kind: str, column: str, ids: Collection[int]) -> list[Record]:
        """The ``kind`` records whose ``column`` holds one of ``ids``, in slug order."""
        found = self.load(kind, self.related.referring(kind=kind, column=column, ids=ids))
        return [record for _, record in sorted(found.items())]

    def names(self, kind: str, slugs: Iterable[str | None]) -> dict[str, str]:
        """Name (or title) of each record referred to, as ``name_of`` gives it."""
        wanted = sorted({slug for slug in slugs if slug is not None})
        return {n.slug: str(n.name or n.slug) for n in self.named.by_slugs(kind, wanted)}

    def cited_sources(self, *parts: Any) -> list[SourceDocument]:
        """Metadata of every source cited anywhere in ``parts`` (records, and lists and
        mappings of them)."""
        slugs: set[str] = set()

        def walk(value: Any) -> None:
            if isinstance(value, dict):
                for key, item in value.items():
                    if key == "citations":
                        slugs.update(c["source"] for c in item)
                    else:
                        walk(item)
            elif isinstance(value, list):
                for item in value:
                    walk(item)

        for part in parts:
            walk(part)
        sources = self.load("sources", slugs)
        return [typed(SourceDocument, sources[slug]) for slug in sorted(slugs)]


def typed(model: type[_Model], record: Record, **given: Any) -> _Model:
    """``model`` from the fields of ``record`` it names (``citations`` as :class:`CitationRead`),
    and from ``given`` for the fields a record does not hold as they are shown."""
    if "citations" not in given and "citations" in model.__dataclass_fields__:
        given["citations"] = cited(record["citations"])
    return from_values(model, record, **given)


def cited(citations: list[Record]) -> list[CitationRead]:
    return [CitationRead(c["source"], c["paragraph"]) for c in citations]


#: The model of each list of records shown around a detail, by the list's field.
_RELATED_MODELS: dict[str, type[ReadModel]] = {
    "projects": ProjectRecord,
    "programmes": ProgrammeRecord,
    "facilities": FacilityRecord,
    "figures": FigureRecord,
    "events": EventRecord,
}


def related_records(related: dict[str, list[Record]]) -> dict[str, list[Any]]:
    """The records shown around a detail (``related``: the records of each field), typed; their
    research areas as :class:`AreaLink` where they have them."""
    return {
        field: [typed(_RELATED_MODELS[field], record, **_links(record)) for record in records]
        for field, records in related.items()
    }


def _links(record: Record) -> dict[str, list[Any]]:
    """A related record's research areas and the facilities (of an event), typed."""
    links: dict[str, list[Any]] = {}
    if "areas" in record:
        links["areas"] = [typed(AreaLink, link) for link in record["areas"]]
    if "facility" not in record and "facilities" in record:
        links["facilities"] = [typed(FacilityLink, link) for link in record["facilities"]]
    return links


def agreement_summary(slug: str, agreement: Record) -> dict[str, Any]:
    """What a detail shows of an agreement its record takes part in: slug, title, type and the
    date it is listed under (signed, else announced)."""
    return {
        "agreement": slug,
        "title": agreement["title"],
        "type": agreement["type"],
        "date": agreement["signed_on"] or agreement["announced_on"],
    }
