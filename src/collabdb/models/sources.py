"""Sources (the documents of record) and citations linking every fact row to a paragraph."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from collabdb.models.base import Base, PartialDateColumn

# Every table whose rows are facts, keyed by the citation column that points at it. The order
# is the order of the columns in `citations`.
CITED_TABLES: dict[str, str] = {
    "organization_id": "organizations",
    "organization_name_id": "organization_names",
    "organization_interest_id": "organization_interests",
    "person_id": "people",
    "person_name_id": "person_names",
    "position_id": "positions",
    "research_area_id": "research_areas",
    "programme_id": "programmes",
    "programme_area_id": "programme_areas",
    "agreement_id": "agreements",
    "agreement_party_id": "agreement_parties",
    "agreement_person_id": "agreement_people",
    "agreement_area_id": "agreement_areas",
    "agreement_territory_id": "agreement_territories",
    "project_id": "projects",
    "project_area_id": "project_areas",
    "facility_id": "facilities",
    "financial_figure_id": "financial_figures",
    "event_id": "events",
}


class Source(Base):
    __tablename__ = "sources"
    __table_args__ = {"comment": "Documents facts come from: articles, and editorial additions."}

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, comment="Natural key.")
    kind: Mapped[str] = mapped_column(
        String(20), comment="article | press_release | website | filing | editorial"
    )
    title: Mapped[str] = mapped_column(Text, comment="Title of the document.")
    publisher: Mapped[str | None] = mapped_column(Text, comment="Who published it.")
    published_on: Mapped[str | None] = mapped_column(
        PartialDateColumn, comment="Publication date at its precision (YYYY, YYYY-MM, YYYY-MM-DD)."
    )
    url: Mapped[str | None] = mapped_column(Text, comment="Where the document was published.")
    sha256: Mapped[str | None] = mapped_column(
        String(64), unique=True, comment="SHA-256 of the stored text (UTF-8), lowercase hex."
    )
    text: Mapped[str | None] = mapped_column(
        Text, comment="Full text; paragraphs are separated by blank lines, counted from 1."
    )
    note: Mapped[str | None] = mapped_column(
        Text, comment="Editorial note (required for editorial)."
    )

    citations: Mapped[list[Citation]] = relationship(back_populates="source")


class Citation(Base):
    __tablename__ = "citations"
    __table_args__ = (
        CheckConstraint(
            " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in CITED_TABLES) + " = 1",
            name="one_subject",
        ),
        CheckConstraint("paragraph IS NULL OR paragraph >= 1", name="paragraph_positive"),
        {"comment": "Links one fact row (exactly one subject column set) to a source paragraph."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="RESTRICT"), index=True, comment="The source cited."
    )
    paragraph: Mapped[int | None] = mapped_column(
        Integer, comment="Paragraph number in the source text (NULL for editorial sources)."
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    organization_name_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization_names.id", ondelete="CASCADE"), index=True
    )
    organization_interest_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization_interests.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    person_name_id: Mapped[int | None] = mapped_column(
        ForeignKey("person_names.id", ondelete="CASCADE"), index=True
    )
    position_id: Mapped[int | None] = mapped_column(
        ForeignKey("positions.id", ondelete="CASCADE"), index=True
    )
    research_area_id: Mapped[int | None] = mapped_column(
        ForeignKey("research_areas.id", ondelete="CASCADE"), index=True
    )
    programme_id: Mapped[int | None] = mapped_column(
        ForeignKey("programmes.id", ondelete="CASCADE"), index=True
    )
    programme_area_id: Mapped[int | None] = mapped_column(
        ForeignKey("programme_areas.id", ondelete="CASCADE"), index=True
    )
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    agreement_party_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement_parties.id", ondelete="CASCADE"), index=True
    )
    agreement_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement_people.id", ondelete="CASCADE"), index=True
    )
    agreement_area_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement_areas.id", ondelete="CASCADE"), index=True
    )
    agreement_territory_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement_territories.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    project_area_id: Mapped[int | None] = mapped_column(
        ForeignKey("project_areas.id", ondelete="CASCADE"), index=True
    )
    facility_id: Mapped[int | None] = mapped_column(
        ForeignKey("facilities.id", ondelete="CASCADE"), index=True
    )
    financial_figure_id: Mapped[int | None] = mapped_column(
        ForeignKey("financial_figures.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )

    source: Mapped[Source] = relationship(back_populates="citations")


def cited_by(column: str) -> Mapped[list[Citation]]:
    """The citations of a fact row, deleted with it."""
    return relationship(
        Citation,
        foreign_keys=f"Citation.{column}",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
