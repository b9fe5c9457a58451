"""The stored names that sort next to a name's match key: the near-duplicate check's blocking.

For each probe key, four index range scans (canonical names and other names, above and below
the key), ``WINDOW`` rows each, in one statement per batch of keys. Nothing here commits.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Connection

from collabdb.kinds import SPEC_BY_KIND

WINDOW = 6


class NeighbourNameRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def neighbours(self, kind: str, keys: list[str]) -> dict[int, list[tuple[str, str, str]]]:
        """Index -> (slug, canonical name, key of the name that sorted near) for each key."""
        parameters: list[Any] = []
        connection = self.connection
        if connection.dialect.name == "postgresql":
            sql = _neighbours_sql_postgresql(kind)
            parameters = [list(range(len(keys))), keys]
        else:
            placeholder = "?" if connection.dialect.paramstyle == "qmark" else "%s"
            sql = _neighbours_sql(kind, len(keys), placeholder)
            for index, key in enumerate(keys):
                parameters.extend([index, key] * 4)
        result: dict[int, list[tuple[str, str, str]]] = {}
        for probe, slug, name, key in connection.exec_driver_sql(sql, tuple(parameters)):
            result.setdefault(probe, []).append((slug, name, key))
        return result


def _tables(kind: str) -> tuple[str, str, str]:
    """The owner table, its names table and the names table's link column."""
    spec = SPEC_BY_KIND[kind]
    assert spec.names is not None, f"{kind} has no other names"
    return (spec.table_name, spec.names.table_name, spec.names.parent_column)


@cache
def _neighbours_sql(kind: str, probes: int, placeholder: str) -> str:
    """One statement for ``probes`` keys: four index range scans per key (canonical names
    and other names, above and below), WINDOW rows each. Plain SQL built once per size: the
    statement is the same shape for every batch, and compiling it through SQLAlchemy for every
    batch cost more than running it."""
    owner, names, link = _tables(kind)
    p = placeholder
    sources = [
        f"SELECT {p} AS probe, o.slug, o.name, o.name_key AS name_key FROM {owner} o",
        f"SELECT {p} AS probe, o.slug, o.name, n.name_key AS name_key FROM {names} n "
        f"JOIN {owner} o ON o.id = n.{link}",
    ]
    columns = ["o.name_key", "n.name_key"]
    terms: list[str] = []
    for _ in range(probes):
        for source, column in zip(sources, columns, strict=True):
            for comparison, order in ((">=", "ASC"), ("<", "DESC")):
                number = len(terms)
                terms.append(
                    f"SELECT * FROM ({source} WHERE {column} {comparison} {p} "
                    f"ORDER BY {column} {order} LIMIT {WINDOW}) AS w{number}"
                )
    return "\nUNION ALL\n".join(terms)


@cache
def _neighbours_sql_postgresql(kind: str) -> str:
    """The same four range scans per key as :func:`_neighbours_sql`, for PostgreSQL: the keys
    come as one array and a LATERAL join runs the scans for each, so the statement stays small.
    (The UNION ALL of 400 subqueries took ~250 ms to plan on PostgreSQL for ~30 ms of work,
    once per 100 new names.) Rows come per key in the UNION ALL order, as there."""
    owner, names, link = _tables(kind)
    sources = [
        ("o.name_key", f"{owner} o"),
        ("n.name_key", f"{names} n JOIN {owner} o ON o.id = n.{link}"),
    ]
    scans = [
        f"(SELECT o.slug, o.name, {column} AS name_key FROM {source}"
        f" WHERE {column} {comparison} p.key ORDER BY {column} {order} LIMIT {WINDOW})"
        for column, source in sources
        for comparison, order in ((">=", "ASC"), ("<", "DESC"))
    ]
    return (
        "SELECT p.probe, w.slug, w.name, w.name_key"
        " FROM unnest(%s::integer[], %s::text[]) AS p(probe, key)"
        " CROSS JOIN LATERAL (" + " UNION ALL ".join(scans) + ") AS w"
    )
