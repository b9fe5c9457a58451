"""the history of changes: change sets and the records each touched; pairs judged distinct

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03

Every change to the knowledge base (an import, a delete, an undo) becomes a change set with who
made it, when and why, and the records it touched before and after, written in the same
transaction as the change: `collabdb changes`, `history` and `undo` read them. New tables only;
a database upgraded from before has no history of its earlier imports (the import log keeps
their counts).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "change_sets",
        sa.Column(
            "id", sa.Integer(), primary_key=True, comment="The change id `collabdb undo` takes."
        ),
        sa.Column(
            "operation",
            sa.String(20),
            nullable=False,
            comment="import | delete | distinct | undo (what made the change).",
        ),
        sa.Column(
            "made_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When it committed (UTC).",
        ),
        sa.Column(
            "actor",
            sa.Text(),
            nullable=False,
            comment="Who made it: --by, else COLLABDB_ACTOR, else the operating-system user.",
        ),
        sa.Column("reason", sa.Text(), comment="Why, as given with --reason."),
        sa.Column("input_name", sa.Text(), comment="The file imported, where there was one."),
        sa.Column("input_sha256", sa.String(64), comment="SHA-256 of that file's bytes."),
        sa.Column("summary", sa.Text(), nullable=False, comment="One line on what changed."),
        sa.Column(
            "undoes_id",
            sa.Integer(),
            sa.ForeignKey("change_sets.id", ondelete="RESTRICT"),
            comment="The change set an undo reverted.",
        ),
        comment="One row per change to the knowledge base (history; not in `export`).",
    )
    op.create_index("ix_change_sets_undoes_id", "change_sets", ["undoes_id"])
    op.create_table(
        "record_changes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "change_set_id",
            sa.Integer(),
            sa.ForeignKey("change_sets.id", ondelete="CASCADE"),
            nullable=False,
            comment="The change set.",
        ),
        sa.Column(
            "kind", sa.String(40), nullable=False, comment="Record kind, as in the import format."
        ),
        sa.Column("slug", sa.String(200), nullable=False, comment="The record's slug."),
        sa.Column(
            "before",
            sa.Text(),
            comment="The record before, as `export` writes it (JSON; empty when it was inserted).",
        ),
        sa.Column(
            "after",
            sa.Text(),
            comment="The record after, as `export` writes it (JSON; empty when it was deleted).",
        ),
        comment="Each record a change set touched, before and after (history; not in `export`).",
    )
    op.create_index("ix_record_changes_change_set_id", "record_changes", ["change_set_id"])
    op.create_index("ix_record_changes_kind_slug", "record_changes", ["kind", "slug"])
    op.create_table(
        "distinct_pairs",
        sa.Column("kind", sa.String(40), primary_key=True, comment="Record kind of both records."),
        sa.Column(
            "slug_a", sa.String(200), primary_key=True, comment="One record (the lesser slug)."
        ),
        sa.Column(
            "slug_b", sa.String(200), primary_key=True, comment="The other (the greater slug)."
        ),
        comment="Pairs of records judged not the same (`collabdb distinct`): the near-duplicate "
        "check does not warn about them.",
    )


def downgrade() -> None:
    op.drop_table("distinct_pairs")
    op.drop_table("record_changes")
    op.drop_table("change_sets")
