"""Government programmes and policies the sources name."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, relationship

from collabdb import tables
from collabdb.models.areas import ResearchArea
from collabdb.models.base import Base
from collabdb.models.organizations import Organization
from collabdb.models.sources import Citation, cited_by


class Programme(Base):
    __table__ = tables.programmes

    id: Mapped[int]
    slug: Mapped[str]
    name: Mapped[str]
    name_key: Mapped[str]
    kind: Mapped[str]
    country: Mapped[str | None]
    owner_id: Mapped[int | None]
    starts_on: Mapped[str | None]
    ends_on: Mapped[str | None]
    summary: Mapped[str | None]

    owner: Mapped[Organization | None] = relationship()
    areas: Mapped[list[ProgrammeArea]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", passive_deletes=True
    )
    citations: Mapped[list[Citation]] = cited_by("programme_id")


class ProgrammeArea(Base):
    __table__ = tables.programme_areas

    id: Mapped[int]
    programme_id: Mapped[int]
    research_area_id: Mapped[int]

    programme: Mapped[Programme] = relationship(back_populates="areas")
    research_area: Mapped[ResearchArea] = relationship()
    citations: Mapped[list[Citation]] = cited_by("programme_area_id")


class AgreementProgramme(Base):
    __table__ = tables.agreement_programmes

    id: Mapped[int]
    agreement_id: Mapped[int]
    programme_id: Mapped[int]

    # (Agreement has no relationship back: models/agreements.py would import this module.)
    agreement: Mapped[Agreement] = relationship()
    programme: Mapped[Programme] = relationship()
    citations: Mapped[list[Citation]] = cited_by("agreement_programme_id")


from collabdb.models.agreements import Agreement  # noqa: E402  (mutual reference)
