"""From bytes to a validated import document, collecting every problem on the way."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from collabdb.schemas.records import KnowledgeBaseIn
from collabdb.services.problems import Problem, json_path, raise_if_any

MAX_DEPTH = 64


class _DuplicateKeys(dict[str, Any]):
    """A JSON object that remembers keys given more than once."""

    duplicates: list[str]


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = _DuplicateKeys()
    result.duplicates = []
    for key, value in pairs:
        if key in result:
            result.duplicates.append(key)
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a valid JSON number")


def decode_text(data: bytes, *, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise_if_any(
            [Problem(f"line {line}", f"invalid UTF-8 at byte {error.start}; files must be UTF-8")],
            subject=name,
        )
        raise AssertionError("unreachable") from error


def parse_json(text: str, *, name: str, where: str = "") -> Any:
    try:
        document = json.loads(
            text, object_pairs_hook=_object_pairs, parse_constant=_reject_constant
        )
    except json.JSONDecodeError as error:
        place = f"{where}line {error.lineno} column {error.colno}"
        raise_if_any([Problem(place, f"invalid JSON: {error.msg}")], subject=name)
    except ValueError as error:  # NaN / Infinity
        raise_if_any([Problem(where or "$", str(error))], subject=name)
    except RecursionError:
        raise_if_any([Problem(where or "$", "JSON nested too deeply")], subject=name)
    problems: list[Problem] = []
    _check_structure(document, (), problems, depth=0)
    raise_if_any(problems, subject=name)
    return document


def _check_structure(
    value: Any, path: tuple[str | int, ...], problems: list[Problem], depth: int
) -> None:
    if depth > MAX_DEPTH:
        where = json_path(*path[:4]) + "..."
        problems.append(Problem(where, f"nested deeper than {MAX_DEPTH} levels"))
        return
    if isinstance(value, _DuplicateKeys):
        for key in value.duplicates:
            problems.append(Problem(json_path(*path, key), "key given more than once"))
    if isinstance(value, dict):
        for key, item in value.items():
            _check_structure(item, (*path, key), problems, depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_structure(item, (*path, index), problems, depth + 1)


def validation_problems(
    error: ValidationError, prefix: tuple[str | int, ...] = ()
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
        problems.append(Problem(json_path(*location), message))
    return problems


def validate_document(document: Any, *, name: str) -> KnowledgeBaseIn:
    if not isinstance(document, dict):
        raise_if_any([Problem("$", "expected a JSON object with format_version")], subject=name)
    try:
        return KnowledgeBaseIn.model_validate(document)
    except ValidationError as error:
        raise_if_any(validation_problems(error), subject=name)
        raise AssertionError("unreachable") from error


def load_document(data: bytes, *, name: str) -> KnowledgeBaseIn:
    """Decode, parse and validate a whole JSON import document."""
    return validate_document(parse_json(decode_text(data, name=name), name=name), name=name)
