"""`collabdb db backup`: a consistent copy of a live SQLite database, made with SQLite's online
backup API while other processes keep reading and writing it.

The whole database is copied in one backup step, a single read transaction: in WAL mode a
writer does not hold it back, and the copy holds what was committed when the step began,
nothing of a transaction still open. The copy is written to a temporary file beside the
target and linked into place only when complete, never over an existing file (a killed backup
leaves no half file at the target; a failed one removes its temporary file). A PostgreSQL
database is refused (exit 2): ``pg_dump`` is its backup tool ("Backups", docs/postgresql.md).
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from collabdb.config import DatabaseTarget
from collabdb.db import parse_url
from collabdb.db_failures import BUSY, database_failure, engine_display, opened
from collabdb.errors import CollabdbError, DatabaseBusy, InvalidInput, OutputFailed
from collabdb.services.bootstrap import open_database

# SQLite's result codes of a database another connection has locked: the busy handler (the
# engine's busy_timeout) has already waited for it when a backup step returns one of these.
_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
# SQLite's errors that are the copy's, not the source's (which is only read): writing the
# target's file or directory failed (a full disk, a file size limit, no permission).
_TARGET_ERRORS = (
    "SQLITE_FULL",
    "SQLITE_READONLY",
    "SQLITE_CANTOPEN",
    "SQLITE_PERM",
    "SQLITE_IOERR_WRITE",
    "SQLITE_IOERR_FSYNC",
    "SQLITE_IOERR_DIR_FSYNC",
    "SQLITE_IOERR_TRUNCATE",
)
# Hard links are not supported on this file system: rename, having checked the target is free.
_NO_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS})


@dataclass(frozen=True)
class BackupReport:
    """A backup made: the database copied (as messages name it), the new file, its pages."""

    source: str
    destination: Path
    pages: int


def backup_database(*, source: DatabaseTarget, destination: Path) -> BackupReport:
    """Copy the SQLite database ``source`` to the new file ``destination``.

    Raises :class:`InvalidInput` for a PostgreSQL database (use pg_dump), a target that is a
    directory or in a directory that does not exist; :class:`CollabdbError` (exit 1) when the
    target already exists; :class:`DatabaseUnavailable` when the source cannot be read (busy,
    not a database, not at the schema head). Nothing is written at ``destination`` unless the
    whole copy is."""
    refuse_server_database(source=source)
    target = backup_destination(destination)
    engine = open_database(source)  # the default file builds itself first
    try:
        return copy_sqlite(engine=engine, destination=target)
    finally:
        engine.dispose()


def refuse_server_database(*, source: DatabaseTarget) -> None:
    """Refuse (exit 2) a database that is not an SQLite file, before connecting to it."""
    if source.sqlite_path is not None:
        return
    if parse_url(source).get_backend_name() == "postgresql":
        raise InvalidInput(
            f"collabdb db backup copies SQLite files only; back up the PostgreSQL database "
            f'{source.display} with pg_dump ("Backups", docs/postgresql.md)'
        )
    raise InvalidInput(f"collabdb db backup copies SQLite files only, not {source.display}")


def backup_destination(path: Path) -> Path:
    """``path`` made absolute (its directory resolved), checked to be free: a path that exists
    (a file, a directory, a symlink, even a dangling one) is refused, nothing written."""
    shown = Path(os.path.abspath(path))
    if os.path.isdir(shown):
        raise InvalidInput(f"cannot write the backup to {shown}: it is a directory")
    if os.path.lexists(shown):
        raise _exists(shown)
    if not shown.parent.is_dir():
        raise InvalidInput(
            f"cannot write the backup to {shown}: directory {shown.parent} does not exist"
        )
    return shown.parent.resolve() / shown.name


def copy_sqlite(*, engine: Engine, destination: Path) -> BackupReport:
    """Copy the SQLite database of ``engine`` to the new file ``destination`` (see the module's
    docstring); ``destination`` must not exist."""
    where = engine_display(engine)
    source = opened(engine.raw_connection, engine=engine)
    try:
        temporary = _temporary_beside(destination)
        try:
            pages = _copy_into(source.driver_connection, temporary, where=where, shown=destination)
            _link_into_place(temporary, destination)
        finally:
            temporary.unlink(missing_ok=True)
    finally:
        source.close()
    return BackupReport(source=where, destination=destination, pages=pages)


def _temporary_beside(destination: Path) -> Path:
    try:
        handle, name = tempfile.mkstemp(
            prefix=f".{destination.name}.", suffix=".backup", dir=destination.parent
        )
    except OSError as error:
        raise InvalidInput(f"cannot write the backup to {destination}: {error.strerror}") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)  # a new file's usual mode, not mkstemp's 0600
    finally:
        os.close(handle)
    return Path(name)


def _copy_into(source: Any, temporary: Path, *, where: str, shown: Path) -> int:
    """Copy ``source`` (a driver connection) into the empty file ``temporary``; its pages."""
    pages = 0

    def progress(status: int, remaining: int, total: int) -> None:
        nonlocal pages
        if status in _BUSY_CODES:  # the busy timeout has passed: do not retry for ever
            raise DatabaseBusy(BUSY)
        pages = total

    try:
        copy = sqlite3.connect(temporary, isolation_level=None)
    except sqlite3.Error as error:
        raise _unwritable(shown, reason=str(error)) from None
    try:
        source.backup(copy, pages=-1, progress=progress)
    except sqlite3.Error as error:
        raise _backup_failure(error, where=where, shown=shown) from None
    finally:
        copy.close()
    try:
        with temporary.open("rb") as written:
            os.fsync(written.fileno())
    except OSError as error:
        raise _unwritable(shown, reason=str(error.strerror)) from None
    return pages


def _backup_failure(error: sqlite3.Error, *, where: str, shown: Path) -> CollabdbError:
    name = str(getattr(error, "sqlite_errorname", ""))
    if name.startswith(_TARGET_ERRORS):
        return _unwritable(shown, reason=str(error))
    wrapped = DBAPIError(None, None, error)
    failure = database_failure(wrapped, where=where)
    if failure is None:
        return CollabdbError(f"cannot back up database {where}: {error}")
    return failure


def _link_into_place(temporary: Path, destination: Path) -> None:
    """Give the complete copy its name, refusing to replace a file made there meanwhile."""
    try:
        os.link(temporary, destination)
    except FileExistsError:
        raise _exists(destination) from None
    except OSError as error:
        if error.errno not in _NO_LINKS:
            raise _unwritable(destination, reason=str(error.strerror)) from None
        if os.path.lexists(destination):
            raise _exists(destination) from None
        os.replace(temporary, destination)
    _sync_directory(destination.parent)


def _sync_directory(directory: Path) -> None:
    try:
        handle = os.open(directory, os.O_RDONLY)
    except OSError:  # a directory that cannot be opened cannot be synced: the rename stands
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _unwritable(path: Path, *, reason: str) -> OutputFailed:
    return OutputFailed(
        f"cannot write the backup to {path} ({reason}); nothing was written; check the disk "
        "there (space, file size limit, permissions) and try again"
    )


def _exists(path: Path) -> CollabdbError:
    return CollabdbError(
        f"cannot write the backup to {path}: it already exists (a backup never overwrites a "
        "file; name a new one)"
    )


__all__ = [
    "BackupReport",
    "backup_database",
    "backup_destination",
    "copy_sqlite",
    "refuse_server_database",
]
