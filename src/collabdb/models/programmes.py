"""Government programmes and policies the sources name."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from collabdb.models.areas import ResearchArea
from collabdb.models.base import Base, PartialDateColumn
from collabdb.models.sources import Citation, cited_by


class Programme(Base):
    __tablename__ = "programmes"
    __table_args__ = {"comment": "Government programmes and policies."}

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, comment="Natural key.")
    name: Mapped[str] = mapped_column(Text, comment="Name of the programme.")
    name_key: Mapped[str] = mapped_column(Text, index=True, comment="Match key of the name.")
    kind: Mapped[str] = mapped_column(String(30), comment="government_programme | policy | other")
    country: Mapped[str | None] = mapped_column(String(2), comment="ISO 3166-1 alpha-2 code.")
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True, comment="Who runs it."
    )
    starts_on: Mapped[str | None] = mapped_column(PartialDateColumn, comment="Start, if known.")
    ends_on: Mapped[str | None] = mapped_column(PartialDateColumn, comment="End or horizon.")
    summary: Mapped[str | None] = mapped_column(Text, comment="What it is, in our words.")

    citations: Mapped[list[Citation]] = cited_by("programme_id")


class ProgrammeArea(Base):
    __tablename__ = "programme_areas"
    __table_args__ = (
        UniqueConstraint("programme_id", "research_area_id"),
        {"comment": "Research areas a programme names as priorities."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    research_area_id: Mapped[int] = mapped_column(
        ForeignKey("research_areas.id", ondelete="RESTRICT"), index=True
    )

    research_area: Mapped[ResearchArea] = relationship()
    citations: Mapped[list[Citation]] = cited_by("programme_area_id")
