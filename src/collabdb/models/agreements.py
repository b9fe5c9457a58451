"""Agreements, their parties, signatories, areas, territory and the projects under them."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, relationship

from collabdb import tables
from collabdb.models.areas import ResearchArea
from collabdb.models.base import Base
from collabdb.models.organizations import Organization
from collabdb.models.people import Person
from collabdb.models.sources import Citation, cited_by


class Agreement(Base):
    __table__ = tables.agreements

    id: Mapped[int]
    slug: Mapped[str]
    agreement_type: Mapped[str]
    title: Mapped[str]
    summary: Mapped[str | None]
    status: Mapped[str]
    announced_on: Mapped[str | None]
    signed_on: Mapped[str | None]
    financial_terms: Mapped[str]
    development_stage: Mapped[str | None]
    unnamed_parties: Mapped[str | None]
    parent_id: Mapped[int | None]
    duration: Mapped[str | None]
    term: Mapped[str | None]

    parent: Mapped[Agreement | None] = relationship(remote_side=[tables.agreements.c.id])
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
    status_history: Mapped[list[AgreementStatus]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    citations: Mapped[list[Citation]] = cited_by("agreement_id")


class AgreementParty(Base):
    __table__ = tables.agreement_parties

    id: Mapped[int]
    agreement_id: Mapped[int]
    organization_id: Mapped[int]
    role: Mapped[str]

    agreement: Mapped[Agreement] = relationship(back_populates="parties")
    organization: Mapped[Organization] = relationship()
    citations: Mapped[list[Citation]] = cited_by("agreement_party_id")


class AgreementPerson(Base):
    __table__ = tables.agreement_people

    id: Mapped[int]
    agreement_id: Mapped[int]
    person_id: Mapped[int]
    role: Mapped[str]
    organization_id: Mapped[int | None]

    person: Mapped[Person] = relationship()
    organization: Mapped[Organization | None] = relationship()
    citations: Mapped[list[Citation]] = cited_by("agreement_person_id")


class AgreementArea(Base):
    __table__ = tables.agreement_areas

    id: Mapped[int]
    agreement_id: Mapped[int]
    research_area_id: Mapped[int]

    research_area: Mapped[ResearchArea] = relationship()
    citations: Mapped[list[Citation]] = cited_by("agreement_area_id")


class AgreementTerritory(Base):
    __table__ = tables.agreement_territories

    id: Mapped[int]
    agreement_id: Mapped[int]
    country: Mapped[str]
    scope: Mapped[str]

    citations: Mapped[list[Citation]] = cited_by("agreement_territory_id")


class AgreementStatus(Base):
    __table__ = tables.agreement_statuses

    id: Mapped[int]
    agreement_id: Mapped[int]
    status: Mapped[str]
    changed_on: Mapped[str | None]
    note: Mapped[str | None]

    citations: Mapped[list[Citation]] = cited_by("agreement_status_id")


class Project(Base):
    __table__ = tables.projects

    id: Mapped[int]
    slug: Mapped[str]
    agreement_id: Mapped[int]
    name: Mapped[str]
    summary: Mapped[str | None]
    status: Mapped[str]
    starts_on: Mapped[str | None]
    ends_on: Mapped[str | None]

    agreement: Mapped[Agreement] = relationship()
    areas: Mapped[list[ProjectArea]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    citations: Mapped[list[Citation]] = cited_by("project_id")


class ProjectArea(Base):
    __table__ = tables.project_areas

    id: Mapped[int]
    project_id: Mapped[int]
    research_area_id: Mapped[int]

    research_area: Mapped[ResearchArea] = relationship()
    citations: Mapped[list[Citation]] = cited_by("project_area_id")
