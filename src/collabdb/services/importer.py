"""Importing a document: validate everything, then write it all in one transaction.

Nothing is written unless every record is valid: problems are collected across the whole
document (with JSON paths) and raised together before the first row is touched.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from collabdb import models as m
from collabdb.repositories.records import Record, RecordRepository
from collabdb.repositories.search import SearchRepository
from collabdb.repositories.specs import SPEC_BY_KIND, SPECS, ChildSpec, KindSpec
from collabdb.schemas.records import RECORD_MODELS, KnowledgeBaseIn, RecordIn
from collabdb.services.checks import check_merged, check_references
from collabdb.services.documents import load_document
from collabdb.services.merge import blank_record, child_key, merge_record
from collabdb.services.problems import Problem, json_path, raise_if_any
from collabdb.unit_of_work import UnitOfWork


@dataclass
class KindCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    name: str
    counts: dict[str, KindCounts] = field(default_factory=dict)
    dry_run: bool = False

    def total(self, attribute: str) -> int:
        return sum(getattr(c, attribute) for c in self.counts.values())


@dataclass
class Incoming:
    """One record of the document: where it was, what it sets, and the merged result."""

    kind: str
    path: tuple[str | int, ...]
    patch: Record
    merged: Record = field(default_factory=dict)
    stored: Record | None = None


def import_bytes(engine: Engine, data: bytes, *, name: str, dry_run: bool = False) -> ImportReport:
    document = load_document(data, name=name)
    sha256 = hashlib.sha256(data).hexdigest()
    return import_document(engine, document, name=name, sha256=sha256, dry_run=dry_run)


def import_document(
    engine: Engine, document: KnowledgeBaseIn, *, name: str, sha256: str, dry_run: bool = False
) -> ImportReport:
    with UnitOfWork(engine, write=not dry_run) as uow:
        repository = RecordRepository(uow.session)
        incoming = _collect(document, name=name)
        _merge_with_stored(repository, incoming, name=name)
        report = ImportReport(name=name, dry_run=dry_run)
        _write(repository, incoming, report, dry_run=dry_run)
        if not dry_run:
            _log(uow, report, sha256=sha256)
            uow.commit()
    return report


def _collect(document: KnowledgeBaseIn, *, name: str) -> dict[str, dict[str, Incoming]]:
    """Records per kind and slug; a slug given twice must carry the same content."""
    problems: list[Problem] = []
    incoming: dict[str, dict[str, Incoming]] = {}
    for spec in SPECS:
        by_slug: dict[str, Incoming] = {}
        records: list[RecordIn] = getattr(document, spec.name)
        for index, record in enumerate(records):
            patch = record.model_dump(exclude_unset=True)
            path = (spec.name, index)
            first = by_slug.get(patch["slug"])
            if first is None:
                by_slug[patch["slug"]] = Incoming(spec.name, path, patch)
            elif first.patch != patch:
                problems.append(
                    Problem(
                        json_path(*path),
                        f"slug {patch['slug']!r} given twice with different content "
                        f"(first at {json_path(*first.path)})",
                    )
                )
            problems.extend(_duplicate_children(spec, patch, path))
        incoming[spec.name] = by_slug
    raise_if_any(problems, subject=name)
    return incoming


def _duplicate_children(
    spec: KindSpec, patch: Record, path: tuple[str | int, ...]
) -> list[Problem]:
    problems = []
    for child in spec.children:
        seen: dict[tuple[Any, ...], int] = {}
        for index, record in enumerate(patch.get(child.field, [])):
            key = child_key(child, record)
            if key in seen:
                keys = ", ".join(f"{k}={v!r}" for k, v in zip(child.key, key, strict=True))
                problems.append(
                    Problem(
                        json_path(*path, child.field, index),
                        f"{keys} given twice (first at index {seen[key]})",
                    )
                )
            seen.setdefault(key, index)
    return problems


def _merge_with_stored(
    repository: RecordRepository, incoming: dict[str, dict[str, Incoming]], *, name: str
) -> None:
    problems: list[Problem] = []
    for spec in SPECS:
        records = incoming[spec.name]
        stored = repository.load(spec.name, list(records))
        for slug, item in records.items():
            item.stored = stored.get(slug)
            base = item.stored or blank_record(spec, slug)
            item.merged = merge_record(spec, base, item.patch)
            if item.stored is None:
                for required in RECORD_MODELS[spec.name].required_on_create:
                    if required not in item.patch:
                        problems.append(
                            Problem(
                                json_path(*item.path),
                                f"missing field {required!r} (required for a new record)",
                            )
                        )
            problems.extend(check_merged(spec, item.merged, item.path))
    problems.extend(check_references(repository, incoming))
    raise_if_any(problems, subject=name)


def _write(
    repository: RecordRepository,
    incoming: dict[str, dict[str, Incoming]],
    report: ImportReport,
    *,
    dry_run: bool,
) -> None:
    ids: dict[str, dict[str, int]] = {}
    for spec in SPECS:
        counts = report.counts.setdefault(spec.name, KindCounts())
        records = incoming[spec.name]
        changed = []
        for item in records.values():
            if item.stored is None:
                counts.inserted += 1
                changed.append(item)
            elif item.merged != item.stored:
                counts.updated += 1
                changed.append(item)
            else:
                counts.unchanged += 1
        if dry_run or not changed:
            continue
        _resolve_ids(repository, spec, [item.merged for item in changed], ids)
        existing = repository.slug_ids(spec.name, [i.merged["slug"] for i in changed if i.stored])
        for item in _parents_first(spec, changed):
            repository.write(spec.name, item.merged, ids, existing.get(item.merged["slug"]))
        SearchRepository(repository.session).reindex(spec.name, [item.merged for item in changed])


def _resolve_ids(
    repository: RecordRepository,
    spec: KindSpec,
    records: list[Record],
    ids: dict[str, dict[str, int]],
) -> None:
    """Look up the ids of every record the given ones refer to (sources of citations too)."""
    wanted: dict[str, set[str]] = {}

    def collect(part: KindSpec | ChildSpec, record: Record) -> None:
        for ref in part.refs:
            if record.get(ref.field) is not None:
                wanted.setdefault(ref.kind, set()).add(record[ref.field])
        for citation in record.get("citations", []):
            wanted.setdefault("sources", set()).add(citation["source"])

    for record in records:
        collect(spec, record)
        for child in spec.children:
            for child_record in record[child.field]:
                collect(child, child_record)
    for kind, slugs in wanted.items():
        known = ids.setdefault(kind, {})
        missing = [slug for slug in slugs if slug not in known]
        known.update(repository.slug_ids(kind, missing))


def _parents_first(spec: KindSpec, items: list[Incoming]) -> list[Incoming]:
    if spec.parent_ref is None:
        return items
    by_slug = {item.merged["slug"]: item for item in items}
    ordered: list[Incoming] = []
    done: set[str] = set()

    def visit(item: Incoming) -> None:
        slug = item.merged["slug"]
        if slug in done:
            return
        done.add(slug)
        parent = item.merged.get(spec.parent_ref or "")
        if parent in by_slug:
            visit(by_slug[parent])
        ordered.append(item)

    for item in items:
        visit(item)
    return ordered


def _log(uow: UnitOfWork, report: ImportReport, *, sha256: str) -> None:
    counts = {kind: vars(c) for kind, c in report.counts.items()}
    uow.session.execute(
        insert(m.ImportLog).values(
            imported_at=datetime.now(UTC),
            file_name=report.name,
            sha256=sha256,
            inserted=report.total("inserted"),
            updated=report.total("updated"),
            unchanged=report.total("unchanged"),
            counts=json.dumps(counts, sort_keys=True),
        )
    )


__all__ = ["SPEC_BY_KIND", "ImportReport", "KindCounts", "import_bytes", "import_document"]
