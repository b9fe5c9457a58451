"""What a list query returns: :class:`ListResult`, its rows with the fields chosen to show."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar


class Listed(Protocol):
    """A read model a list shows: its table and CSV cells, and all of its fields as JSON."""

    def flat(self) -> dict[str, str]: ...

    def as_json(self) -> dict[str, Any]: ...


_Item = TypeVar("_Item", bound=Listed)


@dataclass(frozen=True, kw_only=True)
class ListResult(Generic[_Item]):
    """The rows of a list query in the order and number asked for (``ListOptions``), with the
    fields chosen to show: ``None`` shows each row's own ``flat()`` columns in tables and CSV,
    and every field in JSON."""

    rows: list[_Item]
    #: The ``flat()`` columns of the rows' type: the CSV header of a list with no rows.
    columns: tuple[str, ...]
    fields: tuple[str, ...] | None = None

    @functools.cached_property
    def objects(self) -> list[dict[str, Any]]:
        """``as_json()`` of each row, in the same order: worked out once, when first asked for
        (a caller that only reads ``rows`` never pays for it)."""
        return [row.as_json() for row in self.rows]

    def as_json(self) -> list[dict[str, Any]]:
        """The JSON objects shown: every field, or the chosen ones."""
        if not self.fields:
            return self.objects
        return [{name: shown[name] for name in self.fields} for shown in self.objects]

    def cells(self) -> list[dict[str, str]]:
        """The table and CSV cells: each row's ``flat()``, or the chosen fields' stored values
        (as in JSON) as text."""
        if not self.fields:
            return [row.flat() for row in self.rows]
        return [{name: cell_text(shown[name]) for name in self.fields} for shown in self.objects]

    @property
    def header(self) -> tuple[str, ...]:
        return self.fields or self.columns


def cell_text(value: Any) -> str:
    """A value as one table or CSV cell: nothing for null, lists and objects as JSON."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)
