"""`collabdb serve` without a browser: what it refuses (PostgreSQL, a missing web extra),
what it never does (write, whatever is POSTed; slow down other commands), that an import
while it runs shows at once, and the metadata it generates from the code."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from collabdb.analyst_views import ANALYST_VIEWS
from collabdb.docs.queries import worked_queries
from collabdb.tables import metadata as tables
from tests.conftest import REPO_ROOT, Result, write_json
from tests.serving import Server, file_hash, serving

Cli = Callable[..., Result]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, _seeded_template: Path) -> Iterator[Server]:
    path = tmp_path_factory.mktemp("served") / "seeded.sqlite3"
    shutil.copyfile(_seeded_template, path)
    with serving(path) as server:
        yield server


# -- what it refuses ---------------------------------------------------------------------------


def test_postgresql_url_exits_2_saying_what_to_do(cli: Cli) -> None:
    result = cli("--db", "postgresql+psycopg://analyst:s3cret@db.example.org/collabdb", "serve")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: collabdb serve reads an SQLite file, not "
        "postgresql+psycopg://analyst:***@db.example.org/collabdb: query a PostgreSQL database "
        "with `collabdb sql`, or browse it with a PostgreSQL client (psql, pgAdmin)\n"
    )


_WITHOUT_DATASETTE = """
import sys
sys.modules["datasette"] = None  # as if the web extra were not installed
from collabdb.cli.app import main
sys.argv = ["collabdb", *sys.argv[1:]]
main()
"""


def test_without_the_web_extra_it_exits_2_saying_how_to_get_it(seeded_db: Path) -> None:
    command = [sys.executable, "-c", _WITHOUT_DATASETTE, "--db", str(seeded_db), "serve"]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr == 'error: collabdb serve needs the web extra: pip install "collabdb[web]"\n'
    assert done.stdout == ""


def test_a_database_behind_the_schema_exits_3(cli: Cli, empty_db: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.sqlite3"
    result = cli("--db", str(missing), "serve")
    assert result.exit_code == 3
    assert "does not exist; create it with" in result.stderr


_LOADED = """
import sys
from collabdb.cli.app import main
sys.argv = ["collabdb", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(sorted({m.split(".")[0] for m in sys.modules} & {"datasette", "uvicorn", "selenium"}),
      file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["agreements"], ["--help"], ["search", "Сколково"]])
def test_other_commands_do_not_import_datasette(args: list[str], seeded_db: Path) -> None:
    command = [sys.executable, "-c", _LOADED, "--db", str(seeded_db), *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert done.stderr.splitlines()[-1] == "[]"


def test_cold_start_import_time_shows_no_datasette() -> None:
    command = [sys.executable, "-X", "importtime", "-m", "collabdb", "--help"]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()]
    assert "collabdb.cli.serve" in imported
    assert not [name for name in imported if name.split(".")[0] in ("datasette", "uvicorn")]


# -- what it never does: write ------------------------------------------------------------------

_WRITES = [
    ("/-/create", b'{"table": "x", "columns": [{"name": "id"}]}', "application/json"),
    ("/collabdb/-/create", b'{"table": "x", "rows": [{"id": 1}]}', "application/json"),
    ("/collabdb/agreements/-/insert", b'{"row": {"slug": "x"}}', "application/json"),
    ("/collabdb/agreements/-/upsert", b'{"rows": [{"id": 1, "slug": "x"}]}', "application/json"),
    ("/collabdb/agreements/1/-/update", b'{"update": {"title": "x"}}', "application/json"),
    ("/collabdb/agreements/1/-/delete", b"", "application/json"),
    ("/collabdb/agreements/-/drop", b'{"confirm": true}', "application/json"),
    ("/collabdb/-/query", b"sql=DELETE+FROM+citations", "application/x-www-form-urlencoded"),
    ("/collabdb", b"sql=DROP+TABLE+citations", "application/x-www-form-urlencoded"),
    ("/collabdb/question-01", b"x=1", "application/x-www-form-urlencoded"),
    ("/-/messages", b"message=x&message_type=1", "application/x-www-form-urlencoded"),
    ("/agreement/astrazeneca-skolkovo-strategic-partnership-2017", b"x=1", "text/plain"),
]


def test_nothing_posted_changes_the_database(served: Server) -> None:
    before = file_hash(served.path)
    for path, body, content_type in _WRITES:
        status = served.post(path, body, content_type)
        assert status >= 400 or path == "/-/messages", (path, status)
    for sql in (
        "DELETE FROM citations",
        "UPDATE agreements SET title = 'x'",
        "ATTACH DATABASE '/tmp/elsewhere.db' AS elsewhere",
        "VACUUM INTO '/tmp/copy.db'",
        "PRAGMA query_only = OFF",
        "SELECT * FROM agreements; DELETE FROM agreements",
    ):
        status, _ = served.get("/collabdb.json?" + _query(sql))
        assert status >= 400, sql
    assert file_hash(served.path) == before
    with sqlite3.connect(served.path) as connection:
        assert connection.execute("SELECT count(*) FROM citations").fetchone()[0] > 0


def test_the_database_file_cannot_be_downloaded(served: Server) -> None:
    status, _ = served.get("/collabdb.db")
    assert status in (403, 404)


def test_datasette_connections_cannot_write(seeded_db: Path) -> None:
    from collabdb.web.server import ReadOnlyDatabase, build_datasette

    datasette = build_datasette(seeded_db)
    database = datasette.get_database("collabdb")
    assert isinstance(database, ReadOnlyDatabase)
    for write in (False, True):
        connection = database.connect(write=write)
        with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only"):
            connection.execute("DELETE FROM citations")
        with pytest.raises(sqlite3.OperationalError):
            connection.execute("ATTACH DATABASE ':memory:' AS other")
    database.close()


