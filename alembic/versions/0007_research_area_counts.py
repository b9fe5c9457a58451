"""research area closure and counts, kept by triggers

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

`areas` lists, per area, the distinct records linked to it or to an area below it. Counting
them on every run read every link row (1.5 million at a million synthetic deals). These
triggers keep the counts as links and the tree change, so `areas` reads one row per area:

- ``research_area_closure`` pairs each area with itself and each area below it. SQLite
  triggers cannot run recursive queries, so the triggers read the tree's ancestry from here;
  the area triggers keep it when an area is added or moved (removing an area cascades).
- ``research_area_counts`` holds the three counts. Adding a link adds one to each area at or
  above the linked one under which the record had no other link; removing a link takes one
  away on the same terms. Moving an area moves the records linked into its subtree: taken away
  from the old ancestors and added to the new ones, each only where the record has no link
  outside the moved subtree.

The tree's triggers run the same statements on both backends, once per row (PostgreSQL in
PL/pgSQL functions). The link triggers differ: SQLite counts each row as it goes in or out;
PostgreSQL counts once per statement, from its transition tables (see link_statements).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# counts column -> (link table, column of the linked record)
COUNTED = {
    "agreements": ("agreement_areas", "agreement_id"),
    "organizations": ("organization_interests", "organization_id"),
    "projects": ("project_areas", "project_id"),
}


def count_link(links: str, record: str, counter: str, row: str, sign: str) -> str:
    """Add (sign +) or take away (-) the link ``row`` (NEW or OLD): at each area at or above
    its area, unless another link of the same record lies under that area."""
    return f"""
UPDATE research_area_counts SET {counter} = {counter} {sign} 1
WHERE research_area_id IN (
    SELECT ancestor_id FROM research_area_closure WHERE descendant_id = {row}.research_area_id)
AND NOT EXISTS (
    SELECT 1 FROM {links} other_link
    JOIN research_area_closure other_path
      ON other_path.descendant_id = other_link.research_area_id
    WHERE other_link.{record} = {row}.{record} AND other_link.id <> {row}.id
    AND other_path.ancestor_id = research_area_counts.research_area_id);"""


def _moved(links: str, record: str) -> str:
    """How many records linked into the subtree of NEW have no link under the counted area
    outside that subtree: the ones whose count there the move changes."""
    subtree = "SELECT descendant_id FROM research_area_closure WHERE ancestor_id = NEW.id"
    return f"""(
    SELECT COUNT(DISTINCT moved.{record}) FROM {links} moved
    WHERE moved.research_area_id IN ({subtree})
    AND NOT EXISTS (
        SELECT 1 FROM {links} other_link
        JOIN research_area_closure other_path
          ON other_path.descendant_id = other_link.research_area_id
        WHERE other_link.{record} = moved.{record}
        AND other_path.ancestor_id = research_area_counts.research_area_id
        AND other_link.research_area_id NOT IN ({subtree})))"""


def move_counts(sign: str) -> str:
    """Take the subtree of NEW away from (-) or add it to (+) the counts of its ancestors."""
    counters = ",\n".join(
        f"{counter} = {counter} {sign} {_moved(links, record)}"
        for counter, (links, record) in COUNTED.items()
    )
    return f"""
UPDATE research_area_counts SET {counters}
WHERE research_area_id IN (
    SELECT ancestor_id FROM research_area_closure
    WHERE descendant_id = NEW.id AND ancestor_id <> NEW.id);"""


def tree_statements(dialect: str) -> dict[str, tuple[str, str, str]]:
    """trigger name -> (event, condition, statements) of the area tree's triggers."""
    ignore, on_conflict = (
        ("OR IGNORE ", "") if dialect == "sqlite" else ("", " ON CONFLICT DO NOTHING")
    )
    added = """
INSERT INTO research_area_closure (ancestor_id, descendant_id, depth) VALUES (NEW.id, NEW.id, 0);
INSERT INTO research_area_closure (ancestor_id, descendant_id, depth)
SELECT ancestor_id, NEW.id, depth + 1 FROM research_area_closure
WHERE descendant_id = NEW.parent_id;
INSERT INTO research_area_counts (research_area_id, agreements, organizations, projects)
VALUES (NEW.id, 0, 0, 0);"""
    # A parent chain the import made into a cycle is refused and rolled back after the
    # writes: until then the duplicate pairs it would add are skipped, not an error.
    moved = f"""{move_counts("-")}
DELETE FROM research_area_closure
WHERE descendant_id IN (
    SELECT descendant_id FROM research_area_closure WHERE ancestor_id = NEW.id)
AND ancestor_id IN (
    SELECT ancestor_id FROM research_area_closure
    WHERE descendant_id = NEW.id AND ancestor_id <> NEW.id);
INSERT {ignore}INTO research_area_closure (ancestor_id, descendant_id, depth)
SELECT above.ancestor_id, below.descendant_id, above.depth + below.depth + 1
FROM research_area_closure above
JOIN research_area_closure below ON below.ancestor_id = NEW.id
WHERE above.descendant_id = NEW.parent_id{on_conflict};{move_counts("+")}"""
    different = (
        "OLD.parent_id IS NOT NEW.parent_id"
        if dialect == "sqlite"
        else "OLD.parent_id IS DISTINCT FROM NEW.parent_id"
    )
    return {
        "research_areas_added": ("AFTER INSERT ON research_areas", "", added),
        "research_areas_moved": ("AFTER UPDATE OF parent_id ON research_areas", different, moved),
    }


