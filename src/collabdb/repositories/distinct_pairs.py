"""Pairs of records judged not the same (``collabdb distinct``). Nothing here commits."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from sqlalchemy import Connection, and_, delete, insert, or_, select

from collabdb import tables as t


def ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


class DistinctPairRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def involving(self, kind: str, slugs: Collection[str]) -> set[tuple[str, str]]:
        """The pairs of ``kind`` one of whose records is among ``slugs``."""
        if not slugs:
            return set()
        table = t.distinct_pairs
        listed = sorted(set(slugs))
        found: set[tuple[str, str]] = set()
        for start in range(0, len(listed), 400):
            chunk = listed[start : start + 400]
            rows = self.connection.execute(
                select(table.c.slug_a, table.c.slug_b).where(
                    table.c.kind == kind,
                    or_(table.c.slug_a.in_(chunk), table.c.slug_b.in_(chunk)),
                )
            )
            found.update((a, b) for a, b in rows)
        return found

    def add(self, kind: str, pairs: Iterable[tuple[str, str]]) -> None:
        for a, b in pairs:
            self.connection.execute(insert(t.distinct_pairs).values(kind=kind, slug_a=a, slug_b=b))

    def remove(self, kind: str, pairs: Iterable[tuple[str, str]]) -> None:
        table = t.distinct_pairs
        for a, b in pairs:
            self.connection.execute(
                delete(table).where(
                    and_(table.c.kind == kind, table.c.slug_a == a, table.c.slug_b == b)
                )
            )
