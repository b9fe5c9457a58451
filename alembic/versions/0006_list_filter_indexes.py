"""list filter indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, filter column) of the list commands' filters: `orgs --kind`, `facilities --country`,
# `figures --measure` and `--currency`. With the slug after it, a page of any value, however
# rare, is read from the index in slug order instead of walking every row's slug.
FILTERS = (
    ("organizations", "kind"),
    ("facilities", "country"),
    ("financial_figures", "measure"),
    ("financial_figures", "currency"),
)


def upgrade() -> None:
    for table, column in FILTERS:
        op.create_index(f"ix_{table}_{column}_slug", table, [column, "slug"])


def downgrade() -> None:
    for table, column in FILTERS:
        op.drop_index(f"ix_{table}_{column}_slug", table_name=table)
