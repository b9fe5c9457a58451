"""`collabdb timeline` and `collabdb search`."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from collabdb.cli.options import OrgOption, filter_option
from collabdb.cli.read_commands import Listing, list_command
from collabdb.cli.state import open_engine
from collabdb.kinds import KINDS

KindChoice = StrEnum("KindChoice", {kind: kind for kind in KINDS})  # type: ignore[misc]


@list_command()
def timeline(
    organization: OrgOption = None,
) -> Listing:
    """Every dated event in order, each at its own precision: agreements, openings, positions,
    company events, results periods, publications."""
    from collabdb.services.timeline import timeline as build_timeline

    return Listing(
        lambda options: build_timeline(open_engine(), organization=organization, options=options),
        "no dated events",
    )


@list_command(limit=20)
def search(
    text: Annotated[
        str, typer.Argument(help="Words to find (Latin or Cyrillic); the last may be a prefix.")
    ],
    kind: Annotated[
        list[KindChoice] | None,
        filter_option("--kind", help="Only records of this kind (repeatable)."),
    ] = None,
) -> Listing:
    """Full-text search across names, aliases, titles, summaries and areas, best match first
    (names and titles before running text, then the texts the words make up more of), showing
    what kind of record matched and in which field."""
    from collabdb.services.search import search as run_search

    return Listing(
        lambda options: run_search(
            open_engine(), text=text, kinds=[k.value for k in kind or []], options=options
        ),
        f"nothing matches {text!r}",
    )
