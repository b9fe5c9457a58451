"""Research areas: a tree (oncology > lung cancer, immuno-oncology, ...)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text

from collabdb.tables.base import metadata

research_areas = Table(
    "research_areas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), unique=True, nullable=False, comment="Natural key."),
    Column("name", Text, nullable=False, comment="Name of the area."),
    Column("name_key", Text, index=True, nullable=False, comment="Match key of the name."),
    Column(
        "parent_id",
        ForeignKey("research_areas.id", ondelete="RESTRICT"),
        index=True,
        comment="Broader area this one belongs to.",
    ),
    Column("description", Text, comment="What the area covers."),
    comment="Therapeutic and scientific areas, as a tree.",
)
