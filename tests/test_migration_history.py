"""Every revision upgrades to head with its data intact, on both backends, and the migrations
stand alone: none imports collabdb, so a later change to the application cannot change what an
old migration builds.

A database at an old revision is made the way one would have been: migrated to that revision,
then given the seed's rows (the tables and columns that exist there, parents before children),
copied from a database seeded at head with the seed as that revision could hold it (what the
seed says that the revision had no room for left out: ``LATER_FEATURES``). Tables the database derives itself (the FTS index,
those kept by triggers) are left to it. Upgraded to head, it must hold exactly what the seeded
head database holds: the same export, the same rows in every table (search documents without
their ids, which a rebuild numbers afresh), the same search hits.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Callable, Iterator
from graphlib import TopologicalSorter
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text
from sqlalchemy.engine import Engine

from collabdb.config import target_from_text
from collabdb.db import HEAD_REVISION, current_revision, make_engine
from collabdb.migrations import alembic_config
from collabdb.resources import alembic_directory, seed_files
from collabdb.services.exporter import export_json
from collabdb.services.importer import import_bytes
from tests.conftest import FIXTURES

#: Tables whose rows the database writes itself from other tables' (triggers of 0007): a copy
#: of the seed leaves them out, and the triggers fill them as the rows they follow go in.
TRIGGER_KEPT = frozenset({"research_area_closure", "research_area_counts"})
#: The history of changes records how each database was built (the seed imported at head, or
#: rows copied at an old revision): compared apart (test below), not as contents.
HISTORY = frozenset({"change_sets", "record_changes"})
#: SQLite's internals and the FTS5 index with its shadow tables (kept by triggers from
#: search_documents, numbered by its ids).
INTERNAL_PREFIXES = ("sqlite_", "search_index")


def revisions() -> list[str]:
    """Every revision, from the first to head."""
    script = ScriptDirectory.from_config(alembic_config())
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


# -- schema and rows, read from the catalogs ----------------------------------------------------

_POSTGRESQL_CATALOG = {
    "columns": "SELECT table_name, ordinal_position, column_name, data_type,"
    " character_maximum_length, numeric_precision, numeric_scale, is_nullable, column_default"
    " FROM information_schema.columns WHERE table_schema = current_schema()",
    "constraints": "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
    " FROM pg_constraint WHERE connamespace = current_schema()::regnamespace",
    "indexes": "SELECT tablename, indexname, indexdef FROM pg_indexes"
    " WHERE schemaname = current_schema()",
    "views": "SELECT viewname, definition FROM pg_views WHERE schemaname = current_schema()",
    "triggers": "SELECT tgrelid::regclass::text, tgname, pg_get_triggerdef(oid) FROM pg_trigger"
    " WHERE NOT tgisinternal",
    "functions": "SELECT proname, pg_get_functiondef(oid), obj_description(oid, 'pg_proc')"
    " FROM pg_proc WHERE pronamespace = current_schema()::regnamespace",
    "sequences": "SELECT sequence_name, data_type, start_value, increment"
    " FROM information_schema.sequences WHERE sequence_schema = current_schema()",
    "comments": "SELECT c.relname, c.relkind, a.attname,"
    " obj_description(c.oid, 'pg_class'), col_description(c.oid, a.attnum)"
    " FROM pg_class c LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0"
    " AND NOT a.attisdropped WHERE c.relnamespace = current_schema()::regnamespace",
}


def schema_of(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the migrations create, as the database's catalogs describe it (sorted):
    sqlite_master's SQL on SQLite; tables, columns, constraints, indexes, views, triggers,
    functions, sequences and comments on PostgreSQL."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            catalog = {
                "sqlite_master": "SELECT type, name, tbl_name, sql FROM sqlite_master"
                " WHERE name NOT LIKE 'sqlite_%'"
            }
        else:
            catalog = _POSTGRESQL_CATALOG
        return {
            part: sorted(map(tuple, connection.execute(text(query))), key=repr)
            for part, query in catalog.items()
        }


def user_tables(connection: Connection) -> list[str]:
    names = inspect(connection).get_table_names()
    return sorted(name for name in names if not name.startswith(INTERNAL_PREFIXES))


def contents(engine: Engine, *, timestamps: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of every table and view, as the driver returns them, sorted; search documents
    without their ids (and the import log without its times unless ``timestamps``)."""
    found = {}
    with engine.connect() as connection:
        relations = user_tables(connection) + inspect(connection).get_view_names()
        for name in relations:
            if name in HISTORY:
                continue
            columns = [column["name"] for column in inspect(connection).get_columns(name)]
            if name == "search_documents":
                columns.remove("id")
            if name == "import_log" and not timestamps:
                columns.remove("imported_at")
            rows = connection.exec_driver_sql(f"SELECT {', '.join(columns)} FROM {name}")
            found[name] = sorted(map(tuple, rows), key=repr)
    return found


