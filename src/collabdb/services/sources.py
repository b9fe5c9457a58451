"""Sources: the `sources` list (read in SQL, ``repositories/area_listing.py``) and one source
with the facts each of its paragraphs supports."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from collabdb.kinds import SPECS, ChildSpec, Record
from collabdb.repositories import area_listing
from collabdb.repositories.records import RecordRepository
from collabdb.repositories.related import RelatedRepository
from collabdb.schemas.details import SourceDetail, SourceFact, SourceParagraph
from collabdb.schemas.list_result import ListResult
from collabdb.schemas.lists import SourceRow
from collabdb.schemas.reads import from_stored
from collabdb.services.detail_reader import name_of, typed
from collabdb.services.list_options import EVERY_ROW, ListOptions
from collabdb.services.resolver import resolve
from collabdb.text import paragraphs_of, split_paragraphs
from collabdb.unit_of_work import UnitOfWork


def list_sources(engine: Engine, *, options: ListOptions = EVERY_ROW) -> ListResult[SourceRow]:
    with UnitOfWork(engine) as uow:
        stored = area_listing.source_rows(uow.connection, limit=options.read_limit)
    rows = [
        from_stored(
            SourceRow,
            found,
            paragraphs=paragraphs_of(found.text, found.paragraph_count),
            facts=int(found.facts),
        )
        for found in stored
    ]
    return options.apply(rows, columns=SourceRow.COLUMNS)


def source_detail(engine: Engine, *, source: str) -> SourceDetail:
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
    texts: list[str | None] | None = None
    count = paragraphs_of(record["text"], record["paragraph_count"])
    if record["text"] is not None:  # the body's paragraphs (trailing blocks left out by count)
        texts = list(split_paragraphs(record["text"])[:count])
    elif count is not None:  # not stored: the paragraphs by number only
        texts = [None] * count
    paragraphs = None
    if texts is not None:
        paragraphs = [
            SourceParagraph(
                paragraph=number,
                text=text,
                facts=[fact for fact in facts if fact.paragraph == number],
            )
            for number, text in enumerate(texts, start=1)
        ]
    return typed(SourceDetail, record, facts=facts, paragraphs=paragraphs)


def facts_citing(records: dict[str, dict[str, Record]], source: str) -> list[SourceFact]:
    """Every fact row citing ``source``: its paragraph, record and which part of the record.

    ``records`` holds, by kind, at least every record citing ``source`` (others are skipped)."""
    facts: list[SourceFact] = []
    for spec in SPECS:
        for slug, record in sorted(records[spec.name].items()):
            label = name_of(record)
            for citation in record.get("citations", []):
                if citation["source"] == source:
                    facts.append(_fact(citation, spec.name, slug, label, "record"))
            for child in spec.children:
                for child_record in record[child.field]:
                    for citation in child_record.get("citations", []):
                        if citation["source"] == source:
                            part = _child_label(child, child_record)
                            facts.append(_fact(citation, spec.name, slug, label, part))
    facts.sort(key=lambda f: (f.paragraph or 0, f.record, f.part))
    return facts


def _fact(citation: Record, kind: str, slug: str, label: str, part: str) -> SourceFact:
    return SourceFact(
        paragraph=citation["paragraph"], record=f"{kind}/{slug}", name=label, part=part
    )


def _child_label(child: ChildSpec, record: Record) -> str:
    key = ", ".join(str(record.get(k)) for k in child.key)
    return f"{child.field}[{key}]"
