"""an agreement's duration and a project's start and end

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03

An agreement's term as a source states it is an ISO 8601 duration (P5Y: "for five years");
a project has a start and an end, dates at their precision. New columns only, empty in
existing rows.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROJECT_DATES = (
    ("starts_on", "When it starts or started, at its precision."),
    ("ends_on", "When it ends or ended, at its precision."),
)


def upgrade() -> None:
    op.add_column(
        "agreements",
        sa.Column(
            "duration",
            sa.String(20),
            comment="Term as a source states it, an ISO 8601 duration: P5Y, P18M, P2Y6M.",
        ),
    )
    for column, comment in PROJECT_DATES:
        op.add_column("projects", sa.Column(column, sa.String(10), comment=comment))


def downgrade() -> None:
    for column, _ in reversed(PROJECT_DATES):
        op.drop_column("projects", column)
    op.drop_column("agreements", "duration")