def search_hits(engine: Engine) -> dict[str, list[tuple[str, str, str]]]:
    """(kind, slug, field) of the search documents each word of their texts finds, through the
    backend's full-text index (SQLite: FTS5; PostgreSQL: its tsvector expression)."""
    with engine.connect() as connection:
        texts = connection.exec_driver_sql("SELECT text FROM search_documents").scalars()
        words = sorted({word for each in texts for word in each.split()})
        if engine.dialect.name == "sqlite":
            query = text(
                "SELECT d.kind, d.slug, d.field FROM search_index"
                " JOIN search_documents d ON d.id = search_index.rowid"
                " WHERE search_index MATCH :word"
            )
            quoted = {word: f'"{word}"' for word in words}
        else:
            query = text(
                "SELECT kind, slug, field FROM search_documents"
                " WHERE to_tsvector('simple', text) @@ to_tsquery('simple', :word)"
            )
            quoted = {word: word for word in words}
        return {
            word: sorted(map(tuple, connection.execute(query, {"word": quoted[word]})))
            for word in words
        }


# -- a database at an old revision, holding the seed ---------------------------------------------


def _placeholders(connection: Connection, count: int) -> str:
    marker = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    return ", ".join([marker] * count)


def _parents_first(rows: list[tuple[Any, ...]], parent_columns: list[int]) -> list[tuple[Any, ...]]:
    """``rows`` (id first) ordered so that a row comes after the rows its own table's
    foreign keys (``parent_columns``) point at: a tree is copied from its roots down."""
    done: set[Any] = set()
    ordered: list[tuple[Any, ...]] = []
    pending = rows
    while pending:
        ready = [r for r in pending if all(r[c] is None or r[c] in done for c in parent_columns)]
        assert ready, "a parent cycle"
        done.update(row[0] for row in ready)
        ordered += ready
        pending = [row for row in pending if row[0] not in done]
    return ordered


def copy_rows(source: Engine, target: Engine) -> None:
    """Copy into ``target`` (at an older revision) the rows of ``source`` (at head) of every
    table ``target`` has, in the columns it has: parents before children, ids kept, PostgreSQL's
    id sequences moved past them."""
    with target.connect() as connection:
        schema = inspect(connection)
        names = [name for name in user_tables(connection) if name != "alembic_version"]
        columns = {name: [c["name"] for c in schema.get_columns(name)] for name in names}
        keys = {name: schema.get_foreign_keys(name) for name in names}
    parents = {name: {key["referred_table"] for key in keys[name]} - {name} for name in names}
    with source.connect() as reading, target.begin() as writing:
        for name in TopologicalSorter(parents).static_order():
            if name in TRIGGER_KEPT:
                continue
            has_id = columns[name][0] == "id"  # not the pairs of distinct_pairs
            own = [
                columns[name].index(key["constrained_columns"][0])
                for key in keys[name]
                if key["referred_table"] == name
            ]
            assert has_id or not own, name
            selected = ", ".join(columns[name])
            rows = list(map(tuple, reading.exec_driver_sql(f"SELECT {selected} FROM {name}")))
            if not rows:
                continue
            values = _placeholders(writing, len(columns[name]))
            insert = f"INSERT INTO {name} ({selected}) VALUES ({values})"
            writing.exec_driver_sql(insert, _parents_first(rows, own))
            if target.dialect.name == "postgresql" and has_id:
                writing.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'),"
                    f" (SELECT MAX(id) FROM {name}))"
                )


