"""positions seen at a date: as_of

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

A position's status (current, former) is true as of its source's date. ``as_of`` keeps that
date, so a person who headed a cluster as of one article and holds another post as of a later
one shows both, each with its date. The position's key stays (person, organization, title);
existing positions keep their values and have no ``as_of``.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "positions",
        sa.Column("as_of", sa.String(10), comment="The date its source saw the status hold."),
    )


def downgrade() -> None:
    op.drop_column("positions", "as_of")
