"""docs/queries.md: worked analyst questions whose results are generated and tested.

Each question is an ```sql block (``-- param: name=value`` lines bind ``:name``), then a result
line naming the data it ran on — "Result on the seed:" (the two articles alone) or "Result on
the seed and the real deals:" (what the default database holds) — and a Markdown table.
``python -m collabdb.docs`` refreshes the tables from freshly built databases; the test suite
runs every block on SQLite and PostgreSQL and compares with the table shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Data = Literal["seed", "bundled"]
#: The result line of a question -> the data its table is computed on.
RESULT_LINES: dict[str, Data] = {
    "Result on the seed:": "seed",
    "Result on the seed and the real deals:": "bundled",
}
RESULT_LINE = "Result on the seed:"
_QUERY = re.compile(
    r"(?P<head>```sql\n(?P<sql>(?:(?!```).)*)```\n\n(?P<result>"
    + "|".join(re.escape(line) for line in RESULT_LINES)
    + r")\n\n)"
    r"(?P<table>(?:\|[^\n]*\n)*)",
    flags=re.DOTALL,
)
_PARAMETER = re.compile(r"^-- param: (\w+)=(.*)$", flags=re.MULTILINE)


@dataclass(frozen=True)
class WorkedQuery:
    sql: str
    parameters: dict[str, str]
    shown: str  # the Markdown table in the document
    data: Data = "seed"  # what the table was computed on


def worked_queries(document: str) -> list[WorkedQuery]:
    return [
        WorkedQuery(
            sql=match["sql"],
            parameters=dict(_PARAMETER.findall(match["sql"])),
            shown=match["table"],
            data=RESULT_LINES[match["result"]],
        )
        for match in _QUERY.finditer(document)
    ]


Runner = Callable[[Data, str, dict[str, str]], tuple[Sequence[str], Sequence[dict[str, Any]]]]


def refresh_results(document: str, run: Runner) -> str:
    """The document with every result table recomputed by ``run(data, sql, parameters)``."""

    def replace(match: re.Match[str]) -> str:
        data = RESULT_LINES[match["result"]]
        columns, rows = run(data, match["sql"], dict(_PARAMETER.findall(match["sql"])))
        # A new question has no table yet: keep a blank line before what follows.
        return match["head"] + markdown_table(columns, rows) + ("" if match["table"] else "\n")

    return _QUERY.sub(replace, document).rstrip("\n") + "\n"


def markdown_table(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    if not columns:
        return "| (no columns) |\n|---|\n"
    lines = [
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        *("| " + " | ".join(_cell(row[c]) for c in columns) + " |" for row in rows),
    ]
    return "\n".join(lines) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).replace("|", "\\|").replace("\n", " ")
