"""analyst views

Views for the common analyst questions, with the same SQL on SQLite and PostgreSQL: one row per
agreement party, per financial figure, per person-position and per fact-to-source link. On
PostgreSQL their descriptions, and their columns', also become COMMENTs, visible in psql's \\d+.

The views are written out here as they were at this revision (frozen from collabdb.views of
the time): a migration never reads the application, whose views may have changed since. A
later change to a view is a new migration that drops and re-creates it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


class FrozenView(NamedTuple):
    name: str
    description: str
    #: (name, description) of each column, in the order of the view's SELECT
    columns: tuple[tuple[str, str], ...]
    create: str


VIEWS: tuple[FrozenView, ...] = (
    FrozenView(
        name="view_agreement_parties",
        description=(
            "One row per agreement party: the agreement, its dates at their "
            "precision, its financial terms, and the organization taking part with "
            "its role. An agreement without named parties has one row with empty "
            "party columns."
        ),
        columns=(
            ("agreement_slug", "Natural key of the agreement."),
            ("agreement_title", "Short title, in our words."),
            ("agreement_type", "Kind of deal (see agreements.agreement_type)."),
            ("agreement_status", "Status (see agreements.status)."),
            ("announced_on", "Announcement date."),
            ("announced_precision", "How precise announced_on is."),
            ("signed_on", "Signing date."),
            ("signed_precision", "How precise signed_on is."),
            ("financial_terms", "disclosed | not_disclosed | unknown (the sources are silent)."),
            ("unnamed_parties", "Parties the sources mention without naming them."),
            ("party_slug", "Natural key of the organization taking part."),
            ("party_name", "Its canonical (English) name."),
            ("party_kind", "Its kind (see organizations.kind)."),
            ("party_country", "Its ISO 3166-1 alpha-2 country code."),
            ("party_role", "Its role in the agreement (see agreement_parties.role)."),
        ),
        create="""CREATE VIEW view_agreement_parties AS
SELECT
  a.slug AS agreement_slug,
  a.title AS agreement_title,
  a.agreement_type AS agreement_type,
  a.status AS agreement_status,
  a.announced_on AS announced_on,
  CASE WHEN a.announced_on IS NULL THEN NULL WHEN length(a.announced_on) = 4 THEN 'year' WHEN substr(a.announced_on, 6, 1) = 'Q' THEN 'quarter' WHEN length(a.announced_on) = 7 THEN 'month' ELSE 'day' END AS announced_precision,
  a.signed_on AS signed_on,
  CASE WHEN a.signed_on IS NULL THEN NULL WHEN length(a.signed_on) = 4 THEN 'year' WHEN substr(a.signed_on, 6, 1) = 'Q' THEN 'quarter' WHEN length(a.signed_on) = 7 THEN 'month' ELSE 'day' END AS signed_precision,
  a.financial_terms AS financial_terms,
  a.unnamed_parties AS unnamed_parties,
  o.slug AS party_slug,
  o.name AS party_name,
  o.kind AS party_kind,
  o.country AS party_country,
  p.role AS party_role
FROM agreements a
LEFT JOIN agreement_parties p ON p.agreement_id = a.id
LEFT JOIN organizations o ON o.id = p.organization_id""",
    ),
    FrozenView(
        name="view_financial_figures",
        description=(
            "One row per financial figure: what it measures, its amount and currency "
            "or percentage, its period, its subject, and the source paragraph that "
            "states it (all its citations are in view_fact_sources)."
        ),
        columns=(
            ("figure_slug", "Natural key of the figure."),
            ("measure", "What it measures (see financial_figures.measure)."),
            ("disclosure", "disclosed | not_disclosed (then amount and percentage are empty)."),
            ("amount", "Exact amount, in units of currency."),
            ("currency", "ISO 4217 code of the amount."),
            ("percentage", "A percentage (6 means 6%)."),
            ("period", "Period it is for."),
            ("period_precision", "How precise period is."),
            ("comparison_period", "Period a growth figure is measured against."),
            ("subject_organization_slug", "Organization the figure is about."),
            ("subject_organization_name", "Its canonical name."),
            ("subject_agreement_slug", "Agreement the figure is about."),
            ("subject_agreement_title", "Its title."),
            ("subject_facility_slug", "Facility the figure is about."),
            ("subject_facility_name", "Its name."),
            ("subject_segment", "Named segment, e.g. emerging markets."),
            ("note", "Context, in our words."),
            (
                "source_slug",
                "Source that states the figure (an article before an editorial addition).",
            ),
            (
                "source_paragraph",
                "Paragraph of that source, counted from 1 (empty for editorial sources).",
            ),
            ("citation_count", "How many source paragraphs the figure cites in all."),
        ),
        create="""CREATE VIEW view_financial_figures AS
