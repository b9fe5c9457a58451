"""figures with qualified numbers: qualifier, amount_high, percentage_high; the analyst views
show them and a position's as_of

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03

A source says "about USD 97 million", "at least 350 jobs", "5 to 7%": a figure keeps how exact
its number is (``qualifier``, exact for every figure stored before) and, for a range, its upper
end. ``view_financial_figures`` and ``view_person_positions`` are re-created with the new
columns (PostgreSQL cannot add a column in the middle of a view); their definitions are frozen
here, those of 0002 for the downgrade.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in 0001: VARCHAR(40) on SQLite, which has no decimal type, NUMERIC(30, 10) on PostgreSQL.
EXACT_DECIMAL = sa.String(length=40).with_variant(sa.Numeric(precision=30, scale=10), "postgresql")


class FrozenView(NamedTuple):
    name: str
    description: str
    #: (name, description) of each column, in the order of the view's SELECT
    columns: tuple[tuple[str, str], ...]
    create: str


NEW_VIEWS: tuple[FrozenView, ...] = (
    FrozenView(
        name="view_financial_figures",
        description="One row per financial figure: what it measures, its amount and currency or percentage, its period, its subject, and the source paragraph that states it (all its citations are in view_fact_sources).",
        columns=(
            ("figure_slug", "Natural key of the figure."),
            ("measure", "What it measures (see financial_figures.measure)."),
            ("disclosure", "disclosed | not_disclosed (then amount and percentage are empty)."),
            ("amount", "Exact amount, in units of currency."),
            ("currency", "ISO 4217 code of the amount."),
            ("percentage", "A percentage (6 means 6%)."),
            (
                "qualifier",
                "exact | about | estimated | at_least | up_to | range (of amount or percentage).",
            ),
            ("amount_high", "Upper end of a range of amounts."),
            ("percentage_high", "Upper end of a range of percentages."),
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
        create="CREATE VIEW view_financial_figures AS\nSELECT\n  f.slug AS figure_slug,\n  f.measure AS measure,\n  f.disclosure AS disclosure,\n  f.amount AS amount,\n  f.currency AS currency,\n  f.percentage AS percentage,\n  f.qualifier AS qualifier,\n  f.amount_high AS amount_high,\n  f.percentage_high AS percentage_high,\n  f.period AS period,\n  CASE WHEN f.period IS NULL THEN NULL WHEN length(f.period) = 4 THEN 'year' WHEN substr(f.period, 6, 1) = 'Q' THEN 'quarter' WHEN length(f.period) = 7 THEN 'month' ELSE 'day' END AS period_precision,\n  f.comparison_period AS comparison_period,\n  o.slug AS subject_organization_slug,\n  o.name AS subject_organization_name,\n  a.slug AS subject_agreement_slug,\n  a.title AS subject_agreement_title,\n  fa.slug AS subject_facility_slug,\n  fa.name AS subject_facility_name,\n  f.segment AS subject_segment,\n  f.note AS note,\n  (SELECT s.slug FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.financial_figure_id = f.id ORDER BY CASE WHEN s.kind = 'editorial' THEN 1 ELSE 0 END, s.slug, COALESCE(c.paragraph, 0) LIMIT 1) AS source_slug,\n  (SELECT c.paragraph FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.financial_figure_id = f.id ORDER BY CASE WHEN s.kind = 'editorial' THEN 1 ELSE 0 END, s.slug, COALESCE(c.paragraph, 0) LIMIT 1) AS source_paragraph,\n  (SELECT count(*) FROM citations c WHERE c.financial_figure_id = f.id) AS citation_count\nFROM financial_figures f\nLEFT JOIN organizations o ON o.id = f.organization_id\nLEFT JOIN agreements a ON a.id = f.agreement_id\nLEFT JOIN facilities fa ON fa.id = f.facility_id",
    ),
    FrozenView(
        name="view_person_positions",
        description="One row per position a person holds or held, with the organization and the start and end dates at their precision.",
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
            ("as_of", "The date its source saw the status hold."),
        ),
        create="CREATE VIEW view_person_positions AS\nSELECT\n  pe.slug AS person_slug,\n  pe.name AS person_name,\n  o.slug AS organization_slug,\n  o.name AS organization_name,\n  po.title AS position_title,\n  po.status AS position_status,\n  po.started_on AS started_on,\n  CASE WHEN po.started_on IS NULL THEN NULL WHEN length(po.started_on) = 4 THEN 'year' WHEN substr(po.started_on, 6, 1) = 'Q' THEN 'quarter' WHEN length(po.started_on) = 7 THEN 'month' ELSE 'day' END AS started_precision,\n  po.ended_on AS ended_on,\n  CASE WHEN po.ended_on IS NULL THEN NULL WHEN length(po.ended_on) = 4 THEN 'year' WHEN substr(po.ended_on, 6, 1) = 'Q' THEN 'quarter' WHEN length(po.ended_on) = 7 THEN 'month' ELSE 'day' END AS ended_precision,\n  po.as_of AS as_of\nFROM positions po\nJOIN people pe ON pe.id = po.person_id\nJOIN organizations o ON o.id = po.organization_id",
    ),
)

OLD_VIEWS: tuple[FrozenView, ...] = (
    FrozenView(
        name="view_financial_figures",
        description="One row per financial figure: what it measures, its amount and currency or percentage, its period, its subject, and the source paragraph that states it (all its citations are in view_fact_sources).",
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
        create="CREATE VIEW view_financial_figures AS\nSELECT\n  f.slug AS figure_slug,\n  f.measure AS measure,\n  f.disclosure AS disclosure,\n  f.amount AS amount,\n  f.currency AS currency,\n  f.percentage AS percentage,\n  f.period AS period,\n  CASE WHEN f.period IS NULL THEN NULL WHEN length(f.period) = 4 THEN 'year' WHEN substr(f.period, 6, 1) = 'Q' THEN 'quarter' WHEN length(f.period) = 7 THEN 'month' ELSE 'day' END AS period_precision,\n  f.comparison_period AS comparison_period,\n  o.slug AS subject_organization_slug,\n  o.name AS subject_organization_name,\n  a.slug AS subject_agreement_slug,\n  a.title AS subject_agreement_title,\n  fa.slug AS subject_facility_slug,\n  fa.name AS subject_facility_name,\n  f.segment AS subject_segment,\n  f.note AS note,\n  (SELECT s.slug FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.financial_figure_id = f.id ORDER BY CASE WHEN s.kind = 'editorial' THEN 1 ELSE 0 END, s.slug, COALESCE(c.paragraph, 0) LIMIT 1) AS source_slug,\n  (SELECT c.paragraph FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.financial_figure_id = f.id ORDER BY CASE WHEN s.kind = 'editorial' THEN 1 ELSE 0 END, s.slug, COALESCE(c.paragraph, 0) LIMIT 1) AS source_paragraph,\n  (SELECT count(*) FROM citations c WHERE c.financial_figure_id = f.id) AS citation_count\nFROM financial_figures f\nLEFT JOIN organizations o ON o.id = f.organization_id\nLEFT JOIN agreements a ON a.id = f.agreement_id\nLEFT JOIN facilities fa ON fa.id = f.facility_id",
    ),
    FrozenView(
        name="view_person_positions",
        description="One row per position a person holds or held, with the organization and the start and end dates at their precision.",
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
        create="CREATE VIEW view_person_positions AS\nSELECT\n  pe.slug AS person_slug,\n  pe.name AS person_name,\n  o.slug AS organization_slug,\n  o.name AS organization_name,\n  po.title AS position_title,\n  po.status AS position_status,\n  po.started_on AS started_on,\n  CASE WHEN po.started_on IS NULL THEN NULL WHEN length(po.started_on) = 4 THEN 'year' WHEN substr(po.started_on, 6, 1) = 'Q' THEN 'quarter' WHEN length(po.started_on) = 7 THEN 'month' ELSE 'day' END AS started_precision,\n  po.ended_on AS ended_on,\n  CASE WHEN po.ended_on IS NULL THEN NULL WHEN length(po.ended_on) = 4 THEN 'year' WHEN substr(po.ended_on, 6, 1) = 'Q' THEN 'quarter' WHEN length(po.ended_on) = 7 THEN 'month' ELSE 'day' END AS ended_precision\nFROM positions po\nJOIN people pe ON pe.id = po.person_id\nJOIN organizations o ON o.id = po.organization_id",
    ),
)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _replace_views(views: tuple[FrozenView, ...]) -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for view in views:
        op.execute(f"DROP VIEW IF EXISTS {view.name}")
        op.execute(view.create)
        if postgresql:
            op.execute(f"COMMENT ON VIEW {view.name} IS {_quoted(view.description)}")
            for column, description in view.columns:
                op.execute(f"COMMENT ON COLUMN {view.name}.{column} IS {_quoted(description)}")


def upgrade() -> None:
    op.add_column(
        "financial_figures",
        sa.Column(
            "qualifier",
            sa.String(10),
            nullable=False,
            server_default="exact",
            comment="exact | about | estimated | at_least | up_to | range (of amount or percentage).",
        ),
    )
    op.add_column(
        "financial_figures",
        sa.Column(
            "amount_high", EXACT_DECIMAL, comment="Upper end of a range: amount is its lower end."
        ),
    )
    op.add_column(
        "financial_figures",
        sa.Column(
            "percentage_high",
            EXACT_DECIMAL,
            comment="Upper end of a range: percentage is its lower end.",
        ),
    )
    _replace_views(NEW_VIEWS)


def downgrade() -> None:
    for view in NEW_VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {view.name}")
    for column in ("percentage_high", "amount_high", "qualifier"):
        op.drop_column("financial_figures", column)
    _replace_views(OLD_VIEWS)
