"""The history of changes: who changed what, when and why; one record's history; the actor.

Every change set is written by the operation that makes it, in its own transaction (the
import, ``curation.delete_record``, ``undo``); these are the reads."""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine

from collabdb.kinds import spec_of
from collabdb.repositories.history import HistoryRepository, loaded
from collabdb.schemas.history import ChangeSetRead, RecordChangeRead
from collabdb.schemas.list_result import ListResult
from collabdb.schemas.reads import from_stored
from collabdb.services.list_options import EVERY_ROW, ListOptions
from collabdb.services.resolver import resolve
from collabdb.unit_of_work import UnitOfWork
from collabdb.values import utc


def actor_name(given: str | None = None) -> str:
    """Who makes a change: ``--by``, else ``COLLABDB_ACTOR``, else the operating-system user."""
    if given:
        return given
    if os.environ.get("COLLABDB_ACTOR"):
        return os.environ["COLLABDB_ACTOR"]
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name for this uid (a container)
        return f"uid {os.getuid()}"


def change_set_read(row: Any) -> ChangeSetRead:
    """A row of ``HistoryRepository.change_sets`` as its read model."""
    return from_stored(ChangeSetRead, row, made_at=utc(row.made_at), undoes=row.undoes_id)


def list_changes(
    engine: Engine,
    *,
    kind: str | None = None,
    actor: str | None = None,
    since: datetime | None = None,
    options: ListOptions = EVERY_ROW,
) -> ListResult[ChangeSetRead]:
    """Change sets, oldest first: those that touched a record of ``kind``, made by ``actor``,
    made at or after ``since``."""
    with UnitOfWork(engine) as uow:
        rows = HistoryRepository(uow.connection).change_sets(kind=kind, actor=actor, since=since)
    return options.apply([change_set_read(row) for row in rows], columns=ChangeSetRead.COLUMNS)


def record_history(
    engine: Engine, *, kind: str, record: str, options: ListOptions = EVERY_ROW
) -> ListResult[RecordChangeRead]:
    """Every change of one record, oldest first. ``record`` is a name or slug of a stored
    record, or the slug of a deleted one."""
    spec_of(kind)
    with UnitOfWork(engine) as uow:
        history = HistoryRepository(uow.connection)
        rows = history.of_record(kind, [record])
        if not rows:
            slug = resolve(uow.connection, kind, record).slug
            rows = history.of_record(kind, [slug])
    changes = [_record_change(kind, row) for row in rows]
    return options.apply(changes, columns=RecordChangeRead.COLUMNS)


def _record_change(kind: str, row: Any) -> RecordChangeRead:
    before, after = loaded(row.before), loaded(row.after)
    action = change_action(before, after)
    changed = changed_fields(before, after)
    return RecordChangeRead(
        change=row.id,
        made_at=utc(row.made_at),
        operation=row.operation,
        actor=row.actor,
        reason=row.reason,
        kind=kind,
        slug=row.slug,
        action=action,
        fields=changed,
        before=before,
        after=after,
    )


def dump_history(
    engine: Engine,
    *,
    kind: str | None = None,
    actor: str | None = None,
    since: datetime | None = None,
) -> Iterator[dict[str, Any]]:
    """The change sets with every record each touched, before and after, oldest first: one
    JSON-ready object per change set (``changes --format jsonl``)."""
    with UnitOfWork(engine) as uow:
        history = HistoryRepository(uow.connection)
        for row in history.change_sets(kind=kind, actor=actor, since=since):
            entry = change_set_read(row).as_json()
            entry["records"] = [
                {"kind": k, "slug": slug, "before": before, "after": after}
                for k, slug, before, after in history.record_changes(row.id)
            ]
            yield entry


def change_action(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    """inserted, deleted or updated: what a change did to a record."""
    return "inserted" if before is None else "deleted" if after is None else "updated"


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """The fields an inserted or deleted record held, or those an update changed."""
    if before is None or after is None:
        state = after if before is None else before
        return sorted(f for f, v in (state or {}).items() if f != "slug" and v not in (None, []))
    return sorted(f for f in set(before) | set(after) if before.get(f) != after.get(f))
