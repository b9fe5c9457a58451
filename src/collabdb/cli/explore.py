"""`collabdb timeline` and `collabdb search`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from collabdb.cli.options import (
    FieldsOption,
    FormatOption,
    LimitOption,
    OrgOption,
    SortOption,
    split_fields,
)
from collabdb.cli.output import OutputFormat, render
from collabdb.cli.state import open_engine
from collabdb.kinds import KINDS

KindChoice = StrEnum("KindChoice", {kind: kind for kind in KINDS})  # type: ignore[misc]


def timeline(
    organization: OrgOption = None,
    output_format: FormatOption = OutputFormat.table,
    limit: LimitOption = None,
    sort: SortOption = None,
    fields: FieldsOption = None,
) -> None:
    """Every dated event in order, each at its own precision: agreements, openings, positions,
    company events, results periods, publications."""
    from collabdb.schemas.rows import TimelineEntry
    from collabdb.services.timeline import timeline as build_timeline

    render(
        build_timeline(open_engine(), organization=organization, limit=None if sort else limit),
        output_format=output_format,
        fields=split_fields(fields),
        sort=sort,
        limit=limit,
        empty_message="no dated events",
        columns=TimelineEntry.COLUMNS,
    )


def search(
    text: Annotated[
        str, typer.Argument(help="Words to find (Latin or Cyrillic); the last may be a prefix.")
    ],
    kind: Annotated[
        list[KindChoice] | None,
        typer.Option("--kind", help="Only records of this kind (repeatable).", show_default=False),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
    limit: LimitOption = 20,
    sort: SortOption = None,
    fields: FieldsOption = None,
) -> None:
    """Full-text search across names, aliases, titles, summaries and areas, best match first
    (names and titles before running text, then the texts the words make up more of), showing
    what kind of record matched and in which field."""
    from collabdb.schemas.rows import SearchResult
    from collabdb.services.search import search as run_search

    results = run_search(
        open_engine(), text=text, kinds=[k.value for k in kind or []], limit=None if sort else limit
    )
    render(
        results,
        output_format=output_format,
        fields=split_fields(fields),
        sort=sort,
        limit=limit,
        empty_message=f"nothing matches {text!r}",
        columns=SearchResult.COLUMNS,
    )
