"""Organizations, their names in every language, and their stated research interests."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from collabdb.models.base import Base, NameColumns
from collabdb.models.sources import Citation, cited_by


class Organization(Base):
    __tablename__ = "organizations"
    __table_args__ = {"comment": "Companies, institutes, foundations, units and other bodies."}

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, comment="Natural key.")
    name: Mapped[str] = mapped_column(
        Text, comment="Canonical name, as commonly written in English."
    )
    name_key: Mapped[str] = mapped_column(
        Text, index=True, comment="Match key of the name (case, accents, script folded)."
    )
    kind: Mapped[str] = mapped_column(
        String(40),
        comment="company | company_unit | foundation | foundation_unit | research_institute | "
        "research_group | hospital | university | government_body | fund | startup | other",
    )
    country: Mapped[str | None] = mapped_column(
        String(2), index=True, comment="ISO 3166-1 alpha-2 code."
    )
    headquarters: Mapped[str | None] = mapped_column(
        Text, comment="Headquarters as the sources give it (a city, or a country)."
    )
    city: Mapped[str | None] = mapped_column(Text, comment="City where it is based.")
    region: Mapped[str | None] = mapped_column(Text, comment="Region or province.")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"),
        index=True,
        comment="Parent organization of a unit or subsidiary.",
    )
    description: Mapped[str | None] = mapped_column(Text, comment="What it is, in our words.")

    parent: Mapped[Organization | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Organization]] = relationship(back_populates="parent")
    names: Mapped[list[OrganizationName]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", passive_deletes=True
    )
    interests: Mapped[list[OrganizationInterest]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", passive_deletes=True
    )
    citations: Mapped[list[Citation]] = cited_by("organization_id")


class OrganizationName(NameColumns, Base):
    __tablename__ = "organization_names"
    __table_args__ = (
        UniqueConstraint("organization_id", "name", "language"),
        {"comment": "Every name an organization goes by: official, Russian, acronym, short."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )

    organization: Mapped[Organization] = relationship(back_populates="names")
    citations: Mapped[list[Citation]] = cited_by("organization_name_id")


class OrganizationInterest(Base):
    __tablename__ = "organization_interests"
    __table_args__ = (
        UniqueConstraint("organization_id", "research_area_id", "kind"),
        {"comment": "Research areas an organization states as its interest, activity or priority."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    research_area_id: Mapped[int] = mapped_column(
        ForeignKey("research_areas.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(
        String(30),
        comment="partnering_interest | research_focus | activity | core_capability | priority",
    )
    note: Mapped[str | None] = mapped_column(
        Text, comment="What the organization says, summarized."
    )

    organization: Mapped[Organization] = relationship(back_populates="interests")
    research_area: Mapped[ResearchArea] = relationship()
    citations: Mapped[list[Citation]] = cited_by("organization_interest_id")


from collabdb.models.areas import ResearchArea  # noqa: E402  (mutual reference)
