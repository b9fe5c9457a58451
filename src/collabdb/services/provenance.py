"""Where facts come from: the facts each source paragraph supports."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from collabdb.kinds import SPECS, ChildSpec
from collabdb.repositories.records import Record, RecordRepository
from collabdb.repositories.related import RelatedRepository
from collabdb.services.catalog_details import name_of
from collabdb.services.resolver import resolve
from collabdb.text import split_paragraphs
from collabdb.unit_of_work import UnitOfWork


def _child_label(child: ChildSpec, record: Record) -> str:
    key = ", ".join(str(record.get(k)) for k in child.key)
    return f"{child.field}[{key}]"


def facts_citing(records: dict[str, dict[str, Record]], source: str) -> list[dict[str, Any]]:
    """Every fact row citing ``source``: its paragraph, record and which part of the record.

    ``records`` holds, by kind, at least every record citing ``source`` (others are skipped)."""
    facts: list[dict[str, Any]] = []
    for spec in SPECS:
        for slug, record in sorted(records[spec.name].items()):
            label = name_of(spec.name, record)
            for citation in record.get("citations", []):
                if citation["source"] == source:
                    facts.append(_fact(citation, spec.name, slug, label, "record"))
            for child in spec.children:
                for child_record in record[child.field]:
                    for citation in child_record.get("citations", []):
                        if citation["source"] == source:
                            part = _child_label(child, child_record)
                            facts.append(_fact(citation, spec.name, slug, label, part))
    facts.sort(key=lambda f: (f["paragraph"] or 0, f["record"], f["part"]))
    return facts


def _fact(citation: Record, kind: str, slug: str, label: str, part: str) -> dict[str, Any]:
    return {
        "paragraph": citation["paragraph"],
        "record": f"{kind}/{slug}",
        "name": label,
        "part": part,
    }


def source_detail(engine: Engine, *, source: str) -> dict[str, Any]:
    """One source: its metadata, and each paragraph with the facts derived from it."""
    with UnitOfWork(engine) as uow:
        found = resolve(uow.connection, "sources", source)
        slug = found.slug
        repository = RecordRepository(uow.connection)
        citing = RelatedRepository(uow.connection).citing(source_id=found.id)
        # Only the records that cite the source (the rest could add no fact).
        records = {
            spec.name: repository.load(spec.name, sorted(citing.get(spec.name, ())))
            for spec in SPECS
        }
        record = repository.load("sources", [slug])[slug]
    facts = facts_citing(records, slug)
    detail = {k: v for k, v in record.items() if k != "text"}
    if record["text"] is None:
        detail["facts"] = facts
        return detail
    paragraphs = []
    for number, text in enumerate(split_paragraphs(record["text"]), start=1):
        paragraphs.append(
            {
                "paragraph": number,
                "text": text,
                "facts": [
                    {k: v for k, v in f.items() if k != "paragraph"}
                    for f in facts
                    if f["paragraph"] == number
                ],
            }
        )
    detail["paragraphs"] = paragraphs
    detail["facts_without_paragraph"] = [f for f in facts if f["paragraph"] is None]
    return detail
