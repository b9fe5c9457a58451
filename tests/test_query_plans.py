"""The read queries use indexes: EXPLAIN QUERY PLAN of every statement they send, no timings.

SQLite has no statistics tables here (nothing runs ANALYZE), so its plans come from the schema
and the SQL alone and are the same on the seeded database as on a million deals.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from collabdb.services.queries import list_agreements
from collabdb.services.search import search

# A full pass over a real table: "SCAN agreements", "SCAN d" (an alias); subqueries, CTEs
# ("anon_1") and the FTS5 virtual table (which answers MATCH from its own index) are fine.
FULL_SCAN = re.compile(r"^SCAN (?!anon_\d|search_index VIRTUAL TABLE)(\w+)")


@contextmanager
def statements_of(engine: Any) -> Iterator[list[tuple[str, Any]]]:
    sent: list[tuple[str, Any]] = []

    def capture(_c: Any, _cursor: Any, sql: str, params: Any, *_: Any) -> None:
        if not sql.lstrip().upper().startswith("BEGIN"):
            sent.append((sql, params))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", capture)


def full_scans(database: Path, statements: list[tuple[str, Any]]) -> list[str]:
    with sqlite3.connect(database) as connection:
        return [
            f"{detail} in: {' '.join(sql.split())[:120]}"
            for sql, params in statements
            for *_, detail in connection.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            if FULL_SCAN.match(detail)
        ]


QUERIES: dict[str, Callable[[Any], object]] = {
    "partner": lambda engine: list_agreements(engine, partners=["AstraZeneca"], limit=50),
    "area": lambda engine: list_agreements(engine, area="Oncology", limit=50),
    "search": lambda engine: search(engine, text="oncology", limit=50),
}


@pytest.mark.parametrize("name", QUERIES)
def test_read_queries_scan_no_table(
    name: str, seeded_db: Path, engine_for: Callable[[Path], Any]
) -> None:
    engine = engine_for(seeded_db)
    with statements_of(engine) as statements:
        assert QUERIES[name](engine)  # the seed answers each of them
    assert len(statements) >= 2
    assert full_scans(seeded_db, statements) == []


def test_a_full_scan_is_reported(seeded_db: Path) -> None:
    """The check itself: an unindexed filter on the agreements table is a full scan."""
    statements = [("SELECT id FROM agreements WHERE title = ?", ("x",))]
    assert full_scans(seeded_db, statements) == [
        "SCAN agreements in: SELECT id FROM agreements WHERE title = ?"
    ]