SELECT
  f.slug AS figure_slug,
  f.measure AS measure,
  f.disclosure AS disclosure,
  f.amount AS amount,
  f.currency AS currency,
  f.percentage AS percentage,
  f.period AS period,
  CASE WHEN f.period IS NULL THEN NULL WHEN length(f.period) = 4 THEN 'year' WHEN substr(f.period, 6, 1) = 'Q' THEN 'quarter' WHEN length(f.period) = 7 THEN 'month' ELSE 'day' END AS period_precision,
  f.comparison_period AS comparison_period,
  o.slug AS subject_organization_slug,
  o.name AS subject_organization_name,
  a.slug AS subject_agreement_slug,
  a.title AS subject_agreement_title,
  fa.slug AS subject_facility_slug,
  fa.name AS subject_facility_name,
  f.segment AS subject_segment,
  f.note AS note,
  (SELECT s.slug FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.financial_figure_id = f.id ORDER BY CASE WHEN s.kind = 'editorial' THEN 1 ELSE 0 END, s.slug, COALESCE(c.paragraph, 0) LIMIT 1) AS source_slug,
  (SELECT c.paragraph FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.financial_figure_id = f.id ORDER BY CASE WHEN s.kind = 'editorial' THEN 1 ELSE 0 END, s.slug, COALESCE(c.paragraph, 0) LIMIT 1) AS source_paragraph,
  (SELECT count(*) FROM citations c WHERE c.financial_figure_id = f.id) AS citation_count
FROM financial_figures f
LEFT JOIN organizations o ON o.id = f.organization_id
LEFT JOIN agreements a ON a.id = f.agreement_id
LEFT JOIN facilities fa ON fa.id = f.facility_id""",
    ),
    FrozenView(
        name="view_person_positions",
        description=(
            "One row per position a person holds or held, with the organization and "
            "the start and end dates at their precision."
        ),
        columns=(
            ("person_slug", "Natural key of the person."),
            ("person_name", "Full name as commonly written in English."),
            ("organization_slug", "Organization of the position."),
            ("organization_name", "Its canonical name."),
            ("position_title", "Job title as the source gives it."),
            ("position_status", "current | former | unknown (as of the citing source's date)."),
            ("started_on", "Start, if known."),
            ("started_precision", "How precise it is."),
            ("ended_on", "End, if known."),
            ("ended_precision", "How precise it is."),
        ),
        create="""CREATE VIEW view_person_positions AS
SELECT
  pe.slug AS person_slug,
  pe.name AS person_name,
  o.slug AS organization_slug,
  o.name AS organization_name,
  po.title AS position_title,
  po.status AS position_status,
  po.started_on AS started_on,
  CASE WHEN po.started_on IS NULL THEN NULL WHEN length(po.started_on) = 4 THEN 'year' WHEN substr(po.started_on, 6, 1) = 'Q' THEN 'quarter' WHEN length(po.started_on) = 7 THEN 'month' ELSE 'day' END AS started_precision,
  po.ended_on AS ended_on,
  CASE WHEN po.ended_on IS NULL THEN NULL WHEN length(po.ended_on) = 4 THEN 'year' WHEN substr(po.ended_on, 6, 1) = 'Q' THEN 'quarter' WHEN length(po.ended_on) = 7 THEN 'month' ELSE 'day' END AS ended_precision
FROM positions po
JOIN people pe ON pe.id = po.person_id
JOIN organizations o ON o.id = po.organization_id""",
    ),
    FrozenView(
        name="view_fact_sources",
        description=(
            "One row per link between a fact and the source paragraph that states it "
            "(the citations table, with the fact and the source spelled out)."
        ),
        columns=(
            ("fact_table", "Table of the fact row, e.g. agreement_parties."),
            ("fact_id", "Its id in that table."),
            (
                "fact_slug",
                (
                    "Slug of the record the fact belongs to: the row itself, or the "
                    "parent of a child row (the agreement of a party, the person of a "
                    "position)."
                ),
            ),
            (
                "fact_key",
                (
                    "Which child row of that record, e.g. 'astrazeneca (pharma_partner)' "
                    "for a party; empty for a top-level record."
                ),
            ),
            ("source_slug", "Natural key of the source."),
            ("source_kind", "article | press_release | website | filing | editorial"),
            ("source_published_on", "Publication date."),
            ("source_sha256", "SHA-256 of the source's stored text (hex)."),
            (
                "paragraph",
                "Paragraph of the source text, counted from 1 (empty for editorial sources).",
            ),
        ),
        create="""CREATE VIEW view_fact_sources AS
