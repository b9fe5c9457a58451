"""The metadata every table registers on, its naming convention, and shared column types."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    case,
    func,
    literal_column,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

# Deterministic constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ExactDecimal(TypeDecorator[str]):
    """An exact decimal kept as canonical text in Python.

    SQLite has no decimal type (SQLAlchemy's Numeric would go through a float), so there the
    value is stored as TEXT; PostgreSQL stores a NUMERIC. Either way the application sees the
    canonical string produced by :func:`collabdb.values.canonical_decimal`.
    """

    impl = String(40)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(30, 10, asdecimal=True))
        return dialect.type_descriptor(String(40))

    def process_bind_param(self, value: str | None, dialect: Dialect) -> Any:
        if value is not None and dialect.name == "postgresql":
            return Decimal(value)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        from collabdb.values import canonical_decimal

        return canonical_decimal(str(value))


def name_columns() -> list[Column[Any]]:
    """The columns of a name in a given language and script (organizations' and people's)."""
    return [
        Column("name", Text, nullable=False, comment="The name exactly as written."),
        Column("name_key", Text, index=True, nullable=False, comment="Match key of the name."),
        Column("language", String(10), nullable=False, comment="BCP 47 language tag, e.g. en, ru."),
        Column("script", String(4), nullable=False, comment="ISO 15924 script code: Latn, Cyrl."),
        Column(
            "name_type",
            String(20),
            nullable=False,
            comment="official | short | acronym | russian | transliteration | former | informal | "
            "inn | brand | code",
        ),
    ]


# ISO strings at their own precision: "2015", "2015-10", "2015-10-17" (and "2012-Q4" for periods).
PartialDateColumn = String(10)
# A period: a partial date or an ISO 8601 interval of two, "2012-03-15/2013-03-15" at the longest.
PeriodColumn = String(21)


def period_start(period: ColumnElement[str]) -> ColumnElement[str]:
    """The date a stored period is ordered by: its first end (the period itself when it is one
    date), or its last end when the start is open. Found by where the ``/`` is, as every end has
    a fixed length; SQL literals only, as in ``date_order_key``, so an index on it matches
    queries."""

    def at(position: int, text: str) -> ColumnElement[bool]:
        return func.substr(
            period, literal_column(str(position), Integer), literal_column(str(len(text)), Integer)
        ) == literal_column(f"'{text}'", String)

    def first(length: int) -> ColumnElement[str]:
        return func.substr(
            period, literal_column("1", Integer), literal_column(str(length), Integer), type_=String
        )

    return case(
        (at(1, "../"), func.substr(period, literal_column("4", Integer), type_=String)),
        (at(5, "/"), first(4)),
        (at(8, "/"), first(7)),
        (at(11, "/"), first(10)),
        else_=period,
    )


def date_order_key(date: ColumnElement[str]) -> ColumnElement[str]:
    """A string that sorts partial dates by first day, then precision (year, quarter, month,
    day), as ``PartialDate.order_key`` does: the first day as YYYY-MM-DD, then the precision's
    rank. Always 11 characters of digits with hyphens in fixed places, so it sorts the same
    under any collation. Written with SQL literals only, no bound parameters: an index on it
    (``date_order_index``) then matches a query that orders by it."""

    def sql(text: str) -> ColumnElement[str]:
        return literal_column(text, String)

    def number(value: int) -> ColumnElement[int]:
        return literal_column(str(value), Integer)

    year = func.substr(date, number(1), number(4), type_=String)
    quarter = func.substr(date, number(7), number(1), type_=String)
    first_month = case(
        (quarter == sql("'1'"), sql("'01'")),
        (quarter == sql("'2'"), sql("'04'")),
        (quarter == sql("'3'"), sql("'07'")),
        else_=sql("'10'"),
    )
    return case(
        (func.length(date) == number(4), date + sql("'-01-010'")),
        (
            func.substr(date, number(6), number(1), type_=String) == sql("'Q'"),
            year + sql("'-'") + first_month + sql("'-011'"),
        ),
        (func.length(date) == number(7), date + sql("'-012'")),
        else_=date + sql("'3'"),
    )


def date_order_index(column: Column[str], *, period: bool = False) -> Index:
    """The timeline's order of a table's dated rows: the first ``--limit`` events of each kind
    are read by walking it instead of sorting every dated row (repositories/timeline.py). A
    ``period`` column is ordered by its start."""
    # Partial: only the dated rows. Migration 0005 makes it partial on PostgreSQL too; saying so
    # here (postgresql_where) would import SQLAlchemy's PostgreSQL dialect into the start-up of
    # every command (about 20 ms).
    return Index(
        f"ix_{column.table.name}_{column.name}_order",
        date_order_key(period_start(column) if period else column),
        sqlite_where=column.is_not(None),
        # SQLAlchemy finds the table from the expression's columns, but not inside nested CASEs
        _table=column.table,
    )
