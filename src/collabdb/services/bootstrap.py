"""Opening the database a command asked for.

The default SQLite file creates, migrates and seeds itself on first use, under a file lock so
that concurrent first commands build it once; it is built under a temporary name and moved
into place, so nobody ever sees a half-built database. A default file that holds nothing yet
(0 bytes, or no tables) is built the same way, seed and all; what a build killed half-way left
behind (``collabdb.sqlite3.building-PID`` of a process no longer alive) is removed by the next
build. Any other database must already be at the schema head (exit 3 with the command that
fixes it otherwise). A data directory collabdb may not write is one line (exit 3).
"""

from __future__ import annotations

import glob
import os
from pathlib import Path

from sqlalchemy.engine import Engine

from collabdb.config import DatabaseTarget, target_from_text
from collabdb.db import (
    HEAD_REVISION,
    checkpoint_sqlite,
    current_revision,
    make_engine,
    require_head,
)
from collabdb.errors import DatabaseBusy, DatabaseUnavailable, SchemaNotAtHead

LOCK_TIMEOUT_SECONDS = 120


def open_database(target: DatabaseTarget) -> Engine:
    """An engine on a database whose schema is at head (building the default one if needed)."""
    if target.is_default:
        _ensure_default_ready(target)
    elif target.sqlite_path is not None and not target.sqlite_path.exists():
        raise SchemaNotAtHead(
            f"database file {target.display} does not exist; create it with: "
            f"collabdb {target.cli_argument}db upgrade"
        )
    engine = make_engine(target)
    require_head(engine, target)
    return engine


def open_for_upgrade(target: DatabaseTarget) -> Engine:
    """An engine for `db upgrade`, creating the SQLite file (and its directory) if needed."""
    if target.sqlite_path is not None:
        try:
            target.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseUnavailable(
                f"cannot create database {target.display}: {error.strerror}: {error.filename}"
            ) from None
    engine = make_engine(target)
    current_revision(engine)  # an unreachable server is one clear line (exit 3), not a traceback
    return engine


def _ensure_default_ready(target: DatabaseTarget) -> None:
    path = target.sqlite_path
    assert path is not None
    if path.exists() and _revision_of(path) == HEAD_REVISION:
        return
    from filelock import FileLock, Timeout

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(f"{path}.lock", timeout=LOCK_TIMEOUT_SECONDS):
            _remove_stale_builds(path)
            if not path.exists() or _holds_nothing(path):
                _build_new_default(path)
            elif _revision_of(path) != HEAD_REVISION:
                _upgrade(path)
    except Timeout:
        raise DatabaseBusy(
            f"database busy: another collabdb process is setting up {path}; try again"
        ) from None
    except OSError as error:
        raise DatabaseUnavailable(
            f"cannot set up the default database {path}: {error.strerror}: {error.filename}; "
            "make that directory writable, or name a database with --db or COLLABDB_URL"
        ) from None


def _holds_nothing(path: Path) -> bool:
    """An empty file, or an SQLite database without a single table (nothing to keep)."""
    if path.stat().st_size == 0:
        return True
    engine = make_engine(target_from_text(str(path)))
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar() == 0
    finally:
        engine.dispose()


# A build killed before it switched to WAL leaves a rollback journal instead.
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _remove_stale_builds(path: Path) -> None:
    """Remove the files of builds whose process is gone (killed before it could clean up)."""
    prefix = f"{path.name}.building-"
    for leftover in path.parent.glob(f"{glob.escape(prefix)}*"):
        pid = leftover.name.removeprefix(prefix)
        for suffix in _SIDE_FILES:  # SQLite's own files beside the database
            pid = pid.removesuffix(suffix)
        if pid.isdigit() and not _alive(int(pid)):
            leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def _revision_of(path: Path) -> str | None:
    engine = make_engine(target_from_text(str(path)))
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def _upgrade(path: Path) -> None:
    from collabdb.migrations import upgrade_to_head

    engine = make_engine(target_from_text(str(path)))
    try:
        upgrade_to_head(engine)
    finally:
        engine.dispose()


def _build_new_default(path: Path) -> None:
    building = path.with_name(f"{path.name}.building-{os.getpid()}")
    for leftover in (building, *(Path(f"{building}{suffix}") for suffix in _SIDE_FILES)):
        leftover.unlink(missing_ok=True)
    try:
        engine = make_engine(target_from_text(str(building)))
        try:
            from collabdb.migrations import upgrade_to_head
            from collabdb.services.seed import load_bundled_data

            upgrade_to_head(engine)
            load_bundled_data(engine)
            checkpoint_sqlite(engine)
        finally:
            engine.dispose()
        os.replace(building, path)
    finally:
        for leftover in (building, *(Path(f"{building}{suffix}") for suffix in _SIDE_FILES)):
            leftover.unlink(missing_ok=True)
