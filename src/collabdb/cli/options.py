"""Options declared once and shared by commands."""

from __future__ import annotations

from typing import Annotated

import typer

from collabdb.cli.output import OutputFormat

FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format: table, json or csv.", case_sensitive=False),
]
