"""Writing merged records in batches: SQLAlchemy Core executemany, a few statements per batch.

New rows are inserted with one executemany per table; their ids are then read back by natural
key (the slug, or a child's parent and key), one query per chunk -- RETURNING in parameter
order would make SQLAlchemy insert SQLite rows one statement at a time. An updated record gets
its row updated and its children and citations rewritten from the merged record (which holds
the stored ones plus the new ones: an import never removes a child or a citation). Nothing
here commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from collabdb import models as m
from collabdb.models.base import table_of
from collabdb.repositories.records import Record, chunked
from collabdb.repositories.specs import ChildSpec, KindSpec

Ids = dict[str, dict[str, int]]
_citations: Table = table_of(m.Citation)


def _values(spec: KindSpec | ChildSpec, record: Record, ids: Ids) -> dict[str, Any]:
    values = {spec.column(f): record.get(f) for f in spec.scalars}
    for ref in spec.refs:
        target = record.get(ref.field)
        values[ref.column] = None if target is None else ids[ref.kind][target]
    for column, derive in spec.derived.items():
        values[column] = derive(record)
    return values


def _child_key_columns(child: ChildSpec) -> list[str]:
    refs = {ref.field: ref.column for ref in child.refs}
    return [refs.get(key, child.column(key)) for key in child.key]


def _child_row_key(child: ChildSpec, values: dict[str, Any]) -> tuple[Any, ...]:
    return (values[child.parent_column], *(values[c] for c in _child_key_columns(child)))


class BatchWriter:
    def __init__(self, session: Session) -> None:
        self.session = session

    def write(
        self, spec: KindSpec, records: Sequence[tuple[Record, int | None]], ids: Ids
    ) -> dict[str, int]:
        """Store complete records (with the id of the stored row, or None for a new one).

        ``ids`` maps kind -> slug -> id for every record they refer to. Returns slug -> id.
        """
        table = table_of(spec.model)
        written: dict[str, int] = {}
        new = [record for record, id_ in records if id_ is None]
        if new:
            rows = [{**_values(spec, r, ids), "slug": r["slug"]} for r in new]
            self.session.execute(insert(table), rows)
            for chunk in chunked([r["slug"] for r in new]):
                found = self.session.execute(
                    select(table.c.slug, table.c.id).where(table.c.slug.in_(chunk))
                )
                written.update({slug: id_ for slug, id_ in found})
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
        rows = [
            {f"v_{k}": v for k, v in _values(spec, record, ids).items()} | {"v__id": id_}
            for record, id_ in changed
        ]
        columns = [key.removeprefix("v_") for key in rows[0] if key != "v__id"]
        statement = (
            update(table)
            .where(table.c.id == bindparam("v__id"))
            .values({column: bindparam(f"v_{column}") for column in columns})
        )
        self.session.execute(statement, rows)
        record_ids = [id_ for _, id_ in changed]
        for chunk in chunked(record_ids):
            if spec.citation_column:
                subject = _citations.c[spec.citation_column]
                self.session.execute(delete(_citations).where(subject.in_(chunk)))
            for child in spec.children:
                child_table = table_of(child.model)
                parent = child_table.c[child.parent_column]
                # the children's own citations go with them (ON DELETE CASCADE)
                self.session.execute(delete(child_table).where(parent.in_(chunk)))

    def _write_children(
        self, child: ChildSpec, parents: list[tuple[Record, int]], ids: Ids
    ) -> None:
        children: list[tuple[Record, dict[str, Any]]] = []
        for record, parent_id in parents:
            for child_record in record.get(child.field, []):
                values = _values(child, child_record, ids)
                values[child.parent_column] = parent_id
                children.append((child_record, values))
        if not children:
            return
        table = table_of(child.model)
        self.session.execute(insert(table), [values for _, values in children])
        if child.citation_column and any(c.get("citations") for c, _ in children):
            child_ids = self._child_ids(child, table, [values for _, values in children])
            cited = [
                (c, child_ids[_child_row_key(child, values)])
                for c, values in children
                if c.get("citations")
            ]
            self._write_citations(child.citation_column, cited, ids)

    def _child_ids(
        self, child: ChildSpec, table: Table, rows: list[dict[str, Any]]
    ) -> dict[tuple[Any, ...], int]:
        """Ids of just-inserted children by (parent id, key columns): unique per child kind."""
        columns = _child_key_columns(child)
        parent = table.c[child.parent_column]
        found: dict[tuple[Any, ...], int] = {}
        for chunk in chunked({row[child.parent_column] for row in rows}):
            query = select(table.c.id, parent, *(table.c[c] for c in columns)).where(
                parent.in_(chunk)
            )
            for id_, *key in self.session.execute(query):
                found[tuple(key)] = id_
        return found

    def _write_citations(self, column: str, subjects: list[tuple[Record, int]], ids: Ids) -> None:
        rows = [
            {
                column: subject_id,
                "source_id": ids["sources"][c["source"]],
                "paragraph": c.get("paragraph"),
            }
            for record, subject_id in subjects
            for c in record.get("citations", [])
        ]
        if rows:
            self.session.execute(insert(_citations), rows)

    def set_parents(self, spec: KindSpec, parents: list[tuple[str, int]]) -> None:
        """Point records (by slug) at their parent id, once the parent has been written."""
        table = table_of(spec.model)
        column = next(ref.column for ref in spec.refs if ref.field == spec.parent_ref)
        statement = (
            update(table)
            .where(table.c.slug == bindparam("v_slug"))
            .values({column: bindparam("v_parent")})
        )
        self.session.execute(statement, [{"v_slug": s, "v_parent": p} for s, p in parents])
