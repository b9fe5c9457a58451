"""Sources (the documents of record) and citations linking every fact row to a paragraph."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, relationship

from collabdb import tables
from collabdb.models.base import Base


class Source(Base):
    __table__ = tables.sources

    id: Mapped[int]
    slug: Mapped[str]
    kind: Mapped[str]
    title: Mapped[str]
    publisher: Mapped[str | None]
    published_on: Mapped[str | None]
    url: Mapped[str | None]
    sha256: Mapped[str | None]
    text: Mapped[str | None]
    note: Mapped[str | None]
    retrieved_on: Mapped[str | None]
    language: Mapped[str | None]
    paragraph_count: Mapped[int | None]

    citations: Mapped[list[Citation]] = relationship(back_populates="source")


class Citation(Base):
    __table__ = tables.citations

    id: Mapped[int]
    source_id: Mapped[int]
    paragraph: Mapped[int | None]
    organization_id: Mapped[int | None]
    organization_name_id: Mapped[int | None]
    organization_interest_id: Mapped[int | None]
    person_id: Mapped[int | None]
    person_name_id: Mapped[int | None]
    position_id: Mapped[int | None]
    research_area_id: Mapped[int | None]
    programme_id: Mapped[int | None]
    programme_area_id: Mapped[int | None]
    agreement_id: Mapped[int | None]
    agreement_party_id: Mapped[int | None]
    agreement_person_id: Mapped[int | None]
    agreement_area_id: Mapped[int | None]
    agreement_territory_id: Mapped[int | None]
    project_id: Mapped[int | None]
    project_area_id: Mapped[int | None]
    facility_id: Mapped[int | None]
    financial_figure_id: Mapped[int | None]
    event_id: Mapped[int | None]
    agreement_status_id: Mapped[int | None]
    product_id: Mapped[int | None]
    product_name_id: Mapped[int | None]
    product_owner_id: Mapped[int | None]
    product_area_id: Mapped[int | None]
    agreement_product_id: Mapped[int | None]
    organization_relation_id: Mapped[int | None]
    agreement_programme_id: Mapped[int | None]
    event_facility_id: Mapped[int | None]

    source: Mapped[Source] = relationship(back_populates="citations")


def cited_by(column: str) -> Mapped[list[Citation]]:
    """The citations of a fact row, deleted with it."""
    return relationship(
        Citation,
        foreign_keys=f"Citation.{column}",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