@pytest.fixture
def blank_database(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[], Engine]]:
    """Makes databases with no schema at all, on the test's backend."""
    engines: list[Engine] = []
    databases: list[str] = []
    server = request.getfixturevalue("postgres_server") if backend == "postgresql" else None

    def make() -> Engine:
        if server is None:
            url = str(tmp_path / f"blank-{len(engines)}.sqlite3")
        else:
            databases.append(server.fresh_database("template0"))
            url = server.url(databases[-1])
        engines.append(make_engine(target_from_text(url)))
        return engines[-1]

    yield make
    for engine in engines:
        engine.dispose()
    for name in databases:
        server.drop_database(name)  # type: ignore[union-attr]


def at_revision(make: Callable[[], Engine], revision: str) -> Engine:
    engine = make()
    command.upgrade(alembic_config(engine), revision)
    assert current_revision(engine) == revision
    return engine


# -- the seed as an old revision could hold it --------------------------------------------------


def _stored_stand_in_texts(document: dict[str, Any]) -> None:
    """Before 0008 a paragraph could be cited only in a stored text: each article stands in as
    a text of as many paragraphs as it counts (placeholder words, not the article's)."""
    for source in document["sources"]:
        count = source.pop("paragraph_count", None)
        source.pop("language", None)
        source.pop("retrieved_on", None)
        if count is not None and source.get("text") is None:
            source["text"] = "\n\n".join(
                f"Paragraph {n} of {source['slug']}." for n in range(1, count + 1)
            )
            source["sha256"] = hashlib.sha256(source["text"].encode("utf-8")).hexdigest()


def _without(kind: str, *path: str) -> Callable[[dict[str, Any]], None]:
    def leave_out(document: dict[str, Any]) -> None:
        for record in document.get(kind, []):
            *children, field = path
            holders = [record]
            for child in children:
                holders = [item for holder in holders for item in holder.get(child, [])]
            for holder in holders:
                holder.pop(field, None)

    return leave_out


#: What the seed says that an earlier revision had no room for: the revision that made room,
#: and how the seed is left as that time could hold it.
LATER_FEATURES: tuple[tuple[str, Callable[[dict[str, Any]], None]], ...] = (
    ("0008", _stored_stand_in_texts),
    ("0009", _without("people", "positions", "as_of")),
    ("0011", _without("agreements", "status_history")),
    ("0019", _without("events", "facilities")),
)


def seed_as_of(revision: str) -> bytes:
    """The seed, less what a database at ``revision`` could not hold."""
    [path] = seed_files()
    document = json.loads(path.read_bytes())
    for made_room, leave_out in LATER_FEATURES:
        if revision < made_room:
            leave_out(document)
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def test_the_seed_needs_nothing_later_revisions_did_not_make_room_for() -> None:
    """Each feature left out above is one the seed uses (else the list is stale); with all of
    them left out, its articles are stand-in texts and its agreements have no history."""
    [path] = seed_files()
    seed = json.loads(path.read_bytes())
    for _, leave_out in LATER_FEATURES:
        document = json.loads(path.read_bytes())
        leave_out(document)
        assert document != seed
    first = json.loads(seed_as_of(revisions()[0]))
    assert not [s for s in first["sources"] if "paragraph_count" in s]
    assert all("status_history" not in a for a in first["agreements"])


# -- tests --------------------------------------------------------------------------------------


