"""analyst views

Views for the common analyst questions, with the same SQL on SQLite and PostgreSQL: one row per
agreement party, per financial figure, per person-position and per fact-to-source link. Their
columns and descriptions live in collabdb.views (the data dictionary documents the same
structure); on PostgreSQL the descriptions also become COMMENTs, visible in psql's \\d+.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from collabdb.views import ANALYST_VIEWS

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for view in ANALYST_VIEWS:
        op.execute(view.create_statement())
        if postgresql:
            op.execute(f"COMMENT ON VIEW {view.name} IS {_quoted(view.description)}")
            for column in view.columns:
                op.execute(
                    f"COMMENT ON COLUMN {view.name}.{column.name} IS {_quoted(column.description)}"
                )


def downgrade() -> None:
    for view in reversed(ANALYST_VIEWS):
        op.execute(view.drop_statement())
