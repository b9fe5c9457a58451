"""periods as ISO 8601 intervals; an agreement's term

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03

"USD 500 million over 2011-2015": a figure's period (and comparison period) may be an interval
of two partial dates, either end open (``2011/2015``, ``2012-03/2013-Q2``, ``2011/..``); an
agreement gets a ``term`` of the same form. The columns widen to 21 characters on PostgreSQL
(SQLite ignores declared lengths; alembic/env.py says why they are not compared there). The
timeline's order index of figure periods orders an interval by its start (by its end when the
start is open), and ``view_financial_figures`` gains the two ends; its definitions are frozen
here, that of 0010 for the downgrade.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PERIOD_COLUMNS = ("period", "comparison_period")
ORDER_INDEX = "ix_financial_figures_period_order"
#: (before, after) comment of each period column
PERIOD_COMMENTS = {
    "period": (
        "Period the figure is for: YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD.",
        "Period the figure is for: YYYY, YYYY-Qn, YYYY-MM, YYYY-MM-DD, or an interval"
        " START/END of two of them, either end open (..).",
    ),
    "comparison_period": (
        "Period a growth figure is measured against.",
        "Period a growth figure is measured against.",
    ),
}


class FrozenView(NamedTuple):
    name: str
    description: str
    #: (name, description) of each column, in the order of the view's SELECT
    columns: tuple[tuple[str, str], ...]
    create: str


NEW_VIEW = FrozenView(
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
        (
            "period_start",
            "First end of period (period itself when it is one date; empty when open).",
        ),
        ("period_end", "Last end of period (period itself when it is one date; empty when open)."),
        (
            "period_precision",
            "How precise period is (its start's precision; empty when the start is open).",
        ),
        ("comparison_period", "Period a growth figure is measured against."),
        ("subject_organization_slug", "Organization the figure is about."),
        ("subject_organization_name", "Its canonical name."),
        ("subject_agreement_slug", "Agreement the figure is about."),
        ("subject_agreement_title", "Its title."),
        ("subject_facility_slug", "Facility the figure is about."),
        ("subject_facility_name", "Its name."),
        ("subject_segment", "Named segment, e.g. emerging markets."),
        ("note", "Context, in our words."),
        ("source_slug", "Source that states the figure (an article before an editorial addition)."),
        (
            "source_paragraph",
            "Paragraph of that source, counted from 1 (empty for editorial sources).",
        ),
        ("citation_count", "How many source paragraphs the figure cites in all."),
    ),
    create="CREATE VIEW view_financial_figures AS\nSELECT\n  f.slug AS figure_slug,\n  f.measure AS measure,\n  f.disclosure AS disclosure,\n  f.amount AS amount,\n  f.currency AS currency,\n  f.percentage AS percentage,\n  f.qualifier AS qualifier,\n  f.amount_high AS amount_high,\n  f.percentage_high AS percentage_high,\n  f.period AS period,\n  CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END AS period_start,\n  CASE WHEN f.period IS NULL OR substr(f.period, length(f.period) - 2, 3) = '/..' THEN NULL WHEN substr(f.period, 3, 1) = '/' THEN substr(f.period, 4) WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 6) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 9) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 12) ELSE f.period END AS period_end,\n  CASE WHEN CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END IS NULL THEN NULL WHEN length(CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END) = 4 THEN 'year' WHEN substr(CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END, 6, 1) = 'Q' THEN 'quarter' WHEN length(CASE WHEN f.period IS NULL OR substr(f.period, 1, 3) = '../' THEN NULL WHEN substr(f.period, 5, 1) = '/' THEN substr(f.period, 1, 4) WHEN substr(f.period, 8, 1) = '/' THEN substr(f.period, 1, 7) WHEN substr(f.period, 11, 1) = '/' THEN substr(f.period, 1, 10) ELSE f.period END) = 7 THEN 'month' ELSE 'day' END AS period_precision,\n  f.comparison_period AS comparison_period,\n  o.slug AS subject_organization_slug,\n  o.name AS subject_organization_name,\n  a.slug AS subject_agreement_slug,\n  a.title AS subject_agreement_title,\n  fa.slug AS subject_facility_slug,\n  fa.name AS subject_facility_name,\n  f.segment AS subject_segment,\n  f.note AS note,\n  (SELECT s.slug FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.financial_figure_id = f.id ORDER BY CASE WHEN s.kind = 'editorial' THEN 1 ELSE 0 END, s.slug, COALESCE(c.paragraph, 0) LIMIT 1) AS source_slug,\n  (SELECT c.paragraph FROM citations c JOIN sources s ON s.id = c.source_id WHERE c.financial_figure_id = f.id ORDER BY CASE WHEN s.kind = 'editorial' THEN 1 ELSE 0 END, s.slug, COALESCE(c.paragraph, 0) LIMIT 1) AS source_paragraph,\n  (SELECT count(*) FROM citations c WHERE c.financial_figure_id = f.id) AS citation_count\nFROM financial_figures f\nLEFT JOIN organizations o ON o.id = f.organization_id\nLEFT JOIN agreements a ON a.id = f.agreement_id\nLEFT JOIN facilities fa ON fa.id = f.facility_id",
)

OLD_VIEW = FrozenView(
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
)


def order_key(date: str) -> str:
    """tables/base.py's date_order_key as SQL (as in 0005): first day of the partial date, then
    the rank of its precision (year 0, quarter 1, month 2, day 3)."""
    first_month = (
        f"CASE WHEN (substr({date}, 7, 1) = '1') THEN '01' "
        f"WHEN (substr({date}, 7, 1) = '2') THEN '04' "
        f"WHEN (substr({date}, 7, 1) = '3') THEN '07' ELSE '10' END"
    )
    return (
        f"CASE WHEN (length({date}) = 4) THEN {date} || '-01-010' "
        f"WHEN (substr({date}, 6, 1) = 'Q') THEN substr({date}, 1, 4) || '-' || {first_month} "
        "|| '-011' "
        f"WHEN (length({date}) = 7) THEN {date} || '-012' ELSE {date} || '3' END"
    )


def period_start(period: str) -> str:
    """tables/base.py's period_start as SQL: the date a period is ordered by."""
    return (
        f"(CASE WHEN (substr({period}, 1, 3) = '../') THEN substr({period}, 4) "
        f"WHEN (substr({period}, 5, 1) = '/') THEN substr({period}, 1, 4) "
        f"WHEN (substr({period}, 8, 1) = '/') THEN substr({period}, 1, 7) "
        f"WHEN (substr({period}, 11, 1) = '/') THEN substr({period}, 1, 10) "
        f"ELSE {period} END)"
    )


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _replace_view(view: FrozenView) -> None:
    op.execute(f"DROP VIEW IF EXISTS {view.name}")
    op.execute(view.create)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"COMMENT ON VIEW {view.name} IS {_quoted(view.description)}")
        for column, description in view.columns:
            op.execute(f"COMMENT ON COLUMN {view.name}.{column} IS {_quoted(description)}")


