"""Research areas: a tree (oncology > lung cancer, immuno-oncology, ...)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from collabdb.models.base import Base
from collabdb.models.sources import Citation, cited_by


class ResearchArea(Base):
    __tablename__ = "research_areas"
    __table_args__ = {"comment": "Therapeutic and scientific areas, as a tree."}

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, comment="Natural key.")
    name: Mapped[str] = mapped_column(Text, comment="Name of the area.")
    name_key: Mapped[str] = mapped_column(Text, index=True, comment="Match key of the name.")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("research_areas.id", ondelete="RESTRICT"),
        index=True,
        comment="Broader area this one belongs to.",
    )
    description: Mapped[str | None] = mapped_column(Text, comment="What the area covers.")

    parent: Mapped[ResearchArea | None] = relationship(remote_side=[id])
    citations: Mapped[list[Citation]] = cited_by("research_area_id")
