"""The server of `collabdb serve`: Datasette on the SQLite file, read-only, with our plugin.

What it may do: read the one database file, through connections that cannot write
(``web/readonly.py``: Datasette's own write connection is refused too), and serve Datasette's
bundled assets and our templates. What it does not: serve any other file (no static
directories, no template directory but ours, no download of the database file), load any
other Datasette plugin installed beside it (one could add endpoints that write), or grant any
permission but reading (``web/pages.py``). Datasette 0.65 has no write API; its endpoints
that take a POST change nothing here.
"""

from __future__ import annotations

import asyncio
import sqlite3
import webbrowser
from pathlib import Path
from typing import Any

from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import DEFAULT_PLUGINS, pm

from collabdb.web.metadata import DATABASE, site_metadata
from collabdb.web.pages import CollabdbPages
from collabdb.web.readonly import connect_read_only, read_only_engine

#: Datasette's settings: a query runs at most this long; nothing to download but query results.
SETTINGS = {"sql_time_limit_ms": 3000, "allow_download": False, "default_page_size": 100}


class ReadOnlyDatabase(Database):  # type: ignore[misc]
    """Datasette's database, every connection of it read-only (a write connection too)."""

    def __init__(self, datasette: Any, path: Path) -> None:
        super().__init__(datasette, path=str(path), is_mutable=True)
        self.file = path

    def connect(self, write: bool = False) -> sqlite3.Connection:
        connection = connect_read_only(self.file)
        self._all_file_connections.append(connection)
        return connection

    async def execute_write_fn(self, fn: Any, block: bool = True) -> Any:
        raise PermissionError("collabdb serve is read-only: it never writes to the database")


def build_datasette(path: Path) -> Datasette:
    """Datasette on the file at ``path`` with our metadata, plugin and templates."""
    _only_our_plugins()
    _quiet_errors()
    engine = read_only_engine(path)
    pm.register(CollabdbPages(engine, database=DATABASE), name="collabdb.web")
    datasette = Datasette(
        [], metadata=site_metadata(_tables_and_views(path)), settings=SETTINGS, cors=False
    )
    datasette.add_database(ReadOnlyDatabase(datasette, path), name=DATABASE)
    return datasette


def run_server(path: Path, *, host: str, port: int, open_browser: bool) -> None:
    """Serve until interrupted (Ctrl-C); ``open_browser`` opens the home page first."""
    import uvicorn

    datasette = build_datasette(path)
    asyncio.run(datasette.invoke_startup())
    url = f"http://{host}:{port}/"
    print(f"collabdb serve: {path} on {url} (read-only; Ctrl-C stops it)", flush=True)
    if open_browser:
        webbrowser.open(url)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")


def _only_our_plugins() -> None:
    """Datasette loads every plugin installed in the environment: keep its own only."""
    for plugin in list(pm.get_plugins()):
        name = pm.get_name(plugin)
        if name not in DEFAULT_PLUGINS:
            pm.unregister(plugin)


def _quiet_errors() -> None:
    """Datasette prints every error with rich, locals and all (the whole metadata for a
    refused SQL statement): keep the terminal to one line per request that fails with a 500."""
    import datasette.handle_exception

    datasette.handle_exception.rich = None


def _tables_and_views(path: Path) -> list[str]:
    connection = connect_read_only(path)
    try:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
        ).fetchall()
    finally:
        connection.close()
    return [str(name) for (name,) in rows]
