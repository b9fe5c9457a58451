"""view_agreements: one row per agreement with its year and its foreign party's country

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03

What an agreement is filtered and counted by, as columns: type, status, the date it is listed
under with its precision and year, and the country of its foreign party at the party's top
organization (the facets of `collabdb serve`, and "deals per country per year" in SQL). The
definition is frozen here, as every view's is in its migration.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "view_agreements"
DESCRIPTION = "One row per agreement, with what it is filtered and counted by: its type, status, date and year, and the country of its foreign party (the facets of `collabdb serve`)."
#: (name, description) of each column, in the order of the view's SELECT
COLUMNS: tuple[tuple[str, str], ...] = (
    ("agreement_slug", "Natural key of the agreement."),
    ("agreement_title", "Short title, in our words."),
    ("agreement_type", "Kind of deal (see agreements.agreement_type)."),
    ("agreement_status", "Current status (see agreements.status)."),
    (
        "date",
        "The date it is listed under: signed, else announced (empty when no source dates it).",
    ),
    ("date_precision", "How precise date is."),
    ("year", "The year of date."),
    ("term", "The dates it runs, where a source states them."),
    ("financial_terms", "disclosed | not_disclosed | unknown (the sources are silent)."),
    (
        "foreign_country",
        "ISO 3166-1 alpha-2 country of its foreign (non-Russian) party, at the party's top organization (a Russian subsidiary counts as its group's country); the first in code order where parties from several countries take part.",
    ),
    ("foreign_country_count", "How many foreign countries its parties come from."),
    ("party_count", "How many named organizations take part."),
    ("citation_count", "How many source paragraphs the agreement's own record cites."),
)
CREATE = "CREATE VIEW view_agreements AS\nSELECT\n  a.slug AS agreement_slug,\n  a.title AS agreement_title,\n  a.agreement_type AS agreement_type,\n  a.status AS agreement_status,\n  COALESCE(a.signed_on, a.announced_on) AS date,\n  CASE WHEN COALESCE(a.signed_on, a.announced_on) IS NULL THEN NULL WHEN length(COALESCE(a.signed_on, a.announced_on)) = 4 THEN 'year' WHEN substr(COALESCE(a.signed_on, a.announced_on), 6, 1) = 'Q' THEN 'quarter' WHEN length(COALESCE(a.signed_on, a.announced_on)) = 7 THEN 'month' ELSE 'day' END AS date_precision,\n  substr(COALESCE(a.signed_on, a.announced_on), 1, 4) AS year,\n  a.term AS term,\n  a.financial_terms AS financial_terms,\n  (SELECT MIN(COALESCE(og.country, op.country, o.country)) FROM agreement_parties ap JOIN organizations o ON o.id = ap.organization_id LEFT JOIN organizations op ON op.id = o.parent_id LEFT JOIN organizations og ON og.id = op.parent_id WHERE ap.agreement_id = a.id AND COALESCE(og.country, op.country, o.country) <> 'RU') AS foreign_country,\n  (SELECT COUNT(DISTINCT COALESCE(og.country, op.country, o.country)) FROM agreement_parties ap JOIN organizations o ON o.id = ap.organization_id LEFT JOIN organizations op ON op.id = o.parent_id LEFT JOIN organizations og ON og.id = op.parent_id WHERE ap.agreement_id = a.id AND COALESCE(og.country, op.country, o.country) <> 'RU') AS foreign_country_count,\n  (SELECT COUNT(*) FROM agreement_parties ap WHERE ap.agreement_id = a.id) AS party_count,\n  (SELECT COUNT(*) FROM citations c WHERE c.agreement_id = a.id) AS citation_count\nFROM agreements a"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def upgrade() -> None:
    op.execute(CREATE)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"COMMENT ON VIEW {NAME} IS {_quoted(DESCRIPTION)}")
        for column, description in COLUMNS:
            op.execute(f"COMMENT ON COLUMN {NAME}.{column} IS {_quoted(description)}")


def downgrade() -> None:
    op.execute(f"DROP VIEW IF EXISTS {NAME}")
