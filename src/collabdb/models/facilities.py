"""Facilities: plants, hospitals, laboratories, biobanks."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, relationship

from collabdb import tables
from collabdb.models.agreements import Agreement
from collabdb.models.base import Base
from collabdb.models.organizations import Organization
from collabdb.models.sources import Citation, cited_by


class Facility(Base):
    __table__ = tables.facilities

    id: Mapped[int]
    slug: Mapped[str]
    name: Mapped[str]
    kind: Mapped[str]
    owner_id: Mapped[int | None]
    agreement_id: Mapped[int | None]
    city: Mapped[str | None]
    region: Mapped[str | None]
    country: Mapped[str | None]
    opened_on: Mapped[str | None]
    capacity: Mapped[str | None]
    capacity_qualifier: Mapped[str | None]
    capacity_high: Mapped[str | None]
    capacity_unit: Mapped[str | None]
    area: Mapped[str | None]
    area_qualifier: Mapped[str | None]
    area_high: Mapped[str | None]
    area_unit: Mapped[str | None]
    jobs: Mapped[str | None]
    jobs_qualifier: Mapped[str | None]
    jobs_high: Mapped[str | None]
    description: Mapped[str | None]

    owner: Mapped[Organization | None] = relationship()
    agreement: Mapped[Agreement | None] = relationship()
    citations: Mapped[list[Citation]] = cited_by("facility_id")
