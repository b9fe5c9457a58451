"""Agreements, their parties, signatories, areas, territory and the projects under them."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)

from collabdb.tables.base import PartialDateColumn, PeriodColumn, date_order_index, metadata

agreements = Table(
    "agreements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), unique=True, nullable=False, comment="Natural key."),
    Column(
        "agreement_type",
        String(40),
        nullable=False,
        comment="strategic_partnership | memorandum | research_collaboration | licensing | "
        "manufacturing | distribution | co_development | joint_venture | acquisition | other",
    ),
    Column("title", Text, nullable=False, comment="Short title, in our words."),
    Column("summary", Text, comment="What it covers, in our words."),
    Column(
        "status",
        String(20),
        nullable=False,
        comment="announced | signed | active | completed | terminated | unknown",
    ),
    Column(
        "announced_on", PartialDateColumn, index=True, comment="Announcement date at its precision."
    ),
    Column("signed_on", PartialDateColumn, comment="Signing date at its precision."),
    Column(
        "financial_terms",
        String(20),
        nullable=False,
        comment="disclosed | not_disclosed | unknown (sources silent)",
    ),
    Column(
        "development_stage", Text, comment="Development stage of the asset at signing, where known."
    ),
    Column("unnamed_parties", Text, comment="Parties the sources mention without naming them."),
    Column(
        "parent_id",
        ForeignKey("agreements.id", ondelete="RESTRICT"),
        index=True,
        comment="Agreement this one extends or follows on from.",
    ),
    Column(
        "duration",
        String(20),
        comment="Term as a source states it, an ISO 8601 duration: P5Y, P18M, P2Y6M.",
    ),
    Column(
        "term",
        PeriodColumn,
        comment="The dates it runs, as a source states them: an interval START/END of partial"
        " dates (2011/2015, 2020-07/..), or one date.",
    ),
    comment="Partnerships, memoranda, collaborations, licences and other deals.",
)
date_order_index(agreements.c.announced_on)
date_order_index(agreements.c.signed_on)


# Agreements are listed by date (signed, else announced; undated last), then slug. With this
# index a page of a large match (an area with thousands of deals) walks the listing order and
# stops at --limit instead of sorting every match (repositories/agreements.py chooses the plan).
_listed_on = func.coalesce(agreements.c.signed_on, agreements.c.announced_on)
Index("ix_agreements_listing", _listed_on.is_(None), _listed_on, agreements.c.slug)


agreement_parties = Table(
    "agreement_parties",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "agreement_id", ForeignKey("agreements.id", ondelete="CASCADE"), index=True, nullable=False
    ),
    Column(
        "organization_id",
        ForeignKey("organizations.id", ondelete="RESTRICT"),
        index=True,
        nullable=False,
    ),
    Column(
        "role",
        String(40),
        nullable=False,
        comment="partner | pharma_partner | research_partner | licensor | licensee | "
        "investor | manufacturer | sponsor | participant",
    ),
    UniqueConstraint("agreement_id", "organization_id"),
    comment="An organization taking part in an agreement, with its role.",
)


agreement_people = Table(
    "agreement_people",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "agreement_id", ForeignKey("agreements.id", ondelete="CASCADE"), index=True, nullable=False
    ),
    Column("person_id", ForeignKey("people.id", ondelete="RESTRICT"), index=True, nullable=False),
    Column(
        "role",
        String(20),
        nullable=False,
        comment="signatory (signed it) | spokesperson (spoke for a party about it) | "
        "pictured (named in a photo caption only) | negotiator | contact",
    ),
    Column(
        "organization_id",
        ForeignKey("organizations.id", ondelete="RESTRICT"),
        index=True,
        comment="Organization the person acted for.",
    ),
    UniqueConstraint("agreement_id", "person_id", "role"),
    comment="People connected with an agreement: signatories, spokespeople, pictured.",
)


agreement_areas = Table(
    "agreement_areas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "agreement_id", ForeignKey("agreements.id", ondelete="CASCADE"), index=True, nullable=False
    ),
    Column(
        "research_area_id",
        ForeignKey("research_areas.id", ondelete="RESTRICT"),
        nullable=False,
    ),
    # `--area` filters and the area-count triggers read the links of an area from this index.
    Index("ix_agreement_areas_research_area_id_agreement_id", "research_area_id", "agreement_id"),
    UniqueConstraint("agreement_id", "research_area_id"),
    comment="Research areas an agreement covers.",
)


agreement_territories = Table(
    "agreement_territories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "agreement_id", ForeignKey("agreements.id", ondelete="CASCADE"), index=True, nullable=False
    ),
    Column("country", String(2), index=True, nullable=False, comment="ISO 3166-1 alpha-2 code."),
    Column("scope", String(10), nullable=False, comment="included | excluded"),
    UniqueConstraint("agreement_id", "country"),
    comment="Countries an agreement covers or excludes.",
)


agreement_statuses = Table(
    "agreement_statuses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "agreement_id", ForeignKey("agreements.id", ondelete="CASCADE"), index=True, nullable=False
    ),
    Column(
        "status",
        String(20),
        nullable=False,
        comment="announced | signed | in_force | completed | suspended | terminated | dropped",
    ),
    Column("changed_on", PartialDateColumn, comment="When it took this status, at its precision."),
    Column("note", Text, comment="What happened, in our words."),
    UniqueConstraint("agreement_id", "status", "changed_on"),
    comment="An agreement's status history: each change, dated and cited; the latest is "
    "agreements.status.",
)
date_order_index(agreement_statuses.c.changed_on)


agreement_programmes = Table(
    "agreement_programmes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "agreement_id", ForeignKey("agreements.id", ondelete="CASCADE"), index=True, nullable=False
    ),
    Column(
        "programme_id",
        ForeignKey("programmes.id", ondelete="RESTRICT"),
        index=True,
        nullable=False,
    ),
    UniqueConstraint("agreement_id", "programme_id"),
    comment="The programmes (a government programme, a company initiative) an agreement was "
    "made under.",
)


projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("slug", String(200), unique=True, nullable=False, comment="Natural key."),
    Column(
        "agreement_id", ForeignKey("agreements.id", ondelete="RESTRICT"), index=True, nullable=False
    ),
    Column("name", Text, nullable=False, comment="Name of the project, in our words."),
    Column("summary", Text, comment="Its aims, in our words."),
    Column("status", String(20), nullable=False, comment="planned | active | completed | unknown"),
    Column("starts_on", PartialDateColumn, comment="When it starts or started, at its precision."),
    Column("ends_on", PartialDateColumn, comment="When it ends or ended, at its precision."),
    comment="Joint projects carried out under an agreement.",
)


project_areas = Table(
    "project_areas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", ForeignKey("projects.id", ondelete="CASCADE"), index=True, nullable=False),
    Column(
        "research_area_id",
        ForeignKey("research_areas.id", ondelete="RESTRICT"),
        nullable=False,
    ),
    # the area-count triggers read the links of an area (a moved subtree) from this index.
    Index("ix_project_areas_research_area_id_project_id", "research_area_id", "project_id"),
    UniqueConstraint("project_id", "research_area_id"),
    comment="Research areas a project works in.",
)
