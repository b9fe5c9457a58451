"""Records of the JSON contract, read from and written to the tables (Core statements).

``RecordRepository`` is what import and export share: ``load`` turns rows into canonical
records (every field present, children and citations sorted), ``write`` turns one merged
record into rows. It flushes through the session and never commits.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import Any

from sqlalchemy import CursorResult, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from collabdb import models as m
from collabdb.repositories.specs import SPEC_BY_KIND, ChildSpec, KindSpec

Record = dict[str, Any]
CHUNK = 500  # stays under SQLite's bound-parameter limit

_citations: Table = m.Citation.__table__  # type: ignore[assignment]
_sources: Table = m.Source.__table__  # type: ignore[assignment]


def _table(model: type[m.Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _chunks(values: Collection[Any]) -> Iterator[list[Any]]:
    items = list(values)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _citation_sort_key(citation: Record) -> tuple[str, int]:
    return (citation["source"], citation["paragraph"] or 0)


def _child_sort_key(child: ChildSpec, record: Record) -> tuple[str, ...]:
    return tuple(str(record.get(key) or "") for key in child.key)


class RecordRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # -- reading -----------------------------------------------------------------------------
    def slug_ids(self, kind: str, slugs: Iterable[str]) -> dict[str, int]:
        table = _table(SPEC_BY_KIND[kind].model)
        found: dict[str, int] = {}
        for chunk in _chunks(set(slugs)):
            rows = self.session.execute(
                select(table.c.slug, table.c.id).where(table.c.slug.in_(chunk))
            )
            found.update({slug: id_ for slug, id_ in rows})
        return found

    def all_slugs(self, kind: str) -> list[str]:
        table = _table(SPEC_BY_KIND[kind].model)
        return list(self.session.scalars(select(table.c.slug)))

    def _id_slugs(self, kind: str, ids: Iterable[int]) -> dict[int, str]:
        table = _table(SPEC_BY_KIND[kind].model)
        found: dict[int, str] = {}
        for chunk in _chunks({i for i in ids if i is not None}):
            rows = self.session.execute(
                select(table.c.id, table.c.slug).where(table.c.id.in_(chunk))
            )
            found.update({id_: slug for id_, slug in rows})
        return found

    def load(self, kind: str, slugs: Collection[str] | None = None) -> dict[str, Record]:
        """Canonical records of ``kind`` (all of them when ``slugs`` is None), keyed by slug."""
        spec = SPEC_BY_KIND[kind]
        table = _table(spec.model)
        rows: list[Any] = []
        if slugs is None:
            rows = list(self.session.execute(select(table)))
        else:
            for chunk in _chunks(slugs):
                rows.extend(self.session.execute(select(table).where(table.c.slug.in_(chunk))))
        if not rows:
            return {}
        by_id = {row.id: row for row in rows}
        records = {row.id: self._record_from_row(spec, row) for row in rows}
        self._resolve_refs(spec.refs, rows, records)
        if spec.citation_column:
            for id_, citations in self._citations(spec.citation_column, by_id).items():
                records[id_]["citations"] = citations
        for child in spec.children:
            for id_, children in self._children(child, list(by_id)).items():
                records[id_][child.field] = children
        return {record["slug"]: record for record in records.values()}

    def _record_from_row(self, spec: KindSpec | ChildSpec, row: Any) -> Record:
        record: Record = {}
        if isinstance(spec, KindSpec):
            record["slug"] = row.slug
            for child in spec.children:
                record[child.field] = []
        for json_field in spec.scalars:
            record[json_field] = getattr(row, spec.column(json_field))
        if spec.citation_column:
            record["citations"] = []
        return record

    def _resolve_refs(
        self, refs: Iterable[Any], rows: list[Any], records: dict[int, Record]
    ) -> None:
        for ref in refs:
            slugs = self._id_slugs(ref.kind, (getattr(row, ref.column) for row in rows))
            for row in rows:
                target = getattr(row, ref.column)
                records[row.id][ref.field] = None if target is None else slugs[target]

    def _citations(self, column: str, ids: Collection[int]) -> dict[int, list[Record]]:
        found: dict[int, list[Record]] = {}
        subject = _citations.c[column]
        for chunk in _chunks(ids):
            rows = self.session.execute(
                select(subject, _sources.c.slug, _citations.c.paragraph)
                .join(_sources, _sources.c.id == _citations.c.source_id)
                .where(subject.in_(chunk))
            )
            for id_, source, paragraph in rows:
                found.setdefault(id_, []).append({"source": source, "paragraph": paragraph})
        for citations in found.values():
            citations.sort(key=_citation_sort_key)
        return found

    def _children(self, child: ChildSpec, parent_ids: list[int]) -> dict[int, list[Record]]:
        table = _table(child.model)
        rows: list[Any] = []
        for chunk in _chunks(parent_ids):
            rows.extend(
                self.session.execute(select(table).where(table.c[child.parent_column].in_(chunk)))
            )
        records = {row.id: self._record_from_row(child, row) for row in rows}
        self._resolve_refs(child.refs, rows, records)
        if child.citation_column:
            for id_, citations in self._citations(child.citation_column, list(records)).items():
                records[id_]["citations"] = citations
        grouped: dict[int, list[Record]] = {}
        for row in rows:
            grouped.setdefault(getattr(row, child.parent_column), []).append(records[row.id])
        for children in grouped.values():
            children.sort(key=lambda record: _child_sort_key(child, record))
        return grouped

    def paragraph_counts(self, slugs: Collection[str]) -> dict[str, int | None]:
        """Number of paragraphs in each stored source text (None when no text is stored)."""
        from collabdb.services.paragraphs import count_paragraphs

        counts: dict[str, int | None] = {}
        for chunk in _chunks(slugs):
            rows = self.session.execute(
                select(_sources.c.slug, _sources.c.text).where(_sources.c.slug.in_(chunk))
            )
            counts.update(
                {slug: None if text is None else count_paragraphs(text) for slug, text in rows}
            )
        return counts

    def parents(self, kind: str, slugs: Collection[str]) -> dict[str, str | None]:
        """Stored parent slug of each record of a tree-shaped kind."""
        spec = SPEC_BY_KIND[kind]
        table = _table(spec.model)
        parent = table.alias("parent")
        result: dict[str, str | None] = {}
        for chunk in _chunks(slugs):
            rows = self.session.execute(
                select(table.c.slug, parent.c.slug)
                .outerjoin(parent, parent.c.id == table.c.parent_id)
                .where(table.c.slug.in_(chunk))
            )
            result.update({slug: parent_slug for slug, parent_slug in rows})
        return result

    # -- writing -----------------------------------------------------------------------------
    def write(
        self, kind: str, record: Record, ids: dict[str, dict[str, int]], existing_id: int | None
    ) -> int:
        """Store one complete record; ``ids`` maps kind -> slug -> id for its references."""
        spec = SPEC_BY_KIND[kind]
        table = _table(spec.model)
        values = self._values(spec, record, ids)
        if existing_id is None:
            values["slug"] = record["slug"]
            record_id = self._insert(table, values)
        else:
            record_id = existing_id
            self.session.execute(update(table).where(table.c.id == record_id).values(values))
            if spec.citation_column:
                self.session.execute(
                    delete(_citations).where(_citations.c[spec.citation_column] == record_id)
                )
            for child in spec.children:
                child_table = _table(child.model)
                self.session.execute(
                    delete(child_table).where(child_table.c[child.parent_column] == record_id)
                )
        if spec.citation_column:
            self._write_citations(spec.citation_column, record_id, record.get("citations", []), ids)
        for child in spec.children:
            child_table = _table(child.model)
            for child_record in record.get(child.field, []):
                child_values = self._values(child, child_record, ids)
                child_values[child.parent_column] = record_id
                child_id = self._insert(child_table, child_values)
                if child.citation_column:
                    self._write_citations(
                        child.citation_column, child_id, child_record.get("citations", []), ids
                    )
        ids.setdefault(kind, {})[record["slug"]] = record_id
        return record_id

    def _insert(self, table: Table, values: dict[str, Any]) -> int:
        result = self.session.execute(insert(table).values(values))
        assert isinstance(result, CursorResult) and result.inserted_primary_key is not None
        return int(result.inserted_primary_key[0])

    @staticmethod
    def _values(
        spec: KindSpec | ChildSpec, record: Record, ids: dict[str, dict[str, int]]
    ) -> dict[str, Any]:
        values = {spec.column(f): record.get(f) for f in spec.scalars}
        for ref in spec.refs:
            target = record.get(ref.field)
            values[ref.column] = None if target is None else ids[ref.kind][target]
        for column, derive in spec.derived.items():
            values[column] = derive(record)
        return values

    def _write_citations(
        self, column: str, subject_id: int, citations: list[Record], ids: dict[str, dict[str, int]]
    ) -> None:
        if not citations:
            return
        self.session.execute(
            insert(_citations),
            [
                {
                    column: subject_id,
                    "source_id": ids["sources"][c["source"]],
                    "paragraph": c.get("paragraph"),
                }
                for c in citations
            ],
        )
