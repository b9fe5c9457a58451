"""slug redirects: the old slugs of merged records

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03

`collabdb merge KIND FROM INTO` deletes FROM and keeps its slug resolving to INTO, on the CLI and
in later imports. The redirects are part of the state (`export` writes them, an import restores
them). A new table only.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "redirects",
        sa.Column("kind", sa.String(40), primary_key=True, comment="Record kind of both records."),
        sa.Column(
            "from_slug",
            sa.String(200),
            primary_key=True,
            comment="The slug of a record merged away (`collabdb merge`): it resolves to "
            "into_slug.",
        ),
        sa.Column(
            "into_slug",
            sa.String(200),
            nullable=False,
            comment="The record it was merged into.",
        ),
        comment="Old slugs of merged records and the records they resolve to, on the CLI and in "
        "later imports (part of the state: `export` writes them).",
    )
    op.create_index("ix_redirects_kind_into_slug", "redirects", ["kind", "into_slug"])


def downgrade() -> None:
    op.drop_table("redirects")
