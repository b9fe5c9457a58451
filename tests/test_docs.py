"""docs/ stays true: the data dictionary and ER diagram are what the generator makes now, and
every worked query in docs/queries.md gives the table shown, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from collabdb.analyst_views import ANALYST_VIEWS
from collabdb.config import target_from_text
from collabdb.db import make_engine
from collabdb.docs.__main__ import main as docs_main
from collabdb.docs.diagram import render_er_diagram
from collabdb.docs.dictionary import render_data_dictionary
from collabdb.docs.queries import markdown_table, worked_queries
from collabdb.migrations import upgrade_to_head
from collabdb.services.seed import load_bundled_data
from collabdb.services.sql import run_read_only_query
from collabdb.tables import metadata
from tests.conftest import REPO_ROOT, Result
from tests.postgres_server import EMPTY_TEMPLATE, PostgresServer
from tests.sql_reader import GRANTS, as_reader, run_block

Cli = Callable[..., Result]
DOCS = REPO_ROOT / "docs"
STALE = "stale: regenerate docs with `python -m collabdb.docs`"
QUERIES = worked_queries((DOCS / "queries.md").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def _bundled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Databases holding the seed and the real deals, made once per backend when first asked
    (``urls``), and the PostgreSQL databases to drop at the end (``drop``)."""
    made: dict[str, Any] = {"folder": tmp_path_factory.mktemp("bundled"), "urls": {}, "drop": []}
    yield made
    for server, name in made["drop"]:
        server.drop_database(name)


@pytest.fixture
def bundled_sql_url(backend: str, _bundled: dict[str, Any], request: pytest.FixtureRequest) -> str:
    """A database holding what the default one holds (the seed and the real deals), for
    `collabdb sql`: on PostgreSQL through the read-only analyst role."""
    urls: dict[str, str] = _bundled["urls"]
    if backend not in urls:
        server: PostgresServer | None = None
        if backend == "sqlite":
            url = str(_bundled["folder"] / "bundled.sqlite3")
        else:
            server = request.getfixturevalue("reader_role")
            name = server.fresh_database(EMPTY_TEMPLATE)
            _bundled["drop"].append((server, name))
            url = server.url(name)
        engine = make_engine(target_from_text(url))
        upgrade_to_head(engine)
        load_bundled_data(engine)
        engine.dispose()
        if server is not None:
            run_block(server, url.rsplit("/", 1)[1], GRANTS)
            url = as_reader(url)
        urls[backend] = url
    return urls[backend]


def test_the_data_dictionary_is_up_to_date(seeded_db: Path, engine_for: Any) -> None:
    generated = render_data_dictionary(engine_for(seeded_db))
    assert (DOCS / "data-dictionary.md").read_text(encoding="utf-8") == generated, STALE


def test_the_er_diagram_is_up_to_date() -> None:
    assert (DOCS / "schema.mmd").read_text(encoding="utf-8") == render_er_diagram(), STALE


def test_the_dictionary_covers_every_table_view_and_column(
    seeded_db: Path, engine_for: Any
) -> None:
    dictionary = render_data_dictionary(engine_for(seeded_db))
    for table in metadata.tables.values():
        section = dictionary.split(f"\n### {table.name}\n", 1)[1].split("\n### ", 1)[0]
        for column in table.columns:
            assert f"| `{column.name}` |" in section, (table.name, column.name)
    for view in ANALYST_VIEWS:
        section = dictionary.split(f"\n### {view.name}\n", 1)[1].split("\n### ", 1)[0]
        for view_column in view.columns:
            assert f"| `{view_column.name}` |" in section, (view.name, view_column.name)


def test_the_diagram_has_every_foreign_key() -> None:
    diagram = render_er_diagram()
    for table in metadata.tables.values():
        for foreign_key in table.foreign_keys:
            parent = foreign_key.column.table.name
            assert (
                f"{parent} " in diagram and f'{table.name} : "{foreign_key.parent.name}"' in diagram
            )


def test_allowed_values_come_from_the_import_contract(seeded_db: Path, engine_for: Any) -> None:
    dictionary = render_data_dictionary(engine_for(seeded_db))
    assert "`disclosed`, `not_disclosed`, `unknown`" in dictionary  # agreements.financial_terms
    assert "`signatory`, `spokesperson`, `pictured`, `negotiator`, `contact`" in dictionary


def test_the_generator_check_mode_reports_a_stale_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("data-dictionary.md", "schema.mmd", "queries.md"):
        (tmp_path / name).write_text((DOCS / name).read_text(encoding="utf-8"), encoding="utf-8")
    assert docs_main(["--docs-dir", str(tmp_path), "--check"]) == 0
    (tmp_path / "schema.mmd").write_text("erDiagram\n", encoding="utf-8")
    assert docs_main(["--docs-dir", str(tmp_path), "--check"]) == 1
    assert "schema.mmd is stale; run: python -m collabdb.docs" in capsys.readouterr().err
    assert docs_main(["--docs-dir", str(tmp_path)]) == 0
    assert (tmp_path / "schema.mmd").read_text(encoding="utf-8") == render_er_diagram()


def test_queries_doc_has_at_least_ten_worked_questions() -> None:
    assert len(QUERIES) >= 10
    assert all(query.shown.count("\n") >= 3 for query in QUERIES), "a question without rows"


@pytest.mark.parametrize("number", range(1, len(QUERIES) + 1))
def test_each_worked_query_gives_the_table_shown(
    number: int, backend: str, request: pytest.FixtureRequest
) -> None:
    query = QUERIES[number - 1]
    url = request.getfixturevalue("bundled_sql_url" if query.data == "bundled" else "sql_url")
    result = run_read_only_query(target_from_text(url), sql=query.sql, parameters=query.parameters)
    assert markdown_table(result.columns, result.rows) == query.shown


def test_a_worked_query_runs_through_the_cli_too(cli: Cli, sql_url: str, tmp_path: Path) -> None:
    [query] = [q for q in QUERIES if q.parameters and q.data == "seed"]
    path = tmp_path / "q.sql"
    path.write_text(query.sql, encoding="utf-8")
    params = [
        arg for name, value in query.parameters.items() for arg in ("--param", f"{name}={value}")
    ]
    result = cli("--db", sql_url, "sql", "--file", str(path), *params, "-f", "json")
    assert result.exit_code == 0, result.stderr
    rows = result.json()
    assert markdown_table(list(rows[0]), rows) == query.shown
