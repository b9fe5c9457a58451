"""Engines, per-backend connection settings, and the schema-version gate every command passes.

No engine exists at import time: :func:`open_engine` makes one per command. SQLite gets its
pragmas and BEGIN IMMEDIATE for writers, and a file it may not write (a read-only file,
directory or medium) is opened read-only and immutable, so that every read works there;
PostgreSQL writers lock a table that only a role allowed to write can lock (:func:`lock_writers`).
Neither backend sees the other's settings.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from collabdb.config import DatabaseTarget, sqlite_file_url
from collabdb.db_failures import database_failure, engine_display, opened, remember_display
from collabdb.errors import CollabdbError, DatabaseUnavailable, InvalidInput, SchemaNotAtHead

# The newest Alembic revision. Reads compare against this constant instead of loading Alembic;
# a test checks it equals the head of alembic/versions.
HEAD_REVISION = "0020"

SQLITE_BUSY_TIMEOUT_MS = 30_000
BUSY_TIMEOUT_ENV = "COLLABDB_BUSY_TIMEOUT"
# The writers' lock on PostgreSQL: SHARE ROW EXCLUSIVE on this table conflicts with itself and
# with every INSERT, UPDATE and DELETE, never with a SELECT, and LOCK TABLE in that mode needs
# UPDATE, DELETE or TRUNCATE on the table: a role that may only read cannot take it, so it
# cannot hold imports back (an advisory lock, which any role may take, could). Alembic's
# version table exists at every revision and is written by migrations only.
POSTGRESQL_WRITE_LOCK_TABLE = "alembic_version"
# Before the first migration there is no table to lock: concurrent first upgrades of an empty
# database take this advisory lock instead ("collab" in ASCII).
POSTGRESQL_WRITE_LOCK_KEY = 0x636F6C6C6162


def busy_timeout_ms() -> int:
    """How long a writer waits for another (SQLite's write lock, PostgreSQL's advisory lock)
    before exiting 3: COLLABDB_BUSY_TIMEOUT seconds, or 30."""
    import os

    value = os.environ.get(BUSY_TIMEOUT_ENV)
    if not value:
        return SQLITE_BUSY_TIMEOUT_MS
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86_400:
        raise InvalidInput(f"{BUSY_TIMEOUT_ENV} must be a number of seconds, not {value!r}")
    return int(seconds * 1000)


def make_engine(target: DatabaseTarget) -> Engine:
    """An engine for ``target`` with the settings of its backend."""
    url = parse_url(target)
    backend = url.get_backend_name()
    if backend == "sqlite":
        timeout = busy_timeout_ms()
        read_only = target.sqlite_path is not None and sqlite_read_only(target.sqlite_path)
        if read_only:
            assert target.sqlite_path is not None
            file_url = make_url(sqlite_file_url(target.sqlite_path))
            url = file_url.update_query_dict({"mode": "ro", "immutable": "1"})
        engine = create_engine(url, connect_args={"timeout": timeout / 1000})
        event.listen(engine, "connect", _configure_sqlite_connection(timeout, read_only))
        event.listen(engine, "begin", _begin_sqlite_transaction)
        remember_display(engine, display=target.display)
        return engine
    if backend == "postgresql":
        if url.drivername == "postgresql":  # SQLAlchemy's default would be psycopg2
            url = url.set(drivername="postgresql+psycopg")
        try:
            # No server-side prepared statements: psycopg prepares a statement after its 5th
            # run, and the server may then keep one generic plan for it. A plan chosen while
            # the import's tables were small (a sequential scan) stays for the whole import
            # transaction, and each batch's lookup then reads the whole table: the import of
            # 100k deals was going quadratic. Planned on every run, the indexes are used.
            engine = create_engine(url, connect_args={"prepare_threshold": None})
        except ModuleNotFoundError:
            raise CollabdbError(
                f"the PostgreSQL driver for {url.drivername} is not installed; "
                "install it with: pip install 'collabdb[postgres]'"
            ) from None
        event.listen(engine, "begin", _begin_postgresql_transaction)
        remember_display(engine, display=target.display)
        return engine
    raise InvalidInput(
        f"unsupported database {target.display}: use an SQLite file path or URL (sqlite:///PATH)"
        " or a PostgreSQL URL (postgresql+psycopg://USER@HOST/DATABASE)"
    )


def parse_url(target: DatabaseTarget) -> URL:
    try:
        return make_url(target.url)
    except (ArgumentError, ValueError) as error:
        reason = "its port is not a number" if "int()" in str(error) else str(error)
        raise InvalidInput(f"invalid database URL {target.display}: {reason}") from None


def sqlite_read_only(path: Path) -> bool:
    """Whether this process cannot write the SQLite file at ``path``: the file (or the
    medium) refuses writes, or its directory does, where SQLite must create the WAL's
    shared-memory file. Such a file is opened read-only and immutable (nobody can change it
    under the reader), which needs no file beside it."""
    if not path.exists():
        return False
    if not os.access(path, os.W_OK):
        return True
    return not os.access(path.parent, os.W_OK) and not Path(f"{path}-shm").exists()


def _configure_sqlite_connection(timeout_ms: int, read_only: bool) -> Any:
    def configure(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module, which would not begin a
        # transaction before DDL or SELECT; SQLAlchemy's "begin" event below emits BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if mode not in ("wal", "memory") and not read_only:
                cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        finally:
            cursor.close()

    return configure


def _begin_sqlite_transaction(connection: Connection) -> None:
    # Writers ask for BEGIN IMMEDIATE so that they take the write lock before reading what they
    # validate against; readers use a plain deferred BEGIN.
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    statement = f"BEGIN {mode}"
    # Sent on the driver's connection: SQLAlchemy's execution path (a cursor result and its
    # events) cost two thirds of a reading unit of work for a statement without values or rows.
    # A failure (busy) is wrapped as SQLAlchemy would have wrapped it.
    dbapi = connection.dialect.loaded_dbapi
    try:
        connection.connection.cursor().execute(statement)
    except dbapi.Error as error:
        raise DBAPIError.instance(statement, None, error, dbapi.Error) from error


def _begin_postgresql_transaction(connection: Connection) -> None:
    # psycopg starts the transaction with its first statement; a writer makes that statement
    # take the write lock, so that what it reads and validates stays true until it commits.
    # This relies on READ COMMITTED (PostgreSQL's default): each later statement sees what the
    # previous lock holder committed, where REPEATABLE READ would keep an older snapshot.
    if connection.get_execution_options().get("postgresql_write_lock"):
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {busy_timeout_ms()}")
        lock_writers(connection)


def lock_writers(connection: Connection) -> None:
    """Take the PostgreSQL writers' lock until the transaction ends (imports, seeds and
    migrations all take it; readers never wait for it)."""
    table = connection.exec_driver_sql(
        f"SELECT to_regclass('{POSTGRESQL_WRITE_LOCK_TABLE}')"
    ).scalar()
    if table is None:
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRESQL_WRITE_LOCK_KEY})")
    else:
        connection.exec_driver_sql(
            f"LOCK TABLE {POSTGRESQL_WRITE_LOCK_TABLE} IN SHARE ROW EXCLUSIVE MODE"
        )


# Execution options of a writing unit of work; each backend's "begin" listener reads its own.
WRITE_OPTIONS: dict[str, Any] = {"sqlite_begin": "IMMEDIATE", "postgresql_write_lock": True}


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision stamped in the database, or None when it has none.

    A database that cannot be opened or read (server down, wrong password, not a database, no
    permission to read the table) is one line and exit 3, without the password."""
    where = engine_display(engine)
    with opened(engine.connect, engine=engine) as connection:
        try:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        except DBAPIError as error:
            if _no_such_table(error):
                return None
            failure = _unreadable(error, where=where)
            if failure is None:
                raise
            raise failure from None
    return None if row is None else str(row[0])