def _order_index(key: str) -> None:
    dated = sa.text("period IS NOT NULL")
    op.drop_index(ORDER_INDEX, table_name="financial_figures")
    op.create_index(
        ORDER_INDEX,
        "financial_figures",
        [sa.text(f"({key})")],  # PostgreSQL wants an expression in ()
        sqlite_where=dated,
        postgresql_where=dated,
    )


def _widen(length: int) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite ignores declared lengths
    for column in PERIOD_COLUMNS:
        op.alter_column(
            "financial_figures",
            column,
            type_=sa.String(length),
            existing_type=sa.String(10 if length == 21 else 21),
            comment=PERIOD_COMMENTS[column][length == 21],
        )


def upgrade() -> None:
    op.execute(f"DROP VIEW IF EXISTS {NEW_VIEW.name}")  # PostgreSQL: a view pins column types
    _widen(21)
    op.add_column(
        "agreements",
        sa.Column(
            "term",
            sa.String(21),
            comment="The dates it runs, as a source states them: an interval START/END of"
            " partial dates (2011/2015, 2020-07/..), or one date.",
        ),
    )
    _order_index(order_key(period_start("period")))
    _replace_view(NEW_VIEW)


def downgrade() -> None:
    op.execute(f"DROP VIEW IF EXISTS {NEW_VIEW.name}")
    _order_index(order_key("period"))
    op.drop_column("agreements", "term")
    # An interval does not fit a single date: its start stays (its end, when the start is open).
    for column in PERIOD_COLUMNS:
        op.execute(
            f"UPDATE financial_figures SET {column} = {period_start(column)}"
            f" WHERE {column} LIKE '%/%'"
        )
    _widen(10)
    _replace_view(OLD_VIEW)
