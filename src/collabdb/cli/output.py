"""The one output layer: every read command renders through :func:`render`.

- table: aligned columns that fit the terminal (80 columns when not a terminal), long cells
  wrapped; plain text, never ANSI codes.
- json: one array of objects with stable keys (full read models, dates as ISO strings at their
  precision, amounts as strings).
- csv: a header row and one row per item, RFC 4180, UTF-8.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any, TextIO

from pydantic import BaseModel


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def render(
    items: Sequence[BaseModel],
    *,
    output_format: OutputFormat,
    flat: Callable[[Any], dict[str, str]],
    stream: TextIO | None = None,
    empty_message: str = "no results",
) -> None:
    out = stream or sys.stdout
    if output_format is OutputFormat.json:
        out.write(to_json([item.model_dump(mode="json") for item in items]))
    elif output_format is OutputFormat.csv:
        out.write(to_csv([flat(item) for item in items]))
    elif items:
        out.write(to_table([flat(item) for item in items], width=terminal_width(out)))
    else:
        print(empty_message, file=sys.stderr)


def render_object(
    item: dict[str, Any], *, output_format: OutputFormat, stream: TextIO | None = None
) -> None:
    """One object: JSON as an object; table and CSV as field/value rows."""
    out = stream or sys.stdout
    if output_format is OutputFormat.json:
        out.write(to_json(item))
        return
    rows = [{"field": key, "value": _cell(value)} for key, value in item.items()]
    if output_format is OutputFormat.csv:
        out.write(to_csv(rows))
    else:
        out.write(to_table(rows, width=terminal_width(out)))


def render_rows(
    columns: Sequence[str],
    rows: Sequence[dict[str, Any]],
    *,
    output_format: OutputFormat,
    stream: TextIO | None = None,
    empty_message: str = "no rows",
) -> None:
    """Rows of plain values under named columns (e.g. an SQL result): JSON objects with the
    values as they are (numbers stay numbers, NULL is null); CSV and table cells as text, NULL
    empty. CSV keeps its header when there are no rows."""
    out = stream or sys.stdout
    if output_format is OutputFormat.json:
        out.write(to_json(list(rows)))
        return
    cells = [{column: _plain_cell(row[column]) for column in columns} for row in rows]
    if output_format is OutputFormat.csv:
        out.write(to_csv(cells, columns=columns))
    elif cells:
        out.write(to_table(cells, width=terminal_width(out)))
    else:
        print(empty_message, file=sys.stderr)


def _plain_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _cell(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def to_csv(rows: Sequence[dict[str, str]], *, columns: Sequence[str] | None = None) -> str:
    """RFC 4180; with ``columns`` the header is written even when there are no rows."""
    if not rows and columns is None:
        return ""
    buffer = io.StringIO()
    fieldnames = list(columns) if columns is not None else list(rows[0])
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def terminal_width(stream: TextIO) -> int:
    if stream.isatty():
        return max(40, shutil.get_terminal_size((80, 24)).columns)
    return 80


def to_table(rows: Sequence[dict[str, str]], *, width: int = 80) -> str:
    """Aligned columns when they fit in ``width``; otherwise one block per row (like psql's
    expanded display), so that nothing is cut or broken mid-word."""
    if not rows:
        return ""
    headers = list(rows[0])
    cells = [[str(row.get(h, "")) for h in headers] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    gap = "  "
    if sum(widths) + len(gap) * (len(headers) - 1) <= width:
        lines = [_line(headers, widths, gap), _line(["-" * w for w in widths], widths, gap)]
        lines.extend(_line(row, widths, gap) for row in cells)
        return "\n".join(lines) + "\n"
    return _blocks(headers, cells, width)


def _line(values: Sequence[str], widths: Sequence[int], gap: str) -> str:
    return gap.join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()


def _blocks(headers: Sequence[str], cells: Sequence[Sequence[str]], width: int) -> str:
    label_width = max(len(h) for h in headers[1:]) if len(headers) > 1 else 0
    value_width = max(20, width - label_width - 4)
    blocks = []
    for row in cells:
        lines = [row[0]]
        for header, value in zip(headers[1:], row[1:], strict=True):
            wrapped = textwrap.wrap(value, value_width, break_on_hyphens=False) or [""]
            lines.append(f"  {header.ljust(label_width)}  {wrapped[0]}".rstrip())
            lines.extend(f"  {'':{label_width}}  {more}" for more in wrapped[1:])
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