def test_no_migration_imports_collabdb() -> None:
    scripts = sorted((alembic_directory() / "versions").glob("*.py"))
    assert len(scripts) == len(revisions())
    for script in scripts:
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""]
            else:
                continue
            assert not [m for m in modules if m.split(".")[0] == "collabdb"], script.name


def test_the_revisions_run_in_a_line_to_head() -> None:
    assert revisions()[-1] == HEAD_REVISION
    assert len(revisions()) >= 2


@pytest.mark.parametrize("revision", revisions()[:-1])
def test_a_seeded_database_upgrades_to_head_as_if_seeded_there(
    revision: str, empty_db_url: str, blank_database: Callable[[], Engine], engine_for: Any
) -> None:
    seeded = engine_for(empty_db_url)
    import_bytes(seeded, seed_as_of(revision), name="seed:collabdb-seed.json")
    old = at_revision(blank_database, revision)
    copy_rows(seeded, old)
    command.upgrade(alembic_config(old), "head")

    assert current_revision(old) == HEAD_REVISION
    assert export_json(old) == export_json(seeded)
    assert contents(old) == contents(seeded)  # search documents, area counts and closure too
    assert search_hits(old) == search_hits(seeded)
    # and it goes on like a database made at head: ids, sequences and triggers included
    document = (FIXTURES / "fictional.json").read_bytes()
    for engine in (old, seeded):
        import_bytes(engine, document, name="fictional.json")
    assert export_json(old) == export_json(seeded)
    assert contents(old, timestamps=False) == contents(seeded, timestamps=False)
    organizations = {record["slug"] for record in json.loads(export_json(old))["organizations"]}
    assert "quillmere-pharma" in organizations  # the fixture's, next to the seed's
    # The upgraded database records its changes from now on (after those copied from 0017 on).
    recorded = {}
    for engine in (old, seeded):
        with engine.connect() as connection:
            query = "SELECT input_name FROM change_sets ORDER BY id"
            recorded[engine] = list(connection.exec_driver_sql(query).scalars())
    had_history = revision >= "0017"
    assert recorded[old] == (recorded[seeded] if had_history else ["fictional.json"])


def test_downgrade_to_base_undoes_each_revision(blank_database: Callable[[], Engine]) -> None:
    """Step by step from head to base, an empty database has the schema of one migrated up to
    the same revision; at base only alembic's version table is left, and it upgrades again."""
    fresh = {revision: schema_of(at_revision(blank_database, revision)) for revision in revisions()}
    base = blank_database()
    command.upgrade(alembic_config(base), "base")  # alembic_version only
    fresh["base"] = schema_of(base)

    engine = at_revision(blank_database, HEAD_REVISION)
    for revision in [*reversed(revisions()[:-1]), "base"]:
        command.downgrade(alembic_config(engine), revision)
        assert schema_of(engine) == fresh[revision], revision
    with engine.connect() as connection:
        assert user_tables(connection) == ["alembic_version"]
        assert inspect(connection).get_view_names() == []
    command.upgrade(alembic_config(engine), "head")
    assert schema_of(engine) == fresh[HEAD_REVISION]


