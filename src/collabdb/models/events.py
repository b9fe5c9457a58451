"""Dated company events: restructurings, leadership changes, patent expiries, claims."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from collabdb.models.base import Base, PartialDateColumn
from collabdb.models.sources import Citation, cited_by


class Event(Base):
    __tablename__ = "events"
    __table_args__ = {"comment": "Company context: restructurings, role changes, patent expiries."}

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, comment="Natural key.")
    kind: Mapped[str] = mapped_column(
        String(30),
        comment="restructuring | leadership_change | position_eliminated | patent_expiry | "
        "setback | claim | statement | market_presence | facility_opening | results | other",
    )
    title: Mapped[str] = mapped_column(Text, comment="What happened, in a line.")
    occurred_on: Mapped[str | None] = mapped_column(
        PartialDateColumn, index=True, comment="When, at its precision."
    )
    until_on: Mapped[str | None] = mapped_column(
        PartialDateColumn, comment="End of a period the event spans (e.g. expiries through 2014)."
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True, comment="Who it concerns."
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="RESTRICT"), index=True, comment="Who acted, if named."
    )
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreements.id", ondelete="RESTRICT"), index=True, comment="Deal it concerns."
    )
    summary: Mapped[str | None] = mapped_column(Text, comment="Details, in our words.")

    citations: Mapped[list[Citation]] = cited_by("event_id")
