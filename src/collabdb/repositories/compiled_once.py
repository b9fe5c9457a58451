"""Read statements compiled once per dialect and run through ``exec_driver_sql`` (a speed
device: not a database's prepared statement, but SQLAlchemy's compile step done once).

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

What it is worth (2026-12-03, 10k synthetic deals, each query against its own SQL replayed
through ``sqlite3`` in alternating rounds, three runs of each variant in turn): the partner
query 1.80-1.81x with it and 1.96-1.99x with plain ``Connection.execute`` (9% more, and the
target is 2x: without it the partner query sits at the target's edge, where the noise of a
run, about 5%, breaks it); the whole-name search 1.71-1.73x against 1.87-1.88x; the area and
word search within noise.
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
class _CompiledOnce:
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


def run_compiled(
    connection: Connection, statement: Executable, values: Mapping[str, Any] | None = None
) -> CursorResult[*tuple[Any, ...]]:
    """``connection.execute(statement, values)``, with the statement compiled once per dialect.

    Only for statements built once (by a cached builder): a statement is remembered by its
    identity, so one built on every call would be compiled on every call."""
    compiled = _compile_once(statement, connection.dialect)
    if compiled is None:
        return connection.execute(statement, values)
    return connection.exec_driver_sql(compiled.sql, compiled.parameters(values or {}))


@lru_cache(maxsize=512)
def _compile_once(statement: Executable, dialect: Dialect) -> _CompiledOnce | None:
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
    return _CompiledOnce(compiled.string, slots, positional, required)


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
