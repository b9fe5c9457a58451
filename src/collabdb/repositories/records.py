"""Records of the JSON contract, read from and written to the tables (Core statements).

``RecordRepository`` is what import and export share: ``load`` turns rows into canonical
records (every field present, children and citations sorted). Writing is in
``batch_writer.py``. Neither commits.

The statements are built once per table and column, and their ids or slugs are bound as one
list (``json_sql.among``): a detail runs some fifty of them, an import batch a dozen, and
building each anew with an expanding ``IN`` of up to 500 values cost more than running it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, Table, select

from collabdb import tables as t
from collabdb.kinds import SPEC_BY_KIND, ChildSpec, KindSpec, Record
from collabdb.repositories.json_sql import among
from collabdb.text import paragraphs_of

CHUNK = 500  # stays under SQLite's bound-parameter limit


def chunked(values: Collection[Any]) -> Iterator[list[Any]]:
    items = list(values)
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def citation_sort_key(citation: Record) -> tuple[str, int]:
    """The order of a record's citations as ``load`` (and so ``export``) gives them."""
    return (citation["source"], citation["paragraph"] or 0)


def child_sort_key(child: ChildSpec, record: Record) -> tuple[str, ...]:
    """The order of a child list as ``load`` (and so ``export``) gives it."""
    return tuple(str(record.get(key) or "") for key in child.key)


class RecordRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # -- reading -----------------------------------------------------------------------------
    def slug_ids(self, kind: str, slugs: Iterable[str]) -> dict[str, int]:
        wanted = sorted(set(slugs))
        if not wanted:
            return {}
        statement = _ids_of_slugs(SPEC_BY_KIND[kind].table)
        return {slug: i for slug, i in self.connection.execute(statement, {"slugs": wanted})}

    def _id_slugs(self, kind: str, ids: Iterable[int]) -> dict[int, str]:
        wanted = sorted({i for i in ids if i is not None})
        if not wanted:
            return {}
        statement = _slugs_of_ids(SPEC_BY_KIND[kind].table)
        return {i: slug for i, slug in self.connection.execute(statement, {"ids": wanted})}

    def load(self, kind: str, slugs: Collection[str] | None = None) -> dict[str, Record]:
        """Canonical records of ``kind`` (all of them when ``slugs`` is None), keyed by slug."""
        spec = SPEC_BY_KIND[kind]
        table = spec.table
        rows: list[Any] = []
        if slugs is None:
            rows = list(self.connection.execute(select(table)))
        elif slugs:
            rows = list(self.connection.execute(_rows_where(table, "slug"), {"values": slugs}))
        if not rows:
            return {}
        by_id = {row.id: row for row in rows}
        records = {row.id: self._record_from_row(spec, row) for row in rows}
        self._resolve_refs(spec.refs, rows, records)
        if spec.citation_column:
            for id_, citations in self.citations(spec.citation_column, by_id).items():
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

    def citations(self, column: str, ids: Collection[int]) -> dict[int, list[Record]]:
        """Citations of the rows ``ids`` of the table cited through ``column``, sorted."""
        found: dict[int, list[Record]] = {}
        if not ids:
            return found
        rows = self.connection.execute(_citations_of(column), {"ids": list(ids)})
        for id_, source, paragraph in rows:
            found.setdefault(id_, []).append({"source": source, "paragraph": paragraph})
        for citations in found.values():
            citations.sort(key=citation_sort_key)
        return found

    def _children(self, child: ChildSpec, parent_ids: list[int]) -> dict[int, list[Record]]:
        rows: list[Any] = []
        if parent_ids:
            statement = _rows_where(child.table, child.parent_column)
            rows = list(self.connection.execute(statement, {"values": parent_ids}))
        records = {row.id: self._record_from_row(child, row) for row in rows}
        self._resolve_refs(child.refs, rows, records)
        if child.citation_column:
            for id_, citations in self.citations(child.citation_column, list(records)).items():
                records[id_]["citations"] = citations
        grouped: dict[int, list[Record]] = {}
        for row in rows:
            grouped.setdefault(getattr(row, child.parent_column), []).append(records[row.id])
        for children in grouped.values():
            children.sort(key=lambda record: child_sort_key(child, record))
        return grouped

    def slugs_after(self, kind: str, last: str | None, *, limit: int) -> list[str]:
        """The next ``limit`` slugs of ``kind`` after ``last``, in code-point order (keyset
        pagination: each page is an index range scan)."""
        table = SPEC_BY_KIND[kind].table
        # Slugs are ASCII; a byte-wise collation orders them like Python does.
        collation = "C" if self.connection.dialect.name == "postgresql" else "BINARY"
        slug = table.c.slug.collate(collation)
        query = select(table.c.slug).order_by(slug).limit(limit)
        if last is not None:
            query = query.where(slug > last)
        return list(self.connection.scalars(query))

    def paragraph_counts(self, slugs: Collection[str]) -> dict[str, int | None]:
        """Number of paragraphs each source's citations may name: those of its stored text,
        else its ``paragraph_count``; None when it has neither."""
        if not slugs:
            return {}
        rows = self.connection.execute(_source_texts(), {"slugs": list(slugs)})
        return {slug: paragraphs_of(text, count) for slug, text, count in rows}

    def parents(self, kind: str, slugs: Collection[str]) -> dict[str, str | None]:
        """Stored parent slug of each record of a tree-shaped kind."""
        if not slugs:
            return {}
        rows = self.connection.execute(_parent_slugs(SPEC_BY_KIND[kind].table), {"slugs": slugs})
        return {slug: parent_slug for slug, parent_slug in rows}


# Statements built once per table and column (the values are bound as one list: ``among``).
@cache
def _rows_where(table: Table, column: str) -> Select[Any]:
    """Every column of ``table``'s rows whose ``column`` is one of ``:values``."""
    return select(table).where(among(table.c[column], "values"))


@cache
def _ids_of_slugs(table: Table) -> Select[Any]:
    return select(table.c.slug, table.c.id).where(among(table.c.slug, "slugs"))


@cache
def _slugs_of_ids(table: Table) -> Select[Any]:
    return select(table.c.id, table.c.slug).where(among(table.c.id, "ids"))


@cache
def _citations_of(column: str) -> Select[Any]:
    """(subject id, source slug, paragraph) of the citations whose ``column`` is in ``:ids``."""
    subject = t.citations.c[column]
    return (
        select(subject, t.sources.c.slug, t.citations.c.paragraph)
        .join(t.sources, t.sources.c.id == t.citations.c.source_id)
        .where(among(subject, "ids"))
    )


@cache
def _source_texts() -> Select[Any]:
    shown = t.sources.c["slug", "text", "paragraph_count"]
    return select(*shown).where(among(t.sources.c.slug, "slugs"))


@cache
def _parent_slugs(table: Table) -> Select[Any]:
    """(slug, parent's slug) of the tree records whose slugs are in ``:slugs``."""
    parent = table.alias("parent")
    return (
        select(table.c.slug, parent.c.slug)
        .outerjoin(parent, parent.c.id == table.c.parent_id)
        .where(among(table.c.slug, "slugs"))
    )
