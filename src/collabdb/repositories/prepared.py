"""Read statements compiled once per dialect and run through ``exec_driver_sql``.

The read commands run statements that cached builders make once (``@cache``). Even so, each
``Connection.execute`` of one hashes its whole cache key (a listed page's key has about 1,800
parts), looks its compiled form up, builds its parameters from the bound values and maps its
result columns: for the partner query's two statements, that was about a tenth of the whole
call (docs/performance.md). ``run`` compiles a statement the first time a dialect sees it, and
keeps its SQL and how to order and convert its values; the rest of SQLAlchemy's execution stays:
the connection's transaction and events, and errors wrapped as ``DBAPIError``.

Some statements run through ``Connection.execute`` as before: those whose values SQLAlchemy
renders into the SQL or computes on each run (expanding IN lists, literal values, callables),
and those with a column it may convert on the way out (anything but plain integers, text and
untyped columns).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, CursorResult, Executable, Integer, String, exc
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import BindParameter, ClauseElement
from sqlalchemy.types import NullType, TypeDecorator, TypeEngine

Processor = Callable[[Any], Any]


@dataclass(frozen=True)
class _Slot:
    """One value the SQL takes: the key it is bound by, its own value, its bind processor."""

    key: str
    name: str
    default: Any
    processor: Processor | None


@dataclass(frozen=True)
class _Prepared:
    sql: str
    slots: tuple[_Slot, ...]
    positional: bool
    required: frozenset[str]

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        missing = self.required.difference(values)
        if missing:
            raise exc.InvalidRequestError(
                f"A value is required for bind parameter {min(missing)!r}"
            )
        converted = [
            slot.processor(value) if slot.processor is not None else value
            for slot in self.slots
            for value in (values.get(slot.key, slot.default),)
        ]
        if self.positional:
            return tuple(converted)
        return {slot.name: value for slot, value in zip(self.slots, converted, strict=True)}


def run(
    connection: Connection, statement: Executable, values: Mapping[str, Any] | None = None
) -> CursorResult[*tuple[Any, ...]]:
    """``connection.execute(statement, values)``, with the statement compiled once per dialect.

    Only for statements built once (by a cached builder): a statement is remembered by its
    identity, so one built on every call would be compiled on every call."""
    prepared = _prepare(statement, connection.dialect)
    if prepared is None:
        return connection.execute(statement, values)
    return connection.exec_driver_sql(prepared.sql, prepared.parameters(values or {}))


@lru_cache(maxsize=512)
def _prepare(statement: Executable, dialect: Dialect) -> _Prepared | None:
    if not isinstance(statement, ClauseElement):
        return None
    compiled = statement.compile(dialect=dialect)
    if not isinstance(compiled, SQLCompiler) or not _plain(compiled, dialect):
        return None
    binds: dict[str, BindParameter[Any]] = compiled.binds
    positional = compiled.positiontup is not None
    names = compiled.positiontup if positional else list(binds)
    slots = tuple(_slot(name, binds[name], dialect) for name in names or ())
    required = frozenset(slot.key for slot in slots if binds[slot.name].required)
    return _Prepared(compiled.string, slots, positional, required)


def _plain(compiled: SQLCompiler, dialect: Dialect) -> bool:
    """Whether the compiled SQL runs as it is: nothing rendered per run, and columns of plain
    integers and text (and untyped ones, such as JSON built by the database) that the driver
    gives as they are. Other types may convert what they fetch, depending on the driver's type
    code (PostgreSQL's numerics): they take SQLAlchemy's own path."""
    if compiled.literal_execute_params or compiled.post_compile_params:
        return False
    if any(bind.callable is not None for bind in compiled.binds.values()):
        return False  # a value computed on each run
    if compiled.escaped_bind_names:
        return False
    columns = getattr(compiled.statement, "selected_columns", ())
    return all(_fetched_as_is(column.type, dialect) for column in columns)


def _fetched_as_is(column_type: TypeEngine[Any], dialect: Dialect) -> bool:
    if isinstance(column_type, TypeDecorator):
        return False
    if not isinstance(column_type, Integer | String | NullType):
        return False
    return column_type.dialect_impl(dialect).result_processor(dialect, None) is None


def _slot(name: str, bind: BindParameter[Any], dialect: Dialect) -> _Slot:
    default = bind.value
    processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
    return _Slot(bind.key, name, default, processor)
