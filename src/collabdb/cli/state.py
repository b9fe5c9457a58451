"""Options every command shares (set by the app callback) and the database they open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from collabdb.config import DatabaseTarget


@dataclass
class GlobalOptions:
    db: str | None = None
    debug: bool = False


OPTIONS = GlobalOptions()


def database_target() -> DatabaseTarget:
    """The database the command names (every command that uses one starts here)."""
    from collabdb.cli.collector import resume_collection
    from collabdb.config import resolve_database

    resume_collection()  # start-up is over: the command's own work begins
    return resolve_database(OPTIONS.db)


def open_engine() -> Engine:
    """The engine for the resolved database, at schema head (exit 3 otherwise)."""
    from collabdb.services.bootstrap import open_database

    return open_database(database_target())
