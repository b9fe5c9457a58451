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
    show_list,
)
from collabdb.cli.output import OutputFormat
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
    from collabdb.services.timeline import timeline as build_timeline

    show_list(
        lambda options: build_timeline(open_engine(), organization=organization, options=options),
        output_format=output_format,
        sort=sort,
        limit=limit,
        fields=fields,
        empty_message="no dated events",
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
    from collabdb.services.search import search as run_search

    show_list(
        lambda options: run_search(
            open_engine(), text=text, kinds=[k.value for k in kind or []], options=options
        ),
        output_format=output_format,
        sort=sort,
        limit=limit,
        fields=fields,
        empty_message=f"nothing matches {text!r}",
    )
