"""Old slugs of merged records and the records they resolve to (``collabdb merge``). Nothing
here commits."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Connection, delete, insert, select, update

from collabdb import tables as t


def redirect_slug(kind: str, old: str) -> str:
    """How the history names a redirect: its kind and old slug ("people ajai-gautam")."""
    return f"{kind} {old}"


class RedirectRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def target(self, kind: str, slug: str) -> str | None:
        """The slug ``slug`` was merged into, if it was."""
        table = t.redirects
        return self.connection.scalar(
            select(table.c.into_slug).where(table.c.kind == kind, table.c.from_slug == slug)
        )

    def all(self) -> dict[str, dict[str, str]]:
        """Every redirect: kind -> old slug -> the slug it resolves to."""
        table = t.redirects
        found: dict[str, dict[str, str]] = {}
        for kind, old, new in self.connection.execute(
            select(table.c.kind, table.c.from_slug, table.c.into_slug)
        ):
            found.setdefault(kind, {})[old] = new
        return found

    def into(self, kind: str, slugs: Collection[str]) -> dict[str, str]:
        """The redirects of ``kind`` that resolve to one of ``slugs``: old slug -> target."""
        if not slugs:
            return {}
        table = t.redirects
        rows = self.connection.execute(
            select(table.c.from_slug, table.c.into_slug).where(
                table.c.kind == kind, table.c.into_slug.in_(sorted(set(slugs)))
            )
        )
        return {old: new for old, new in rows}

    def put(self, kind: str, old: str, new: str) -> None:
        table = t.redirects
        done = self.connection.execute(
            update(table)
            .where(table.c.kind == kind, table.c.from_slug == old)
            .values(into_slug=new)
        )
        if not done.rowcount:
            self.connection.execute(insert(table).values(kind=kind, from_slug=old, into_slug=new))

    def remove(self, kind: str, old: str) -> None:
        table = t.redirects
        self.connection.execute(delete(table).where(table.c.kind == kind, table.c.from_slug == old))
