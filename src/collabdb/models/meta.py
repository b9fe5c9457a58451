"""Bookkeeping tables that are not knowledge: the import log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collabdb.models.base import Base


class ImportLog(Base):
    __tablename__ = "import_log"
    __table_args__ = {"comment": "One row per successful import, written in its transaction."}

    id: Mapped[int] = mapped_column(primary_key=True)
    imported_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), comment="When the import committed (UTC)."
    )
    file_name: Mapped[str] = mapped_column(Text, comment="File imported ('-' for stdin).")
    sha256: Mapped[str] = mapped_column(String(64), comment="SHA-256 of the imported bytes.")
    inserted: Mapped[int] = mapped_column(Integer, comment="Records inserted.")
    updated: Mapped[int] = mapped_column(Integer, comment="Records updated.")
    unchanged: Mapped[int] = mapped_column(Integer, comment="Records already as given.")
    counts: Mapped[str] = mapped_column(Text, comment="Per-kind counts as JSON.")
