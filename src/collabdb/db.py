"""Engines, SQLite connection settings, and the schema-version gate every command passes.

No engine exists at import time: :func:`open_engine` makes one per command.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from collabdb.config import DatabaseTarget
from collabdb.errors import SchemaNotAtHead

# The newest Alembic revision. Reads compare against this constant instead of loading Alembic;
# a test checks it equals the head of alembic/versions.
HEAD_REVISION = "0001"

SQLITE_BUSY_TIMEOUT_MS = 30_000
BUSY_TIMEOUT_ENV = "COLLABDB_BUSY_TIMEOUT"


def busy_timeout_ms() -> int:
    """How long a writer waits for the SQLite write lock: COLLABDB_BUSY_TIMEOUT seconds, or 30."""
    import os

    from collabdb.errors import InvalidInput

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
    """An engine for ``target`` with our SQLite settings (foreign keys, WAL, busy timeout)."""
    if target.url.startswith("sqlite"):
        timeout = busy_timeout_ms()
        engine = create_engine(target.url, connect_args={"timeout": timeout / 1000})
        event.listen(engine, "connect", _configure_sqlite_connection(timeout))
        event.listen(engine, "begin", _begin_sqlite_transaction)
        return engine
    return create_engine(target.url, pool_pre_ping=False)


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
    connection.exec_driver_sql(f"BEGIN {mode}")


WRITE_OPTIONS: dict[str, Any] = {"sqlite_begin": "IMMEDIATE"}


def current_revision(engine: Engine) -> str | None:
    """The Alembic revision stamped in the database, or None when it has none."""
    with engine.connect() as connection:
        try:
            row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        except (OperationalError, ProgrammingError):
            return None
    return None if row is None else str(row[0])


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
