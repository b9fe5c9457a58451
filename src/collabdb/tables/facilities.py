"""Facilities: plants, hospitals, laboratories, biobanks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from collabdb.tables.base import ExactDecimal, PartialDateColumn, date_order_index, metadata


def quantity_columns(name: str, meaning: str, *, unit: str | None = None) -> list[Column[Any]]:
    """A number as a source gives it: exact decimal, how exact (a figure's qualifiers), the
    upper end of a range, and its unit where it has one."""
    columns: list[Column[Any]] = [
        Column(name, ExactDecimal, comment=f"{meaning}: exact decimal (TEXT on SQLite)."),
        Column(
            f"{name}_qualifier",
            String(10),
            comment=f"How exact {name} is: exact | about | estimated | at_least | up_to | range;"
            " NULL is exact.",
        ),
        Column(f"{name}_high", ExactDecimal, comment=f"Upper end of a range ({name}: the lower)."),
    ]
    if unit is not None:
        columns.append(Column(f"{name}_unit", String(40), comment=unit))
    return columns


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
    *quantity_columns(
        "capacity", "Capacity, in capacity_unit", unit="Unit of capacity, e.g. beds."
    ),
    *quantity_columns("area", "Area of the site, in area_unit", unit="Unit of area, e.g. ha, m2."),
    *quantity_columns("jobs", "Jobs it has or is to create"),
    Column("description", Text, comment="What it does, in our words."),
    # `facilities --country`: a page of a country in slug order.
    Index("ix_facilities_country_slug", "country", "slug"),
    comment="Physical facilities: plants, hospitals, laboratories, biobanks.",
)
date_order_index(facilities.c.opened_on)
