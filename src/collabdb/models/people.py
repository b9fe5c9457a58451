"""People, their names, and the positions they hold or held."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, relationship

from collabdb import tables
from collabdb.models.base import Base
from collabdb.models.organizations import Organization
from collabdb.models.sources import Citation, cited_by


class Person(Base):
    __table__ = tables.people

    id: Mapped[int]
    slug: Mapped[str]
    name: Mapped[str]
    name_key: Mapped[str]
    description: Mapped[str | None]

    names: Mapped[list[PersonName]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )
    positions: Mapped[list[Position]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )
    citations: Mapped[list[Citation]] = cited_by("person_id")


class PersonName(Base):
    __table__ = tables.person_names

    id: Mapped[int]
    person_id: Mapped[int]
    name: Mapped[str]
    name_key: Mapped[str]
    language: Mapped[str]
    script: Mapped[str]
    name_type: Mapped[str]

    person: Mapped[Person] = relationship(back_populates="names")
    citations: Mapped[list[Citation]] = cited_by("person_name_id")


class Position(Base):
    __table__ = tables.positions

    id: Mapped[int]
    person_id: Mapped[int]
    organization_id: Mapped[int]
    title: Mapped[str]
    status: Mapped[str]
    started_on: Mapped[str | None]
    ended_on: Mapped[str | None]
    as_of: Mapped[str | None]

    person: Mapped[Person] = relationship(back_populates="positions")
    organization: Mapped[Organization] = relationship()
    citations: Mapped[list[Citation]] = cited_by("position_id")
