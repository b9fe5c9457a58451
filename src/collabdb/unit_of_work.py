"""One transaction per command: commits only when told to, rolls back otherwise."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from collabdb.db import WRITE_OPTIONS
from collabdb.errors import CollabdbError, DatabaseBusy


class UnitOfWork:
    """``with UnitOfWork(engine, write=True) as uow: ...; uow.commit()``.

    Repositories run Core statements on ``uow.connection`` and never commit; leaving the block
    without ``commit()`` rolls everything back. A writing unit of work takes the database's
    write lock when it starts (BEGIN IMMEDIATE on SQLite, a transaction-level advisory lock on
    PostgreSQL), so what it reads and validates stays true until it commits. A Core connection
    rather than an ORM session: no command loads mapped objects, and leaving the ORM out keeps
    its import off every command's start-up.
    """

    connection: Connection

    def __init__(self, engine: Engine, *, write: bool = False) -> None:
        self._engine = engine
        self._write = write

    def __enter__(self) -> UnitOfWork:
        try:
            connection = self._engine.connect()
        except OperationalError as error:
            raise busy_or_raise(error) from error
        try:
            # Setting no options still cost a reading unit of work an eighth of its time.
            if self._write:
                connection.execution_options(**WRITE_OPTIONS)
            connection.begin()
        except OperationalError as error:
            connection.close()
            raise busy_or_raise(error) from error
        self.connection = connection
        return self

    def commit(self) -> None:
        try:
            self.connection.commit()
        except OperationalError as error:
            raise busy_or_raise(error) from error

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Closing rolls back a transaction still open, and then skips the pool's own reset
        # (a second rollback): rolling back first and then closing paid for both.
        self.connection.close()
        if isinstance(exc, DBAPIError):
            refused = write_refused(exc)
            if refused is not None:
                raise refused from None


def busy_or_raise(error: OperationalError) -> Exception:
    """Turn SQLite's "database is locked" and PostgreSQL's lock timeout (SQLSTATE 55P03) into
    :class:`DatabaseBusy` (exit 3)."""
    message = str(error.orig) if error.orig is not None else str(error)
    lock_timeout = getattr(error.orig, "sqlstate", None) == "55P03"
    if lock_timeout or "locked" in message or "busy" in message:
        return DatabaseBusy("database busy: another process holds the write lock; try again later")
    return error


# read_only_sql_transaction, insufficient_privilege: a read-only role or session tried to write.
_WRITE_REFUSED = {"25006", "42501"}


def write_refused(error: DBAPIError) -> CollabdbError | None:
    """PostgreSQL refusing a write (read-only session, no privilege) as one clear line."""
    if getattr(error.orig, "sqlstate", None) not in _WRITE_REFUSED:
        return None
    diagnostics = getattr(error.orig, "diag", None)
    reason = getattr(diagnostics, "message_primary", None) or str(error.orig).splitlines()[0]
    return CollabdbError(f"the database refused to write: {reason} (a read-only role or session?)")
