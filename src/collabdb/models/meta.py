"""Bookkeeping tables that are not knowledge: the import log and the history of changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, relationship

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


class ChangeSet(Base):
    __table__ = tables.change_sets

    id: Mapped[int]
    operation: Mapped[str]
    made_at: Mapped[datetime]
    actor: Mapped[str]
    reason: Mapped[str | None]
    input_name: Mapped[str | None]
    input_sha256: Mapped[str | None]
    summary: Mapped[str]
    undoes_id: Mapped[int | None]

    undoes: Mapped[ChangeSet | None] = relationship(remote_side=[tables.change_sets.c.id])
    records: Mapped[list[RecordChange]] = relationship(
        back_populates="change_set", cascade="all, delete-orphan", passive_deletes=True
    )


class DistinctPair(Base):
    __table__ = tables.distinct_pairs

    kind: Mapped[str]
    slug_a: Mapped[str]
    slug_b: Mapped[str]


class Redirect(Base):
    __table__ = tables.redirects

    kind: Mapped[str]
    from_slug: Mapped[str]
    into_slug: Mapped[str]


class RecordChange(Base):
    __table__ = tables.record_changes

    id: Mapped[int]
    change_set_id: Mapped[int]
    kind: Mapped[str]
    slug: Mapped[str]
    before: Mapped[str | None]
    after: Mapped[str | None]

    change_set: Mapped[ChangeSet] = relationship(back_populates="records")
