"""Which records are related to one record (Core statements), so a detail reads only those.

Each method answers with slugs; ``RecordRepository.load(kind, slugs)`` then reads the records
themselves. Every lookup goes through an indexed foreign-key column (or the citations'
``source_id``), so the work follows the size of the answer, not of the tables.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache
from typing import Any

from sqlalchemy import Connection, Select, select

from collabdb import tables as t
from collabdb.kinds import SPEC_BY_KIND, SPECS
from collabdb.repositories.compiled_once import run_compiled
from collabdb.repositories.json_sql import among


def _citing_parts() -> dict[str, tuple[str, str | None]]:
    """Each citation column -> (kind, child field or None for the record itself)."""
    parts: dict[str, tuple[str, str | None]] = {}
    for spec in SPECS:
        if spec.citation_column:
            parts[spec.citation_column] = (spec.name, None)
        for child in spec.children:
            if child.citation_column:
                parts[child.citation_column] = (spec.name, child.field)
    return parts


_CITING_PARTS = _citing_parts()


class RelatedRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def referring(self, *, kind: str, column: str, ids: Collection[int]) -> set[str]:
        """Slugs of the ``kind`` records whose ``column`` holds one of ``ids``."""
        if not ids:
            return set()
        return set(
            run_compiled(self.connection, _referring(kind, column), {"ids": list(ids)}).scalars()
        )

    def referring_through(
        self, *, kind: str, child: str, column: str, ids: Collection[int]
    ) -> set[str]:
        """Slugs of the ``kind`` records with a ``child`` row whose ``column`` holds one of
        ``ids`` (agreements with these organizations among their parties, say)."""
        if not ids:
            return set()
        statement = _referring_through(kind, child, column)
        return set(run_compiled(self.connection, statement, {"ids": list(ids)}).scalars())

    def citing(self, *, source_id: int) -> dict[str, set[str]]:
        """Slugs, by kind, of the records that cite the source themselves or in a child row."""
        columns = [t.citations.c[column] for column in _CITING_PARTS]
        rows = self.connection.execute(select(*columns).where(t.citations.c.source_id == source_id))
        ids: dict[str, set[int]] = {}
        for row in rows:
            for column, value in zip(_CITING_PARTS, row, strict=True):
                if value is not None:
                    ids.setdefault(column, set()).add(value)
        found: dict[str, set[str]] = {}
        for column, subjects in sorted(ids.items()):
            kind, child = _CITING_PARTS[column]
            if child is None:
                slugs = self.referring(kind=kind, column="id", ids=subjects)
            else:
                slugs = self.referring_through(kind=kind, child=child, column="id", ids=subjects)
            found.setdefault(kind, set()).update(slugs)
        return found


# Statements built once per kind and column; the ids are bound as one list (``among``).
@cache
def _referring(kind: str, column: str) -> Select[Any]:
    table = SPEC_BY_KIND[kind].table
    return select(table.c.slug).where(among(table.c[column], "ids"))


@cache
def _referring_through(kind: str, child: str, column: str) -> Select[Any]:
    spec = SPEC_BY_KIND[kind]
    [child_spec] = [c for c in spec.children if c.field == child]
    table, rows = spec.table, child_spec.table
    return (
        select(table.c.slug)
        .join(rows, rows.c[child_spec.parent_column] == table.c.id)
        .where(among(rows.c[column], "ids"))
    )
