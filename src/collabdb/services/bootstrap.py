"""Opening the database a command asked for.

The default SQLite file creates, migrates and seeds itself on first use, under a file lock so
that concurrent first commands build it once; it is built under a temporary name and moved
into place, so nobody ever sees a half-built database. Any other database must already be at
the schema head (exit 3 with the command that fixes it otherwise).
"""

from __future__ import annotations

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
from collabdb.errors import DatabaseBusy, SchemaNotAtHead

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
        target.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(target)
    current_revision(engine)  # an unreachable server is one clear line (exit 3), not a traceback
    return engine


def _ensure_default_ready(target: DatabaseTarget) -> None:
    path = target.sqlite_path
    assert path is not None
    if path.exists() and _revision_of(path) == HEAD_REVISION:
        return
    from filelock import FileLock, Timeout

    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with FileLock(f"{path}.lock", timeout=LOCK_TIMEOUT_SECONDS):
            if not path.exists():
                _build_new_default(path)
            elif _revision_of(path) != HEAD_REVISION:
                _upgrade(path)
    except Timeout:
        raise DatabaseBusy(
            f"database busy: another collabdb process is setting up {path}; try again"
        ) from None


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
    for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
        leftover.unlink(missing_ok=True)
    try:
        engine = make_engine(target_from_text(str(building)))
        try:
            from collabdb.migrations import upgrade_to_head
            from collabdb.services.seed import load_seed

            upgrade_to_head(engine)
            load_seed(engine)
            checkpoint_sqlite(engine)
        finally:
            engine.dispose()
        os.replace(building, path)
    finally:
        for leftover in (building, Path(f"{building}-wal"), Path(f"{building}-shm")):
            leftover.unlink(missing_ok=True)