def count_statement(links: str, record: str, counter: str, added: str, removed: str) -> str:
    """The change of one statement, set-based (PostgreSQL): ``added`` and ``removed`` are its
    transition tables (or an empty relation), ``$1`` the ids of the records it touched. Each
    of those is counted under every area above its links as they are now, and as they were
    before (now without the added rows, with the removed ones); each area's count changes by
    the difference."""
    return f"""
WITH now_linked AS (
    SELECT link.id, link.{record} AS record_id, link.research_area_id FROM {links} link
    WHERE link.{record} = ANY($1)
), before_linked AS (
    SELECT record_id, research_area_id FROM now_linked
    WHERE id NOT IN (SELECT id FROM {added} AS added_link)
    UNION ALL SELECT {record}, research_area_id FROM {removed} AS removed_link
), counted AS (
    SELECT path.ancestor_id AS area_id, COUNT(DISTINCT now_linked.record_id) AS records
    FROM now_linked
    JOIN research_area_closure path ON path.descendant_id = now_linked.research_area_id
    GROUP BY path.ancestor_id
    UNION ALL
    SELECT path.ancestor_id, -COUNT(DISTINCT before_linked.record_id)
    FROM before_linked
    JOIN research_area_closure path ON path.descendant_id = before_linked.research_area_id
    GROUP BY path.ancestor_id
), delta AS (
    SELECT area_id, SUM(records) AS change FROM counted GROUP BY area_id
)
UPDATE research_area_counts SET {counter} = {counter} + delta.change
FROM delta
WHERE research_area_counts.research_area_id = delta.area_id AND delta.change <> 0"""


def counted_per_statement(links: str, record: str, counter: str, added: str, removed: str) -> str:
    """The PL/pgSQL that collects the records a statement touched and runs count_statement
    for them, planned afresh (see link_statements)."""
    statement = count_statement(links, record, counter, added, removed)
    return f"""
DECLARE touched integer[];
BEGIN
    SELECT array_agg(DISTINCT {record}) INTO touched
    FROM (SELECT {record} FROM {added} AS added_link
          UNION ALL SELECT {record} FROM {removed} AS removed_link) AS changed;
    IF touched IS NOT NULL THEN
        EXECUTE $count${statement}
        $count$ USING touched;
    END IF;
END;"""


def link_statements(dialect: str) -> dict[str, tuple[str, str, str]]:
    """trigger name -> (event, condition, statements) of the link tables' triggers.

    SQLite counts each link as its row goes in or out (an AFTER ROW trigger runs right after
    its row); a changed link is taken away and added again, before the change (it is excluded
    by its id). PostgreSQL counts once per statement from its transition tables: its AFTER
    ROW triggers run only once the statement is done (two links of one record inserted
    together would each see the other), and a row trigger's update of the same few count rows
    for every link leaves a version of them per link in an import's one transaction, which
    made a 100k-deal import 2.4 times slower and grew with its size. The statement is run with
    EXECUTE, planned afresh for the array of the records it touched: a plan PL/pgSQL caches
    while the import's tables are still small read every link row on every statement (273 ms
    a statement at 100k deals). Without statistics (none exist during an import's single
    transaction) the planner still reads more than it needs: 2.4 ms a statement at 10k,
    23 ms at 100k.
    """
    triggers = {}
    for counter, (links, record) in COUNTED.items():
        if dialect == "sqlite":
            triggers |= {
                f"{links}_counted_insert": (
                    f"AFTER INSERT ON {links}",
                    "",
                    count_link(links, record, counter, "NEW", "+"),
                ),
                f"{links}_counted_delete": (
                    f"AFTER DELETE ON {links}",
                    "",
                    count_link(links, record, counter, "OLD", "-"),
                ),
                f"{links}_counted_update": (
                    f"BEFORE UPDATE OF {record}, research_area_id ON {links}",
                    "",
                    count_link(links, record, counter, "OLD", "-")
                    + count_link(links, record, counter, "NEW", "+"),
                ),
            }
            continue
        none = f"(SELECT * FROM {links} WHERE false)"
        triggers |= {
            f"{links}_counted_insert": (
                f"AFTER INSERT ON {links} REFERENCING NEW TABLE AS added_links",
                "",
                counted_per_statement(links, record, counter, "added_links", none),
            ),
            f"{links}_counted_delete": (
                f"AFTER DELETE ON {links} REFERENCING OLD TABLE AS removed_links",
                "",
                counted_per_statement(links, record, counter, none, "removed_links"),
            ),
            f"{links}_counted_update": (
                f"AFTER UPDATE ON {links}"
                " REFERENCING OLD TABLE AS removed_links NEW TABLE AS added_links",
                "",
                counted_per_statement(links, record, counter, "added_links", "removed_links"),
            ),
        }
    return triggers


