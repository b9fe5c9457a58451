"""stored control characters become visible escapes

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03

The import now refuses C0 and C1 control characters (but tab, newline and carriage return) in
every text field. Values stored before may hold some (an ESC, a BEL, a NUL on SQLite): they
are rewritten as visible escapes (ESC becomes the four characters ``\\x1b``), so that every
export imports again and no terminal ever receives them. The number of values rewritten is
printed when there are any. The downgrade leaves them rewritten: the escapes are what the
sources meant to show, and nothing reads the raw characters.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bookkeeping, derived or with no text of the import's: nothing to rewrite.
SKIPPED = {"alembic_version", "import_log", "search_documents", "search_index"}


def _escaped(value: str) -> str:
    return CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", value)


def upgrade() -> None:
    bind = op.get_bind()
    inspector = sa.inspect(bind)
    changed = 0
    for table_name in inspector.get_table_names():
        if table_name in SKIPPED or table_name.startswith(("search_index", "research_area_")):
            continue
        columns = inspector.get_columns(table_name)
        texts = [c["name"] for c in columns if isinstance(c["type"], sa.String)]
        if not texts or "id" not in {c["name"] for c in columns}:
            continue
        table = sa.table(table_name, sa.column("id"), *(sa.column(name) for name in texts))
        for name in texts:
            # Read in Python, where NUL is a character like any other (SQLite's string
            # functions stop at it); only the values to rewrite are kept.
            column = table.c[name]
            chosen = sa.select(table.c.id, column).where(column.is_not(None))
            rows = bind.execute(chosen.execution_options(yield_per=10_000))
            found = [(row_id, value) for row_id, value in rows if CONTROL.search(value)]
            for row_id, value in found:
                bind.execute(
                    table.update().where(table.c.id == row_id).values({name: _escaped(value)})
                )
            changed += len(found)
    if changed:
        print(
            f"rewrote {changed} stored values holding control characters as visible escapes "
            "(such as \\x1b)",
            file=sys.stderr,
        )


def downgrade() -> None:
    pass  # the escapes stay: see the docstring
