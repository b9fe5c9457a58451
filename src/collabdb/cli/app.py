"""The `collabdb` command: global options, command registration, and the error edge."""

from __future__ import annotations

import os
import sys
from typing import Annotated, NoReturn

import typer

from collabdb import __version__
from collabdb.cli import (
    agreements,
    contract,
    curation,
    database,
    explore,
    graph,
    organizations,
    other_kinds,
    serve,
    transfer,
)
from collabdb.cli import sql as sql_command
from collabdb.cli.failures import discard_output, edge_error
from collabdb.cli.state import OPTIONS
from collabdb.config import ENV_URL, scrub, url_secrets
from collabdb.errors import CollabdbError, OutputFailed

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
app.command("products")(other_kinds.products)
app.command("product")(other_kinds.product)
app.command("figures")(other_kinds.figures)
app.command("areas")(other_kinds.areas)
app.command("programmes")(other_kinds.programmes)
app.command("sources")(other_kinds.sources)
app.command("source")(other_kinds.source)
app.command("timeline")(explore.timeline)
app.command("search")(explore.search)
app.command("graph")(graph.graph)
app.command("serve")(serve.serve)
app.command("import")(transfer.import_)
app.command("export")(transfer.export)
app.command("sql")(sql_command.sql)
app.command("imports")(contract.imports)
app.command("changes")(curation.changes)
app.command("history")(curation.history)
app.command("merge")(curation.merge)
app.command("delete")(curation.delete)
app.command("undo")(curation.undo)
app.command("distinct")(curation.distinct)
app.command("schema")(contract.schema)
app.add_typer(database.app, name="db")


def main() -> None:
    """Entry point: domain errors become one line each and an exit code, never a traceback.

    A database that cannot be used (``db_failures.py``) and output that cannot be written
    (``/dev/full``, a full disk) are domain errors too; anything else is an internal error,
    in one line. No message ever shows a secret of the database URL."""
    try:
        try:
            app()
        except SystemExit:
            sys.stdout.flush()  # output still buffered fails here, where it can be reported
            raise
    except BrokenPipeError:
        discard_output()
        sys.exit(1)
    except Exception as error:
        if OPTIONS.debug:
            raise
        failure = edge_error(error)
        if isinstance(failure, OutputFailed):
            discard_output()
        _report(failure)


def _report(error: CollabdbError | Exception) -> NoReturn:
    if isinstance(error, CollabdbError):
        lines = [*error.problems, f"error: {error.summary}"]
        code = error.exit_code
    else:
        lines = [f"error: internal error: {type(error).__name__}: {error} (run with --debug for "
                 "details)"]  # fmt: skip
        code = 1
    url = OPTIONS.db or os.environ.get(ENV_URL)
    secrets = url_secrets(url) if url else []
    for line in lines:
        print(scrub(line, secrets=secrets), file=sys.stderr)
    sys.exit(code)
