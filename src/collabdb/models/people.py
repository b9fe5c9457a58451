"""People, their names, and the positions they hold or held."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from collabdb.models.base import Base, NameColumns, PartialDateColumn
from collabdb.models.organizations import Organization
from collabdb.models.sources import Citation, cited_by


class Person(Base):
    __tablename__ = "people"
    __table_args__ = {"comment": "People named by the sources."}

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, comment="Natural key.")
    name: Mapped[str] = mapped_column(Text, comment="Full name as commonly written in English.")
    name_key: Mapped[str] = mapped_column(Text, index=True, comment="Match key of the name.")
    description: Mapped[str | None] = mapped_column(Text, comment="Who they are, in our words.")

    names: Mapped[list[PersonName]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )
    positions: Mapped[list[Position]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )
    citations: Mapped[list[Citation]] = cited_by("person_id")


class PersonName(NameColumns, Base):
    __tablename__ = "person_names"
    __table_args__ = (
        UniqueConstraint("person_id", "name", "language"),
        {"comment": "Other spellings of a person's name (Cyrillic, transliterations)."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)

    person: Mapped[Person] = relationship(back_populates="names")
    citations: Mapped[list[Citation]] = cited_by("person_name_id")


class Position(Base):
    __tablename__ = "positions"
    __table_args__ = (
        UniqueConstraint("person_id", "organization_id", "title"),
        {"comment": "A role a person holds or held at an organization."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(Text, comment="Job title as the source gives it.")
    status: Mapped[str] = mapped_column(
        String(20), comment="current | former | unknown (as of the citing source's date)"
    )
    started_on: Mapped[str | None] = mapped_column(
        PartialDateColumn, comment="Start at its precision, if known."
    )
    ended_on: Mapped[str | None] = mapped_column(
        PartialDateColumn, comment="End at its precision, if known."
    )

    person: Mapped[Person] = relationship(back_populates="positions")
    organization: Mapped[Organization] = relationship()
    citations: Mapped[list[Citation]] = cited_by("position_id")
