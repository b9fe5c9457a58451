"""Walking an import document: every value under given keys, with its JSON path."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any


def keyed(value: Any, keys: Collection[str], where: str = "$") -> Iterator[tuple[str, Any]]:
    """(JSON path, value) of every field named one of ``keys``, at any depth."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in keys:
                yield f"{where}.{key}", item
            else:
                yield from keyed(item, keys, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from keyed(item, keys, f"{where}[{index}]")


def citations_in(value: Any, where: str = "$") -> Iterator[tuple[str, dict[str, Any]]]:
    """(JSON path, citation) of every citation anywhere in ``value``."""
    for path, citations in keyed(value, {"citations"}, where):
        for index, citation in enumerate(citations):
            yield f"{path}[{index}]", citation
