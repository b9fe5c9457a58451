"""sources whose text is not stored: retrieved_on, language, paragraph_count

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

A news page or press release we may not copy is stored without its text. It says the day the
copy read was retrieved, its language, and how many paragraphs its article body had in that
copy, so that citations can still name a paragraph (the importer checks them against the
count). Existing rows keep their values; the new columns start empty.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "sources",
        sa.Column("retrieved_on", sa.String(10), comment="The day the copy read was retrieved."),
    )
    op.add_column(
        "sources",
        sa.Column(
            "language", sa.String(35), comment="BCP 47 language tag of the document: en, ru."
        ),
    )
    op.add_column(
        "sources",
        sa.Column(
            "paragraph_count",
            sa.Integer,
            sa.CheckConstraint(
                "paragraph_count >= 1", name=op.f("ck_sources_paragraph_count_positive")
            ),
            comment="Paragraphs of the article body in the copy read, when its text is not stored.",
        ),
    )


def downgrade() -> None:
    for column in ("paragraph_count", "language", "retrieved_on"):
        op.drop_column("sources", column)
