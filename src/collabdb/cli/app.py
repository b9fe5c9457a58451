"""The `collabdb` command: global options, command registration, and the error edge."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from collabdb import __version__
from collabdb.cli import (
    agreements,
    contract,
    database,
    explore,
    graph,
    organizations,
    other_kinds,
    transfer,
)
from collabdb.cli import sql as sql_command
from collabdb.cli.state import OPTIONS
from collabdb.errors import CollabdbError

app = typer.Typer(
    name="collabdb",
    help="Collaborations between pharmaceutical companies and Russian organizations, "
    "every fact traced to its source.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"collabdb {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database URL or SQLite file path; overrides COLLABDB_URL and the default file.",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    OPTIONS.db = db
    OPTIONS.debug = debug


app.command("agreements")(agreements.agreements)
app.command("agreement")(agreements.agreement)
app.command("orgs")(organizations.orgs)
app.command("org")(organizations.org)
app.command("people")(organizations.people)
app.command("person")(organizations.person)
app.command("facilities")(other_kinds.facilities)
app.command("figures")(other_kinds.figures)
app.command("areas")(other_kinds.areas)
app.command("programmes")(other_kinds.programmes)
app.command("sources")(other_kinds.sources)
app.command("source")(other_kinds.source)
app.command("timeline")(explore.timeline)
app.command("search")(explore.search)
app.command("graph")(graph.graph)
app.command("import")(transfer.import_)
app.command("export")(transfer.export)
app.command("sql")(sql_command.sql)
app.command("imports")(contract.imports)
app.command("schema")(contract.schema)
app.add_typer(database.app, name="db")


def main() -> None:
    """Entry point: domain errors become one line each and an exit code, never a traceback."""
    try:
        app()
    except CollabdbError as error:
        if OPTIONS.debug:
            raise
        for problem in error.problems:
            print(problem, file=sys.stderr)
        print(f"error: {error.summary}", file=sys.stderr)
        sys.exit(error.exit_code)
    except Exception as error:  # an unexpected failure: say so in one line
        if OPTIONS.debug:
            raise
        busy = _database_busy(error)
        if busy:
            print(
                "error: database busy: another process holds the write lock; try again later",
                file=sys.stderr,
            )
            sys.exit(3)
        print(
            f"error: internal error: {type(error).__name__}: {error} "
            "(run with --debug for details)",
            file=sys.stderr,
        )
        sys.exit(1)


def _database_busy(error: Exception) -> bool:
    from sqlalchemy.exc import OperationalError

    return isinstance(error, OperationalError) and "locked" in str(error.orig)
