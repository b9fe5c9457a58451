"""`collabdb sql`: one statement, read-only, with bound parameters, bounded in time, its rows
streamed.

Read-only is enforced by the database, never by looking at the SQL: each backend's module
says how (``sql_sqlite.py``: a read-only file, an authorizer; ``sql_postgresql.py``: a READ
ONLY session, and no role that could run server programs or touch server files). Parameters
are written ``:name`` on both backends (``sql_parameters.py``) and bound by the driver, as
text. Every call has a time limit and stops on Ctrl-C (``sql_guard.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from collabdb.config import DatabaseTarget
from collabdb.db import parse_url
from collabdb.errors import InvalidInput
from collabdb.services.sql_guard import DEFAULT_TIMEOUT_SECONDS, QueryStop, noting_ctrl_c
from collabdb.services.sql_parameters import bind, parse_parameters

__all__ = ["DEFAULT_TIMEOUT_SECONDS", "QueryResult", "QueryRows", "parse_parameters"]


@dataclass(frozen=True)
class QueryRows:
    """Column names (made unique) and the rows as they come, one dict each, values JSON-ready:
    numbers, strings (exact decimals as text), booleans and nulls. Iterating may raise the
    errors of :func:`read_only_query` (cancelled, busy, the server gone)."""

    columns: list[str]
    rows: Iterator[dict[str, Any]]


@dataclass(frozen=True)
class QueryResult:
    """Every row of a statement, held (for the docs generator and tests)."""

    columns: list[str]
    rows: list[dict[str, Any]]


@contextmanager
def read_only_query(
    target: DatabaseTarget,
    *,
    sql: str,
    parameters: Mapping[str, str],
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> Iterator[QueryRows]:
    """Run one read-only statement; its rows stream while the block runs.

    Raises InvalidInput (refused: a write, a second statement, bad parameters, a role with
    server powers), Cancelled (past ``timeout`` seconds; 0 for no limit), Interrupted
    (Ctrl-C), DatabaseBusy (a lock held past the limit) or DatabaseUnavailable."""
    if "\x00" in sql:
        raise InvalidInput("the query contains a NUL character; nothing was run")
    if not sql.strip():
        raise InvalidInput("the query is empty")
    backend = parse_url(target).get_backend_name()
    statement = bind(sql, parameters, backend=backend)
    stop = QueryStop(timeout=timeout)
    with ExitStack() as stack:
        stack.enter_context(noting_ctrl_c(stop))
        if backend == "sqlite":
            from collabdb.services.sql_sqlite import (
                leaving_no_companions,
                require_head_read_only,
                sqlite_rows,
            )

            if target.sqlite_path is None:
                raise InvalidInput(f"collabdb sql needs an SQLite file, not {target.display}")
            _open_if_default_or_missing(target)
            stack.enter_context(leaving_no_companions(target.sqlite_path))
            require_head_read_only(target, stop=stop)
            found = sqlite_rows(target.sqlite_path, statement.driver, dict(parameters), stop=stop)
        else:
            from collabdb.services.bootstrap import open_database
            from collabdb.services.sql_postgresql import postgresql_rows

            open_database(target).dispose()  # the schema gate
            found = postgresql_rows(target, statement, dict(parameters), stop=stop)
        columns, rows = stack.enter_context(found)
        names = unique_names(columns)
        yield QueryRows(
            columns=names,
            rows=(dict(zip(names, map(plain_value, row), strict=True)) for row in rows),
        )


def run_read_only_query(
    target: DatabaseTarget,
    *,
    sql: str,
    parameters: Mapping[str, str],
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> QueryResult:
    """:func:`read_only_query`, every row held."""
    with read_only_query(target, sql=sql, parameters=parameters, timeout=timeout) as found:
        return QueryResult(columns=found.columns, rows=list(found.rows))


def _open_if_default_or_missing(target: DatabaseTarget) -> None:
    """The default file builds itself on first use; a missing file is one line saying how to
    create it. An existing file is left alone: the engine of other commands would switch its
    journal to WAL, and a read changes nothing."""
    from collabdb.services.bootstrap import open_database

    assert target.sqlite_path is not None
    if target.is_default or not target.sqlite_path.exists():
        open_database(target).dispose()


def unique_names(columns: Sequence[str]) -> list[str]:
    """Column names as keys: a repeated name gets a suffix (``slug``, ``slug_2``)."""
    seen: dict[str, int] = {}
    names = []
    for column in columns:
        seen[column] = seen.get(column, 0) + 1
        names.append(column if seen[column] == 1 else f"{column}_{seen[column]}")
    return names


def plain_value(value: Any) -> Any:
    """A database value as JSON-ready data, the same on both backends."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return decimal_text(value)  # exact, and "224000000" whether NUMERIC or TEXT
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (list, dict)):
        return value
    return str(value)


def decimal_text(value: Decimal) -> str:
    """Plain notation without trailing zeros after the point (PostgreSQL keeps the scale)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text
