"""The one output layer: every read command renders through :func:`render` (a list query's
result), :func:`render_object` (one object) or :func:`render_rows` (rows of plain values).
It renders what it is given: sorting, limiting and choosing fields are the services' work.

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
import re
import shutil
import sys
import textwrap
from collections.abc import Sequence
from enum import StrEnum
from typing import Any, TextIO

from collabdb.schemas.list_result import ListResult, cell_text


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def render(
    result: ListResult[Any],
    *,
    output_format: OutputFormat,
    stream: TextIO | None = None,
    empty_message: str = "no results",
) -> None:
    """Render what a list query returns, as it comes: its rows in their order, its chosen fields
    (each row's ``flat()`` columns by default for table and CSV, every field for JSON). CSV
    keeps its header when there are no rows."""
    out = stream or sys.stdout
    if output_format is OutputFormat.json:
        out.write(to_json(result.as_json()))
        return
    cells = result.cells()
    if output_format is OutputFormat.csv:
        out.write(to_csv(cells, columns=list(result.header) if result.header else None))
    elif cells:
        out.write(to_table(cells, width=terminal_width(out)))
    else:
        print(empty_message, file=sys.stderr)


def render_object(
    item: dict[str, Any], *, output_format: OutputFormat, stream: TextIO | None = None
) -> None:
    """One object: JSON as an object; a readable outline for table; field/value rows for CSV."""
    out = stream or sys.stdout
    item = scalars_first(item)
    if output_format is OutputFormat.json:
        out.write(to_json(item))
    elif output_format is OutputFormat.csv:
        out.write(
            to_csv([{"field": key, "value": cell_text(value)} for key, value in item.items()])
        )
    else:
        out.write("\n".join(to_outline(item, width=terminal_width(out))) + "\n")


def scalars_first(value: dict[str, Any]) -> dict[str, Any]:
    """Plain fields before lists and nested objects, recursively; otherwise order is kept."""

    def rank(item: Any) -> int:
        return 1 if isinstance(item, dict | list) else 0

    ordered = sorted(value.items(), key=lambda pair: rank(pair[1]))
    return {
        key: scalars_first(item)
        if isinstance(item, dict)
        else [scalars_first(e) if isinstance(e, dict) else e for e in item]
        if isinstance(item, list)
        else item
        for key, item in ordered
    }


def to_outline(value: dict[str, Any], *, width: int = 80, indent: int = 0) -> list[str]:
    """A YAML-like outline; citations shown compactly as ``sources: slug ¶1, ¶2``."""
    lines: list[str] = []
    pad = " " * indent
    for key, item in value.items():
        if key == "citations":
            cited = _cite(item)
            if cited:
                lines.extend(_wrap(f"{pad}sources: ", cited, width))
        elif isinstance(item, dict):
            lines.append(f"{pad}{key}:")
            lines.extend(to_outline(item, width=width, indent=indent + 2))
        elif isinstance(item, list):
            if not item:
                continue
            lines.append(f"{pad}{key}:")
            for element in item:
                if isinstance(element, dict):
                    inner = to_outline(element, width=width, indent=indent + 4)
                    if inner:
                        lines.append(f"{pad}  - {inner[0].lstrip()}")
                        lines.extend(inner[1:])
                else:
                    lines.extend(_wrap(f"{pad}  - ", cell_text(element), width))
        elif item is not None:
            lines.extend(_wrap(f"{pad}{key}: ", cell_text(item), width))
    return lines


def _cite(citations: list[dict[str, Any]]) -> str:
    grouped: dict[str, list[str]] = {}
    for citation in citations:
        marks = grouped.setdefault(citation["source"], [])
        if citation.get("paragraph") is not None:
            marks.append(f"¶{citation['paragraph']}")
    return "; ".join(f"{s} {', '.join(p)}".rstrip() for s, p in grouped.items())


# C0 and C1 controls and DEL but tab and newline (wrapping turns those into spaces): stored
# text may hold them, a terminal must never receive them (ESC starts the sequences that clear
# the screen or write the clipboard; CR overwrites a line). Shown as \x1b.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """``text`` with every control character written as a visible escape (``\\x1b``)."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def _wrap(prefix: str, text: str, width: int) -> list[str]:
    text = visible(text)
    hang = " " * (len(prefix) - len(prefix.lstrip()) + 2)
    wrapped = textwrap.wrap(
        text,
        width,
        initial_indent=prefix,
        subsequent_indent=hang,
        break_on_hyphens=False,
        break_long_words=False,
    )
    return wrapped or [prefix.rstrip()]


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
    return cell_text(value)


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
    """Aligned columns that fit in ``width``, wrapping long cells at spaces; when even that
    cannot fit, one block per row (like psql's expanded display). Nothing is cut or broken
    mid-word."""
    if not rows:
        return ""
    headers = [visible(h) for h in rows[0]]
    cells = [[visible(str(row.get(h, ""))) for h in rows[0]] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    gap = "  "
    budget = width - len(gap) * (len(headers) - 1)
    floors = [max(len(h), *(_longest_word(r[i]) for r in cells)) for i, h in enumerate(headers)]
    if sum(floors) > budget:
        return _blocks(headers, cells, width)
    while sum(widths) > budget:
        widest = max(range(len(widths)), key=lambda i: widths[i] - floors[i])
        widths[widest] -= 1
    lines = [_line(headers, widths, gap), _line(["-" * w for w in widths], widths, gap)]
    for row in cells:
        wrapped = [_wrap_cell(cell, w) for cell, w in zip(row, widths, strict=True)]
        for depth in range(max(len(w) for w in wrapped)):
            lines.append(_line([w[depth] if depth < len(w) else "" for w in wrapped], widths, gap))
    return "\n".join(lines) + "\n"


def _longest_word(cell: str) -> int:
    indent = len(cell) - len(cell.lstrip(" "))
    return indent + max((len(word) for word in cell.split()), default=0)


def _wrap_cell(cell: str, width: int) -> list[str]:
    indent = " " * (len(cell) - len(cell.lstrip(" ")))
    return textwrap.wrap(
        cell.strip(),
        width,
        initial_indent=indent,
        subsequent_indent=indent + " ",
        break_on_hyphens=False,
    ) or [""]


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
