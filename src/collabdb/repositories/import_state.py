"""What one import has seen so far, kept in a temporary table instead of in memory.

One row per (kind, slug) of the input: a digest of the fields it sets (a slug given twice must
carry the same content), where it is in the input, and whether it was written. The table lives
on the import's own connection, inside its transaction, and is dropped before the commit; a
rollback removes it too. Memory stays flat however many records a file holds.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    select,
    update,
)

from collabdb.kinds import SPEC_BY_KIND
from collabdb.repositories.bulk_writes import insert_rows
from collabdb.repositories.json_sql import among
from collabdb.repositories.records import CHUNK

_metadata = MetaData()
seen_table = Table(
    "collabdb_import_seen",
    _metadata,
    Column("kind", String(40), primary_key=True),
    Column("slug", String(200), primary_key=True),
    Column("digest", String(32), nullable=False),
    Column("position", Integer, nullable=False),
    Column("written", Boolean, nullable=False),
    prefixes=["TEMPORARY"],
    # SQLite: one B-tree keyed by (kind, slug) instead of a table plus its primary-key index.
    sqlite_with_rowid=False,
)
_SEEN_COLUMNS = ("kind", "slug", "digest", "position", "written")


@dataclass(frozen=True)
class Seen:
    digest: str
    position: int
    written: bool


class ImportState:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def create(self) -> None:
        seen_table.create(self.connection)

    def drop(self) -> None:
        seen_table.drop(self.connection)

    def seen(self, kind: str, slugs: Collection[str]) -> dict[str, Seen]:
        if not slugs:
            return {}
        seen = seen_table.c
        statement = select(seen.slug, seen.digest, seen.position, seen.written).where(
            seen.kind == kind, among(seen.slug, "slugs")
        )
        rows = self.connection.execute(statement, {"slugs": list(slugs)})
        return {
            slug: Seen(digest, position, bool(written)) for slug, digest, position, written in rows
        }

    def add(self, kind: str, rows: Iterable[tuple[str, str, int, bool]]) -> None:
        values = [(kind, slug, digest, position, ok) for slug, digest, position, ok in rows]
        insert_rows(self.connection, seen_table, _SEEN_COLUMNS, values)

    def mark_not_written(self, kind: str, slugs: Collection[str]) -> None:
        if slugs:
            statement = (
                update(seen_table)
                .where(seen_table.c.kind == kind, seen_table.c.slug == bindparam("s"))
                .values(written=False)
            )
            self.connection.execute(statement, [{"s": slug} for slug in slugs])

    def cycle_members(self, kind: str) -> list[tuple[str, int]]:
        """(slug, position) of the input's records of ``kind`` whose parent chain loops.

        Only chains that start at a record of this input are walked: a cycle needs a changed
        parent, and the database held none before the import.
        """
        table, seen = SPEC_BY_KIND[kind].table, seen_table
        of_input = (seen.c.kind == kind) & (seen.c.slug == table.c.slug)
        start = (
            select(table.c.id.label("start_id"), table.c.parent_id.label("node_id"))
            .join(seen, of_input)
            .where(table.c.parent_id.is_not(None))
        )
        walk = start.cte("walk", recursive=True)
        step = table.alias("step")
        walk = walk.union(
            select(walk.c.start_id, step.c.parent_id)
            .join(step, step.c.id == walk.c.node_id)
            .where(step.c.parent_id.is_not(None), walk.c.node_id != walk.c.start_id)
        )
        query = (
            select(table.c.slug, seen.c.position)
            .select_from(walk)
            .join(table, table.c.id == walk.c.start_id)
            .join(seen, of_input)
            .where(walk.c.node_id == walk.c.start_id)
            .order_by(seen.c.position)
        )
        return [(slug, position) for slug, position in self.connection.execute(query)]


__all__ = ["CHUNK", "ImportState", "Seen", "seen_table"]
