"""`collabdb agreements`: agreements, filtered by partner."""

from __future__ import annotations

from typing import Annotated

import typer

from collabdb.cli.options import FormatOption
from collabdb.cli.output import OutputFormat, render
from collabdb.cli.state import open_engine
from collabdb.schemas.reads import AgreementRead


def agreements(
    partner: Annotated[
        list[str] | None,
        typer.Option(
            "--partner",
            "-p",
            help="Organization taking part (slug, name, Russian name or acronym); its units and "
            "subsidiaries count. Repeat to require several partners.",
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """List agreements with their type, date, parties and roles, areas, terms and sources."""
    from collabdb.services.queries import list_agreements

    results = list_agreements(open_engine(), partners=partner or [])
    render(
        results,
        output_format=output_format,
        flat=AgreementRead.flat,
        empty_message="no agreements found",
    )
