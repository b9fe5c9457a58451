"""The history tables: a change set and the records it touched, written in the transaction of
the change; read back by change set or by record. Nothing here commits."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select, tuple_, update

from collabdb import tables as t
from collabdb.kinds import Record
from collabdb.repositories.bulk_writes import insert_rows


@dataclass(frozen=True, kw_only=True)
class ChangeSetCreate:
    operation: str
    actor: str
    summary: str
    reason: str | None = None
    input_name: str | None = None
    input_sha256: str | None = None
    undoes: int | None = None


@dataclass(frozen=True)
class RecordChangeCreate:
    kind: str
    slug: str
    before: Record | None
    after: Record | None


def _json(record: Record | None) -> str | None:
    if record is None:
        return None
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


class HistoryRepository:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def open(self, change_set: ChangeSetCreate) -> int:
        """Start recording a change set (its summary is written by ``close``); returns its id."""
        result = self.connection.execute(
            insert(t.change_sets)
            .values(
                operation=change_set.operation,
                made_at=datetime.now(UTC),
                actor=change_set.actor,
                reason=change_set.reason,
                input_name=change_set.input_name,
                input_sha256=change_set.input_sha256,
                summary=change_set.summary,
                undoes_id=change_set.undoes,
            )
            .returning(t.change_sets.c.id)
        )
        return int(result.scalar_one())

    def add_changes(self, change_set_id: int, changes: Sequence[RecordChangeCreate]) -> None:
        rows = [(change_set_id, c.kind, c.slug, _json(c.before), _json(c.after)) for c in changes]
        columns = ("change_set_id", "kind", "slug", "before", "after")
        insert_rows(self.connection, t.record_changes, columns, rows)

    def close(self, change_set_id: int, *, summary: str) -> None:
        """Write the change set's summary and its time (the end of its work)."""
        self.connection.execute(
            update(t.change_sets)
            .where(t.change_sets.c.id == change_set_id)
            .values(summary=summary, made_at=datetime.now(UTC))
        )

    # -- reading -----------------------------------------------------------------------------
    def change_sets(
        self,
        *,
        ids: Collection[int] | None = None,
        kind: str | None = None,
        actor: str | None = None,
        since: datetime | None = None,
    ) -> list[Any]:
        """Change sets, oldest first, with how many records each touched and the undo that
        reverted it (``undone_by``)."""
        cs, rc = t.change_sets, t.record_changes
        undo = cs.alias("undo")
        touched = select(func.count()).where(rc.c.change_set_id == cs.c.id).scalar_subquery()
        undone_by = select(func.min(undo.c.id)).where(undo.c.undoes_id == cs.c.id)
        statement = select(
            cs, touched.label("records"), undone_by.scalar_subquery().label("undone_by")
        ).order_by(cs.c.id)
        if ids is not None:
            statement = statement.where(cs.c.id.in_(list(ids)))
        if kind is not None:
            statement = statement.where(
                cs.c.id.in_(select(rc.c.change_set_id).where(rc.c.kind == kind))
            )
        if actor is not None:
            statement = statement.where(cs.c.actor == actor)
        if since is not None:
            statement = statement.where(cs.c.made_at >= since)
        return list(self.connection.execute(statement))

    def record_changes(self, change_set_id: int) -> list[tuple[str, str, Any, Any]]:
        """(kind, slug, before, after) of each record the change set touched, in the order it
        recorded them."""
        rc = t.record_changes
        rows = self.connection.execute(
            select(rc.c.kind, rc.c.slug, rc.c.before, rc.c.after)
            .where(rc.c.change_set_id == change_set_id)
            .order_by(rc.c.id)
        )
        return [(kind, slug, loaded(before), loaded(after)) for kind, slug, before, after in rows]

    def of_record(self, kind: str, slugs: Collection[str]) -> list[Any]:
        """Every change of the records (``kind``, one of ``slugs``), oldest first, with its
        change set's columns."""
        cs, rc = t.change_sets, t.record_changes
        statement = (
            select(rc.c.slug, rc.c.before, rc.c.after, cs)
            .join(cs, cs.c.id == rc.c.change_set_id)
            .where(rc.c.kind == kind, rc.c.slug.in_(list(slugs)))
            .order_by(cs.c.id, rc.c.id)
        )
        return list(self.connection.execute(statement))

    def later_touching(self, change_set_id: int, keys: Collection[tuple[str, str]]) -> list[int]:
        """Change sets after ``change_set_id`` that touched one of the (kind, slug) ``keys``,
        but for those undone since, and those undos."""
        if not keys:
            return []
        cs, rc = t.change_sets, t.record_changes
        undo = cs.alias("undo")
        reverted = select(undo.c.undoes_id).where(undo.c.undoes_id.is_not(None))
        found: set[int] = set()
        listed = sorted(keys)
        for start in range(0, len(listed), 400):
            chunk = listed[start : start + 400]
            statement = (
                select(rc.c.change_set_id)
                .join(cs, cs.c.id == rc.c.change_set_id)
                .where(
                    rc.c.change_set_id > change_set_id,
                    tuple_(rc.c.kind, rc.c.slug).in_(chunk),
                    cs.c.id.not_in(reverted),
                    or_(
                        cs.c.undoes_id.is_(None),
                        and_(cs.c.undoes_id.is_not(None), cs.c.undoes_id <= change_set_id),
                    ),
                )
                .distinct()
            )
            found.update(self.connection.scalars(statement))
        return sorted(found)


def loaded(value: str | None) -> Any:
    """A record state as stored (JSON text, or NULL) back as a record or None."""
    return None if value is None else json.loads(value)
