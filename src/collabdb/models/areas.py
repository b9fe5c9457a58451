"""Research areas: a tree (oncology > lung cancer, immuno-oncology, ...), with the two derived
tables the migration's triggers keep (read-only here: the database writes them)."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, relationship

from collabdb import tables
from collabdb.models.base import Base
from collabdb.models.sources import Citation, cited_by


class ResearchArea(Base):
    __table__ = tables.research_areas

    id: Mapped[int]
    slug: Mapped[str]
    name: Mapped[str]
    name_key: Mapped[str]
    parent_id: Mapped[int | None]
    description: Mapped[str | None]

    parent: Mapped[ResearchArea | None] = relationship(remote_side=[tables.research_areas.c.id])
    citations: Mapped[list[Citation]] = cited_by("research_area_id")
    counts: Mapped[ResearchAreaCounts | None] = relationship(viewonly=True)


class ResearchAreaClosure(Base):
    __table__ = tables.research_area_closure

    ancestor_id: Mapped[int]
    descendant_id: Mapped[int]
    depth: Mapped[int]

    ancestor: Mapped[ResearchArea] = relationship(
        foreign_keys=[tables.research_area_closure.c.ancestor_id], viewonly=True
    )
    descendant: Mapped[ResearchArea] = relationship(
        foreign_keys=[tables.research_area_closure.c.descendant_id], viewonly=True
    )


class ResearchAreaCounts(Base):
    __table__ = tables.research_area_counts

    research_area_id: Mapped[int]
    agreements: Mapped[int]
    organizations: Mapped[int]
    projects: Mapped[int]
