"""Organizations, their names in every language, their stated research interests, and their
relations to each other."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, relationship

from collabdb import tables
from collabdb.models.base import Base
from collabdb.models.sources import Citation, cited_by


class Organization(Base):
    __table__ = tables.organizations

    id: Mapped[int]
    slug: Mapped[str]
    name: Mapped[str]
    name_key: Mapped[str]
    kind: Mapped[str]
    country: Mapped[str | None]
    headquarters: Mapped[str | None]
    city: Mapped[str | None]
    region: Mapped[str | None]
    parent_id: Mapped[int | None]
    description: Mapped[str | None]

    parent: Mapped[Organization | None] = relationship(
        remote_side=[tables.organizations.c.id], back_populates="children"
    )
    children: Mapped[list[Organization]] = relationship(back_populates="parent")
    names: Mapped[list[OrganizationName]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", passive_deletes=True
    )
    interests: Mapped[list[OrganizationInterest]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", passive_deletes=True
    )
    citations: Mapped[list[Citation]] = cited_by("organization_id")


class OrganizationName(Base):
    __table__ = tables.organization_names

    id: Mapped[int]
    organization_id: Mapped[int]
    name: Mapped[str]
    name_key: Mapped[str]
    language: Mapped[str]
    script: Mapped[str]
    name_type: Mapped[str]

    organization: Mapped[Organization] = relationship(back_populates="names")
    citations: Mapped[list[Citation]] = cited_by("organization_name_id")


class OrganizationInterest(Base):
    __table__ = tables.organization_interests

    id: Mapped[int]
    organization_id: Mapped[int]
    research_area_id: Mapped[int]
    kind: Mapped[str]
    note: Mapped[str | None]

    organization: Mapped[Organization] = relationship(back_populates="interests")
    research_area: Mapped[ResearchArea] = relationship()
    citations: Mapped[list[Citation]] = cited_by("organization_interest_id")


class OrganizationRelation(Base):
    """A relation between two organizations (``relations`` in the import format)."""

    __table__ = tables.organization_relations

    id: Mapped[int]
    slug: Mapped[str]
    organization_id: Mapped[int]
    relation: Mapped[str]
    other_organization_id: Mapped[int]
    stake_percent: Mapped[str | None]
    started_on: Mapped[str | None]
    ended_on: Mapped[str | None]
    note: Mapped[str | None]

    organization: Mapped[Organization] = relationship(
        foreign_keys=[tables.organization_relations.c.organization_id]
    )
    other: Mapped[Organization] = relationship(
        foreign_keys=[tables.organization_relations.c.other_organization_id]
    )
    citations: Mapped[list[Citation]] = cited_by("organization_relation_id")


from collabdb.models.areas import ResearchArea  # noqa: E402  (mutual reference)
