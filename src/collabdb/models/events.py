"""Dated company events: restructurings, leadership changes, patent expiries, claims; and the
facilities they concern."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, relationship

from collabdb import tables
from collabdb.models.agreements import Agreement
from collabdb.models.base import Base
from collabdb.models.facilities import Facility
from collabdb.models.organizations import Organization
from collabdb.models.people import Person
from collabdb.models.sources import Citation, cited_by


class Event(Base):
    __table__ = tables.events

    id: Mapped[int]
    slug: Mapped[str]
    kind: Mapped[str]
    title: Mapped[str]
    occurred_on: Mapped[str | None]
    until_on: Mapped[str | None]
    organization_id: Mapped[int | None]
    person_id: Mapped[int | None]
    agreement_id: Mapped[int | None]
    summary: Mapped[str | None]

    organization: Mapped[Organization | None] = relationship()
    person: Mapped[Person | None] = relationship()
    agreement: Mapped[Agreement | None] = relationship()
    facilities: Mapped[list[EventFacility]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )
    citations: Mapped[list[Citation]] = cited_by("event_id")


class EventFacility(Base):
    __table__ = tables.event_facilities

    id: Mapped[int]
    event_id: Mapped[int]
    facility_id: Mapped[int]

    event: Mapped[Event] = relationship(back_populates="facilities")
    facility: Mapped[Facility] = relationship()
    citations: Mapped[list[Citation]] = cited_by("event_facility_id")
