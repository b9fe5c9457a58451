"""The ``:name`` parameters of a `collabdb sql` statement, found the same way on both backends.

A ``:name`` is a parameter outside string literals (``'...'``, ``E'...'``), quoted identifiers
(``"..."``; on SQLite also ``[...]`` and backquotes), comments (``-- ...``, ``/* ... */``,
nested on PostgreSQL as its parser nests them) and dollar-quoted strings (``$$...$$``,
``$tag$...$tag$``); a ``::`` cast or a colon right after a word (``a[1:n]``) is not one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from collabdb.errors import InvalidInput

_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
_DOLLAR_TAG = re.compile(r"\$(?:[A-Za-z_][A-Za-z_0-9]*)?\$")


@dataclass(frozen=True)
class BoundStatement:
    """The statement for the driver and the names of its parameters, in order of use.

    ``driver`` is what the driver takes: the SQL as written for sqlite3 (which binds ``:name``
    itself), ``%(name)s`` with every other ``%`` doubled for psycopg. ``native`` has PostgreSQL's
    own ``$1, $2...`` (for describing the statement), ``native_names`` the name of each."""

    driver: str
    native: str
    native_names: list[str]


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


def bind(sql: str, parameters: Mapping[str, str], *, backend: str) -> BoundStatement:
    """The statement for ``backend``'s driver, after checking that every parameter is given
    and every value used."""
    pieces = _pieces(sql, postgresql=backend == "postgresql")
    wanted = list(dict.fromkeys(name for kind, name in pieces if kind == "name"))
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
    if backend != "postgresql":
        return BoundStatement(driver=sql, native=sql, native_names=wanted)
    driver = "".join(
        f"%({text})s" if kind == "name" else text.replace("%", "%%") for kind, text in pieces
    )
    native = "".join(
        f"${wanted.index(text) + 1}" if kind == "name" else text for kind, text in pieces
    )
    return BoundStatement(driver=driver, native=native, native_names=wanted)


def _pieces(sql: str, *, postgresql: bool) -> list[tuple[str, str]]:
    """The statement cut into ``("sql", text)`` and ``("name", parameter)`` pieces."""
    pieces: list[tuple[str, str]] = []
    start = position = 0
    while position < len(sql):
        end = _skip_quoted(sql, position, postgresql=postgresql)
        if end > position:
            position = end
            continue
        name = _parameter_at(sql, position)
        if name is None:
            position += 1
            continue
        pieces += [("sql", sql[start:position]), ("name", name)]
        position += 1 + len(name)
        start = position
    pieces.append(("sql", sql[start:]))
    return pieces


def _parameter_at(sql: str, position: int) -> str | None:
    if sql[position] != ":" or sql[position + 1 : position + 2] == ":":
        return None
    before = sql[position - 1] if position else " "
    if before == ":" or before.isalnum() or before == "_":
        return None
    found = _NAME.match(sql, position + 1)
    return found.group() if found else None


def _skip_quoted(sql: str, position: int, *, postgresql: bool) -> int:
    """The end of the literal, quoted name or comment starting at ``position`` (or
    ``position`` itself when none starts there)."""
    char, pair = sql[position], sql[position : position + 2]
    if pair == "--":
        end = sql.find("\n", position)
        return len(sql) if end < 0 else end + 1
    if pair == "/*":
        return _comment_end(sql, position, nested=postgresql)
    if char == "'":
        escapes = postgresql and position > 0 and sql[position - 1] in "eE"
        return _quote_end(sql, position, "'", backslash=escapes)
    if char == '"' or (not postgresql and char == "`"):
        return _quote_end(sql, position, char, backslash=False)
    if not postgresql and char == "[":
        end = sql.find("]", position + 1)
        return len(sql) if end < 0 else end + 1
    if char == "$" and not (position and (sql[position - 1].isalnum() or sql[position - 1] == "_")):
        tag = _DOLLAR_TAG.match(sql, position)
        if tag:
            end = sql.find(tag.group(), tag.end())
            return len(sql) if end < 0 else end + len(tag.group())
    return position


def _quote_end(sql: str, position: int, quote: str, *, backslash: bool) -> int:
    index = position + 1
    while index < len(sql):
        if backslash and sql[index] == "\\":
            index += 2
        elif sql[index] == quote:
            if sql[index + 1 : index + 2] != quote:  # a doubled quote stays inside
                return index + 1
            index += 2
        else:
            index += 1
    return len(sql)


def _comment_end(sql: str, position: int, *, nested: bool) -> int:
    depth, index = 0, position
    while index < len(sql):
        pair = sql[index : index + 2]
        if pair == "/*" and (nested or depth == 0):
            depth, index = depth + 1, index + 2
        elif pair == "*/":
            depth, index = depth - 1, index + 2
            if depth == 0:
                return index
        else:
            index += 1
    return len(sql)
