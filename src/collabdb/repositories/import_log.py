"""The import log: one row per successful import."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from collabdb import tables as t
from collabdb.schemas.import_log import ImportLogRead
from collabdb.values import utc


class ImportLogRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(
        self,
        *,
        file_name: str | None,
        sha256: str | None,
        totals: dict[str, int],
        counts: dict[str, Any],
    ) -> None:
        """Record one import (``totals``: inserted, updated, unchanged; ``counts`` by kind)."""
        self.connection.execute(
            insert(t.import_log).values(
                imported_at=datetime.now(UTC),
                file_name=file_name,
                sha256=sha256,
                counts=json.dumps(counts, sort_keys=True),
                **totals,
            )
        )

    def entries(self) -> list[ImportLogRead]:
        """Oldest first."""
        rows = self.connection.execute(select(t.import_log).order_by(t.import_log.c.id))
        return [
            ImportLogRead(
                id=row.id,
                imported_at=utc(row.imported_at),
                file_name=row.file_name,
                sha256=row.sha256,
                inserted=row.inserted,
                updated=row.updated,
                unchanged=row.unchanged,
                counts=json.loads(row.counts),
            )
            for row in rows
        ]
