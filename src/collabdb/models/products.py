"""Products and assets, their names, owners and research areas, and the agreements that
concern them."""

from __future__ import annotations

from sqlalchemy.orm import Mapped, relationship

from collabdb import tables
from collabdb.models.agreements import Agreement
from collabdb.models.areas import ResearchArea
from collabdb.models.base import Base
from collabdb.models.organizations import Organization
from collabdb.models.sources import Citation, cited_by


class Product(Base):
    __table__ = tables.products

    id: Mapped[int]
    slug: Mapped[str]
    name: Mapped[str]
    name_key: Mapped[str]
    kind: Mapped[str]
    description: Mapped[str | None]

    names: Mapped[list[ProductName]] = relationship(
        back_populates="product", cascade="all, delete-orphan", passive_deletes=True
    )
    owners: Mapped[list[ProductOwner]] = relationship(
        back_populates="product", cascade="all, delete-orphan", passive_deletes=True
    )
    areas: Mapped[list[ProductArea]] = relationship(
        back_populates="product", cascade="all, delete-orphan", passive_deletes=True
    )
    citations: Mapped[list[Citation]] = cited_by("product_id")


class ProductName(Base):
    __table__ = tables.product_names

    id: Mapped[int]
    product_id: Mapped[int]
    name: Mapped[str]
    name_key: Mapped[str]
    language: Mapped[str]
    script: Mapped[str]
    name_type: Mapped[str]

    product: Mapped[Product] = relationship(back_populates="names")
    citations: Mapped[list[Citation]] = cited_by("product_name_id")


class ProductOwner(Base):
    __table__ = tables.product_owners

    id: Mapped[int]
    product_id: Mapped[int]
    organization_id: Mapped[int]

    product: Mapped[Product] = relationship(back_populates="owners")
    organization: Mapped[Organization] = relationship()
    citations: Mapped[list[Citation]] = cited_by("product_owner_id")


class ProductArea(Base):
    __table__ = tables.product_areas

    id: Mapped[int]
    product_id: Mapped[int]
    research_area_id: Mapped[int]

    product: Mapped[Product] = relationship(back_populates="areas")
    research_area: Mapped[ResearchArea] = relationship()
    citations: Mapped[list[Citation]] = cited_by("product_area_id")


class AgreementProduct(Base):
    __table__ = tables.agreement_products

    id: Mapped[int]
    agreement_id: Mapped[int]
    product_id: Mapped[int]
    role: Mapped[str]
    stage_at_signing: Mapped[str | None]

    # (Agreement has no relationship back: models/agreements.py would import this module.)
    agreement: Mapped[Agreement] = relationship()
    product: Mapped[Product] = relationship()
    citations: Mapped[list[Citation]] = cited_by("agreement_product_id")
