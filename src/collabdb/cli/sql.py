"""`collabdb sql`: one read-only SQL statement against the database, rows out as they come."""

from __future__ import annotations

import csv
import json
import sys
import textwrap
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import Annotated, Any, TextIO

import typer

from collabdb.cli.options import FormatOption
from collabdb.cli.output import OutputFormat, render_rows
from collabdb.cli.state import database_target
from collabdb.errors import InvalidInput
from collabdb.schemas.list_result import cell_text

# The table format lines rows up, so it holds them: it shows this many at most, and says so.
TABLE_ROW_LIMIT = 1000


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
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout",
            min=0,
            max=86_400,
            metavar="SECONDS",
            help="Cancel the query after this many seconds, rows written included (exit 1); "
            "0 for no limit. A lock held by another session is waited for until just before "
            "it (then exit 3, busy).",
        ),
    ] = 60,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Run one read-only SQL statement; the database refuses writes, DDL and a second statement.

    JSON and CSV rows are written as they come; a table shows the first 1000 rows (and says so
    on stderr). Ctrl-C stops the query (exit 130). On PostgreSQL a role that could run server
    programs or touch server files (a superuser) is refused: use a read-only role
    (docs/postgresql.md). The analyst views (view_agreement_parties, view_financial_figures,
    view_person_positions, view_fact_sources) and every table are documented in
    docs/data-dictionary.md.
    """
    from collabdb.services.sql import parse_parameters, read_only_query

    statement = _statement(query, file)
    parameters = parse_parameters(param or [])
    with read_only_query(
        database_target(), sql=statement, parameters=parameters, timeout=timeout
    ) as found:
        if output_format is OutputFormat.json:
            _write_json(found.rows, sys.stdout)
        elif output_format is OutputFormat.csv:
            _write_csv(found.columns, found.rows, sys.stdout)
        else:
            rows = list(islice(found.rows, TABLE_ROW_LIMIT + 1))
            render_rows(found.columns, rows[:TABLE_ROW_LIMIT], output_format=output_format)
            if len(rows) > TABLE_ROW_LIMIT:
                print(
                    f"showing the first {TABLE_ROW_LIMIT} rows; "
                    "--format csv or json writes them all",
                    file=sys.stderr,
                )


def _write_json(rows: Iterator[dict[str, Any]], out: TextIO) -> None:
    """The JSON array of the rows, as ``output.to_json`` would write it, one row at a time."""
    separator = "[\n"
    for row in rows:
        out.write(separator + textwrap.indent(json.dumps(row, ensure_ascii=False, indent=2), "  "))
        separator = ",\n"
    out.write("[]\n" if separator == "[\n" else "\n]\n")


def _write_csv(columns: Sequence[str], rows: Iterator[dict[str, Any]], out: TextIO) -> None:
    """RFC 4180 as ``output.to_csv`` writes it: a header, then each row as it comes."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(_csv_cell(row[column]) for column in columns)


def _csv_cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return cell_text(value)


def _statement(query: str | None, file: str | None) -> str:
    """The statement as given; a byte-order mark at the start of a file is not part of it."""
    if query is not None and file is not None:
        raise InvalidInput("give the statement as an argument or with --file, not both")
    if file == "-":
        return _read_stdin()
    if file is not None:
        try:
            with open(file, encoding="utf-8-sig") as handle:
                return handle.read()
        except OSError as error:
            raise InvalidInput(f"cannot read {file}: {error.strerror}") from None
        except UnicodeDecodeError:
            raise InvalidInput(f"cannot read {file}: not UTF-8 text") from None
    if query is None:
        raise InvalidInput("no statement: give it as an argument or with --file FILE")
    return query


def _read_stdin() -> str:
    if sys.stdin is None:
        raise InvalidInput("cannot read standard input: it is closed")
    try:
        return sys.stdin.read().removeprefix("\ufeff")
    except (OSError, ValueError) as error:
        if isinstance(error, UnicodeDecodeError):
            raise InvalidInput("cannot read standard input: not UTF-8 text") from None
        raise InvalidInput("cannot read standard input: it is closed") from None
