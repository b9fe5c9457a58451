"""Engines, per-backend connection settings, and the schema-version gate every command passes.

No engine exists at import time: :func:`open_engine` makes one per command. SQLite gets its
pragmas and BEGIN IMMEDIATE for writers; PostgreSQL gets a transaction-level advisory lock for
writers. Neither backend sees the other's settings.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, ProgrammingError

from collabdb.config import DatabaseTarget
from collabdb.errors import CollabdbError, DatabaseUnavailable, InvalidInput, SchemaNotAtHead

# The newest Alembic revision. Reads compare against this constant instead of loading Alembic;
# a test checks it equals the head of alembic/versions.
HEAD_REVISION = "0011"

SQLITE_BUSY_TIMEOUT_MS = 30_000
BUSY_TIMEOUT_ENV = "COLLABDB_BUSY_TIMEOUT"
# The advisory lock every writing unit of work holds on PostgreSQL ("collab" in ASCII). Advisory
# locks are per database, so separate databases on one server do not wait for each other.
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
        engine = create_engine(url, connect_args={"timeout": timeout / 1000})
        event.listen(engine, "connect", _configure_sqlite_connection(timeout))
        event.listen(engine, "begin", _begin_sqlite_transaction)
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
        return engine
    raise InvalidInput(
        f"unsupported database {target.display}: use an SQLite file path or URL (sqlite:///PATH)"
        " or a PostgreSQL URL (postgresql+psycopg://USER@HOST/DATABASE)"
    )


def parse_url(target: DatabaseTarget) -> URL:
    try:
        return make_url(target.url)
    except ArgumentError:
        raise InvalidInput(f"invalid database URL {target.display!r}") from None


def _configure_sqlite_connection(timeout_ms: int) -> Any:
    def configure(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module, which would not begin a
        # transaction before DDL or SELECT; SQLAlchemy's "begin" event below emits BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            if mode not in ("wal", "memory"):
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
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({POSTGRESQL_WRITE_LOCK_KEY})")


# Execution options of a writing unit of work; each backend's "begin" listener reads its own.
WRITE_OPTIONS: dict[str, Any] = {"sqlite_begin": "IMMEDIATE", "postgresql_write_lock": True}


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision stamped in the database, or None when it has none."""
    try:
        connection = engine.connect()
    except OperationalError as error:
        raise unavailable(engine, error) from None
    with connection:
        try:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        except (OperationalError, ProgrammingError):
            return None
    return None if row is None else str(row[0])


def unavailable(engine: Engine, error: OperationalError) -> DatabaseUnavailable:
    """A connection failure (server down, wrong password...) as one line, without the password."""
    reason = str(error.orig if error.orig is not None else error).strip().splitlines()[0]
    where = engine.url.render_as_string(hide_password=True)
    return DatabaseUnavailable(f"cannot connect to database {where}: {reason}")


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
