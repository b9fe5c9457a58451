"""The server's only way into the SQLite file: connections that cannot write.

Every connection, Datasette's and the one collabdb's services read through, opens the file
with the URI ``mode=ro`` (SQLite refuses any write), sets ``PRAGMA query_only`` and may attach
no other database. It is not ``immutable``: an import may commit while the server runs, and
the next page shows it (in WAL mode a reader never waits for a writer). A file this process
may not write is opened ``immutable`` as every other command opens it
(:func:`collabdb.db.sqlite_read_only`), because SQLite could not create the files a reader of
a WAL database needs beside it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from collabdb.db import busy_timeout_ms, sqlite_read_only
from collabdb.db_failures import remember_display


def file_uri(path: Path) -> str:
    """The read-only ``file:`` URI of exactly ``path`` (``?``, ``#``, ``%`` escaped)."""
    options = "mode=ro&immutable=1" if sqlite_read_only(path) else "mode=ro"
    return f"file:{quote(str(path.absolute()), safe='/')}?{options}"


def connect_read_only(path: Path, *, autocommit: bool = False) -> sqlite3.Connection:
    """A connection to ``path`` that can only read (shared by threads: Datasette runs its
    queries in a pool of them); ``autocommit`` leaves transactions to the caller."""
    connection = sqlite3.connect(
        file_uri(path), uri=True, check_same_thread=False, timeout=busy_timeout_ms() / 1000
    )
    if autocommit:
        connection.isolation_level = None
    connection.execute("PRAGMA query_only = ON")
    connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    return connection


def read_only_engine(path: Path) -> Engine:
    """An engine for collabdb's services on read-only connections, one per unit of work. Each
    unit of work is one read transaction (BEGIN): a page reads one state of the database even
    if an import commits while it is read."""
    engine = create_engine(
        "sqlite://",
        creator=lambda: connect_read_only(path, autocommit=True),
        poolclass=NullPool,
    )
    event.listen(engine, "begin", _begin)
    remember_display(engine, display=str(path))
    return engine


def _begin(connection: Any) -> None:
    connection.connection.cursor().execute("BEGIN")
