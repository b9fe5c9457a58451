"""Read model of one import log entry."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from collabdb.schemas.reads import ReadModel, read_model


@read_model
class ImportLogRead(ReadModel):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "id",
        "imported_at",
        "file_name",
        "sha256",
        "inserted",
        "updated",
        "unchanged",
    )
    id: int
    imported_at: datetime
    file_name: str
    sha256: str
    inserted: int
    updated: int
    unchanged: int
    counts: dict[str, dict[str, int]]

    def flat(self) -> dict[str, str]:
        return {
            "id": str(self.id),
            "imported_at": self.imported_at.isoformat(timespec="seconds"),
            "file_name": self.file_name,
            "sha256": self.sha256,
            "inserted": str(self.inserted),
            "updated": str(self.updated),
            "unchanged": str(self.unchanged),
        }
