"""timeline and area count indexes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every dated column the timeline lists, by table.
DATED = {
    "agreements": ("announced_on", "signed_on"),
    "facilities": ("opened_on",),
    "positions": ("started_on", "ended_on"),
    "events": ("occurred_on", "until_on"),
    "financial_figures": ("period",),
    "sources": ("published_on",),
}


# Link tables of the counts of `areas`: (table, column of the record linked to an area).
AREA_LINKS = (
    ("agreement_areas", "agreement_id"),
    ("organization_interests", "organization_id"),
    ("project_areas", "project_id"),
)


def order_key(date: str) -> str:
    """tables/base.py's date_order_key as SQL: first day of the partial date, then the rank of
    its precision (year 0, quarter 1, month 2, day 3)."""
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


def upgrade() -> None:
    # `timeline -n N` reads the first N events of each kind by walking these (a partial index
    # of the dated rows in timeline order) instead of sorting every dated row.
    for table, columns in DATED.items():
        for column in columns:
            dated = sa.text(f"{column} IS NOT NULL")
            op.create_index(
                f"ix_{table}_{column}_order",
                table,
                [sa.text(f"({order_key(column)})")],  # PostgreSQL wants an expression in ()
                sqlite_where=dated,
                postgresql_where=dated,
            )
    # `areas` counts the distinct records linked to each area from these alone (covering);
    # they replace the single-column indexes on research_area_id, a prefix of theirs.
    for table, record in AREA_LINKS:
        op.create_index(
            f"ix_{table}_research_area_id_{record}", table, ["research_area_id", record]
        )
        op.drop_index(f"ix_{table}_research_area_id", table_name=table)


def downgrade() -> None:
    for table, record in AREA_LINKS:
        op.create_index(f"ix_{table}_research_area_id", table, ["research_area_id"])
        op.drop_index(f"ix_{table}_research_area_id_{record}", table_name=table)
    for table, columns in DATED.items():
        for column in columns:
            op.drop_index(f"ix_{table}_{column}_order", table_name=table)
