"""`collabdb schema` (the import format) and `collabdb imports` (the import log)."""

from __future__ import annotations

from typing import Annotated

import typer

from collabdb.cli.options import FormatOption
from collabdb.cli.output import OutputFormat, render
from collabdb.cli.state import open_engine


def schema(
    markdown: Annotated[
        bool,
        typer.Option("--markdown", help="Field tables in Markdown (docs/import-format.md)."),
    ] = False,
) -> None:
    """Print the JSON Schema of the import format (generated from its pydantic models)."""
    from collabdb.schemas.describe import field_tables_markdown, import_json_schema

    typer.echo(field_tables_markdown() if markdown else import_json_schema(), nl=False)


def imports(output_format: FormatOption = OutputFormat.table) -> None:
    """List the import log: when, which file, its SHA-256, and what each import changed."""
    from collabdb.schemas.import_log import ImportLogRead
    from collabdb.services.import_log import list_imports
    from collabdb.services.list_options import EVERY_ROW

    logged = EVERY_ROW.apply(list_imports(open_engine()), columns=ImportLogRead.COLUMNS)
    render(logged, output_format=output_format, empty_message="no imports logged")
