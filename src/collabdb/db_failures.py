"""A database that cannot be opened, read or written, as one line saying what and what to do.

The drivers' errors (SQLite's result codes, PostgreSQL's SQLSTATEs) are sorted here into the
domain errors of ``errors.py``: busy, read-only, full, not a database, unreachable, a URL the
driver refuses. The unit of work and the schema gate call :func:`database_failure` on what
they catch, and the CLI edge on whatever else escapes, so a command never ends in a traceback
because of the database. Messages name a database by ``DatabaseTarget.display``, which shows
no secret of its URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from weakref import WeakKeyDictionary

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from collabdb.config import target_from_text
from collabdb.errors import CollabdbError, DatabaseBusy, DatabaseUnavailable, InvalidInput

BUSY = "database busy: another process holds the write lock; try again later"
# SQLite's primary result codes (``sqlite_errorname`` of the driver's error, before any "_").
_SQLITE = {
    "SQLITE_READONLY": "cannot write to database {where}: it is read-only ({reason}); nothing "
    "was written; to change it, copy it somewhere writable",
    "SQLITE_FULL": "cannot write to database {where}: the disk is full or the file too large "
    "({reason}); nothing was written; free some space and try again",
    "SQLITE_IOERR": "cannot read or write database {where} ({reason}); nothing was written; "
    "check the disk (space, file size limit) and try again",
    "SQLITE_NOTADB": "database {where} is not an SQLite database ({reason}); check the path "
    "given to --db or COLLABDB_URL",
    "SQLITE_CORRUPT": "database {where} is damaged ({reason}); restore it from a copy or an export",
    "SQLITE_CANTOPEN": "cannot open database {where} ({reason}); check that its directory "
    "exists and that you may read and write there",
    "SQLITE_PERM": "cannot use database {where}: access denied ({reason})",
    "SQLITE_AUTH": "cannot use database {where}: access denied ({reason})",
}
# PostgreSQL's SQLSTATEs (or their class, the first two characters).
_POSTGRESQL = {
    "25006": "the database refused to write: {reason} (a read-only role or session?)",
    "42501": "the database refused to write: {reason} (a read-only role or session?)",
    "53": "cannot write to database {where}: the server is out of resources ({reason}); "
    "nothing was written; free some space on the server and try again",
    "57P01": "lost the connection to database {where} ({reason}); nothing was written; check "
    "that the server is running and try again",
    "57P02": "lost the connection to database {where} ({reason}); nothing was written; check "
    "that the server is running and try again",
    "57P03": "cannot connect to database {where}: {reason}",
    "08": "lost the connection to database {where} ({reason}); nothing was written; check "
    "that the server is running and try again",
}
_DISPLAYS: WeakKeyDictionary[Engine, str] = WeakKeyDictionary()
# libpq's words for a connection string it cannot use (no SQLSTATE: nothing was sent).
_BAD_URL_WORDS = ("invalid connection option", "invalid port number", "invalid integer value")


def remember_display(engine: Engine, *, display: str) -> None:
    """Name ``engine``'s database in messages as the user wrote it (``DatabaseTarget.display``)."""
    _DISPLAYS[engine] = display


def engine_display(engine: Engine) -> str:
    """How messages name the engine's database: an SQLite path, or the URL without secrets."""
    known = _DISPLAYS.get(engine)
    if known is not None:
        return known
    rendered = engine.url.render_as_string(hide_password=False)
    return target_from_text(rendered).display


_Opened = TypeVar("_Opened")


def opened(open_connection: Callable[[], _Opened], *, engine: Engine) -> _Opened:
    """``open_connection()``; a database that cannot be opened (server down, wrong password,
    not a database) is one line and exit 3, without the password."""
    try:
        return open_connection()
    except DBAPIError as error:
        failure = database_failure(error, where=engine_display(engine), connecting=True)
        if failure is None:
            raise
        raise failure from None


def database_failure(
    error: DBAPIError, *, where: str, connecting: bool = False
) -> CollabdbError | None:
    """The domain error for a driver error that says the database cannot be used, or None
    (an error of collabdb's own, left to the caller)."""
    original = error.orig
    reason = _first_line(original if original is not None else error)
    if original is not None and hasattr(original, "sqlite_errorname"):
        return _sqlite_failure(str(original.sqlite_errorname), reason=reason, where=where)
    state = getattr(original, "sqlstate", None)
    if state == "55P03":  # lock_not_available: the writers' lock timed out
        return DatabaseBusy(BUSY)
    if state is None:
        if any(words in reason for words in _BAD_URL_WORDS):
            return InvalidInput(f"invalid database URL {where}: {reason}")
        if connecting:
            return DatabaseUnavailable(f"cannot connect to database {where}: {reason}")
        state = "08"  # the connection broke under a statement: no server answer, no state
    template = _POSTGRESQL.get(state) or _POSTGRESQL.get(state[:2])
    if template is None:
        return None
    return DatabaseUnavailable(template.format(where=where, reason=reason))


def _sqlite_failure(name: str, *, reason: str, where: str) -> CollabdbError | None:
    primary = name.split("_", 2)
    code = "_".join(primary[:2])
    if code in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return DatabaseBusy(BUSY)
    template = _SQLITE.get(code)
    if template is None:
        return None
    return DatabaseUnavailable(template.format(where=where, reason=reason))


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0].strip() if lines else type(error).__name__


__all__ = ["BUSY", "database_failure", "engine_display", "remember_display"]
