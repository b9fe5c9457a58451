"""Declarative base, naming convention and the column types every model shares."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import MetaData, Numeric, String, Table, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

# Deterministic constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def table_of(model: type[Base]) -> Table:
    """A model's table, for Core statements (which need no ORM mapper configuration)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


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


class NameColumns:
    """The columns of a name in a given language and script (organizations' and people's)."""

    name: Mapped[str] = mapped_column(Text, comment="The name exactly as written.")
    name_key: Mapped[str] = mapped_column(Text, index=True, comment="Match key of the name.")
    language: Mapped[str] = mapped_column(String(10), comment="BCP 47 language tag, e.g. en, ru.")
    script: Mapped[str] = mapped_column(String(4), comment="ISO 15924 script code: Latn, Cyrl.")
    name_type: Mapped[str] = mapped_column(
        String(20),
        comment="official | short | acronym | russian | transliteration | former | informal",
    )


# ISO strings at their own precision: "2015", "2015-10", "2015-10-17" (and "2012-Q4" for periods).
PartialDateColumn = String(10)