SELECT
  fact.fact_table AS fact_table,
  fact.fact_id AS fact_id,
  fact.fact_slug AS fact_slug,
  fact.fact_key AS fact_key,
  s.slug AS source_slug,
  s.kind AS source_kind,
  s.published_on AS source_published_on,
  s.sha256 AS source_sha256,
  fact.paragraph AS paragraph
FROM (
  SELECT 'organizations' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN organizations x ON x.id = c.organization_id
  UNION ALL SELECT 'organization_names' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.name || ' [' || x.language || ']' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN organization_names x ON x.id = c.organization_name_id JOIN organizations r ON r.id = x.organization_id
  UNION ALL SELECT 'organization_interests' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug || ' (' || x.kind || ')' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN organization_interests x ON x.id = c.organization_interest_id JOIN organizations r ON r.id = x.organization_id JOIN research_areas k ON k.id = x.research_area_id
  UNION ALL SELECT 'people' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN people x ON x.id = c.person_id
  UNION ALL SELECT 'person_names' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.name || ' [' || x.language || ']' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN person_names x ON x.id = c.person_name_id JOIN people r ON r.id = x.person_id
  UNION ALL SELECT 'positions' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.title || ' at ' || k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN positions x ON x.id = c.position_id JOIN people r ON r.id = x.person_id JOIN organizations k ON k.id = x.organization_id
  UNION ALL SELECT 'research_areas' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN research_areas x ON x.id = c.research_area_id
  UNION ALL SELECT 'programmes' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN programmes x ON x.id = c.programme_id
  UNION ALL SELECT 'programme_areas' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN programme_areas x ON x.id = c.programme_area_id JOIN programmes r ON r.id = x.programme_id JOIN research_areas k ON k.id = x.research_area_id
  UNION ALL SELECT 'agreements' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreements x ON x.id = c.agreement_id
  UNION ALL SELECT 'agreement_parties' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug || ' (' || x.role || ')' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_parties x ON x.id = c.agreement_party_id JOIN agreements r ON r.id = x.agreement_id JOIN organizations k ON k.id = x.organization_id
  UNION ALL SELECT 'agreement_people' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug || ' (' || x.role || ')' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_people x ON x.id = c.agreement_person_id JOIN agreements r ON r.id = x.agreement_id JOIN people k ON k.id = x.person_id
  UNION ALL SELECT 'agreement_areas' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_areas x ON x.id = c.agreement_area_id JOIN agreements r ON r.id = x.agreement_id JOIN research_areas k ON k.id = x.research_area_id
  UNION ALL SELECT 'agreement_territories' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, x.country || ' (' || x.scope || ')' AS fact_key, c.source_id, c.paragraph FROM citations c JOIN agreement_territories x ON x.id = c.agreement_territory_id JOIN agreements r ON r.id = x.agreement_id
  UNION ALL SELECT 'projects' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN projects x ON x.id = c.project_id
  UNION ALL SELECT 'project_areas' AS fact_table, x.id AS fact_id, r.slug AS fact_slug, k.slug AS fact_key, c.source_id, c.paragraph FROM citations c JOIN project_areas x ON x.id = c.project_area_id JOIN projects r ON r.id = x.project_id JOIN research_areas k ON k.id = x.research_area_id
  UNION ALL SELECT 'facilities' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN facilities x ON x.id = c.facility_id
  UNION ALL SELECT 'financial_figures' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN financial_figures x ON x.id = c.financial_figure_id
  UNION ALL SELECT 'events' AS fact_table, x.id AS fact_id, x.slug AS fact_slug, CAST(NULL AS TEXT) AS fact_key, c.source_id, c.paragraph FROM citations c JOIN events x ON x.id = c.event_id
) fact
JOIN sources s ON s.id = fact.source_id""",
    ),
)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for view in VIEWS:
        op.execute(view.create)
        if postgresql:
            op.execute(f"COMMENT ON VIEW {view.name} IS {_quoted(view.description)}")
            for column, description in view.columns:
                op.execute(f"COMMENT ON COLUMN {view.name}.{column} IS {_quoted(description)}")


def downgrade() -> None:
    for view in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {view.name}")
