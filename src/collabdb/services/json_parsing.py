"""Parsing import input: from bytes to validated records, collecting every problem on the way.

These functions return problems instead of raising, so that a reader can keep going and report
every problem of a file at once. ``where`` prefixes say where a problem is: a JSON path for a
JSON document, ``line N: `` plus a JSON path within the line for JSON Lines.
"""

from __future__ import annotations

import codecs
import json
from typing import Any

from pydantic import ValidationError

from collabdb.kinds import Record
from collabdb.schemas.records import INPUT_MODELS
from collabdb.services.problems import Problem, json_path

MAX_DEPTH = 64


class _DuplicateKeys(dict[str, Any]):
    """A JSON object that remembers keys given more than once."""

    duplicates: list[str]
    #: How many were ever made: a parse that made none has no duplicate key to report.
    made = 0


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    plain = dict(pairs)
    if len(plain) == len(pairs):
        return plain
    result = _DuplicateKeys()
    result.duplicates = []
    _DuplicateKeys.made += 1
    for key, value in pairs:
        if key in result:
            result.duplicates.append(key)
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a valid JSON number")


# One decoder for every line: json.loads with hooks would build a new one for each call.
_DECODER = json.JSONDecoder(object_pairs_hook=_object_pairs, parse_constant=_reject_constant)


def decode_utf8(data: bytes, *, where: str = "") -> tuple[str | None, list[Problem]]:
    """Text of UTF-8 bytes (a leading BOM is dropped), or the problem of where it breaks."""
    try:
        # What the utf-8-sig codec does (error offsets after the BOM too), without its Python
        # wrapper: this runs for every line of a JSON Lines input.
        text = (data[3:] if data.startswith(codecs.BOM_UTF8) else data).decode("utf-8")
    except UnicodeDecodeError as error:
        if where:
            place, at = where, f"byte {error.start} of the line"
        else:
            line = data[: error.start].count(b"\n") + 1
            place, at = f"line {line}", f"byte {error.start}"
        return None, [Problem(place, f"invalid UTF-8 at {at}; files must be UTF-8")]
    nul = data.find(b"\x00")
    if nul >= 0:  # valid UTF-8, but JSON text never holds a raw NUL: UTF-16 or binary
        if where:
            place, at = where, f"byte {nul} of the line"
        else:
            line = data[:nul].count(b"\n") + 1
            place, at = f"line {line}", f"byte {nul}"
        message = f"NUL character at {at}: UTF-16 or binary data? files must be UTF-8"
        return None, [Problem(place, message)]
    return text, []


def parse_json(text: str, *, line: int | None = None) -> tuple[Any, list[Problem]]:
    """The JSON value of ``text`` and the problems with it (syntax, NaN, depth, duplicate keys).

    ``line`` is the line number of ``text`` in a JSON Lines file, used in messages.
    """
    prefix = "" if line is None else f"line {line}: "
    duplicates_before = _DuplicateKeys.made
    try:
        if text.startswith("\ufeff"):  # what json.loads says of a BOM left in the text
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        value = _DECODER.decode(text)
    except json.JSONDecodeError as error:
        if line is None:
            place = f"line {error.lineno} column {error.colno}"
        else:
            place = f"line {line} column {error.colno}"
        return None, [Problem(place, f"invalid JSON: {error.msg}")]
    except ValueError as error:  # NaN / Infinity
        return None, [Problem(f"{prefix}$", str(error))]
    except RecursionError:
        return None, [Problem(f"{prefix}$", "JSON nested too deeply")]
    problems: list[Problem] = []
    # Walking the value costs more than parsing it: walk only when it can find something, a
    # key given twice or brackets that could nest deeper than allowed.
    nesting_bound = text.count("[") + text.count("{")
    if nesting_bound > MAX_DEPTH or _DuplicateKeys.made != duplicates_before:
        _check_structure(value, (), problems, depth=0, prefix=prefix)
    return value, problems


def _check_structure(
    value: Any, path: tuple[str | int, ...], problems: list[Problem], depth: int, prefix: str
) -> None:
    if depth > MAX_DEPTH:
        where = prefix + json_path(*path[:4]) + "..."
        problems.append(Problem(where, f"nested deeper than {MAX_DEPTH} levels"))
        return
    if isinstance(value, _DuplicateKeys):
        for key in value.duplicates:
            problems.append(Problem(prefix + json_path(*path, key), "key given more than once"))
    if isinstance(value, dict):
        for key, item in value.items():
            _check_structure(item, (*path, key), problems, depth + 1, prefix)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_structure(item, (*path, index), problems, depth + 1, prefix)


def validation_problems(
    error: ValidationError, prefix: tuple[str | int, ...] = (), *, where: str = ""
) -> list[Problem]:
    problems = []
    for detail in error.errors():
        location = (*prefix, *detail["loc"])
        message = detail["msg"]
        if detail["type"] == "extra_forbidden":
            message = "unknown field"
        elif detail["type"] == "missing":
            message = "required field is missing"
        elif message.startswith("Value error, "):
            message = message.removeprefix("Value error, ")
        problems.append(Problem(where + json_path(*location), message))
    return problems


def validate_record(
    kind: str, raw: Any, prefix: tuple[str | int, ...], *, where: str = ""
) -> tuple[Record | None, list[Problem]]:
    """The patch a record sets (only the fields it gives), or its problems."""
    try:
        record = INPUT_MODELS[kind].model_validate(raw)
    except ValidationError as error:
        return None, validation_problems(error, prefix, where=where)
    return record.model_dump(exclude_unset=True, by_alias=True), []
