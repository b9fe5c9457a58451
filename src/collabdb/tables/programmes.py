"""Government programmes and policies the sources name."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint

from collabdb.tables.base import PartialDateColumn, metadata

programmes = Table(
    "programmes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), unique=True, nullable=False, comment="Natural key."),
    Column("name", Text, nullable=False, comment="Name of the programme."),
    Column("name_key", Text, index=True, nullable=False, comment="Match key of the name."),
    Column("kind", String(30), nullable=False, comment="government_programme | policy | other"),
    Column("country", String(2), comment="ISO 3166-1 alpha-2 code."),
    Column(
        "owner_id",
        ForeignKey("organizations.id", ondelete="RESTRICT"),
        index=True,
        comment="Who runs it.",
    ),
    Column("starts_on", PartialDateColumn, comment="Start, if known."),
    Column("ends_on", PartialDateColumn, comment="End or horizon."),
    Column("summary", Text, comment="What it is, in our words."),
    comment="Government programmes and policies.",
)


programme_areas = Table(
    "programme_areas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "programme_id", ForeignKey("programmes.id", ondelete="CASCADE"), index=True, nullable=False
    ),
    Column(
        "research_area_id",
        ForeignKey("research_areas.id", ondelete="RESTRICT"),
        index=True,
        nullable=False,
    ),
    UniqueConstraint("programme_id", "research_area_id"),
    comment="Research areas a programme names as priorities.",
)
