"""JSON built in SQL, so a page of records reads with its related collections in one statement.

``json_rows(a, b, ...)`` aggregates the rows of a correlated subquery into a JSON array of
arrays (``[]`` when there are none); ``json_documents(x, y, ...)`` puts several such documents
into one JSON array, so that each record's collections come back as one value, decoded once.
Compared with one statement per collection for the page's ids, the page sends one statement
instead of five, renders no ``IN`` list of ids on each call and decodes one JSON value per
record (docs/performance.md). The two backends spell these differently; the order of the rows
inside an array is not defined (callers sort).

``among(column, name)`` is the other way round: the column's value is one of a list bound as
one parameter (JSON text read by ``json_each`` on SQLite, an array on PostgreSQL). An expanding
``IN`` renders the statement's SQL anew on every run, one parameter per value (it cost more
than the lookup of 50 slugs itself), and is bounded by the number of parameters a statement
may bind.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from sqlalchemy import JSON, ColumnElement, Dialect, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import NullType, TypeDecorator


class json_rows(FunctionElement[Any]):
    """An aggregate: one JSON array ``[a, b, ...]`` per row, all of them in a JSON array."""

    type = JSON()
    inherit_cache = True
    name = "json_rows"


@compiles(json_rows, "sqlite")
def _sqlite_rows(element: json_rows, compiler: SQLCompiler, **kw: Any) -> str:
    # json_group_array gives '[]' when there are no rows (json_agg gives NULL: coalesce below).
    return f"json_group_array(json_array({compiler.process(element.clauses, **kw)}))"


@compiles(json_rows, "postgresql")
def _postgresql_rows(element: json_rows, compiler: SQLCompiler, **kw: Any) -> str:
    columns = compiler.process(element.clauses, **kw)
    return f"coalesce(json_agg(json_build_array({columns})), '[]')"


class json_documents(FunctionElement[Any]):
    """A JSON array of JSON documents (``json_rows`` subqueries), each kept as JSON. Fetched
    as the driver gives it (no result processing): read it with :func:`decoded`."""

    type = NullType()
    inherit_cache = True
    name = "json_documents"


@compiles(json_documents, "sqlite")
def _sqlite_documents(element: json_documents, compiler: SQLCompiler, **kw: Any) -> str:
    # A JSON text loses its JSON subtype through a scalar subquery (not in every SQLite
    # version): json() marks it as JSON again, so json_array nests it rather than quoting it.
    documents = (f"json({compiler.process(clause, **kw)})" for clause in element.clauses)
    return f"json_array({', '.join(documents)})"


@compiles(json_documents, "postgresql")
def _postgresql_documents(element: json_documents, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_build_array({compiler.process(element.clauses, **kw)})"


class _ValueList(TypeDecorator[Collection[Any]]):
    """A list of values bound as one parameter: JSON text on SQLite, an array on PostgreSQL."""

    impl = NullType
    cache_ok = True

    def process_bind_param(self, value: Collection[Any] | None, dialect: Dialect) -> Any:
        values = list(value or ())
        return json.dumps(values) if dialect.name == "sqlite" else values


class _among(FunctionElement[Any]):
    # Not typed Boolean: SQLite has no boolean type, and SQLAlchemy would compare the
    # condition with 1, which no index can serve.
    type = NullType()
    inherit_cache = True
    name = "among"


def among(column: ColumnElement[Any], name: str) -> ColumnElement[bool]:
    """``column`` is one of the values of the list bound as ``name``."""
    return _among(column, bindparam(name, type_=_ValueList()))


@compiles(_among, "sqlite")
def _sqlite_among(element: _among, compiler: SQLCompiler, **kw: Any) -> str:
    column, values = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"{column} IN (SELECT value FROM json_each({values}))"


@compiles(_among, "postgresql")
def _postgresql_among(element: _among, compiler: SQLCompiler, **kw: Any) -> str:
    column, values = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"{column} = ANY({values})"


_raw_decode = json.JSONDecoder().raw_decode


def decoded(document: Any) -> Any:
    """A fetched ``json_documents`` value as Python lists: SQLite gives JSON text, psycopg
    decodes PostgreSQL's json itself. ``raw_decode`` rather than ``json.loads`` (or the JSON
    type's result processor): the text is the database's own JSON, with no whitespace around
    it to check for, and that check was half the cost of decoding a listed page."""
    return _raw_decode(document)[0] if isinstance(document, str) else document