def _query(sql: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"sql": sql})


# -- what an import changes shows at once -------------------------------------------------------


def test_an_import_while_it_runs_shows_on_the_next_page(
    cli: Cli, seeded_db: Path, tmp_path: Path, fictional_document: dict[str, object]
) -> None:
    with serving(seeded_db) as server:
        [organization] = [o for o in fictional_document["organizations"]][:1]  # type: ignore[attr-defined]
        slug = organization["slug"]
        assert server.get(f"/org/{slug}")[0] == 404
        result = cli(
            "--db",
            str(seeded_db),
            "import",
            str(write_json(tmp_path / "f.json", fictional_document)),
        )
        assert result.exit_code == 0, result.stderr
        status, page = server.get(f"/org/{slug}")
        assert status == 200
        assert organization["name"] in page


# -- pages through the services -----------------------------------------------------------------


def test_pages_give_what_the_cli_gives(served: Server, cli: Cli) -> None:
    for page, command, name in (
        ("agreement", "agreement", "astrazeneca-skolkovo-strategic-partnership-2017"),
        ("org", "org", "astrazeneca"),
        ("person", "person", "kirill-kaem"),
        ("source", "source", "gen-2013-02-12-astrazeneca-petrov-institute"),
    ):
        status, body = served.get(f"/{page}/{name}?_format=json")
        assert status == 200
        shown = cli("--db", str(served.path), command, name, "--format", "json")
        assert json.loads(body) == shown.json()


def test_a_name_redirects_to_its_slug_and_an_unknown_one_is_404(served: Server) -> None:
    status, body = served.get("/org/%D0%A1%D0%BA%D0%BE%D0%BB%D0%BA%D0%BE%D0%B2%D0%BE")
    assert status == 200 and "<h1>Skolkovo Foundation</h1>" in body
    status, body = served.get("/org/Astrazenca")
    assert status == 404
    assert "did you mean AstraZeneca?" in body


def test_text_is_escaped(served: Server) -> None:
    status, body = served.get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert status == 200
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


# -- metadata from the code ---------------------------------------------------------------------


def _present(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        return [name for (name,) in rows]


def test_every_table_view_and_column_is_described(seeded_db: Path) -> None:
    from collabdb.web.metadata import site_metadata

    described = site_metadata(_present(seeded_db))["databases"]["collabdb"]["tables"]
    for table in tables.tables.values():
        assert described[table.name]["description"], table.name
        assert set(described[table.name]["columns"]) == {c.name for c in table.columns}
        assert all(described[table.name]["columns"].values()), table.name
    for view in ANALYST_VIEWS:
        assert described[view.name]["description"] == view.description
        assert list(described[view.name]["columns"]) == [c.name for c in view.columns]


def test_internal_tables_are_hidden_and_nothing_is_secret(seeded_db: Path) -> None:
    from collabdb.web.metadata import site_metadata

    shown = site_metadata(_present(seeded_db))
    described = shown["databases"]["collabdb"]["tables"]
    hidden = {name for name, entry in described.items() if entry.get("hidden")}
    assert {"alembic_version", "import_log", "search_documents", "search_index"} <= hidden
    assert {"research_area_closure", "research_area_counts"} <= hidden
    assert not hidden & {"agreements", "organizations", "citations", "sources", "people"}
    assert not hidden & {view.name for view in ANALYST_VIEWS}
    assert "Nothing in the database is secret" in shown["description"]


def test_licences_come_from_the_project() -> None:
    from collabdb.web.metadata import site_metadata

    shown = site_metadata([])
    deals = (REPO_ROOT / "data" / "deals" / "DEALS.md").read_text(encoding="utf-8")
    assert re.search(r"released under CC BY 4\.0", deals)
    assert shown["license"] == "CC BY 4.0 (our records; collabdb's code: MIT)"
    assert 'license = "MIT"' in (REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_every_worked_question_is_a_canned_query_and_facets_exist() -> None:
    from collabdb.web.metadata import FACETS, site_metadata

    document = (REPO_ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    queries = site_metadata([])["databases"]["collabdb"]["queries"]
    assert [q["sql"] for q in queries.values()] == [q.sql.strip() for q in worked_queries(document)]
    columns = {t.name: {c.name for c in t.columns} for t in tables.tables.values()}
    columns |= {v.name: {c.name for c in v.columns} for v in ANALYST_VIEWS}
    for name, facets in FACETS.items():
        assert set(facets) <= columns[name], name


def test_a_fresh_default_database_serves_every_page(tmp_path: Path) -> None:
    """No --db: the first `serve` builds the default database (seed and real deals) and serves
    each kind of page for a real deal."""
    home = tmp_path / "data"
    path = home / "collabdb" / "collabdb.sqlite3"
    path.parent.mkdir(parents=True)
    with serving(path, data_home=home) as server:
        for page, shows in (
            ("/agreement/msd-fort-vaccines-2019", "FORT"),
            ("/org/fort", "msd-fort-vaccines-2019"),
            ("/org/Фармстандарт", "roche-pharmstandard-gazyva-2017"),
            ("/product/rotateq", "msd-fort-vaccines-2019"),
            ("/source/marathongroup-2019-07-09-msd-fort-vaccines", "Marathon"),
            ("/person/kirill-kaem", "Kaem"),
            ("/search?q=Нанолек", "nanolek"),
            ("/collabdb/view_agreements", "foreign_country"),
        ):
            status, body = server.get(quote(page, safe="/?="))  # as a browser sends it
            assert (status, shows in body) == (200, True), page
    assert path.exists()