def _no_such_table(error: DBAPIError) -> bool:
    if getattr(error.orig, "sqlstate", None) == "42P01":  # undefined_table
        return True
    return "no such table" in str(error.orig)


def _unreadable(error: DBAPIError, *, where: str) -> CollabdbError | None:
    if getattr(error.orig, "sqlstate", None) == "42501":  # insufficient_privilege
        reason = str(error.orig).strip().splitlines()[0]
        return DatabaseUnavailable(
            f"cannot read database {where}: {reason}; this role needs SELECT on collabdb's "
            "tables: ask the database's owner to grant it (docs/postgresql.md)"
        )
    return database_failure(error, where=where)


def require_head(engine: Engine, target: DatabaseTarget) -> None:
    """Exit 3 (through :class:`SchemaNotAtHead`) unless the schema is at head."""
    revision = current_revision(engine)
    if revision == HEAD_REVISION:
        return
    fix = f"collabdb {target.cli_argument}db upgrade"
    if revision is None:
        raise SchemaNotAtHead(
            f"database {target.display} has no collabdb schema; create it with: {fix}"
        )
    raise SchemaNotAtHead(
        f"database {target.display} is at schema revision {revision}, not {HEAD_REVISION};"
        f" upgrade it with: {fix}"
    )


def checkpoint_sqlite(engine: Engine) -> None:
    """Fold an SQLite database's write-ahead log back into its file (before the file moves)."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