def table_of(event: str) -> str:
    return event.split(" ON ", 1)[1].split()[0]


def create_trigger(dialect: str, name: str, event: str, condition: str, statements: str) -> None:
    table = table_of(event)
    if dialect == "sqlite":
        when = f" WHEN {condition}" if condition else ""
        op.execute(f"CREATE TRIGGER {name} {event}{when} BEGIN{statements}\nEND")
        return
    # the link triggers read transition tables: once per statement; the tree's, once per row
    each = "STATEMENT" if " REFERENCING " in event else "ROW"
    op.execute(
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN{statements}\nRETURN NULL;\nEND $$"
    )
    when = f" WHEN ({condition})" if condition else ""
    op.execute(f"CREATE TRIGGER {name} {event} FOR EACH {each}{when} EXECUTE FUNCTION {name}()")
    kept = "research_area_closure and " if table == "research_areas" else ""
    op.execute(f"COMMENT ON FUNCTION {name}() IS 'Keeps {kept}research_area_counts ({table}).'")


def all_triggers(dialect: str) -> dict[str, tuple[str, str, str]]:
    return tree_statements(dialect) | link_statements(dialect)


def backfill() -> None:
    """The closure and counts of the areas and links already stored."""
    op.execute("""
WITH RECURSIVE below (ancestor_id, descendant_id, depth) AS (
    SELECT id, id, 0 FROM research_areas
    UNION ALL
    SELECT below.ancestor_id, research_areas.id, below.depth + 1
    FROM below JOIN research_areas ON research_areas.parent_id = below.descendant_id)
INSERT INTO research_area_closure (ancestor_id, descendant_id, depth)
SELECT ancestor_id, descendant_id, depth FROM below""")
    counts = ",\n".join(
        f"(SELECT COUNT(DISTINCT link.{record}) FROM {links} link"
        " JOIN research_area_closure path ON path.descendant_id = link.research_area_id"
        " WHERE path.ancestor_id = area.id)"
        for links, record in COUNTED.values()
    )
    op.execute(
        "INSERT INTO research_area_counts (research_area_id, agreements, organizations, projects)"
        f"\nSELECT area.id,\n{counts}\nFROM research_areas area"
    )


def upgrade() -> None:
    op.create_table(
        "research_area_closure",
        sa.Column("ancestor_id", sa.Integer(), nullable=False, comment="An area."),
        sa.Column(
            "descendant_id",
            sa.Integer(),
            nullable=False,
            comment="The area itself or an area below it.",
        ),
        sa.Column(
            "depth", sa.Integer(), nullable=False, comment="Levels between them (0: the same area)."
        ),
        sa.ForeignKeyConstraint(
            ["ancestor_id"],
            ["research_areas.id"],
            name=op.f("fk_research_area_closure_ancestor_id_research_areas"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["descendant_id"],
            ["research_areas.id"],
            name=op.f("fk_research_area_closure_descendant_id_research_areas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "ancestor_id", "descendant_id", name=op.f("pk_research_area_closure")
        ),
        comment="Every area paired with itself and each area below it (derived; kept by triggers).",
    )
    op.create_index(
        "ix_research_area_closure_descendant_id_ancestor_id",
        "research_area_closure",
        ["descendant_id", "ancestor_id"],
    )
    op.create_table(
        "research_area_counts",
        sa.Column("research_area_id", sa.Integer(), nullable=False, comment="The area."),
        sa.Column(
            "agreements",
            sa.Integer(),
            nullable=False,
            comment="Distinct agreements linked to it or to an area below it.",
        ),
        sa.Column(
            "organizations",
            sa.Integer(),
            nullable=False,
            comment="Distinct organizations with an interest in it or in an area below it.",
        ),
        sa.Column(
            "projects",
            sa.Integer(),
            nullable=False,
            comment="Distinct projects working in it or in an area below it.",
        ),
        sa.ForeignKeyConstraint(
            ["research_area_id"],
            ["research_areas.id"],
            name=op.f("fk_research_area_counts_research_area_id_research_areas"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("research_area_id", name=op.f("pk_research_area_counts")),
        comment="What `areas` counts, per area and its sub-areas (derived; kept by triggers).",
    )
    backfill()
    dialect = op.get_bind().dialect.name
    for name, (event, condition, statements) in all_triggers(dialect).items():
        create_trigger(dialect, name, event, condition, statements)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, (event, _, _) in all_triggers(dialect).items():
        table = table_of(event)
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER {name}")
        else:
            op.execute(f"DROP TRIGGER {name} ON {table}")
            op.execute(f"DROP FUNCTION {name}()")
    op.drop_index(
        "ix_research_area_closure_descendant_id_ancestor_id", table_name="research_area_closure"
    )
    op.drop_table("research_area_counts")
    op.drop_table("research_area_closure")
