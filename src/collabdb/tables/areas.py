"""Research areas: a tree (oncology > lung cancer, immuno-oncology, ...).

Two tables beside it are derived and kept in step by triggers (migration 0007, on both
backends), never written by collabdb itself: the tree's closure (every area paired with each
area at or below it) and, per area, the number of distinct records linked to it or to an area
below it, which is what `collabdb areas` lists without counting link rows.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text

from collabdb.tables.base import metadata

# Table.info key of the derived tables filled by triggers: a copy of a database's rows leaves
# them out (the triggers refill them as the other rows go in).
KEPT_BY_TRIGGERS = "kept_by_triggers"

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

research_area_closure = Table(
    "research_area_closure",
    metadata,
    Column(
        "ancestor_id",
        ForeignKey("research_areas.id", ondelete="CASCADE"),
        primary_key=True,
        comment="An area.",
    ),
    Column(
        "descendant_id",
        ForeignKey("research_areas.id", ondelete="CASCADE"),
        primary_key=True,
        comment="The area itself or an area below it.",
    ),
    Column("depth", Integer, nullable=False, comment="Levels between them (0: the same area)."),
    # the ancestors of an area, read by every trigger that counts a link
    Index("ix_research_area_closure_descendant_id_ancestor_id", "descendant_id", "ancestor_id"),
    comment="Every area paired with itself and each area below it (derived; kept by triggers).",
    info={KEPT_BY_TRIGGERS: True},
)

research_area_counts = Table(
    "research_area_counts",
    metadata,
    Column(
        "research_area_id",
        ForeignKey("research_areas.id", ondelete="CASCADE"),
        primary_key=True,
        comment="The area.",
    ),
    Column(
        "agreements",
        Integer,
        nullable=False,
        comment="Distinct agreements linked to it or to an area below it.",
    ),
    Column(
        "organizations",
        Integer,
        nullable=False,
        comment="Distinct organizations with an interest in it or in an area below it.",
    ),
    Column(
        "projects",
        Integer,
        nullable=False,
        comment="Distinct projects working in it or in an area below it.",
    ),
    comment="What `areas` counts, per area and its sub-areas (derived; kept by triggers).",
    info={KEPT_BY_TRIGGERS: True},
)
