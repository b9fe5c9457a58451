"""The import's many-row statements, sent to the driver's executemany as plain tuples.

For the import's batches SQLAlchemy Core costs more than SQLite's own work: each call compiles
the statement (an expanding IN renders anew for every list length) and builds every row's
parameters from a dict (measured in docs/performance.md). Here each statement is rendered once
per table, columns and dialect, and rows go to ``exec_driver_sql`` as tuples -- still on the
unit of work's connection, inside its one transaction, with SQLAlchemy's events, and with the bind
processors of the column types (``ExactDecimal`` becomes a ``Decimal`` on PostgreSQL). This is
the import's only writer, on both backends.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table
from sqlalchemy.engine import Dialect

Row = tuple[Any, ...]
Processor = Callable[[Any], Any]
IN_CHUNK = 500  # values per IN list: well under SQLite's bound-parameter limit


def _mark(dialect: Dialect) -> str:
    return "?" if dialect.paramstyle == "qmark" else "%s"


@lru_cache(maxsize=512)
def _processors(table: Table, columns: tuple[str, ...], dialect: Dialect) -> tuple[Any, ...]:
    """Each column's bind processor (None when the driver takes the value as it is)."""
    found = tuple(table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns)
    return found if any(found) else ()


def _processed(rows: Sequence[Row], processors: tuple[Processor | None, ...]) -> Sequence[Row]:
    if not processors:
        return rows
    return [
        tuple(v if p is None or v is None else p(v) for p, v in zip(processors, row, strict=True))
        for row in rows
    ]


@lru_cache(maxsize=512)
def _insert_sql(table: Table, columns: tuple[str, ...], dialect: Dialect) -> str:
    names = ", ".join(dialect.identifier_preparer.quote(c) for c in columns)
    marks = ", ".join(_mark(dialect) for _ in columns)
    return (
        f"INSERT INTO {dialect.identifier_preparer.format_table(table)} ({names}) VALUES ({marks})"
    )


@lru_cache(maxsize=512)
def _copy_sql(table: Table, columns: tuple[str, ...], dialect: Dialect) -> str:
    names = ", ".join(dialect.identifier_preparer.quote(c) for c in columns)
    return f"COPY {dialect.identifier_preparer.format_table(table)} ({names}) FROM STDIN"


@lru_cache(maxsize=512)
def _update_sql(table: Table, columns: tuple[str, ...], key: str, dialect: Dialect) -> str:
    quote, mark = dialect.identifier_preparer.quote, _mark(dialect)
    assignments = ", ".join(f"{quote(c)} = {mark}" for c in columns)
    name = dialect.identifier_preparer.format_table(table)
    return f"UPDATE {name} SET {assignments} WHERE {quote(key)} = {mark}"


def insert_rows(
    connection: Connection, table: Table, columns: tuple[str, ...], rows: Sequence[Row]
) -> None:
    """INSERT ``rows`` (tuples in the order of ``columns``): one executemany on SQLite, one
    ``COPY ... FROM STDIN`` on PostgreSQL (psycopg sends an executemany as one INSERT per row,
    tens of microseconds each on both sides; COPY streams the rows). Either way the rows go
    through the columns' bind processors and into the connection's transaction."""
    if not rows:
        return
    dialect = connection.dialect
    processed = _processed(rows, _processors(table, columns, dialect))
    if dialect.name == "postgresql":
        driver: Any = connection.connection.driver_connection
        with driver.cursor() as cursor, cursor.copy(_copy_sql(table, columns, dialect)) as copy:
            for row in processed:
                copy.write_row(row)
        return
    connection.exec_driver_sql(_insert_sql(table, columns, dialect), processed)


def update_rows(
    connection: Connection, table: Table, columns: tuple[str, ...], key: str, rows: Sequence[Row]
) -> None:
    """UPDATE ``columns`` of the rows whose ``key`` is the last value of each tuple."""
    if not rows:
        return
    dialect = connection.dialect
    processors = _processors(table, (*columns, key), dialect)
    sql = _update_sql(table, columns, key, dialect)
    connection.exec_driver_sql(sql, _processed(rows, processors))


def select_in(
    connection: Connection, sql: str, values: Collection[Any], *, before: Row = ()
) -> Iterator[Row]:
    """Rows of ``sql``, whose ``{in}`` stands for a list of ``values`` (sent in chunks) and
    whose other parameters, ``before`` the list, are marked ``{p}``.

    ``sql`` only reads columns that need no result processing (ids, slugs, plain text)."""
    if not values:
        return
    mark = _mark(connection.dialect)
    items = list(values)
    for start in range(0, len(items), IN_CHUNK):
        chunk = items[start : start + IN_CHUNK]
        statement = sql.replace("{p}", mark).replace("{in}", ", ".join([mark] * len(chunk)))
        yield from connection.exec_driver_sql(statement, (*before, *chunk)).fetchall()
