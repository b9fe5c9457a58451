"""The detail commands: one agreement, organization or person, with everything around it.

Each detail is the record as `export` writes it (every fact with its citations), with the
names of what it refers to and the records that refer to it, plus the source documents cited.
Only those records are read: what refers to the record is found through indexed columns
(``repositories/related.py``), so the work follows what is shown, not the size of the tables.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.engine import Engine

from collabdb.repositories.names import NameRepository
from collabdb.repositories.records import Record, RecordRepository
from collabdb.repositories.related import RelatedRepository
from collabdb.services.resolver import resolve
from collabdb.unit_of_work import UnitOfWork


def name_of(kind: str, record: Record) -> str:
    return str(record.get("name") or record.get("title") or record["slug"])


class _Reader:
    """Reads the records a detail shows, and no others: the record, what refers to it (found
    through indexed columns), the names of what it refers to, and the sources cited."""

    def __init__(self, connection: Connection) -> None:
        self.records = RecordRepository(connection)
        self.related = RelatedRepository(connection)
        self.named = NameRepository(connection)

    def load(self, kind: str, slugs: Collection[str]) -> dict[str, Record]:
        return self.records.load(kind, sorted(slugs)) if slugs else {}

    def referring(self, kind: str, column: str, ids: Collection[int]) -> list[Record]:
        """The ``kind`` records whose ``column`` holds one of ``ids``, in slug order."""
        found = self.load(kind, self.related.referring(kind=kind, column=column, ids=ids))
        return [record for _, record in sorted(found.items())]

    def names(self, kind: str, slugs: Iterable[str | None]) -> dict[str, str]:
        """Name (or title) of each record referred to, as ``name_of`` gives it."""
        wanted = sorted({slug for slug in slugs if slug is not None})
        return {n.slug: str(n.name or n.slug) for n in self.named.by_slugs(kind, wanted)}

    def cited_sources(self, *parts: Any) -> list[dict[str, Any]]:
        """Metadata of every source cited anywhere in ``parts``."""
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
        fields = ("slug", "kind", "title", "publisher", "published_on", "url", "sha256", "note")
        return [{f: sources[s][f] for f in fields} for s in sorted(slugs)]


def _named(names: dict[str, str], slug: str | None) -> str | None:
    return None if slug is None else names[slug]


def agreement_detail(engine: Engine, *, agreement: str) -> dict[str, Any]:
    with UnitOfWork(engine) as uow:
        found = resolve(uow.connection, "agreements", agreement)
        read, ids = _Reader(uow.connection), [found.id]
        detail = dict(read.load("agreements", {found.slug})[found.slug])
        parent = read.names("agreements", [detail["parent"]])
        parties = read.names("organizations", (p["organization"] for p in detail["parties"]))
        people = read.names("people", (p["person"] for p in detail["people"]))
        areas = read.names("research_areas", (a["area"] for a in detail["areas"]))
        related: dict[str, Any] = {
            "follow_ons": sorted(
                read.related.referring(kind="agreements", column="parent_id", ids=ids)
            ),
            **{
                kind: read.referring(kind, "agreement_id", ids)
                for kind in ("projects", "facilities", "figures", "events")
            },
        }
        record = dict(detail)
        detail["parent_title"] = _named(parent, detail["parent"])
        detail["parties"] = [{**p, "name": parties[p["organization"]]} for p in detail["parties"]]
        detail["people"] = [{**p, "name": people[p["person"]]} for p in detail["people"]]
        detail["areas"] = [{**a, "name": areas[a["area"]]} for a in detail["areas"]]
        detail.update(related)
        detail["source_documents"] = read.cited_sources(record, related)
    return detail


def organization_detail(engine: Engine, *, organization: str) -> dict[str, Any]:
    with UnitOfWork(engine) as uow:
        found = resolve(uow.connection, "organizations", organization)
        read = _Reader(uow.connection)
        ids = read.named.with_descendants("organizations", found.id)
        organizations = read.load("organizations", read.named.slugs_of("organizations", ids))
        subtree, slug = set(organizations), found.slug
        detail = dict(organizations[slug])
        parent = read.names("organizations", [detail["parent"]])
        areas = read.names("research_areas", (i["area"] for i in detail["interests"]))
        detail["parent_name"] = _named(parent, detail["parent"])
        detail["units"] = [
            {
                "slug": s,
                "name": organizations[s]["name"],
                "kind": organizations[s]["kind"],
                "parent": organizations[s]["parent"],
            }
            for s in sorted(subtree - {slug})
        ]
        detail["interests"] = [{**i, "area_name": areas[i["area"]]} for i in detail["interests"]]
        related: dict[str, Any] = {
            "people": _people_at(read, ids, subtree),
            "agreements": _agreements_with(read, ids, subtree),
        }
        for field, kind, column in (
            ("facilities", "facilities", "owner_id"),
            ("figures", "figures", "organization_id"),
            ("programmes", "programmes", "owner_id"),
            ("events", "events", "organization_id"),
        ):
            related[field] = read.referring(kind, column, ids)
        detail.update(related)
        detail["source_documents"] = read.cited_sources(organizations[slug], related)
    return detail


def _people_at(read: _Reader, ids: list[int], subtree: set[str]) -> list[Record]:
    """Every position held at one of the organizations, with its holder."""
    people = []
    found = read.related.referring_through(
        kind="people", child="positions", column="organization_id", ids=ids
    )
    for person_slug, person in sorted(read.load("people", found).items()):
        for position in person["positions"]:
            if position["organization"] in subtree:
                people.append({"person": person_slug, "name": person["name"], **position})
    return people


def _agreements_with(read: _Reader, ids: list[int], subtree: set[str]) -> list[Record]:
    """Every agreement one of the organizations is a party to, once per such party."""
    agreements = []
    found = read.related.referring_through(
        kind="agreements", child="parties", column="organization_id", ids=ids
    )
    for agreement_slug, agreement in sorted(read.load("agreements", found).items()):
        for party in agreement["parties"]:
            if party["organization"] in subtree:
                agreements.append(
                    {
                        "agreement": agreement_slug,
                        "title": agreement["title"],
                        "type": agreement["type"],
                        "date": agreement["signed_on"] or agreement["announced_on"],
                        "as": party["organization"],
                        "role": party["role"],
                        "financial_terms": agreement["financial_terms"],
                    }
                )
    return agreements


def person_detail(engine: Engine, *, person: str) -> dict[str, Any]:
    with UnitOfWork(engine) as uow:
        found = resolve(uow.connection, "people", person)
        read, ids, slug = _Reader(uow.connection), [found.id], found.slug
        record = read.load("people", {slug})[slug]
        detail = dict(record)
        employers = read.names("organizations", (p["organization"] for p in detail["positions"]))
        detail["positions"] = [
            {**p, "organization_name": employers[p["organization"]]} for p in detail["positions"]
        ]
        agreements = []
        listing = read.related.referring_through(
            kind="agreements", child="people", column="person_id", ids=ids
        )
        for agreement_slug, agreement in sorted(read.load("agreements", listing).items()):
            for entry in agreement["people"]:
                if entry["person"] == slug:
                    agreements.append(
                        {"agreement": agreement_slug, "title": agreement["title"], **entry}
                    )
        related = {"agreements": agreements, "events": read.referring("events", "person_id", ids)}
        detail.update(related)
        detail["source_documents"] = read.cited_sources(record, related)
    return detail
