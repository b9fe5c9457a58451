"""Bookkeeping tables that are not knowledge: the import log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped

from collabdb import tables
from collabdb.models.base import Base


class ImportLog(Base):
    __table__ = tables.import_log

    id: Mapped[int]
    imported_at: Mapped[datetime]
    file_name: Mapped[str]
    sha256: Mapped[str]
    inserted: Mapped[int]
    updated: Mapped[int]
    unchanged: Mapped[int]
    counts: Mapped[str]
