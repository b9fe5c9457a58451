"""`collabdb serve`: the SQLite database in the browser, read-only, through Datasette and our
pages (docs/web.md). Datasette is the ``web`` extra and is imported here only when the command
runs, so no other command's start-up pays for it."""

from __future__ import annotations

from typing import Annotated

import typer

from collabdb.cli.state import database_target, open_engine
from collabdb.errors import InvalidInput

WEB_EXTRA = 'pip install "collabdb[web]"'


def serve(
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on; the default serves this machine only (0.0.0.0 serves "
            "every network the machine is on).",
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")
    ] = 8001,
    open_browser: Annotated[
        bool, typer.Option("--open", help="Open the home page in the default web browser.")
    ] = False,
) -> None:
    """Browse the SQLite database in a web browser, read-only: every agreement, organization,
    person, product and source with each fact linked to its source paragraph, search, tables,
    facets and the worked queries (Datasette; needs the web extra)."""
    target = database_target()
    if target.sqlite_path is None:
        raise InvalidInput(
            f"collabdb serve reads an SQLite file, not {target.display}: query a PostgreSQL "
            "database with `collabdb sql`, or browse it with a PostgreSQL client (psql, pgAdmin)"
        )
    try:
        import datasette  # noqa: F401  (only to say how to get it when it is missing)
    except ImportError:
        raise InvalidInput(f"collabdb serve needs the web extra: {WEB_EXTRA}") from None
    open_engine().dispose()  # the default file built if need be; any other at schema head
    from collabdb.web.server import run_server

    run_server(target.sqlite_path, host=host, port=port, open_browser=open_browser)
