"""Listing the import log."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from collabdb.repositories.import_log import ImportLogRepository
from collabdb.schemas.import_log import ImportLogRead
from collabdb.unit_of_work import UnitOfWork


def list_imports(engine: Engine) -> list[ImportLogRead]:
    with UnitOfWork(engine) as uow:
        return ImportLogRepository(uow.connection).entries()
