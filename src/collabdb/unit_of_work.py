"""One transaction per command: commits only when told to, rolls back otherwise."""

from __future__ import annotations

from types import TracebackType
from typing import NoReturn

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from collabdb.db import WRITE_OPTIONS
from collabdb.db_failures import database_failure, engine_display


class UnitOfWork:
    """``with UnitOfWork(engine, write=True) as uow: ...; uow.commit()``.

    Repositories run Core statements on ``uow.connection`` and never commit; leaving the block
    without ``commit()`` rolls everything back. A writing unit of work takes the database's
    write lock when it starts (BEGIN IMMEDIATE on SQLite, the writers' table lock on
    PostgreSQL, ``db.lock_writers``), so what it reads and validates stays true until it
    commits. A database that cannot be used (busy, read-only, full, gone) ends the unit of work
    with its one-line domain error (``db_failures.py``). A Core connection rather than an ORM
    session: no command loads mapped objects, and leaving the ORM out keeps its import off every
    command's start-up.
    """

    connection: Connection

    def __init__(self, engine: Engine, *, write: bool = False) -> None:
        self._engine = engine
        self._write = write

    def __enter__(self) -> UnitOfWork:
        try:
            connection = self._engine.connect()
        except DBAPIError as error:
            self._raise_failure(error, connecting=True)
        try:
            # Setting no options still cost a reading unit of work an eighth of its time.
            if self._write:
                connection.execution_options(**WRITE_OPTIONS)
            connection.begin()
        except DBAPIError as error:
            connection.close()
            self._raise_failure(error)
        self.connection = connection
        return self

    def commit(self) -> None:
        try:
            self.connection.commit()
        except DBAPIError as error:
            self._raise_failure(error)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Closing rolls back a transaction still open, and then skips the pool's own reset
        # (a second rollback): rolling back first and then closing paid for both. A server gone
        # mid-transaction makes the rollback fail too: the error that ended the work is the one
        # to report.
        try:
            self.connection.close()
        except DBAPIError:
            if exc is None:
                raise
        if isinstance(exc, DBAPIError):
            failure = database_failure(exc, where=engine_display(self._engine))
            if failure is not None:
                raise failure from exc

    def _raise_failure(self, error: DBAPIError, *, connecting: bool = False) -> NoReturn:
        where = engine_display(self._engine)
        failure = database_failure(error, where=where, connecting=connecting)
        if failure is None:
            raise error
        raise failure from error
