"""Records by the names people type: slugs, names, aliases, and the trees of units and areas."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    Select,
    bindparam,
    func,
    literal,
    select,
    union,
    union_all,
)

from collabdb.kinds import SPEC_BY_KIND
from collabdb.repositories.compiled_once import run_compiled
from collabdb.repositories.json_sql import among
from collabdb.text import match_key


@dataclass(frozen=True)
class Named:
    id: int
    slug: str
    name: str
    parent_id: int | None = None


def _named_columns(kind: str) -> Select[Any]:
    named = SPEC_BY_KIND[kind]
    table = named.table
    parent = (
        table.c.parent_id if named.filters_include_subtree else literal(None).label("parent_id")
    )
    return select(table.c.id, table.c.slug, table.c[named.name_column], parent)


class NameRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def _named(self, result: Any) -> list[Named]:
        # .all() fetches the rows at once; iterating a result fetches them one call at a time.
        return [Named(id=i, slug=s, name=n, parent_id=p) for i, s, n, p in result.all()]

    def exact(self, kind: str, text: str) -> list[Named]:
        """Records whose slug, name or any stored name equals ``text`` after folding."""
        key = match_key(text)
        by_sha = kind == "sources" and len(text) >= 8 and all(c in "0123456789abcdef" for c in text)
        statement = _exact_statement(kind, by_key=bool(key), by_sha=by_sha)
        values = {"slug": text.strip().lower(), "key": key, "sha": text}
        return self._named(run_compiled(self.connection, statement, values))

    def slugs_around(self, kind: str, slug: str, *, each_side: int) -> list[str]:
        """The stored slugs that sort next to ``slug`` (``each_side`` before it and after it)
        and those that share its first four letters: where a mistyped slug's record is."""
        column = SPEC_BY_KIND[kind].table.c.slug
        found: set[str] = set()
        for statement in (
            select(column).where(column >= slug).order_by(column).limit(each_side),
            select(column).where(column < slug).order_by(column.desc()).limit(each_side),
            select(column).where(column.startswith(slug[:4], autoescape=True)).limit(each_side),
        ):
            found.update(self.connection.execute(statement).scalars())
        return sorted(found)

    def slug_prefix(self, kind: str, prefix: str) -> list[Named]:
        """Records whose slug starts with ``prefix`` (a range scan on the slug index)."""
        table = SPEC_BY_KIND[kind].table
        start = prefix.strip().lower()
        if not start:
            return []
        query = _named_columns(kind).where(table.c.slug >= start, table.c.slug < start + "\uffff")
        return self._named(self.connection.execute(query.order_by(table.c.slug).limit(200)))

    def by_slugs(self, kind: str, slugs: Sequence[str]) -> list[Named]:
        """The records of these slugs, in slug order (the slugs are bound as one list: a search
        without a limit may name more records than a statement may bind values)."""
        found = self._named(
            run_compiled(self.connection, _by_slugs_statement(kind), {"slugs": slugs})
        )
        # Code-point order on both backends (PostgreSQL orders by the database's collation).
        return sorted(found, key=lambda named: named.slug)

    def names_of(self, records: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The name (or title) of each (kind, slug) record, read in one statement for every
        kind; records that do not exist are left out."""
        if not records:
            return {}
        by_kind: dict[str, list[str]] = {}
        for kind, slug in records:
            by_kind.setdefault(kind, []).append(slug)
        kinds = tuple(sorted(by_kind))
        values = {f"slugs_{n}": by_kind[kind] for n, kind in enumerate(kinds)}
        rows = run_compiled(self.connection, _names_statement(kinds), values).all()
        return {(kind, slug): name for kind, slug, name in rows}

    def slugs_of(self, kind: str, ids: Sequence[int]) -> set[str]:
        """The slugs of the records of these ids (bound as one list, like ``by_slugs``)."""
        return set(run_compiled(self.connection, _slugs_of_statement(kind), {"ids": ids}).scalars())

    def ancestors(self, kind: str, record_id: int) -> list[int]:
        """Ids of a tree record's parents, nearest first."""
        rows = run_compiled(
            self.connection, _ancestors_statement(kind), {"record_id": record_id}
        ).scalars()
        return [i for i in rows if i != record_id]

    def with_descendants(self, kind: str, record_id: int) -> list[int]:
        """A tree record's id and the ids of everything below it."""
        statement = _descendants_statement(kind)
        return list(run_compiled(self.connection, statement, {"record_id": record_id}).scalars())

    def largest_id(self, kind: str) -> int:
        """The largest id of a kind (read from its primary key: it stands in for a count)."""
        table = SPEC_BY_KIND[kind].table
        return int(self.connection.scalar(select(func.max(table.c.id))) or 0)

    def all_names(self, kind: str) -> list[tuple[str, str]]:
        """(name as typed, canonical name) pairs of a kind, for "did you mean" suggestions."""
        named = SPEC_BY_KIND[kind]
        table = named.table
        canonical = select(table.c[named.name_column], table.c[named.name_column])
        if named.names is None:
            return [(a, b) for a, b in self.connection.execute(canonical)]
        aliases = named.names.table
        alias_names = select(aliases.c.name, table.c[named.name_column]).join(
            table, table.c.id == aliases.c[named.names.parent_column]
        )
        return [(a, b) for a, b in self.connection.execute(canonical.union(alias_names))]


# Statements are built once per kind: building one costs more than running it.
@cache
def _by_slugs_statement(kind: str) -> Select[Any]:
    table = SPEC_BY_KIND[kind].table
    # No ORDER BY: by_slugs sorts in Python, by code point on both backends.
    return _named_columns(kind).where(among(table.c.slug, "slugs"))


@cache
def _slugs_of_statement(kind: str) -> Select[Any]:
    table = SPEC_BY_KIND[kind].table
    return select(table.c.slug).where(among(table.c.id, "ids"))


@cache
def _names_statement(kinds: tuple[str, ...]) -> Any:
    """(kind, slug, name) of the records whose slugs are bound as ``slugs_<n>`` per kind."""
    parts = []
    for number, kind in enumerate(kinds):
        named = SPEC_BY_KIND[kind]
        table = named.table
        name = table.c[named.name_column]
        slugs = among(table.c.slug, f"slugs_{number}")
        parts.append(select(literal(kind), table.c.slug, name).where(slugs))
    return union_all(*parts) if len(parts) > 1 else parts[0]


@cache
def _exact_statement(kind: str, *, by_key: bool, by_sha: bool) -> Select[Any]:
    named = SPEC_BY_KIND[kind]
    table = named.table
    ids = [select(table.c.id).where(table.c.slug == bindparam("slug"))]
    if named.has_name_key and by_key:
        ids.append(select(table.c.id).where(table.c.name_key == bindparam("key")))
    if named.names is not None and by_key:
        aliases = named.names.table
        ids.append(
            select(aliases.c[named.names.parent_column]).where(
                aliases.c.name_key == bindparam("key")
            )
        )
    if by_sha:
        ids.append(select(table.c.id).where(table.c.sha256.startswith(bindparam("sha"))))
    found = union(*ids).subquery()
    return _named_columns(kind).where(table.c.id.in_(select(found.c[0]))).order_by(table.c.slug)


@cache
def _ancestors_statement(kind: str) -> Select[Any]:
    table = SPEC_BY_KIND[kind].table
    start = select(table.c.id, table.c.parent_id).where(table.c.id == bindparam("record_id"))
    tree = start.cte(recursive=True)
    parent = table.alias("parent")
    tree = tree.union(
        select(parent.c.id, parent.c.parent_id).join(tree, parent.c.id == tree.c.parent_id)
    )
    return select(tree.c.id)


@cache
def subtree_ids(kind: str, parameter: str) -> Select[Any]:
    """The ids of the tree record bound as ``parameter`` and of everything below it (a
    recursive select; other statements use it as a subquery rather than binding the ids).
    Built once: a statement that uses it in several places holds one common table expression
    (the database computes it once, and the statement's cache key is hashed on each run)."""
    table = SPEC_BY_KIND[kind].table
    tree = select(table.c.id).where(table.c.id == bindparam(parameter)).cte(recursive=True)
    child = table.alias("child")
    tree = tree.union(select(child.c.id).join(tree, child.c.parent_id == tree.c.id))
    return select(tree.c.id)


@cache
def _descendants_statement(kind: str) -> Select[Any]:
    return subtree_ids(kind, "record_id")
