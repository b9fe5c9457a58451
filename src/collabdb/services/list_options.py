"""The options every list query takes: sort by a field, keep the first N rows, show some fields.

Every list service takes a :class:`ListOptions` and returns what :meth:`ListOptions.apply` makes
of its rows, so the CLI and any other front end get the same rows in the same order, and the
same error for a field that does not exist.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from collabdb.errors import InvalidInput
from collabdb.schemas.list_result import Listed, ListResult

_Item = TypeVar("_Item", bound=Listed)


@dataclass(frozen=True, kw_only=True)
class ListOptions:
    """``sort``: a field as named in JSON output, ``-field`` descending (rows without a value
    last either way); ``limit``: at most this many rows; ``fields``: only these fields."""

    sort: str | None = None
    limit: int | None = None
    fields: tuple[str, ...] | None = None

    @property
    def read_limit(self) -> int | None:
        """The limit a query may apply as it reads: none when the rows are sorted afterwards."""
        return None if self.sort else self.limit

    def apply(self, rows: Sequence[_Item], *, columns: tuple[str, ...]) -> ListResult[_Item]:
        """``rows`` sorted, cut to the limit, with the chosen fields; ``columns`` are the
        ``flat()`` columns of their type. A field or sort field that the rows do not have is
        an :class:`InvalidInput` error (not checked when there are no rows)."""
        if rows and (self.fields or self.sort):
            self._check_fields(rows[0].as_json())
        order = list(range(len(rows)))
        if self.sort:
            objects = [row.as_json() for row in rows]
            descending = self.sort.startswith("-")
            name = self.sort.lstrip("-")
            present = [i for i in order if objects[i].get(name) is not None]
            missing = [i for i in order if objects[i].get(name) is None]
            present.sort(key=lambda i: sort_key(objects[i][name]), reverse=descending)
            order = present + missing
        if self.limit is not None:
            order = order[: self.limit]
        return ListResult(rows=[rows[i] for i in order], columns=columns, fields=self.fields)

    def _check_fields(self, sample: dict[str, Any]) -> None:
        known = list(sample)
        wanted = [*(self.fields or ()), *([self.sort.lstrip("-")] if self.sort else [])]
        unknown = [name for name in wanted if name not in known]
        if unknown:
            raise InvalidInput(f"unknown field {unknown[0]!r}; choose from: {', '.join(known)}")


#: Every row, in the query's own order, with every field.
EVERY_ROW = ListOptions()


def sort_key(value: Any) -> tuple[int, Any]:
    """Numbers numerically, dates by first day then precision, text case-insensitively."""
    from collabdb.values import PartialDate

    if isinstance(value, bool | int | float):
        return (0, value)
    if isinstance(value, str):
        try:
            parsed = PartialDate.parse(value, allow_quarter=True)
        except ValueError:
            return (2, value.casefold())
        return (1, parsed.order_key())
    return (3, json.dumps(value, sort_keys=True))
