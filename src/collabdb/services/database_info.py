"""What `collabdb db info` reports."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from collabdb import __version__
from collabdb.config import DatabaseTarget
from collabdb.db import HEAD_REVISION, current_revision
from collabdb.repositories.row_counts import row_counts
from collabdb.unit_of_work import UnitOfWork


def describe(engine: Engine, target: DatabaseTarget) -> dict[str, Any]:
    details: dict[str, Any] = {
        "database": target.display,
        "backend": engine.dialect.name,
        "default_database": target.is_default,
        "schema_revision": current_revision(engine),
        "schema_head": HEAD_REVISION,
        "collabdb_version": __version__,
    }
    with UnitOfWork(engine) as uow:
        for name, count in row_counts(uow.connection).items():
            details[f"rows.{name}"] = count
    return details
