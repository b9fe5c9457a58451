"""`collabdb db ...`: create, upgrade, seed and describe a database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from collabdb.cli.options import FormatOption
from collabdb.cli.output import OutputFormat, render_object
from collabdb.cli.state import database_target, open_engine

app = typer.Typer(help="Create, upgrade, seed and inspect the database.", no_args_is_help=True)


@app.command("upgrade")
def upgrade() -> None:
    """Create the schema or migrate it to the newest revision (creates an SQLite file if needed)."""
    from collabdb.migrations import upgrade_to_head
    from collabdb.services.bootstrap import open_database, open_for_upgrade

    target = database_target()
    if target.is_default:
        open_database(target)  # the default file builds and seeds itself
    else:
        engine = open_for_upgrade(target)
        upgrade_to_head(engine)
    typer.echo(f"{target.display}: schema at head")


@app.command("seed")
def seed(
    articles_only: Annotated[
        bool,
        typer.Option(
            "--articles-only",
            help="Load only the facts of the two source articles, not the curated real deals.",
        ),
    ] = False,
) -> None:
    """Load the bundled data through the importer: the seed (the facts of both source articles)
    and the curated real deals of data/deals/, as the default database holds them; safe to
    repeat."""
    from collabdb.services.seed import load_bundled_data, load_seed

    load = load_seed if articles_only else load_bundled_data
    for report in load(open_engine()):
        typer.echo(
            f"{report.name}: {report.total('inserted')} inserted, {report.total('updated')} "
            f"updated, {report.total('unchanged')} unchanged"
        )


@app.command("info")
def info(output_format: FormatOption = OutputFormat.table) -> None:
    """Show where the database is, its schema revision and how many rows each table holds."""
    from collabdb.services.database_info import describe

    target = database_target()
    details = describe(open_engine(), target)
    render_object(details, output_format=output_format)


@app.command("backup")
def backup(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="The new file to write the copy to (never an existing one).",
            show_default=False,
        ),
    ],
) -> None:
    """Copy a live SQLite database to a new file with SQLite's online backup API: a consistent
    copy while other processes write, linked into place only when complete; an existing file
    is never overwritten. For PostgreSQL use pg_dump (docs/postgresql.md)."""
    from collabdb.services.backup import backup_database

    report = backup_database(source=database_target(), destination=path)
    typer.echo(f"backed up {report.source} to {report.destination} ({report.pages} pages)")
