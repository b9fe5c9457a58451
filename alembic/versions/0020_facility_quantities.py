"""a facility's capacity, area and jobs as qualified exact decimals

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03

A facility's numbers are given the way sources give them, like a figure's amount: an exact
decimal (TEXT on SQLite, NUMERIC(30, 10) on PostgreSQL), how exact it is (``<name>_qualifier``:
exact, about, estimated, at_least, up_to or range) and the upper end of a range
(``<name>_high``). ``capacity`` was a whole number; ``area`` (with ``area_unit``) and ``jobs`` are
new. PostgreSQL changes the column's type in place. SQLite cannot: ``facilities`` is built anew
from the definition frozen here (or, going down, from 0019's), which the foreign keys of
citations, figures and event facilities point at by name; alembic/env.py runs SQLite migrations
with foreign keys off, and this one checks every key before it commits. The comments on a source's
``sha256`` and ``paragraph_count`` now say what they hold for a source whose text is not stored.

Going down, a capacity keeps its whole part (as 0019's INTEGER held it) where it is at most
10^9, the old input limit, and is cleared above; area, jobs and the qualifiers are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

EXACT_DECIMAL = sa.String(length=40).with_variant(sa.Numeric(precision=30, scale=10), "postgresql")

# facilities on SQLite as 0019 left it and as this revision makes it, and its indexes (the same).
OLD_FACILITIES = "CREATE TABLE facilities (\n\tid INTEGER NOT NULL, \n\tslug VARCHAR(200) NOT NULL, \n\tname TEXT NOT NULL, \n\tkind VARCHAR(40) NOT NULL, \n\towner_id INTEGER, \n\tagreement_id INTEGER, \n\tcity TEXT, \n\tregion TEXT, \n\tcountry VARCHAR(2), \n\topened_on VARCHAR(10), \n\tcapacity INTEGER, \n\tcapacity_unit VARCHAR(40), \n\tdescription TEXT, \n\tCONSTRAINT pk_facilities PRIMARY KEY (id), \n\tCONSTRAINT fk_facilities_agreement_id_agreements FOREIGN KEY(agreement_id) REFERENCES agreements (id) ON DELETE RESTRICT, \n\tCONSTRAINT fk_facilities_owner_id_organizations FOREIGN KEY(owner_id) REFERENCES organizations (id) ON DELETE RESTRICT, \n\tCONSTRAINT uq_facilities_slug UNIQUE (slug)\n)"
NEW_FACILITIES = "CREATE TABLE facilities (\n\tid INTEGER NOT NULL, \n\tslug VARCHAR(200) NOT NULL, \n\tname TEXT NOT NULL, \n\tkind VARCHAR(40) NOT NULL, \n\towner_id INTEGER, \n\tagreement_id INTEGER, \n\tcity TEXT, \n\tregion TEXT, \n\tcountry VARCHAR(2), \n\topened_on VARCHAR(10), \n\tcapacity VARCHAR(40), \n\tcapacity_qualifier VARCHAR(10), \n\tcapacity_high VARCHAR(40), \n\tcapacity_unit VARCHAR(40), \n\tarea VARCHAR(40), \n\tarea_qualifier VARCHAR(10), \n\tarea_high VARCHAR(40), \n\tarea_unit VARCHAR(40), \n\tjobs VARCHAR(40), \n\tjobs_qualifier VARCHAR(10), \n\tjobs_high VARCHAR(40), \n\tdescription TEXT, \n\tCONSTRAINT pk_facilities PRIMARY KEY (id), \n\tCONSTRAINT fk_facilities_agreement_id_agreements FOREIGN KEY(agreement_id) REFERENCES agreements (id) ON DELETE RESTRICT, \n\tCONSTRAINT fk_facilities_owner_id_organizations FOREIGN KEY(owner_id) REFERENCES organizations (id) ON DELETE RESTRICT, \n\tCONSTRAINT uq_facilities_slug UNIQUE (slug)\n)"
INDEXES = (
    "CREATE INDEX ix_facilities_agreement_id ON facilities (agreement_id)",
    "CREATE INDEX ix_facilities_country_slug ON facilities (country, slug)",
    "CREATE INDEX ix_facilities_opened_on_order ON facilities ((CASE WHEN (length(opened_on) = 4) THEN opened_on || '-01-010' WHEN (substr(opened_on, 6, 1) = 'Q') THEN substr(opened_on, 1, 4) || '-' || CASE WHEN (substr(opened_on, 7, 1) = '1') THEN '01' WHEN (substr(opened_on, 7, 1) = '2') THEN '04' WHEN (substr(opened_on, 7, 1) = '3') THEN '07' ELSE '10' END || '-011' WHEN (length(opened_on) = 7) THEN opened_on || '-012' ELSE opened_on || '3' END)) WHERE opened_on IS NOT NULL",
    "CREATE INDEX ix_facilities_owner_id ON facilities (owner_id)",
)
#: Columns both definitions share, copied as they are (capacity is converted).
KEPT = (
    "id, slug, name, kind, owner_id, agreement_id, city, region, country, opened_on,"
    " capacity_unit, description"
)
OLD_CAPACITY_LIMIT = 10**9

QUANTITIES = (
    ("capacity", "Capacity, in capacity_unit", None),
    ("area", "Area of the site, in area_unit", "Unit of area, e.g. ha, m2."),
    ("jobs", "Jobs it has or is to create", None),
)
COMMENTS = {
    # table: column -> (type, before, after)
    "sources": {
        "sha256": (
            sa.String(length=64),
            "SHA-256 of the stored text (UTF-8), lowercase hex.",
            "SHA-256 of the text (UTF-8), lowercase hex: the stored text, else the copy read.",
        ),
        "paragraph_count": (
            sa.Integer(),
            "Paragraphs of the article body in the copy read, when its text is not stored.",
            "Paragraphs of the article body in the copy read (at most a stored text's).",
        ),
    },
}
VIEW_COMMENT = (
    "view_fact_sources",
    "source_sha256",
    "SHA-256 of the source's stored text (hex).",
    "SHA-256 of the source's text (hex).",
)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _rebuild_on_sqlite(*, table_sql: str, capacity: str) -> None:
    """``facilities`` anew from ``table_sql``, its rows copied with ``capacity`` (an expression
    on the old table's capacity). Run with foreign keys off (alembic/env.py); with
    legacy_alter_table on, the rename leaves the other tables' foreign keys and the views
    naming ``facilities`` as they are, so they name the new table."""
    op.execute("PRAGMA legacy_alter_table = ON")
    op.execute("ALTER TABLE facilities RENAME TO facilities_before_0020")
    op.execute(table_sql)
    op.execute(
        f"INSERT INTO facilities ({KEPT}, capacity)"
        f" SELECT {KEPT}, {capacity} FROM facilities_before_0020"
    )
    op.execute("DROP TABLE facilities_before_0020")
    for statement in INDEXES:
        op.execute(statement)
    op.execute("PRAGMA legacy_alter_table = OFF")
    broken = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:  # raised inside this migration's transaction: nothing of it is kept
        raise RuntimeError(f"foreign keys left pointing nowhere after the rebuild: {broken[:3]}")


def _comment(*, after: bool) -> None:
    for table, columns in COMMENTS.items():
        for column, (type_, before, later) in columns.items():
            op.alter_column(
                table,
                column,
                existing_type=type_,
                comment=later if after else before,
                existing_comment=before if after else later,
            )
    view, column, before, later = VIEW_COMMENT
    op.execute(f"COMMENT ON COLUMN {view}.{column} IS {_quoted(later if after else before)}")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_on_sqlite(table_sql=NEW_FACILITIES, capacity="CAST(capacity AS TEXT)")
        return
    op.alter_column(
        "facilities",
        "capacity",
        existing_type=sa.Integer(),
        type_=sa.Numeric(precision=30, scale=10),
        postgresql_using="capacity::numeric(30, 10)",
        comment="Capacity, in capacity_unit: exact decimal (TEXT on SQLite).",
        existing_comment="Capacity, in capacity_unit.",
    )
    for name, meaning, unit in QUANTITIES:
        if name != "capacity":
            op.add_column(
                "facilities",
                sa.Column(
                    name, EXACT_DECIMAL, comment=f"{meaning}: exact decimal (TEXT on SQLite)."
                ),
            )
        op.add_column(
            "facilities",
            sa.Column(
                f"{name}_qualifier",
                sa.String(length=10),
                comment=f"How exact {name} is: exact | about | estimated | at_least | up_to |"
                " range; NULL is exact.",
            ),
        )
        op.add_column(
            "facilities",
            sa.Column(
                f"{name}_high", EXACT_DECIMAL, comment=f"Upper end of a range ({name}: the lower)."
            ),
        )
        if unit is not None:
            op.add_column(
                "facilities", sa.Column(f"{name}_unit", sa.String(length=40), comment=unit)
            )
    _comment(after=True)


def downgrade() -> None:
    whole = (
        f"CASE WHEN CAST(capacity AS REAL) <= {OLD_CAPACITY_LIMIT}"
        " THEN CAST(CAST(capacity AS REAL) AS INTEGER) END"
    )
    if op.get_bind().dialect.name == "sqlite":
        _rebuild_on_sqlite(table_sql=OLD_FACILITIES, capacity=whole)
        return
    _comment(after=False)
    for name, _, unit in reversed(QUANTITIES):
        if unit is not None:
            op.drop_column("facilities", f"{name}_unit")
        op.drop_column("facilities", f"{name}_high")
        op.drop_column("facilities", f"{name}_qualifier")
        if name != "capacity":
            op.drop_column("facilities", name)
    op.alter_column(
        "facilities",
        "capacity",
        existing_type=sa.Numeric(precision=30, scale=10),
        type_=sa.Integer(),
        postgresql_using=f"CASE WHEN capacity <= {OLD_CAPACITY_LIMIT} THEN trunc(capacity) END",
        comment="Capacity, in capacity_unit.",
        existing_comment="Capacity, in capacity_unit: exact decimal (TEXT on SQLite).",
    )
