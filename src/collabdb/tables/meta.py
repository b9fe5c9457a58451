"""Bookkeeping tables that are not knowledge: the import log."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, String, Table, Text

from collabdb.tables.base import metadata

import_log = Table(
    "import_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "imported_at",
        DateTime(timezone=True),
        nullable=False,
        comment="When the import committed (UTC).",
    ),
    Column("file_name", Text, nullable=False, comment="File imported ('-' for stdin)."),
    Column("sha256", String(64), nullable=False, comment="SHA-256 of the imported bytes."),
    Column("inserted", Integer, nullable=False, comment="Records inserted."),
    Column("updated", Integer, nullable=False, comment="Records updated."),
    Column("unchanged", Integer, nullable=False, comment="Records already as given."),
    Column("counts", Text, nullable=False, comment="Per-kind counts as JSON."),
    comment="One row per successful import, written in its transaction.",
)
