"""The detail commands: one agreement, organization or person, with everything around it.

Each detail is the record as `export` writes it (every fact with its citations), with the
names of what it refers to and the records that refer to it, plus the source documents cited.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from collabdb.repositories.records import Record, RecordRepository
from collabdb.repositories.specs import SPECS
from collabdb.services.resolver import resolve, subtree_slugs
from collabdb.unit_of_work import UnitOfWork

Records = dict[str, dict[str, Record]]


def name_of(kind: str, record: Record) -> str:
    return str(record.get("name") or record.get("title") or record["slug"])


def _load_all(engine: Engine, kind: str, text: str) -> tuple[str, Records, set[str]]:
    with UnitOfWork(engine) as uow:
        record = resolve(uow.session, kind, text)
        slug, subtree = record.slug, subtree_slugs(uow.session, kind, record)
        repository = RecordRepository(uow.session)
        records = {spec.name: repository.load(spec.name) for spec in SPECS}
    return slug, records, subtree


def _cited_sources(records: Records, *parts: Any) -> list[dict[str, Any]]:
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
    fields = ("slug", "kind", "title", "publisher", "published_on", "url", "sha256", "note")
    return [{f: records["sources"][s][f] for f in fields} for s in sorted(slugs)]


def _named(records: Records, kind: str, slug: str | None) -> str | None:
    return None if slug is None else name_of(kind, records[kind][slug])


def _related(records: Records, kind: str, field: str, slugs: set[str]) -> list[Record]:
    return [r for s, r in sorted(records[kind].items()) if r.get(field) in slugs]


def agreement_detail(engine: Engine, *, agreement: str) -> dict[str, Any]:
    slug, records, _ = _load_all(engine, "agreements", agreement)
    detail = dict(records["agreements"][slug])
    detail["parent_title"] = _named(records, "agreements", detail["parent"])
    detail["parties"] = [
        {**p, "name": _named(records, "organizations", p["organization"])}
        for p in detail["parties"]
    ]
    detail["people"] = [
        {**p, "name": _named(records, "people", p["person"])} for p in detail["people"]
    ]
    detail["areas"] = [
        {**a, "name": _named(records, "research_areas", a["area"])} for a in detail["areas"]
    ]
    related = {
        "follow_ons": [r["slug"] for r in _related(records, "agreements", "parent", {slug})],
        "projects": _related(records, "projects", "agreement", {slug}),
        "facilities": _related(records, "facilities", "agreement", {slug}),
        "figures": _related(records, "figures", "agreement", {slug}),
        "events": _related(records, "events", "agreement", {slug}),
    }
    detail.update(related)
    detail["source_documents"] = _cited_sources(records, records["agreements"][slug], related)
    return detail


def organization_detail(engine: Engine, *, organization: str) -> dict[str, Any]:
    slug, records, subtree = _load_all(engine, "organizations", organization)
    organizations = records["organizations"]
    detail = dict(organizations[slug])
    detail["parent_name"] = _named(records, "organizations", detail["parent"])
    detail["units"] = [
        {
            "slug": s,
            "name": organizations[s]["name"],
            "kind": organizations[s]["kind"],
            "parent": organizations[s]["parent"],
        }
        for s in sorted(subtree - {slug})
    ]
    detail["interests"] = [
        {**i, "area_name": _named(records, "research_areas", i["area"])}
        for i in detail["interests"]
    ]
    people = []
    for person_slug, person in sorted(records["people"].items()):
        for position in person["positions"]:
            if position["organization"] in subtree:
                people.append({"person": person_slug, "name": person["name"], **position})
    agreements = []
    for agreement_slug, agreement in sorted(records["agreements"].items()):
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
    related = {
        "people": people,
        "agreements": agreements,
        "facilities": _related(records, "facilities", "owner", subtree),
        "figures": _related(records, "figures", "organization", subtree),
        "programmes": _related(records, "programmes", "owner", subtree),
        "events": _related(records, "events", "organization", subtree),
    }
    detail.update(related)
    detail["source_documents"] = _cited_sources(records, organizations[slug], related)
    return detail


def person_detail(engine: Engine, *, person: str) -> dict[str, Any]:
    slug, records, _ = _load_all(engine, "people", person)
    detail = dict(records["people"][slug])
    detail["positions"] = [
        {**p, "organization_name": _named(records, "organizations", p["organization"])}
        for p in detail["positions"]
    ]
    agreements = []
    for agreement_slug, agreement in sorted(records["agreements"].items()):
        for entry in agreement["people"]:
            if entry["person"] == slug:
                agreements.append(
                    {"agreement": agreement_slug, "title": agreement["title"], **entry}
                )
    related = {"agreements": agreements, "events": _related(records, "events", "person", {slug})}
    detail.update(related)
    detail["source_documents"] = _cited_sources(records, records["people"][slug], related)
    return detail