def test_0013_rewrites_stored_control_characters_as_visible_escapes(
    blank_database: Callable[[], Engine], capfd: pytest.CaptureFixture[str]
) -> None:
    """A database written before the import refused them: each value with a control
    character becomes its visible escape, tab and newline stay, and the export imports."""
    engine = at_revision(blank_database, HEAD_REVISION)  # the importer writes what head has
    document = json.loads((FIXTURES / "fictional.json").read_text(encoding="utf-8"))
    import_bytes(engine, json.dumps(document).encode(), name="fictional.json")
    command.downgrade(alembic_config(engine), "0012")
    hostile = "Ivory\x1b[2J lab\x07\twith a tab\nand a line \x9b"
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE organizations SET description = :d WHERE slug = 'quillmere-pharma'"),
            {"d": hostile},
        )
        connection.execute(text("UPDATE sources SET publisher = 'Wire\x01'"))
    command.upgrade(alembic_config(engine), "head")
    assert "rewrote 2 stored values holding control characters" in capfd.readouterr().err
    exported = json.loads(export_json(engine))
    [quillmere] = [o for o in exported["organizations"] if o["slug"] == "quillmere-pharma"]
    assert quillmere["description"] == "Ivory\\x1b[2J lab\\x07\twith a tab\nand a line \\x9b"
    assert [s["publisher"] for s in exported["sources"]] == ["Wire\\x01"]
    fresh = blank_database()
    command.upgrade(alembic_config(fresh), "head")
    import_bytes(fresh, json.dumps(exported).encode(), name="export.json")
    assert export_json(fresh) == export_json(engine)


def test_downgrading_0015_keeps_each_intervals_start(
    blank_database: Callable[[], Engine],
) -> None:
    """Before 0015 a period is one date: an interval keeps its start (its end when open)."""
    from tests.test_periods import with_periods

    engine = at_revision(blank_database, HEAD_REVISION)  # the importer writes what head has
    fictional = json.loads((FIXTURES / "fictional.json").read_text(encoding="utf-8"))
    import_bytes(engine, json.dumps(with_periods(fictional)).encode(), name="periods.json")
    command.downgrade(alembic_config(engine), "0014")
    with engine.connect() as connection:
        stored = dict(
            connection.execute(
                text("SELECT slug, period FROM financial_figures WHERE period IS NOT NULL")
            ).all()
        )
    assert stored == {
        "five-years": "2011",
        "a-quarter-on": "2012-03",
        "from-2021": "2021",
        "up-to-mid-2012": "2012-Q2",
        "one-year": "2014",
        "one-day": "2013-06-15",
    }
    command.upgrade(alembic_config(engine), "head")
    assert current_revision(engine) == HEAD_REVISION


def test_downgrading_0020_keeps_the_whole_capacities_the_old_column_could_hold(
    blank_database: Callable[[], Engine],
) -> None:
    """Before 0020 a capacity is a whole number up to 10^9 (the old input limit): a decimal
    keeps its whole part, a larger number is cleared; area and jobs go. Up again, the kept
    numbers are exact decimals, and every citation of a facility is still there."""
    engine = at_revision(blank_database, HEAD_REVISION)
    source = {"slug": "fixture-plants", "kind": "article", "title": "Plants", "paragraph_count": 1}
    cited = {"citations": [{"source": "fixture-plants", "paragraph": 1}]}
    capacities = {"beds": "405", "half": "1.5", "huge": "2000000000", "none": None}
    document = {
        "format_version": 2,
        "sources": [source],
        "facilities": [
            {"slug": slug, "name": slug, "kind": "hospital", "capacity": capacity,
             "area": "10", "jobs": "350", **cited}
            for slug, capacity in capacities.items()
        ],
    }  # fmt: skip
    import_bytes(engine, json.dumps(document).encode(), name="plants.json")
    command.downgrade(alembic_config(engine), "0019")

    def stored() -> tuple[dict[str, Any], int]:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT slug, capacity FROM facilities")).all()
            citations = connection.execute(
                text("SELECT COUNT(*) FROM citations WHERE facility_id IS NOT NULL")
            ).scalar_one()
        return dict(rows), citations

    assert stored() == ({"beds": 405, "half": 1, "huge": None, "none": None}, 4)
    command.upgrade(alembic_config(engine), "head")
    exported = {f["slug"]: f for f in json.loads(export_json(engine))["facilities"]}
    assert {slug: f["capacity"] for slug, f in exported.items()} == {
        "beds": "405",
        "half": "1",
        "huge": None,
        "none": None,
    }
    assert {f["area"] for f in exported.values()} == {None}
    assert all(f["citations"] == cited["citations"] for f in exported.values())
