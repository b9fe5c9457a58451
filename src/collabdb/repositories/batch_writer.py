"""Writing patched records in batches: a few many-row statements per batch.

New rows are inserted with one executemany per table; their ids are then read back by natural
key (the slug, or a child's parent and key), one query per chunk -- RETURNING in parameter
order would make SQLAlchemy insert SQLite rows one statement at a time. The many-row
statements go through ``bulk_writes`` (executemany; COPY on PostgreSQL). Nothing here commits.

An updated record gets its row updated. Its children are compared with the stored ones by
their key (``ChildSpec.key``): the stored children of a batch's updated records are read with
their ids, one query per child table, and compared as rows (a reference as the id its slug
stands for, every value as stored). A new child is inserted, a changed one updated by its id
(just the columns that changed), an equal one is left alone; a citation (of a record or of a
child) is inserted only if it is not stored yet. By default nothing is deleted: the patched
record holds every stored child and citation (an import never removes one), so an unchanged
child keeps its id and its citations, and the link tables' triggers (the research-area counts)
only see links that are new. With ``replace`` (``import --replace``, ``undo``), the stored
children and citations of an updated record that its patched form no longer holds are deleted
(a child's own citations with it, by their foreign key).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, Table, delete, select

from collabdb import tables as t
from collabdb.kinds import ChildSpec, KindSpec, Record
from collabdb.repositories.bulk_writes import Values, insert_rows, update_rows
from collabdb.repositories.json_sql import among
from collabdb.repositories.records import RecordRepository

Ids = dict[str, dict[str, int]]
_columns_of: dict[str, tuple[str, ...]] = {}
_key_positions_of: dict[str, tuple[int, ...]] = {}


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


def _key_positions(child: ChildSpec) -> tuple[int, ...]:
    """Where the key columns are among ``_columns(child)``."""
    positions = _key_positions_of.get(child.table.name)
    if positions is None:
        columns = _columns(child)
        positions = tuple(columns.index(c) for c in _child_key_columns(child))
        _key_positions_of[child.table.name] = positions
    return positions


Changes = dict[tuple[str, ...], list[Values]]  # columns -> (their new values..., child id) rows


def _compared(
    child: ChildSpec,
    children: list[tuple[Record, Values]],
    stored: dict[Values, tuple[int, Values]],
) -> tuple[list[tuple[Record, Values]], list[tuple[Record, int]], Changes]:
    """The patched ``children`` (record, row values + parent id) against the ``stored`` ones
    (by parent id and key): the new ones, the stored ones with their ids, and the updates of
    the changed ones grouped by the columns that changed."""
    if not stored:
        return children, [], {}
    new: list[tuple[Record, Values]] = []
    kept: list[tuple[Record, int]] = []
    updates: Changes = {}
    positions, columns = _key_positions(child), _columns(child)
    for record, values in children:
        found = stored.get((values[-1], *[values[i] for i in positions]))
        if found is None:
            new.append((record, values))
            continue
        child_id, before = found
        if before != values:  # the key and the parent are the same: other columns changed
            changed = [i for i, (b, v) in enumerate(zip(before, values, strict=True)) if b != v]
            names = tuple(columns[i] for i in changed)
            updates.setdefault(names, []).append((*[values[i] for i in changed], child_id))
        kept.append((record, child_id))
    return new, kept, updates


@cache
def _stored_children(table: Table, parent: str, columns: tuple[str, ...]) -> Select[Any]:
    """(id, parent id, *columns) of the children of the parents bound as ``:ids``."""
    selected = [table.c.id, table.c[parent], *(table.c[c] for c in columns)]
    return select(*selected).where(among(table.c[parent], "ids"))


@cache
def _stored_citations(column: str) -> Select[Any]:
    """(subject id, source id, paragraph) of the citations of the subjects bound as ``:ids``."""
    subject = t.citations.c[column]
    selected = (subject, t.citations.c.source_id, t.citations.c.paragraph)
    return select(*selected).where(among(subject, "ids"))


class BatchWriter:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def write(
        self,
        spec: KindSpec,
        records: Sequence[tuple[Record, int | None]],
        ids: Ids,
        *,
        replace: bool = False,
    ) -> dict[str, int]:
        """Store complete records (with the id of the stored row, or None for a new one).

        ``ids`` maps kind -> slug -> id for every record they refer to. Returns slug -> id.
        ``replace``: what an updated record no longer holds is deleted.
        """
        table = spec.table
        written: dict[str, int] = {}
        new = [record for record, id_ in records if id_ is None]
        if new:
            rows = [(*_values(spec, r, ids), r["slug"]) for r in new]
            insert_rows(self.connection, table, (*_columns(spec), "slug"), rows)
            written.update(
                RecordRepository(self.connection).slug_ids(spec.name, [r["slug"] for r in new])
            )
        changed = [(record, id_) for record, id_ in records if id_ is not None]
        if changed:
            rows = [(*_values(spec, record, ids), id_) for record, id_ in changed]
            update_rows(self.connection, table, _columns(spec), "id", rows)
            written.update({record["slug"]: id_ for record, id_ in changed})
        ordered = [(record, written[record["slug"]]) for record, _ in records]
        stored = {id_ for _, id_ in changed}
        if replace and changed:
            if spec.citation_column:
                self._remove_citations(spec.citation_column, changed, ids)
            for child in spec.children:
                self._remove_children(child, changed, ids)
        if spec.citation_column:
            self._write_citations(spec.citation_column, ordered, ids, stored)
        for child in spec.children:
            self._write_children(child, ordered, ids, stored, replace=replace)
        return written

    def _write_children(
        self,
        child: ChildSpec,
        parents: list[tuple[Record, int]],
        ids: Ids,
        stored_parents: Collection[int],
        *,
        replace: bool = False,
    ) -> None:
        """Insert the new children of ``parents``, update the changed ones (the children of
        ``stored_parents`` are compared with the stored ones by key) and add their citations."""
        children: list[tuple[Record, Values]] = []  # (child record, its row values + parent id)
        for record, parent_id in parents:
            for child_record in record.get(child.field, ()):
                children.append((child_record, (*_values(child, child_record, ids), parent_id)))
        if not children:
            return
        stored: dict[Values, tuple[int, Values]] = {}
        if stored_parents:
            stored = self._stored(child, {v[-1] for _, v in children if v[-1] in stored_parents})
        new, kept, updates = _compared(child, children, stored)
        for names, rows in updates.items():
            update_rows(self.connection, child.table, names, "id", rows)
        if new:
            columns = (*_columns(child), child.parent_column)
            insert_rows(self.connection, child.table, columns, [values for _, values in new])
        if not child.citation_column:
            return
        if replace and kept:
            self._remove_citations(child.citation_column, kept, ids)
        cited = [(c, child_id) for c, child_id in kept if c.get("citations")]
        new_cited = [(c, values) for c, values in new if c.get("citations")]
        if new_cited:
            positions = _key_positions(child)
            written = self._stored(child, {values[-1] for _, values in new_cited})
            child_ids = {key: child_id for key, (child_id, _) in written.items()}
            for c, values in new_cited:
                cited.append((c, child_ids[(values[-1], *[values[i] for i in positions])]))
        existing = {child_id for _, child_id in kept}
        self._write_citations(child.citation_column, cited, ids, existing)

    def _stored(self, child: ChildSpec, parent_ids: set[int]) -> dict[Values, tuple[int, Values]]:
        """The stored children of ``parent_ids`` by (parent id, key columns): (id, the row's
        values in the order ``_values`` gives them, then the parent id)."""
        if not parent_ids:
            return {}
        statement = _stored_children(child.table, child.parent_column, _columns(child))
        positions = _key_positions(child)
        found: dict[Values, tuple[int, Values]] = {}
        for id_, parent_id, *values in self.connection.execute(statement, {"ids": parent_ids}):
            row = (*values, parent_id)
            found[(parent_id, *[values[i] for i in positions])] = (id_, row)
        return found

    def _write_citations(
        self,
        column: str,
        subjects: list[tuple[Record, int]],
        ids: Ids,
        stored_subjects: Collection[int],
    ) -> None:
        """Insert the citations of ``subjects`` but those already stored (only the subjects in
        ``stored_subjects`` can have stored ones)."""
        sources = ids.get("sources", {})
        rows = [
            (subject_id, sources[c["source"]], c.get("paragraph"))
            for record, subject_id in subjects
            for c in record.get("citations", ())
        ]
        if rows and stored_subjects:
            checked = {row[0] for row in rows if row[0] in stored_subjects}
            if checked:
                statement = _stored_citations(column)
                have = set(map(tuple, self.connection.execute(statement, {"ids": checked})))
                rows = [row for row in rows if row not in have]
        insert_rows(self.connection, t.citations, (column, "source_id", "paragraph"), rows)

    def _remove_children(
        self, child: ChildSpec, parents: Sequence[tuple[Record, int]], ids: Ids
    ) -> None:
        """Delete the stored children of ``parents`` (record, id) that the records no longer
        hold (compared by parent and key)."""
        positions = _key_positions(child)
        wanted = {
            (parent_id, *[values[i] for i in positions])
            for record, parent_id in parents
            for values in (_values(child, c, ids) for c in record.get(child.field, ()))
        }
        stored = self._stored(child, {parent_id for _, parent_id in parents})
        gone = [child_id for key, (child_id, _) in stored.items() if key not in wanted]
        if gone:
            self.connection.execute(delete(child.table).where(child.table.c.id.in_(gone)))

    def _remove_citations(
        self, column: str, subjects: Sequence[tuple[Record, int]], ids: Ids
    ) -> None:
        """Delete the stored citations of ``subjects`` (record, id) they no longer hold."""
        sources = ids.get("sources", {})
        wanted = {
            (subject_id, sources[c["source"]], c.get("paragraph"))
            for record, subject_id in subjects
            for c in record.get("citations", ())
        }
        subject = t.citations.c[column]
        found = self.connection.execute(
            select(
                t.citations.c.id, subject, t.citations.c.source_id, t.citations.c.paragraph
            ).where(subject.in_([subject_id for _, subject_id in subjects]))
        )
        gone = [row[0] for row in found if tuple(row[1:]) not in wanted]
        if gone:
            self.connection.execute(delete(t.citations).where(t.citations.c.id.in_(gone)))

    def set_parents(self, spec: KindSpec, parents: list[tuple[str, int]]) -> None:
        """Point records (by slug) at their parent id, once the parent has been written."""
        table = spec.table
        column = next(ref.column for ref in spec.refs if ref.field == spec.parent_ref)
        update_rows(self.connection, table, (column,), "slug", [(p, s) for s, p in parents])
