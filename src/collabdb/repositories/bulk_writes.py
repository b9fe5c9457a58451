"""The import's many-row writes: INSERT and UPDATE of a batch, on the unit of work's connection.

Rows come as tuples in the order of the columns given. On SQLite and for updates they go through
SQLAlchemy Core's executemany. On PostgreSQL new rows are streamed with ``COPY ... FROM STDIN``
on the connection's own driver connection, inside its transaction (a speed device): a 10k-deal
import took 17.2-17.6 s with it and 40.0-41.0 s with Core's executemany (2026-12-03, whole
``collabdb import`` processes run in turn), against a target of 4x the raw ``COPY``.

The SQLite path gave up a device of its own: statements rendered once per table and rows sent
to ``exec_driver_sql`` as tuples made the same import 13.0 s instead of 14.0 s (7%, under the
10% a device must save; the import stays under 2x its raw limit either way).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table, bindparam
from sqlalchemy.engine import Dialect

#: One row's values, in the order of the columns they are written to.
Values = tuple[Any, ...]
Processor = Callable[[Any], Any]


@lru_cache(maxsize=512)
def _processors(table: Table, columns: tuple[str, ...], dialect: Dialect) -> tuple[Any, ...]:
    """Each column's bind processor (None when the driver takes the value as it is)."""
    return tuple(table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns)


@lru_cache(maxsize=512)
def _copy_sql(table: Table, columns: tuple[str, ...], dialect: Dialect) -> str:
    names = ", ".join(dialect.identifier_preparer.quote(c) for c in columns)
    return f"COPY {dialect.identifier_preparer.format_table(table)} ({names}) FROM STDIN"


def insert_rows(
    connection: Connection, table: Table, columns: tuple[str, ...], rows: Sequence[Values]
) -> None:
    """INSERT ``rows``: COPY on PostgreSQL (through the columns' bind processors, as Core would
    convert them: an exact decimal becomes a ``Decimal``), executemany elsewhere."""
    if not rows:
        return
    dialect = connection.dialect
    if dialect.name != "postgresql":
        connection.execute(table.insert(), [dict(zip(columns, row, strict=True)) for row in rows])
        return
    processors: tuple[Processor | None, ...] = _processors(table, columns, dialect)
    driver: Any = connection.connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(_copy_sql(table, columns, dialect)) as copy:
        for row in rows:
            pairs = zip(processors, row, strict=True)
            copy.write_row([v if p is None or v is None else p(v) for p, v in pairs])


def update_rows(
    connection: Connection, table: Table, columns: tuple[str, ...], key: str, rows: Sequence[Values]
) -> None:
    """UPDATE ``columns`` of the rows whose ``key`` is the last value of each tuple."""
    if not rows:
        return
    # Bound names apart from the columns' (SQLAlchemy keeps those for itself in SET).
    names = [f"set_{column}" for column in columns]
    statement = (
        table.update()
        .where(table.c[key] == bindparam("where_key"))
        .values({column: bindparam(name) for column, name in zip(columns, names, strict=True)})
    )
    connection.execute(
        statement,
        [{**dict(zip(names, row, strict=False)), "where_key": row[-1]} for row in rows],
    )
