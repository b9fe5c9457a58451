"""Agreements, their parties, signatories, areas, territory and the projects under them."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from collabdb.models.areas import ResearchArea
from collabdb.models.base import Base, PartialDateColumn
from collabdb.models.organizations import Organization
from collabdb.models.people import Person
from collabdb.models.sources import Citation, cited_by


class Agreement(Base):
    __tablename__ = "agreements"
    __table_args__ = {
        "comment": "Partnerships, memoranda, collaborations, licences and other deals."
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, comment="Natural key.")
    agreement_type: Mapped[str] = mapped_column(
        String(40),
        comment="strategic_partnership | memorandum | research_collaboration | licensing | "
        "manufacturing | distribution | co_development | joint_venture | acquisition | other",
    )
    title: Mapped[str] = mapped_column(Text, comment="Short title, in our words.")
    summary: Mapped[str | None] = mapped_column(Text, comment="What it covers, in our words.")
    status: Mapped[str] = mapped_column(
        String(20), comment="announced | signed | active | completed | terminated | unknown"
    )
    announced_on: Mapped[str | None] = mapped_column(
        PartialDateColumn, index=True, comment="Announcement date at its precision."
    )
    signed_on: Mapped[str | None] = mapped_column(
        PartialDateColumn, comment="Signing date at its precision."
    )
    financial_terms: Mapped[str] = mapped_column(
        String(20), comment="disclosed | not_disclosed | unknown (sources silent)"
    )
    development_stage: Mapped[str | None] = mapped_column(
        Text, comment="Development stage of the asset at signing, where known."
    )
    unnamed_parties: Mapped[str | None] = mapped_column(
        Text, comment="Parties the sources mention without naming them."
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreements.id", ondelete="RESTRICT"),
        index=True,
        comment="Agreement this one extends or follows on from.",
    )

    parent: Mapped[Agreement | None] = relationship(remote_side=[id])
    parties: Mapped[list[AgreementParty]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", passive_deletes=True
    )
    people: Mapped[list[AgreementPerson]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    areas: Mapped[list[AgreementArea]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    territories: Mapped[list[AgreementTerritory]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    citations: Mapped[list[Citation]] = cited_by("agreement_id")


# Agreements are listed by date (signed, else announced; undated last), then slug. With this
# index a page of a large match (an area with thousands of deals) walks the listing order and
# stops at --limit instead of sorting every match (repositories/agreements.py chooses the plan).
_listed_on = func.coalesce(Agreement.__table__.c.signed_on, Agreement.__table__.c.announced_on)
Index("ix_agreements_listing", _listed_on.is_(None), _listed_on, Agreement.__table__.c.slug)


class AgreementParty(Base):
    __tablename__ = "agreement_parties"
    __table_args__ = (
        UniqueConstraint("agreement_id", "organization_id"),
        {"comment": "An organization taking part in an agreement, with its role."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    role: Mapped[str] = mapped_column(
        String(40),
        comment="partner | pharma_partner | research_partner | licensor | licensee | "
        "investor | manufacturer | sponsor | participant",
    )

    agreement: Mapped[Agreement] = relationship(back_populates="parties")
    organization: Mapped[Organization] = relationship()
    citations: Mapped[list[Citation]] = cited_by("agreement_party_id")


class AgreementPerson(Base):
    __tablename__ = "agreement_people"
    __table_args__ = (
        UniqueConstraint("agreement_id", "person_id", "role"),
        {"comment": "People connected with an agreement: signatories, spokespeople, pictured."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="RESTRICT"), index=True)
    role: Mapped[str] = mapped_column(
        String(20),
        comment="signatory (signed it) | spokesperson (spoke for a party about it) | "
        "pictured (named in a photo caption only) | negotiator | contact",
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"),
        index=True,
        comment="Organization the person acted for.",
    )

    person: Mapped[Person] = relationship()
    organization: Mapped[Organization | None] = relationship()
    citations: Mapped[list[Citation]] = cited_by("agreement_person_id")


class AgreementArea(Base):
    __tablename__ = "agreement_areas"
    __table_args__ = (
        UniqueConstraint("agreement_id", "research_area_id"),
        {"comment": "Research areas an agreement covers."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    research_area_id: Mapped[int] = mapped_column(
        ForeignKey("research_areas.id", ondelete="RESTRICT"), index=True
    )

    research_area: Mapped[ResearchArea] = relationship()
    citations: Mapped[list[Citation]] = cited_by("agreement_area_id")


class AgreementTerritory(Base):
    __tablename__ = "agreement_territories"
    __table_args__ = (
        UniqueConstraint("agreement_id", "country"),
        {"comment": "Countries an agreement covers or excludes."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    country: Mapped[str] = mapped_column(String(2), index=True, comment="ISO 3166-1 alpha-2 code.")
    scope: Mapped[str] = mapped_column(String(10), comment="included | excluded")

    citations: Mapped[list[Citation]] = cited_by("agreement_territory_id")


class Project(Base):
    __tablename__ = "projects"
    __table_args__ = {"comment": "Joint projects carried out under an agreement."}

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, comment="Natural key.")
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(Text, comment="Name of the project, in our words.")
    summary: Mapped[str | None] = mapped_column(Text, comment="Its aims, in our words.")
    status: Mapped[str] = mapped_column(
        String(20), comment="planned | active | completed | unknown"
    )

    agreement: Mapped[Agreement] = relationship()
    areas: Mapped[list[ProjectArea]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    citations: Mapped[list[Citation]] = cited_by("project_id")


class ProjectArea(Base):
    __tablename__ = "project_areas"
    __table_args__ = (
        UniqueConstraint("project_id", "research_area_id"),
        {"comment": "Research areas a project works in."},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    research_area_id: Mapped[int] = mapped_column(
        ForeignKey("research_areas.id", ondelete="RESTRICT"), index=True
    )

    research_area: Mapped[ResearchArea] = relationship()
    citations: Mapped[list[Citation]] = cited_by("project_area_id")
