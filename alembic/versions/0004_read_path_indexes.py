"""read path indexes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LISTED_ON = "coalesce(signed_on, announced_on)"


def upgrade() -> None:
    # The agreements' listing order (tables/agreements.py): a limited page of a large match
    # walks this index instead of sorting every match.
    op.create_index(
        "ix_agreements_listing",
        "agreements",
        [sa.text(f"({LISTED_ON} IS NULL)"), sa.text(LISTED_ON), "slug"],
    )
    # `agreements --country`: the parties' organizations and the territories of a country.
    op.create_index(op.f("ix_organizations_country"), "organizations", ["country"])
    op.create_index(op.f("ix_agreement_territories_country"), "agreement_territories", ["country"])


def downgrade() -> None:
    op.drop_index(op.f("ix_agreement_territories_country"), table_name="agreement_territories")
    op.drop_index(op.f("ix_organizations_country"), table_name="organizations")
    op.drop_index("ix_agreements_listing", table_name="agreements")
