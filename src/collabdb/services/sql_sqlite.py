"""`collabdb sql` on SQLite: a connection that can only read, and a statement that stops.

The file is opened read-only (URI ``mode=ro``; ``immutable`` too where this process may not
write it, as other commands do) with ``PRAGMA query_only``, no database may be attached, and
an authorizer lets SQLite compile only reads (SELECT, reading columns, functions, recursive
CTEs and the PRAGMAs that only report). The sqlite3 module refuses a second statement. Nothing
is written, not even the journal mode: a file in ``journal_mode=DELETE`` stays so (the engine
of other commands would switch it to WAL), and the schema gate reads through the same kind of
connection.

A read-only connection to a file in WAL mode creates its ``-wal`` and ``-shm`` files, if
they are missing, and cannot remove them when it closes; where this process may write the
file, a plain connection opened and closed after it removes them as the last connection of
other commands does (only when no other connection is open; it writes nothing to the file).

A progress handler stops the statement at the time limit or on Ctrl-C; a lock held by a writer
(a file not in WAL mode) is waited for up to just under the limit (then "busy", exit 3).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from collabdb.config import DatabaseTarget
from collabdb.errors import CollabdbError, InvalidInput
from collabdb.services.sql_guard import ONE_STATEMENT, READ_ONLY, REFUSED, QueryStop

FETCH_SIZE = 500
# How many SQLite virtual-machine steps run between two looks at the clock and at Ctrl-C.
_PROGRESS_STEPS = 10_000
# What the authorizer lets SQLite compile: reads only. PRAGMAs are allowed when they only
# report; those in the second set may name a table or index to report on.
_SQLITE_READS = {
    sqlite3.SQLITE_SELECT,
    sqlite3.SQLITE_READ,
    sqlite3.SQLITE_FUNCTION,
    sqlite3.SQLITE_RECURSIVE,
}
_REPORTING_PRAGMAS = frozenset(
    {
        "application_id",
        "collation_list",
        "compile_options",
        "data_version",
        "database_list",
        "encoding",
        "foreign_keys",
        "freelist_count",
        "function_list",
        "journal_mode",
        "module_list",
        "page_count",
        "page_size",
        "pragma_list",
        "query_only",
        "schema_version",
        "table_list",
        "user_version",
    }
)
_REPORTING_PRAGMAS_WITH_ARGUMENT = frozenset(
    {
        "foreign_key_check",
        "foreign_key_list",
        "index_info",
        "index_list",
        "index_xinfo",
        "integrity_check",
        "quick_check",
        "table_info",
        "table_xinfo",
    }
)


def require_head_read_only(target: DatabaseTarget, *, stop: QueryStop) -> None:
    """The schema gate of other commands, through a read-only connection."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    from collabdb.db import require_head

    assert target.sqlite_path is not None
    path = target.sqlite_path
    engine = create_engine(
        target.url, creator=lambda: _connect(path, stop=stop), poolclass=NullPool
    )
    try:
        require_head(engine, target)
    finally:
        engine.dispose()


@contextmanager
def sqlite_rows(
    path: Path, statement: str, parameters: dict[str, str], *, stop: QueryStop
) -> Iterator[tuple[list[str], Iterator[Sequence[Any]]]]:
    """The statement's column names and its rows, fetched as they are read."""
    connection = _connect(path, stop=stop)
    try:
        connection.execute("PRAGMA query_only = ON")
        connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
        # Read the schema now: SQLite asks the authorizer about its own schema reads too.
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        connection.set_authorizer(_authorize_reads)
        deadline = time.monotonic() + stop.timeout if stop.timeout else None

        def should_stop() -> bool:
            return stop.interrupted or (deadline is not None and time.monotonic() > deadline)

        connection.set_progress_handler(should_stop, _PROGRESS_STEPS)
        try:
            cursor = connection.execute(statement, parameters)
        except (sqlite3.Error, sqlite3.Warning) as error:
            raise _refusal(error, stop=stop) from None
        columns = [] if cursor.description is None else [c[0] for c in cursor.description]
        yield columns, _fetched(cursor, stop=stop)
    finally:
        connection.close()


def _connect(path: Path, *, stop: QueryStop) -> sqlite3.Connection:
    from collabdb.db import sqlite_read_only

    options = "mode=ro&immutable=1" if sqlite_read_only(path) else "mode=ro"
    return sqlite3.connect(
        _file_uri(path, options),
        uri=True,
        isolation_level=None,
        timeout=stop.lock_wait_ms / 1000,
    )


def _file_uri(path: Path, options: str) -> str:
    """A ``file:`` URI naming exactly ``path``: ``?``, ``#`` and ``%`` in it are escaped."""
    return f"file:{quote(str(path.absolute()), safe='/')}?{options}"


_COMPANIONS = ("-wal", "-shm")


@contextmanager
def leaving_no_companions(path: Path) -> Iterator[None]:
    """Around the read-only connections to ``path``: the ``-wal`` and ``-shm`` files they
    created are gone after them, as after other commands."""
    missing = [c for c in (Path(f"{path}{end}") for end in _COMPANIONS) if not c.exists()]
    try:
        yield
    finally:
        if any(c.exists() for c in missing):
            _remove_companions(path)


def _remove_companions(path: Path) -> None:
    """Have SQLite remove the ``-wal`` and ``-shm`` files: a read-write connection that is the
    last to close checkpoints (an empty log: nothing is written) and deletes them; if another
    connection is open, SQLite keeps them, as it must."""
    from collabdb.db import sqlite_read_only

    if sqlite_read_only(path):
        return
    try:
        closer = sqlite3.connect(
            _file_uri(path, "mode=rw"), uri=True, isolation_level=None, timeout=1
        )
        try:
            closer.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            closer.close()
    except sqlite3.Error:
        pass  # the files stay, as SQLite leaves them; the read itself succeeded


def _fetched(cursor: sqlite3.Cursor, *, stop: QueryStop) -> Iterator[Sequence[Any]]:
    while True:
        try:
            rows = cursor.fetchmany(FETCH_SIZE)
        except (sqlite3.Error, sqlite3.Warning) as error:
            raise _refusal(error, stop=stop) from None
        if not rows:
            return
        yield from rows


def _authorize_reads(
    action: int, first: str | None, second: str | None, _database: str | None, trigger: str | None
) -> int:
    if action in _SQLITE_READS:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_UPDATE and first == "sqlite_master" and trigger is None:
        # SQLite asks this itself when it sets up a table-valued PRAGMA function such as
        # pragma_table_info('t'); a real write is still refused by mode=ro and query_only.
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (
        first in _REPORTING_PRAGMAS_WITH_ARGUMENT
        or (first in _REPORTING_PRAGMAS and second is None)
    ):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def _refusal(error: Exception, *, stop: QueryStop) -> CollabdbError:
    message = str(error)
    name = str(getattr(error, "sqlite_errorname", ""))
    if name == "SQLITE_INTERRUPT":
        return stop.cancelled()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
        return stop.busy()
    if "one statement at a time" in message:
        return InvalidInput(f"{ONE_STATEMENT}: {message}")
    if "readonly" in message or "not authorized" in message or "authorization denied" in message:
        return InvalidInput(f"{READ_ONLY}: {message}")
    return InvalidInput(f"{REFUSED}: {message}")
