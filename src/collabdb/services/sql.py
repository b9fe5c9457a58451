"""`collabdb sql`: one statement, read-only, with bound parameters.

Read-only is enforced by the database, never by looking at the SQL:

- SQLite: the file is opened read-only (URI ``mode=ro``) with ``PRAGMA query_only``, no
  database may be attached, and an authorizer lets SQLite compile only reads (SELECT, reading
  columns, functions, recursive CTEs and the PRAGMAs that only report). The sqlite3 module
  refuses a second statement.
- PostgreSQL: a session with ``default_transaction_read_only=on`` in a READ ONLY transaction
  that is always rolled back, and the statement goes through the extended query protocol as a
  prepared statement, which the server refuses to hold more than one command.

Parameters are written ``:name`` in the SQL on both backends and bound by the driver, as text.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

from collabdb.config import DatabaseTarget
from collabdb.db import SQLITE_BUSY_TIMEOUT_MS, parse_url
from collabdb.errors import DatabaseUnavailable, InvalidInput

READ_ONLY = "collabdb sql is read-only; the database refused the query"
ONE_STATEMENT = "only one SQL statement per call; the database refused the query"
REFUSED = "the database refused the query"


@dataclass(frozen=True)
class QueryResult:
    """Column names (made unique) and one dict per row, values JSON-ready: numbers, strings
    (exact decimals as text), booleans and nulls."""

    columns: list[str]
    rows: list[dict[str, Any]]


def parse_parameters(pairs: Sequence[str]) -> dict[str, str]:
    """``["name=value", ...]`` from ``--param`` options."""
    parameters: dict[str, str] = {}
    problems = []
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.isidentifier():
            problems.append(f"--param {pair!r}: expected NAME=VALUE, NAME a word like 'year'")
        elif name in parameters:
            problems.append(f"--param {name}: given more than once")
        else:
            parameters[name] = value
    if problems:
        raise InvalidInput("invalid --param; nothing was run", problems)
    return parameters


def run_read_only_query(
    target: DatabaseTarget, *, sql: str, parameters: Mapping[str, str]
) -> QueryResult:
    from collabdb.services.bootstrap import open_database

    if not sql.strip():
        raise InvalidInput("the query is empty")
    open_database(target).dispose()  # the schema gate (and first use of the default file)
    backend = parse_url(target).get_backend_name()
    statement = _bind(sql, parameters, backend=backend)
    if backend == "sqlite":
        if target.sqlite_path is None:
            raise InvalidInput(f"collabdb sql needs an SQLite file, not {target.display}")
        columns, rows = _run_on_sqlite(target.sqlite_path, statement, dict(parameters))
    else:
        columns, rows = _run_on_postgresql(target, statement, dict(parameters))
    names = unique_names(columns)
    return QueryResult(
        columns=names,
        rows=[dict(zip(names, map(plain_value, row), strict=True)) for row in rows],
    )


def _bind(sql: str, parameters: Mapping[str, str], *, backend: str) -> str:
    """The statement in the driver's parameter style (``:name`` for sqlite3, ``%(name)s`` with
    doubled ``%`` for psycopg), after checking every parameter is given and used."""
    from sqlalchemy import text
    from sqlalchemy.dialects.sqlite import dialect as sqlite_dialect

    dialect = _psycopg_dialect() if backend == "postgresql" else sqlite_dialect(paramstyle="named")
    compiled = text(sql).compile(dialect=dialect)
    wanted = list(compiled.params)
    problems = [
        f":{name} has no value; give it with --param {name}=VALUE"
        for name in wanted
        if name not in parameters
    ]
    problems += [
        f"--param {name} is not used: the query has no :{name}"
        for name in parameters
        if name not in wanted
    ]
    if problems:
        raise InvalidInput("the query's parameters do not match; nothing was run", problems)
    return compiled.string


# What the authorizer lets SQLite compile: reads only. PRAGMAs are allowed when they only
# report; those in the second set may name a table or index to report on.
_SQLITE_READS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}
_REPORTING_PRAGMAS = frozenset(
    {
        "application_id",
        "collation_list",
        "compile_options",
        "data_version",
        "database_list",
        "encoding",
        "foreign_keys",
        "freelist_count",
        "function_list",
        "journal_mode",
        "module_list",
        "page_count",
        "page_size",
        "pragma_list",
        "query_only",
        "schema_version",
        "table_list",
        "user_version",
    }
)
_REPORTING_PRAGMAS_WITH_ARGUMENT = frozenset(
    {
        "foreign_key_check",
        "foreign_key_list",
        "index_info",
        "index_list",
        "index_xinfo",
        "integrity_check",
        "quick_check",
        "table_info",
        "table_xinfo",
    }
)


def _authorize_reads(
    action: int, first: str | None, second: str | None, _database: str | None, trigger: str | None
) -> int:
    if action in _SQLITE_READS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_UPDATE and first == "sqlite_master" and trigger is None:
        # SQLite asks this itself when it sets up a table-valued PRAGMA function such as
        # pragma_table_info('t'); a real write is still refused by mode=ro and query_only.
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (
        first in _REPORTING_PRAGMAS_WITH_ARGUMENT
        or (first in _REPORTING_PRAGMAS and second is None)
    ):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def _run_on_sqlite(
    path: Path, statement: str, parameters: dict[str, str]
) -> tuple[list[str], list[Sequence[Any]]]:
    connection = sqlite3.connect(
        f"file:{quote(str(path))}?mode=ro",
        uri=True,
        isolation_level=None,
        timeout=SQLITE_BUSY_TIMEOUT_MS / 1000,
    )
    try:
        connection.execute("PRAGMA query_only = ON")
        connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        # Read the schema now: SQLite asks the authorizer about its own schema reads too.
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.set_authorizer(_authorize_reads)
        cursor = connection.execute(statement, parameters)
        if cursor.description is None:
            return [], []
        return [column[0] for column in cursor.description], cursor.fetchall()
    except (sqlite3.Error, sqlite3.Warning) as error:
        raise _sqlite_refusal(error) from None
    finally:
        connection.close()


def _sqlite_refusal(error: Exception) -> InvalidInput:
    message = str(error)
    if "one statement at a time" in message:
        return InvalidInput(f"{ONE_STATEMENT}: {message}")
    if "readonly" in message or "not authorized" in message or "authorization denied" in message:
        return InvalidInput(f"{READ_ONLY}: {message}")
    return InvalidInput(f"{REFUSED}: {message}")


def _run_on_postgresql(
    target: DatabaseTarget, statement: str, parameters: dict[str, str]
) -> tuple[list[str], list[Sequence[Any]]]:
    import psycopg

    # The URL means to psycopg here exactly what it means to the engine of other commands.
    _, options = _psycopg_dialect().create_connect_args(parse_url(target))
    options["options"] = f"{options.get('options', '')} -c default_transaction_read_only=on"
    try:
        connection = psycopg.connect(**options)
    except psycopg.OperationalError as error:
        reason = str(error).strip().splitlines()[0]
        raise DatabaseUnavailable(
            f"cannot connect to database {target.display}: {reason}"
        ) from None
    try:
        connection.read_only = True  # BEGIN READ ONLY, on top of the session default
        cursor = connection.cursor()
        # prepare=True: a Parse message, which holds exactly one statement.
        cursor.execute(statement, parameters, prepare=True)
        if cursor.description is None:
            return [], []
        return [column.name for column in cursor.description], cursor.fetchall()
    except psycopg.Error as error:
        raise _postgresql_refusal(error) from None
    finally:
        connection.rollback()
        connection.close()


def _psycopg_dialect() -> Any:
    from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

    return PGDialect_psycopg()  # type: ignore[no-untyped-call]


def _postgresql_refusal(error: Any) -> InvalidInput:
    message = error.diag.message_primary or str(error).strip().splitlines()[0]
    if error.sqlstate == "25006":  # read_only_sql_transaction
        return InvalidInput(f"{READ_ONLY}: {message}")
    if "multiple commands" in message:
        return InvalidInput(f"{ONE_STATEMENT}: {message}")
    return InvalidInput(f"{REFUSED}: {message}")


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
