"""The metadata every table registers on, its naming convention, and shared column types."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Column, MetaData, Numeric, String, Text
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
            comment="official | short | acronym | russian | transliteration | former | informal",
        ),
    ]


# ISO strings at their own precision: "2015", "2015-10", "2015-10-17" (and "2012-Q4" for periods).
PartialDateColumn = String(10)
