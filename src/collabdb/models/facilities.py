"""Facilities: plants, hospitals, laboratories, biobanks."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from collabdb.models.base import Base, PartialDateColumn
from collabdb.models.organizations import Organization
from collabdb.models.sources import Citation, cited_by


class Facility(Base):
    __tablename__ = "facilities"
    __table_args__ = {"comment": "Physical facilities: plants, hospitals, laboratories, biobanks."}

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, comment="Natural key.")
    name: Mapped[str] = mapped_column(Text, comment="Name or description, in our words.")
    kind: Mapped[str] = mapped_column(
        String(40),
        comment="manufacturing_plant | hospital | laboratory | biobank | research_centre | office",
    )
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True, comment="Owner/operator."
    )
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreements.id", ondelete="RESTRICT"),
        index=True,
        comment="Agreement under which it was set up, if any.",
    )
    city: Mapped[str | None] = mapped_column(Text, comment="City.")
    region: Mapped[str | None] = mapped_column(Text, comment="Region or province.")
    country: Mapped[str | None] = mapped_column(String(2), comment="ISO 3166-1 alpha-2 code.")
    opened_on: Mapped[str | None] = mapped_column(
        PartialDateColumn, comment="Opening date at its precision."
    )
    capacity: Mapped[int | None] = mapped_column(Integer, comment="Capacity, in capacity_unit.")
    capacity_unit: Mapped[str | None] = mapped_column(
        String(40), comment="Unit of capacity, e.g. beds."
    )
    description: Mapped[str | None] = mapped_column(Text, comment="What it does, in our words.")

    owner: Mapped[Organization | None] = relationship()
    citations: Mapped[list[Citation]] = cited_by("facility_id")
