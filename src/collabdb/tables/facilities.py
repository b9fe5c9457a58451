"""Facilities: plants, hospitals, laboratories, biobanks."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from collabdb.tables.base import PartialDateColumn, date_order_index, metadata

facilities = Table(
    "facilities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), unique=True, nullable=False, comment="Natural key."),
    Column("name", Text, nullable=False, comment="Name or description, in our words."),
    Column(
        "kind",
        String(40),
        nullable=False,
        comment="manufacturing_plant | hospital | laboratory | biobank | research_centre | office",
    ),
    Column(
        "owner_id",
        ForeignKey("organizations.id", ondelete="RESTRICT"),
        index=True,
        comment="Owner/operator.",
    ),
    Column(
        "agreement_id",
        ForeignKey("agreements.id", ondelete="RESTRICT"),
        index=True,
        comment="Agreement under which it was set up, if any.",
    ),
    Column("city", Text, comment="City."),
    Column("region", Text, comment="Region or province."),
    Column("country", String(2), comment="ISO 3166-1 alpha-2 code."),
    Column("opened_on", PartialDateColumn, comment="Opening date at its precision."),
    Column("capacity", Integer, comment="Capacity, in capacity_unit."),
    Column("capacity_unit", String(40), comment="Unit of capacity, e.g. beds."),
    Column("description", Text, comment="What it does, in our words."),
    # `facilities --country`: a page of a country in slug order.
    Index("ix_facilities_country_slug", "country", "slug"),
    comment="Physical facilities: plants, hospitals, laboratories, biobanks.",
)
date_order_index(facilities.c.opened_on)
