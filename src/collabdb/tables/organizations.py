"""Organizations, their names in every language, their stated research interests, and their
relations to each other."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from collabdb.tables.base import ExactDecimal, PartialDateColumn, metadata, name_columns

organizations = Table(
    "organizations",
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
        String(40),
        nullable=False,
        comment="company | company_unit | foundation | foundation_unit | research_institute | "
        "research_group | hospital | university | government_body | fund | startup | other",
    ),
    Column("country", String(2), index=True, comment="ISO 3166-1 alpha-2 code."),
    Column(
        "headquarters", Text, comment="Headquarters as the sources give it (a city, or a country)."
    ),
    Column("city", Text, comment="City where it is based."),
    Column("region", Text, comment="Region or province."),
    Column(
        "parent_id",
        ForeignKey("organizations.id", ondelete="RESTRICT"),
        index=True,
        comment="Parent organization of a unit or subsidiary.",
    ),
    Column("description", Text, comment="What it is, in our words."),
    # `orgs --kind`: a page of a kind in slug order, however rare the kind.
    Index("ix_organizations_kind_slug", "kind", "slug"),
    comment="Companies, institutes, foundations, units and other bodies.",
)


organization_names = Table(
    "organization_names",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "organization_id",
        ForeignKey("organizations.id", ondelete="CASCADE"),
        index=True,
        nullable=False,
    ),
    *name_columns(),
    UniqueConstraint("organization_id", "name", "language"),
    comment="Every name an organization goes by: official, Russian, acronym, short.",
)


organization_interests = Table(
    "organization_interests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "organization_id",
        ForeignKey("organizations.id", ondelete="CASCADE"),
        index=True,
        nullable=False,
    ),
    Column(
        "research_area_id",
        ForeignKey("research_areas.id", ondelete="RESTRICT"),
        nullable=False,
    ),
    Column(
        "kind",
        String(30),
        nullable=False,
        comment="partnering_interest | research_focus | activity | core_capability | priority",
    ),
    Column("note", Text, comment="What the organization says, summarized."),
    # the area-count triggers read the links of an area (a moved subtree) from this index.
    Index(
        "ix_organization_interests_research_area_id_organization_id",
        "research_area_id",
        "organization_id",
    ),
    UniqueConstraint("organization_id", "research_area_id", "kind"),
    comment="Research areas an organization states as its interest, activity or priority.",
)


organization_relations = Table(
    "organization_relations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), unique=True, nullable=False, comment="Natural key."),
    Column(
        "organization_id",
        ForeignKey("organizations.id", ondelete="RESTRICT"),
        index=True,
        nullable=False,
    ),
    Column(
        "relation",
        String(20),
        nullable=False,
        comment="member_of | resident_of | owner_of | joint_venture_of (the organization is a "
        "member of the other, a resident of it, owns a stake in it, is a joint venture of it)",
    ),
    Column(
        "other_organization_id",
        ForeignKey("organizations.id", ondelete="RESTRICT"),
        index=True,
        nullable=False,
    ),
    Column(
        "stake_percent",
        ExactDecimal,
        comment="The stake an owner holds, in percent (51 means 51%), where a source gives it.",
    ),
    Column("started_on", PartialDateColumn, comment="Since when, at its precision, if known."),
    Column("ended_on", PartialDateColumn, comment="Until when, at its precision, if known."),
    Column("note", Text, comment="What the sources say of it, in our words."),
    UniqueConstraint("organization_id", "relation", "other_organization_id"),
    comment="Relations between organizations beyond the parent: a member of a cluster, a "
    "resident of a special economic zone or technopark, an owner with its stake, a joint "
    "venture of its founders. Dated and cited.",
)
