"""Writing merged records in batches: executemany of plain tuples, a few statements per batch.

New rows are inserted with one executemany per table; their ids are then read back by natural
key (the slug, or a child's parent and key), one query per chunk -- RETURNING in parameter
order would make SQLAlchemy insert SQLite rows one statement at a time. The many-row
statements go through ``driver_sql`` (rendered once, rows as tuples). An updated record gets
its row updated and its children and citations rewritten from the merged record (which holds
the stored ones plus the new ones: an import never removes a child or a citation). Nothing
here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, delete

from collabdb import tables as t
from collabdb.kinds import ChildSpec, KindSpec
from collabdb.repositories.driver_sql import Row, insert_rows, select_in, update_rows
from collabdb.repositories.records import Record, chunked

Ids = dict[str, dict[str, int]]
_citations: Table = t.citations
_columns_of: dict[str, tuple[str, ...]] = {}


def _columns(spec: KindSpec | ChildSpec) -> tuple[str, ...]:
    """The columns ``_values`` gives, in its order."""
    columns = _columns_of.get(spec.table.name)
    if columns is None:
        scalars = (spec.column(f) for f in spec.scalars)
        columns = (*scalars, *(ref.column for ref in spec.refs), *spec.derived)
        _columns_of[spec.table.name] = columns
    return columns


def _values(spec: KindSpec | ChildSpec, record: Record, ids: Ids) -> list[Any]:
    values = [record.get(f) for f in spec.scalars]
    for ref in spec.refs:
        target = record.get(ref.field)
        values.append(None if target is None else ids[ref.kind][target])
    values.extend(derive(record) for derive in spec.derived.values())
    return values


def _child_key_columns(child: ChildSpec) -> list[str]:
    refs = {ref.field: ref.column for ref in child.refs}
    return [refs.get(key, child.column(key)) for key in child.key]


class BatchWriter:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def write(
        self, spec: KindSpec, records: Sequence[tuple[Record, int | None]], ids: Ids
    ) -> dict[str, int]:
        """Store complete records (with the id of the stored row, or None for a new one).

        ``ids`` maps kind -> slug -> id for every record they refer to. Returns slug -> id.
        """
        table = spec.table
        written: dict[str, int] = {}
        new = [record for record, id_ in records if id_ is None]
        if new:
            rows = [(*_values(spec, r, ids), r["slug"]) for r in new]
            insert_rows(self.connection, table, (*_columns(spec), "slug"), rows)
            query = f"SELECT slug, id FROM {table.name} WHERE slug IN ({{in}})"
            written.update(select_in(self.connection, query, [r["slug"] for r in new]))
        changed = [(record, id_) for record, id_ in records if id_ is not None]
        if changed:
            self._update(spec, table, changed, ids)
            written.update({record["slug"]: id_ for record, id_ in changed})
        ordered = [(record, written[record["slug"]]) for record, _ in records]
        if spec.citation_column:
            self._write_citations(spec.citation_column, ordered, ids)
        for child in spec.children:
            self._write_children(child, ordered, ids)
        return written

    def _update(
        self, spec: KindSpec, table: Table, changed: list[tuple[Record, int]], ids: Ids
    ) -> None:
        rows = [(*_values(spec, record, ids), id_) for record, id_ in changed]
        update_rows(self.connection, table, _columns(spec), "id", rows)
        record_ids = [id_ for _, id_ in changed]
        for chunk in chunked(record_ids):
            if spec.citation_column:
                subject = _citations.c[spec.citation_column]
                self.connection.execute(delete(_citations).where(subject.in_(chunk)))
            for child in spec.children:
                child_table = child.table
                parent = child_table.c[child.parent_column]
                # the children's own citations go with them (ON DELETE CASCADE)
                self.connection.execute(delete(child_table).where(parent.in_(chunk)))

    def _write_children(
        self, child: ChildSpec, parents: list[tuple[Record, int]], ids: Ids
    ) -> None:
        children: list[tuple[Record, Row]] = []
        for record, parent_id in parents:
            for child_record in record.get(child.field, []):
                children.append((child_record, (*_values(child, child_record, ids), parent_id)))
        if not children:
            return
        table = child.table
        columns = (*_columns(child), child.parent_column)
        insert_rows(self.connection, table, columns, [values for _, values in children])
        if child.citation_column and any(c.get("citations") for c, _ in children):
            key_columns = _child_key_columns(child)
            positions = [columns.index(c) for c in (child.parent_column, *key_columns)]
            child_ids = self._child_ids(child, table, key_columns, {v[-1] for _, v in children})
            cited = [
                (c, child_ids[tuple(values[i] for i in positions)])
                for c, values in children
                if c.get("citations")
            ]
            self._write_citations(child.citation_column, cited, ids)

    def _child_ids(
        self, child: ChildSpec, table: Table, key_columns: list[str], parent_ids: set[int]
    ) -> dict[tuple[Any, ...], int]:
        """Ids of just-inserted children by (parent id, key columns): unique per child kind."""
        selected = ", ".join([child.parent_column, *key_columns])
        query = f"SELECT id, {selected} FROM {table.name} WHERE {child.parent_column} IN ({{in}})"
        return {tuple(key): id_ for id_, *key in select_in(self.connection, query, parent_ids)}

    def _write_citations(self, column: str, subjects: list[tuple[Record, int]], ids: Ids) -> None:
        sources = ids.get("sources", {})
        rows = [
            (subject_id, sources[c["source"]], c.get("paragraph"))
            for record, subject_id in subjects
            for c in record.get("citations", [])
        ]
        insert_rows(self.connection, _citations, (column, "source_id", "paragraph"), rows)

    def set_parents(self, spec: KindSpec, parents: list[tuple[str, int]]) -> None:
        """Point records (by slug) at their parent id, once the parent has been written."""
        table = spec.table
        column = next(ref.column for ref in spec.refs if ref.field == spec.parent_ref)
        update_rows(self.connection, table, (column,), "slug", [(p, s) for s, p in parents])
