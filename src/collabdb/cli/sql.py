"""`collabdb sql`: one read-only SQL statement against the database, rows out."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from collabdb.cli.options import FormatOption
from collabdb.cli.output import OutputFormat, render_rows
from collabdb.cli.state import database_target
from collabdb.errors import InvalidInput


def sql(
    query: Annotated[
        str | None,
        typer.Argument(
            help='One SQL statement, e.g. "SELECT * FROM view_agreement_parties".',
            show_default=False,
        ),
    ] = None,
    file: Annotated[
        str | None,
        typer.Option("--file", help="Read the statement from this file ('-' for standard input)."),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            help="Bind :NAME in the statement to VALUE (NAME=VALUE, bound as text); repeatable.",
        ),
    ] = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Run one read-only SQL statement; the database refuses writes, DDL and a second statement.

    The analyst views (view_agreement_parties, view_financial_figures, view_person_positions,
    view_fact_sources) and every table are documented in docs/data-dictionary.md.
    """
    from collabdb.services.sql import parse_parameters, run_read_only_query

    statement = _statement(query, file)
    result = run_read_only_query(
        database_target(), sql=statement, parameters=parse_parameters(param or [])
    )
    render_rows(result.columns, result.rows, output_format=output_format)


def _statement(query: str | None, file: str | None) -> str:
    if query is not None and file is not None:
        raise InvalidInput("give the statement as an argument or with --file, not both")
    if file == "-":
        return sys.stdin.read()
    if file is not None:
        try:
            with open(file, encoding="utf-8") as handle:
                return handle.read()
        except OSError as error:
            raise InvalidInput(f"cannot read {file}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise InvalidInput(f"cannot read {file}: not UTF-8 text") from None
    if query is None:
        raise InvalidInput("no statement: give it as an argument or with --file FILE")
    return query
