"""Products and assets (vaccines, molecules, biologics, platforms...), their names, owners and
research areas, and the agreements that concern them."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from collabdb.tables.base import metadata, name_columns

products = Table(
    "products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), unique=True, nullable=False, comment="Natural key."),
    Column("name", Text, nullable=False, comment="Canonical name, as commonly written in English."),
    Column(
        "name_key",
        Text,
        index=True,
        nullable=False,
        comment="Match key of the name (case, accents, script folded).",
    ),
    Column(
        "kind",
        String(20),
        nullable=False,
        comment="vaccine | small_molecule | biologic | biosimilar | platform | device | portfolio",
    ),
    Column("description", Text, comment="What it is, in our words."),
    comment="Products and assets: vaccines, molecules, biologics, platforms, devices, portfolios.",
)


product_names = Table(
    "product_names",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), index=True, nullable=False),
    *name_columns(),
    UniqueConstraint("product_id", "name", "language"),
    comment="Every name a product goes by: INN, brand, code, Russian name.",
)


product_owners = Table(
    "product_owners",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), index=True, nullable=False),
    Column(
        "organization_id",
        ForeignKey("organizations.id", ondelete="RESTRICT"),
        index=True,
        nullable=False,
    ),
    UniqueConstraint("product_id", "organization_id"),
    comment="Organizations that own or hold the rights to a product.",
)


product_areas = Table(
    "product_areas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("product_id", ForeignKey("products.id", ondelete="CASCADE"), index=True, nullable=False),
    Column(
        "research_area_id",
        ForeignKey("research_areas.id", ondelete="RESTRICT"),
        index=True,
        nullable=False,
    ),
    UniqueConstraint("product_id", "research_area_id"),
    comment="Research areas a product is for (not counted in research_area_counts).",
)


agreement_products = Table(
    "agreement_products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "agreement_id", ForeignKey("agreements.id", ondelete="CASCADE"), index=True, nullable=False
    ),
    Column("product_id", ForeignKey("products.id", ondelete="RESTRICT"), nullable=False),
    Column(
        "role",
        String(20),
        nullable=False,
        comment="licensed | localized | manufactured | co_developed | tested | supplied | "
        "transferred",
    ),
    Column(
        "stage_at_signing",
        String(20),
        comment="discovery | preclinical | phase_1 | phase_2 | phase_3 | filed | approved",
    ),
    # `agreements --product` and a product's detail read the links of a product from this index.
    Index("ix_agreement_products_product_id_agreement_id", "product_id", "agreement_id"),
    UniqueConstraint("agreement_id", "product_id"),
    comment="Products an agreement concerns, with their role in it and stage at signing.",
)
