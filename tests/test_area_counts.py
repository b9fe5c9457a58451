"""The counts `areas` lists are kept by triggers (migration 0007): after every kind of change to
the links and to the area tree, on both backends, they equal counts worked out here in Python
from the stored parent pointers and link rows alone."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Connection, Table, delete, insert, select, text, update

from collabdb import tables as t
from collabdb.migrations import alembic_config
from collabdb.services.areas import list_areas
from collabdb.services.seed import load_seed
from tests import list_reference
from tests.conftest import Result, write_json

# counts column -> (link table, column of the linked record, table of the record)
LINKS: dict[str, tuple[Table, str, Table]] = {
    "agreements": (t.agreement_areas, "agreement_id", t.agreements),
    "organizations": (t.organization_interests, "organization_id", t.organizations),
    "projects": (t.project_areas, "project_id", t.projects),
}
INTEREST_KINDS = ("research_focus", "activity", "priority")

Closure = set[tuple[int, int, int]]
Counts = dict[int, tuple[int, int, int]]


def parents_of(connection: Connection) -> dict[int, int | None]:
    areas = t.research_areas
    return {
        id_: parent for id_, parent in connection.execute(select(areas.c.id, areas.c.parent_id))
    }


def closure_of(parents: dict[int, int | None]) -> Closure:
    """(ancestor, descendant, depth) for each area and each area at or above it."""
    closure: Closure = set()
    for area in parents:
        node: int | None = area
        depth = 0
        while node is not None:
            closure.add((node, area, depth))
            node, depth = parents[node], depth + 1
    return closure


def expected(connection: Connection) -> tuple[Closure, Counts]:
    """The closure and the counts, worked out from parent_id and the links alone."""
    parents = parents_of(connection)
    closure = closure_of(parents)
    above: dict[int, set[int]] = {area: set() for area in parents}
    for ancestor, descendant, _ in closure:
        above[descendant].add(ancestor)
    under: dict[int, list[set[int]]] = {area: [set(), set(), set()] for area in parents}
    for position, (links, record, _) in enumerate(LINKS.values()):
        for record_id, area in connection.execute(
            select(links.c[record], links.c.research_area_id)
        ):
            for ancestor in above[area]:
                under[ancestor][position].add(record_id)
    counts = {area: (len(a), len(o), len(p)) for area, (a, o, p) in under.items()}
    return closure, counts


def stored(connection: Connection) -> tuple[Closure, Counts]:
    closure = t.research_area_closure
    counts = t.research_area_counts
    return (
        {tuple(row) for row in connection.execute(select(closure))},  # type: ignore[misc]
        {
            area: (agreements, organizations, projects)
            for area, agreements, organizations, projects in connection.execute(select(counts))
        },
    )


def assert_kept(connection: Connection, step: str = "") -> None:
    closure, counts = stored(connection)
    want_closure, want_counts = expected(connection)
    assert closure == want_closure, step
    assert counts == want_counts, step


class RandomChanges:
    """Random writes to the links and the tree of a seeded database, each valid (no duplicate
    link, no cycle), in the shapes the importer and analysts use: single rows, multi-row
    statements (two links of one record in one INSERT), cascades, moves of whole subtrees."""

    def __init__(self, connection: Connection, seed: int) -> None:
        self.connection = connection
        self.rng = random.Random(seed)
        self.added_areas = 0

    def _ids(self, table: Table) -> list[int]:
        return list(self.connection.scalars(select(table.c.id).order_by(table.c.id)))

    def _subtree(self, area: int) -> set[int]:
        return {
            below for above, below, _ in closure_of(parents_of(self.connection)) if above == area
        }

    def _link_rows(self, kind: str, record_id: int, areas: list[int]) -> list[dict[str, Any]]:
        links, record, _ = LINKS[kind]
        rows = []
        for area in areas:
            row = {record: record_id, "research_area_id": area}
            if kind == "organizations":
                row["kind"] = self.rng.choice(INTEREST_KINDS)
            rows.append(row)
        present = {tuple(r) for r in self.connection.execute(select(*self._key(links, kind)))}
        fresh, seen = [], set()
        for row in rows:
            key = tuple(row[c.name] for c in self._key(links, kind))
            if key not in present and key not in seen:
                fresh.append(row)
                seen.add(key)
        return fresh

    @staticmethod
    def _key(links: Table, kind: str) -> list[Any]:
        columns = [links.c[LINKS[kind][1]], links.c.research_area_id]
        return columns + ([links.c.kind] if kind == "organizations" else [])

    def add_links(self) -> str:
        kind = self.rng.choice(list(LINKS))
        links, _, records = LINKS[kind]
        areas = self._ids(t.research_areas)
        record_ids = self._ids(records)
        if not record_ids:
            return f"no {kind} to link"
        record_id = self.rng.choice(record_ids)
        # often an area and one below or above it, for the same record, in one statement
        first = self.rng.choice(areas)
        closure = closure_of(parents_of(self.connection))
        related = sorted(d for a, d, _ in closure if a == first) + sorted(
            a for a, d, _ in closure if d == first
        )
        chosen = [first, self.rng.choice(related), self.rng.choice(areas)][: self.rng.randint(1, 3)]
        rows = self._link_rows(kind, record_id, chosen)
        if rows:
            self.connection.execute(insert(links), rows)
        return f"add {len(rows)} {kind} links of {record_id}: {chosen}"

    def remove_links(self) -> str:
        kind = self.rng.choice(list(LINKS))
        links, record, _ = LINKS[kind]
        present = list(self.connection.execute(select(links.c.id, links.c[record])))
        if not present:
            return "no link to remove"
        link_id, record_id = self.rng.choice(present)
        if self.rng.random() < 0.5:
            self.connection.execute(delete(links).where(links.c[record] == record_id))
            return f"remove every {kind} link of {record_id}"
        self.connection.execute(delete(links).where(links.c.id == link_id))
        return f"remove {kind} link {link_id}"

    def change_link(self) -> str:
        kind = self.rng.choice(["agreements", "projects"])
        links, record, records = LINKS[kind]
        present = list(self.connection.execute(select(links.c.id, links.c[record])))
        if not present:
            return "no link to change"
        link_id, record_id = self.rng.choice(present)
        if self.rng.random() < 0.5:
            values = {"research_area_id": self.rng.choice(self._ids(t.research_areas))}
        else:
            values = {record: self.rng.choice(self._ids(records))}
        taken = set(self.connection.execute(select(links.c[record], links.c.research_area_id)))
        [current] = self.connection.execute(
            select(links.c[record], links.c.research_area_id).where(links.c.id == link_id)
        )
        new_key = (values.get(record, current[0]), values.get("research_area_id", current[1]))
        if new_key in taken:
            return "the changed link would repeat one"
        self.connection.execute(update(links).where(links.c.id == link_id).values(values))
        return f"change {kind} link {link_id} of {record_id}: {values}"

    def move_area(self) -> str:
        areas = self._ids(t.research_areas)
        moved = self.rng.choice(areas)
        allowed = [a for a in areas if a not in self._subtree(moved)]
        parent = self.rng.choice([None, *allowed])
        table = t.research_areas
        self.connection.execute(update(table).where(table.c.id == moved).values(parent_id=parent))
        return f"move area {moved} under {parent}"

    def add_area(self) -> str:
        self.added_areas += 1
        parent = self.rng.choice([None, *self._ids(t.research_areas)])
        name = f"Test area {self.added_areas}"
        self.connection.execute(
            insert(t.research_areas).values(
                slug=f"test-area-{self.added_areas}", name=name, name_key=name, parent_id=parent
            )
        )
        return f"add area under {parent}"

    def remove_area(self) -> str:
        linked = set()
        for links, _, _ in LINKS.values():
            linked |= set(self.connection.scalars(select(links.c.research_area_id)))
        linked |= set(self.connection.scalars(select(t.programme_areas.c.research_area_id)))
        linked |= set(self.connection.scalars(select(t.citations.c.research_area_id)))
        parents = set(parents_of(self.connection).values())
        free = [a for a in self._ids(t.research_areas) if a not in linked | parents]
        if not free:
            return "no free leaf area"
        area = self.rng.choice(free)
        self.connection.execute(delete(t.research_areas).where(t.research_areas.c.id == area))
        return f"remove area {area}"

    def remove_project(self) -> str:
        projects = self._ids(t.projects)
        if not projects:
            return "no project"
        project = self.rng.choice(projects)
        self.connection.execute(delete(t.projects).where(t.projects.c.id == project))
        return f"remove project {project} (its links cascade)"

    def step(self) -> str:
        changes: list[Callable[[], str]] = [
            self.add_links,
            self.add_links,
            self.remove_links,
            self.change_link,
            self.move_area,
            self.move_area,
            self.add_area,
            self.remove_area,
            self.remove_project,
        ]
        return self.rng.choice(changes)()


@pytest.mark.parametrize("seed", [1, 2])
def test_random_changes_keep_the_closure_and_counts(
    db_url: str, engine_for: Callable[[Any], Any], seed: int
) -> None:
    engine = engine_for(db_url)
    with engine.begin() as connection:
        assert_kept(connection, "seeded")
        changes = RandomChanges(connection, seed)
        done = [changes.remove_project()]  # a cascade, whatever the walk picks
        assert_kept(connection, done[0])
        for _ in range(80):
            done.append(changes.step())
            assert_kept(connection, "\n".join(done))
    with engine.connect() as connection:
        assert_kept(connection, "committed")
    # the walk did reach each kind of change
    for kind in ("remove project", "move area", "add 2", "remove every", "change", "add area"):
        assert any(step.startswith(kind) for step in done), kind


def test_changes_that_are_no_moves_leave_the_counts(
    db_url: str, engine_for: Callable[[Any], Any]
) -> None:
    """Setting parent_id to its own value (as the importer's update of an area does) and
    changing a link's other columns move nothing."""
    engine = engine_for(db_url)
    with engine.begin() as connection:
        before = stored(connection)
        areas = t.research_areas
        connection.execute(update(areas).values(parent_id=areas.c.parent_id))
        interests = t.organization_interests
        connection.execute(update(interests).values(note="changed"))
        assert stored(connection) == before
        assert_kept(connection)


def _import(cli: Callable[..., Result], db: str, document: Any, tmp_path: Path) -> Result:
    path = write_json(tmp_path / "in.json", {"format_version": 1, **document})
    return cli("--db", db, "import", str(path))


def test_imports_that_move_areas_and_replace_links_keep_the_counts(
    cli: Callable[..., Result], db_url: str, engine_for: Callable[[Any], Any], tmp_path: Path
) -> None:
    document = {
        "research_areas": [
            # a new area whose parent comes later in the input, and a new parent
            {"slug": "tumour-immunology", "name": "Tumour immunology", "parent": "tumour-host"},
            {"slug": "tumour-host", "name": "Tumour and host", "parent": "oncology"},
            # a linked area out of its tree, and a subtree moved under the new area
            {"slug": "immuno-oncology", "parent": None},
            {"slug": "solid-tumour-biotherapy", "parent": "tumour-immunology"},
        ],
        "agreements": [
            # its areas replaced: one inside the moved subtree, one at the top
            {
                "slug": "astrazeneca-petrov-institute-cancer-genetics-2013",
                "areas": [{"area": "gene-therapy"}, {"area": "oncology"}],
            }
        ],
    }
    engine = engine_for(db_url)
    result = _import(cli, db_url, document, tmp_path)
    assert result.exit_code == 0, result.stderr
    with engine.connect() as connection:
        assert_kept(connection)
    rows = list_areas(engine).rows
    assert rows == list_reference.list_areas(engine)
    by_slug = {row.slug: row for row in rows}
    assert by_slug["immuno-oncology"].depth == 0
    assert by_slug["gene-therapy"].depth == 4
    assert by_slug["tumour-host"].agreements == 1  # through gene therapy, four levels down


def test_an_import_refused_for_a_cycle_leaves_the_counts(
    cli: Callable[..., Result], db_url: str, engine_for: Callable[[Any], Any], tmp_path: Path
) -> None:
    engine = engine_for(db_url)
    with engine.connect() as connection:
        before = stored(connection)
    document = {"research_areas": [{"slug": "oncology", "parent": "gene-therapy"}]}
    result = _import(cli, db_url, document, tmp_path)
    assert result.exit_code == 2
    assert "parent chain is a cycle" in result.stderr
    with engine.connect() as connection:
        assert stored(connection) == before
        assert_kept(connection)


def test_the_migration_fills_them_from_what_is_stored_and_goes_down_cleanly(
    empty_db_url: str, engine_for: Callable[[Any], Any]
) -> None:
    engine = engine_for(empty_db_url)
    config = alembic_config(engine)
    load_seed(engine)  # at head (the importer writes what head has), then down to 0006:
    command.downgrade(config, "0006")  # links and areas, no counts
    with engine.begin() as connection:  # and a link from before that the counts must include
        connection.execute(
            text(
                "INSERT INTO agreement_areas (agreement_id, research_area_id)"
                " SELECT MIN(id), (SELECT id FROM research_areas WHERE slug = 'gene-therapy')"
                " FROM agreements"
            )
        )
    command.upgrade(config, "head")
    with engine.connect() as connection:
        assert_kept(connection)
        _, counts = stored(connection)
        assert sum(agreements for agreements, _, _ in counts.values()) > 0
    assert list_areas(engine).rows == list_reference.list_areas(engine)
    command.downgrade(config, "0006")
    with engine.begin() as connection:
        # the triggers went with the tables: links are written without them
        connection.execute(delete(t.agreement_areas))
        connection.execute(update(t.research_areas).values(parent_id=None))
    command.upgrade(config, "head")
    with engine.connect() as connection:
        assert_kept(connection)
