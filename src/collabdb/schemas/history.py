"""Read models of the history: change sets, and one record's changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from collabdb.schemas.reads import ReadModel, read_model


def _when(value: datetime) -> str:
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


@read_model
class ChangeSetRead(ReadModel):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "id",
        "made_at",
        "operation",
        "actor",
        "summary",
        "reason",
        "undone_by",
    )
    id: int
    made_at: datetime
    operation: str
    actor: str
    reason: str | None
    input_name: str | None
    input_sha256: str | None
    summary: str
    #: the change set this one undid (an undo)
    undoes: int | None
    #: the undo that reverted this one, if any
    undone_by: int | None
    #: how many records it touched
    records: int

    def flat(self) -> dict[str, str]:
        return {
            "id": str(self.id),
            "made_at": _when(self.made_at),
            "operation": self.operation,
            "actor": self.actor,
            "summary": self.summary,
            "reason": self.reason or "",
            "undone_by": "" if self.undone_by is None else str(self.undone_by),
        }


@read_model
class RecordChangeRead(ReadModel):
    COLUMNS: ClassVar[tuple[str, ...]] = (
        "change",
        "made_at",
        "operation",
        "actor",
        "action",
        "fields",
        "reason",
    )
    change: int
    made_at: datetime
    operation: str
    actor: str
    reason: str | None
    kind: str
    slug: str
    #: inserted | updated | deleted
    action: str
    #: the fields whose value changed (children and citations by their list's name)
    fields: list[str]
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def flat(self) -> dict[str, str]:
        return {
            "change": str(self.change),
            "made_at": _when(self.made_at),
            "operation": self.operation,
            "actor": self.actor,
            "action": self.action,
            "fields": ", ".join(self.fields),
            "reason": self.reason or "",
        }


@read_model
class PlannedChangeRead(ReadModel):
    """A record a change brings to a new state (what `merge --dry-run` lists)."""

    COLUMNS: ClassVar[tuple[str, ...]] = ("kind", "slug", "action", "fields")
    kind: str
    slug: str
    #: inserted | updated | deleted
    action: str
    #: the fields whose value changes (children and citations by their list's name)
    fields: list[str]
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    def flat(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "slug": self.slug,
            "action": self.action,
            "fields": ", ".join(self.fields),
        }
