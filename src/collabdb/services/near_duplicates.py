"""Near-duplicate names: is a new organization or person already in the database under a
slightly different name ("Astra Zeneka" for "AstraZeneca", "Сколково" for "Skolkovo")?

Names are compared on their match keys (case, accents, punctuation and script folded by
:func:`collabdb.text.match_key`) with the spaces taken out, so spacing and transliteration do
not hide a duplicate. Blocking keeps this near-linear: a new name is compared only with its
neighbours in the sorted ``name_key`` index (the canonical names and every stored alternative
name) -- ``WINDOW`` on each side, each fetched by an index range scan -- never with every
stored name. Names that share their first characters sort together, so typos, spacing and
endings are caught; a difference in the very first letters is not (see docs/import-format.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, ClassVar

from sqlalchemy import Connection

from collabdb.text import match_key

WINDOW = 6
THRESHOLD = 90.0  # rapidfuzz ratio (0-100) of the compact keys
MIN_LENGTH = 4  # acronyms and very short names are too easily "close"
PROBES_PER_QUERY = 100  # 4 range scans each; SQLite allows 500 terms in a compound SELECT


@dataclass(frozen=True)
class Match:
    slug: str
    name: str
    score: float


def compact_key(name: str) -> str:
    return match_key(name).replace(" ", "")


class NearDuplicateFinder:
    KINDS: ClassVar[tuple[str, ...]] = ("organizations", "people")

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def find(
        self, kind: str, names: Sequence[tuple[int, str, str]]
    ) -> list[tuple[int, str, Match]]:
        """For new records (position, slug, name) already written in this transaction: the
        closest other record of ``kind`` whose name is near, if any. Of two new records of the
        same batch that are near each other, only the later one is reported."""
        probes = [(p, s, n, match_key(n)) for p, s, n in names]
        probes = [probe for probe in probes if len(probe[3].replace(" ", "")) >= MIN_LENGTH]
        batch_positions = {slug: position for position, slug, _, _ in probes}
        found: list[tuple[int, str, Match]] = []
        for start in range(0, len(probes), PROBES_PER_QUERY):
            chunk = probes[start : start + PROBES_PER_QUERY]
            candidates = self._neighbours(kind, [key for _, _, _, key in chunk])
            for index, (position, slug, name, key) in enumerate(chunk):
                best = self._best(key, slug, position, candidates.get(index, []), batch_positions)
                if best is not None:
                    found.append((position, name, best))
        return found

    @staticmethod
    def _best(
        key: str,
        slug: str,
        position: int,
        candidates: list[tuple[str, str, str]],
        batch_positions: dict[str, int],
    ) -> Match | None:
        from rapidfuzz import fuzz

        compact = key.replace(" ", "")
        best: Match | None = None
        for other_slug, other_name, other_key in candidates:
            if other_slug == slug or batch_positions.get(other_slug, -1) > position:
                continue
            other = other_key.replace(" ", "")
            if len(other) < MIN_LENGTH:
                continue
            # Below the cutoff rapidfuzz returns 0 without finishing the comparison.
            score = fuzz.ratio(compact, other, score_cutoff=THRESHOLD)
            if score >= THRESHOLD and (best is None or score > best.score):
                best = Match(other_slug, other_name, score)
        return best

    def _neighbours(self, kind: str, keys: list[str]) -> dict[int, list[tuple[str, str, str]]]:
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
        # The driver's own cursor: tens of rows per new name, and SQLAlchemy's row objects
        # cost more than the query.
        cursor = connection.connection.cursor()
        try:
            cursor.execute(sql, tuple(parameters))
            for probe, slug, name, key in cursor.fetchall():
                result.setdefault(probe, []).append((slug, name, key))
        finally:
            cursor.close()
        return result


def _tables(kind: str) -> tuple[str, str, str]:
    """The owner table, its names table and the names table's link column."""
    if kind == "organizations":
        return ("organizations", "organization_names", "organization_id")
    return ("people", "person_names", "person_id")


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
