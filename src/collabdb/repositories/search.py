"""Full-text search over names, aliases, titles, summaries and areas.

The searchable texts of each record are rows of ``search_documents`` (text as stored, plus its
match key). Both backends take the same query: every word of the match key, the last one as a
prefix; hits on names, aliases and titles come before hits in running text, then hits whose
text the query covers more of (ranked by the share of the text's words the query names on
SQLite, by ts_rank normalized by length on PostgreSQL).

PostgreSQL searches through a GIN index on ``to_tsvector('simple', text)``. SQLite searches
through the FTS5 index ``search_index``, in a way whose cost follows the rare words of the
query rather than the size of the database: FTS5 merges the postings of every word that starts
with a prefix before it intersects them (every synthetic company's name ends in "Pharma"), and
its bm25 reads every posting of each word to weigh it (hence the rank above). So a query of
several words first counts, up to ``FEW_DOCUMENTS``, the documents that hold every word but the
last (FTS5 intersects whole words by skipping through their postings). When they are few, the
last word is checked as a prefix on their text instead of being merged by FTS5. Otherwise, or
for a one-word query, FTS5 takes the whole query.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, Literal, NamedTuple

from sqlalchemy import Connection, delete, text

from collabdb import tables as t
from collabdb.kinds import SPEC_BY_KIND, Record
from collabdb.repositories.bulk_writes import insert_rows
from collabdb.repositories.compiled_once import run_compiled
from collabdb.text import match_key


def searchable_texts(kind: str, record: Record) -> Iterable[tuple[str, str | None]]:
    """(field label, text) of what is searchable in a record: the registry's searchable
    fields, then each of its other names as an ``alias``."""
    spec = SPEC_BY_KIND[kind]
    for field in spec.searchable:
        yield field, record.get(field)
    if spec.names is not None:
        for alias in record.get("names", []):
            yield "alias", alias["name"]


SEARCH_COLUMNS = ("kind", "slug", "field", "original", "text")


def search_entries(kind: str, record: Record) -> list[tuple[str, str, str, str, str]]:
    """Rows of ``search_documents`` (in the order of SEARCH_COLUMNS) for one record."""
    entries = []
    seen: set[tuple[str, str]] = set()
    for field, original in searchable_texts(kind, record):
        if not original or (field, original) in seen:
            continue
        seen.add((field, original))
        key = match_key(original)
        if key:
            entries.append((kind, record["slug"], field, original, key))
    return entries


class SearchHit(NamedTuple):
    """One matching document (a named tuple: a search builds hundreds of them)."""

    kind: str
    slug: str
    field: str
    original: str
    rank: float


# Which words of a query match as prefixes: the last (as typed so far), every one, or none.
Prefixes = Literal["last", "every", "none"]


def _prefixed(words: Sequence[str], prefixes: Prefixes) -> list[bool]:
    last = len(words) - 1
    return [prefixes == "every" or (prefixes == "last" and n == last) for n in range(len(words))]


def fts_query(words: Sequence[str], *, prefixes: Prefixes = "last") -> str:
    """FTS5 syntax: every word must occur, the last as a prefix (``"nn" "petrov"*``)."""
    marked = _prefixed(words, prefixes)
    return " ".join(f'"{word}"' + ("*" if p else "") for word, p in zip(words, marked, strict=True))


def tsquery(words: Sequence[str], *, prefixes: Prefixes = "last") -> str:
    """PostgreSQL to_tsquery syntax for the same query (``nn & petrov:*``)."""
    marked = _prefixed(words, prefixes)
    return " & ".join(word + (":*" if p else "") for word, p in zip(words, marked, strict=True))


class SearchRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def reindex(self, kind: str, records: Sequence[Record]) -> None:
        """Replace the search documents of these records."""
        slugs = [record["slug"] for record in records]
        for start in range(0, len(slugs), 500):
            chunk = slugs[start : start + 500]
            self.connection.execute(
                delete(t.search_documents).where(
                    t.search_documents.c.kind == kind, t.search_documents.c.slug.in_(chunk)
                )
            )
        rows = [entry for record in records for entry in search_entries(kind, record)]
        insert_rows(self.connection, t.search_documents, SEARCH_COLUMNS, rows)

    def search(
        self,
        query: str,
        *,
        kinds: Sequence[str] = (),
        fields: Sequence[str] = (),
        limit: int | None = None,
    ) -> list[SearchHit]:
        """Best-ranked first; every word of ``query`` must match (the last one as a prefix)."""
        words = match_key(query).split()
        if not words:
            return []
        params: dict[str, Any] = {"kinds": tuple(kinds), "fields": tuple(fields), "limit": limit}
        postgresql = self.connection.dialect.name == "postgresql"
        prefix = None
        if postgresql:
            params["query"] = tsquery(words)
        else:
            params["query"], prefix = self._fts5_query(words)
            params["words"] = len(words)
            if prefix is not None:  # match keys are words of [0-9a-z] between single spaces
                params["prefix"] = f" {prefix}"
        statement = _search_statement(
            postgresql=postgresql,
            kinds=bool(kinds),
            fields=bool(fields),
            prefix=prefix is not None,
            limit=limit is not None,
        )
        # The rank is a float on both backends (SQLite's division, PostgreSQL's real).
        return list(map(SearchHit._make, run_compiled(self.connection, statement, params).all()))

    def names_holding(
        self, words: Sequence[str], *, prefixes: bool, kind: str, fields: Sequence[str], limit: int
    ) -> list[tuple[str, str]]:
        """(slug, text as stored) of at most ``limit`` documents of ``kind``'s ``fields`` that
        hold every one of ``words`` (match-key words; with ``prefixes``, a word starting with
        each), unranked: the lookup stops at the limit."""
        postgresql = self.connection.dialect.name == "postgresql"
        syntax = tsquery if postgresql else fts_query
        query = syntax(words, prefixes="every" if prefixes else "none")
        values = {"query": query, "kind": kind, "fields": tuple(fields), "limit": limit}
        rows = run_compiled(self.connection, _names_holding_statement(postgresql), values)
        return [(slug, original) for slug, original in rows]

    def _fts5_query(self, words: Sequence[str]) -> tuple[str, str | None]:
        """The FTS5 query for ``words``, and the last word when it is to be checked as a prefix
        on the text of the documents the others find (see the module docstring)."""
        whole = words[:-1]
        if whole:
            probe = {"probe": fts_query(whole, prefixes="none"), "few": FEW_DOCUMENTS}
            if run_compiled(self.connection, _FEW_DOCUMENTS_HOLD, probe).scalar_one():
                return fts_query(whole, prefixes="none"), words[-1]
        return fts_query(words), None


# The words before the last find few documents when they find fewer than this: the last word is
# then checked on their text. Counting stops there, so the probe reads at most this many.
FEW_DOCUMENTS = 1_000
_FEW_DOCUMENTS_HOLD = text(
    "SELECT count(*) < :few FROM (SELECT 1 FROM search_index"
    " WHERE search_index MATCH :probe LIMIT :few)"
)


# The search documents that match the bound ``:query``, by backend (postgresql or not). On
# SQLite, CROSS JOIN fixes the join order, so FTS5 finds the documents first (filtered by kind,
# SQLite would otherwise look each document of the kind up in FTS5).
_MATCHING = {
    True: "FROM search_documents d"
    " WHERE to_tsvector('simple', d.text) @@ to_tsquery('simple', :query)",
    False: "FROM search_index CROSS JOIN search_documents d ON d.id = search_index.rowid"
    " WHERE search_index MATCH :query",
}


@cache
def _search_statement(
    *, postgresql: bool, kinds: bool, fields: bool, prefix: bool, limit: bool
) -> Any:
    """The search statement of one shape, built once (``text()`` parses its SQL each time)."""
    if postgresql:
        rank = "-ts_rank(to_tsvector('simple', d.text), to_tsquery('simple', :query), 2)"
    else:
        rank = "-(:words * 1.0 / (length(d.text) - length(replace(d.text, ' ', '')) + 1))"
    sql = f"SELECT d.kind, d.slug, d.field, d.original, {rank} AS rank {_MATCHING[postgresql]}"
    filters = {
        "d.kind IN :kinds": kinds,
        "d.field IN :fields": fields,
        "instr(' ' || d.text, :prefix) > 0": prefix,
    }
    sql += "".join(f" AND {condition}" for condition, wanted in filters.items() if wanted)
    # A hit on a name, alias or title outranks one in running text; then the rank (what share
    # of the text the query covers), then a stable order.
    sql += (
        " ORDER BY CASE WHEN d.field IN ('name', 'alias', 'title') THEN 0 ELSE 1 END,"
        " rank, d.kind, d.slug, d.field"
    )
    statement = text(sql + (" LIMIT :limit" if limit else ""))
    if kinds:
        statement = statement.bindparams(_expanding("kinds"))
    if fields:
        statement = statement.bindparams(_expanding("fields"))
    return statement


@cache
def _names_holding_statement(postgresql: bool) -> Any:
    """``names_holding``'s statement, built once per backend like the search statement."""
    sql = f"SELECT d.slug, d.original {_MATCHING[postgresql]}"
    sql += " AND d.kind = :kind AND d.field IN :fields LIMIT :limit"
    return text(sql).bindparams(_expanding("fields"))


def _expanding(name: str) -> Any:
    from sqlalchemy import bindparam

    return bindparam(name, expanding=True)
