"""`collabdb sql`: read-only SQL with bound parameters, on SQLite and PostgreSQL (there as a
read-only analyst role: `sql` refuses a superuser, see test_sql_server_powers.py).

Every refused statement is checked twice: the exact one-line error and exit code 2, then that
nothing changed (the whole export, the list of tables and views, and on SQLite the bytes of
the database file).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select

from collabdb.models import Citation, Source
from collabdb.services.exporter import export_json
from tests.bundled import agreement_slugs
from tests.conftest import Result

Cli = Callable[..., Result]

READ_ONLY = "error: collabdb sql is read-only; the database refused the query: "
ONE_STATEMENT = "error: only one SQL statement per call; the database refused the query: "
REFUSED = "error: the database refused the query: "

PETROV = "astrazeneca-petrov-institute-cancer-genetics-2013"


def _state(db: str, engine_for: Any) -> tuple[Any, ...]:
    """Everything a refused statement must leave as it was."""
    engine = engine_for(db)
    inspector = inspect(engine)
    state: tuple[Any, ...] = (
        export_json(engine),
        sorted(inspector.get_table_names()),
        sorted(inspector.get_view_names()),
    )
    engine.dispose()
    if not db.startswith("postgresql"):
        state += (hashlib.sha256(Path(db).read_bytes()).hexdigest(),)
    return state


def test_a_view_as_a_table(cli: Cli, sql_url: str) -> None:
    result = cli(
        "--db",
        sql_url,
        "sql",
        "SELECT party_slug, party_role FROM view_agreement_parties "
        "WHERE agreement_slug = :agreement ORDER BY party_slug",
        "--param",
        f"agreement={PETROV}",
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "party_slug                                 party_role\n"
        "-----------------------------------------  ----------------\n"
        "astrazeneca                                pharma_partner\n"
        "astrazeneca-oncology-innovative-medicines  participant\n"
        "nn-petrov-institute-of-oncology            research_partner\n"
    )


def test_json_keeps_numbers_nulls_and_exact_decimals(cli: Cli, sql_url: str) -> None:
    result = cli(
        "--db",
        sql_url,
        "sql",
        "SELECT figure_slug, amount, currency, percentage, source_paragraph, citation_count "
        "FROM view_financial_figures WHERE figure_slug LIKE :prefix ORDER BY figure_slug",
        "--param",
        "prefix=astrazeneca-emerging-markets-%",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    assert result.json() == [
        {
            "figure_slug": "astrazeneca-emerging-markets-revenue-2012-q4",
            "amount": "1488000000",
            "currency": "USD",
            "percentage": None,
            "source_paragraph": 9,
            "citation_count": 2,
        },
        {
            "figure_slug": "astrazeneca-emerging-markets-revenue-growth-2012-q4",
            "amount": None,
            "currency": None,
            "percentage": "6",
            "source_paragraph": 9,
            "citation_count": 1,
        },
    ]


def test_csv_has_a_header_even_without_rows(cli: Cli, sql_url: str) -> None:
    result = cli(
        "--db", sql_url, "sql", "SELECT slug, name FROM organizations WHERE 1 = 0", "-f", "csv"
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "slug,name\r\n"


def test_csv_rows_parse_back(cli: Cli, sql_url: str) -> None:
    result = cli(
        "--db",
        sql_url,
        "sql",
        "SELECT person_name, position_title FROM view_person_positions ORDER BY person_slug",
        "--format",
        "csv",
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert rows[0] == {"person_name": "Ajay Gautam", "position_title": "Executive Director"}
    assert len(rows) == 5


def test_no_rows_in_a_table_says_so_on_stderr(cli: Cli, sql_url: str) -> None:
    result = cli("--db", sql_url, "sql", "SELECT slug FROM agreements WHERE slug = 'none'")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "no rows\n")


def test_repeated_column_names_stay_apart(cli: Cli, sql_url: str) -> None:
    result = cli("--db", sql_url, "sql", "SELECT 1 AS n, 2 AS n, 'x' AS n", "-f", "json")
    assert result.json() == [{"n": 1, "n_2": 2, "n_3": "x"}]


def test_statement_from_a_file_and_from_stdin(cli: Cli, sql_url: str, tmp_path: Path) -> None:
    query = tmp_path / "query.sql"
    query.write_text(
        "-- agreements with undisclosed terms\n"
        "SELECT slug FROM agreements\nWHERE financial_terms = :terms;\n",
        encoding="utf-8",
    )
    from_file = cli(
        "--db", sql_url, "sql", "--file", str(query), "--param", "terms=not_disclosed", "-f", "csv"
    )
    assert from_file.exit_code == 0, from_file.stderr
    assert from_file.stdout == f"slug\r\n{PETROV}\r\n"
    from_stdin = cli(
        "--db",
        sql_url,
        "sql",
        "--file",
        "-",
        "--param",
        "terms=not_disclosed",
        "-f",
        "csv",
        stdin=query.read_bytes(),
    )
    assert from_stdin.stdout == from_file.stdout


def test_parameters_are_bound_not_spliced(cli: Cli, sql_url: str, engine_for: Any) -> None:
    before = _state(sql_url, engine_for)
    hostile = "x'; DROP TABLE citations; --"
    result = cli(
        "--db", sql_url, "sql", "SELECT :value AS v", "--param", f"value={hostile}", "-f", "json"
    )
    assert result.json() == [{"v": hostile}]
    assert _state(sql_url, engine_for) == before


def test_a_text_parameter_cast_to_a_number(cli: Cli, sql_url: str, engine_for: Any) -> None:
    source = "gen-2013-02-12-astrazeneca-petrov-institute"
    result = cli(
        "--db",
        sql_url,
        "sql",
        "SELECT count(*) AS links FROM view_fact_sources "
        "WHERE source_slug = :source AND paragraph = CAST(:paragraph AS INTEGER)",
        "--param",
        f"source={source}",
        "--param",
        "paragraph=4",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    # The same count through the models: the view has one row per citation.
    with engine_for(sql_url).connect() as connection:
        expected = connection.scalar(
            select(func.count())
            .select_from(Citation)
            .join(Source)
            .where(Source.slug == source, Citation.paragraph == 4)
        )
    assert expected > 1
    assert result.json() == [{"links": expected}]


def test_parameters_must_match_the_statement(cli: Cli, sql_url: str) -> None:
    result = cli("--db", sql_url, "sql", "SELECT :a, :b", "--param", "a=1", "--param", "c=3")
    assert result.exit_code == 2
    assert result.stderr == (
        ":b has no value; give it with --param b=VALUE\n"
        "--param c is not used: the query has no :c\n"
        "error: the query's parameters do not match; nothing was run\n"
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["SELECT 1", "--param", "novalue"],
            "--param 'novalue': expected NAME=VALUE, NAME a word like 'year'\n"
            "error: invalid --param; nothing was run\n",
        ),
        (
            ["SELECT :a", "--param", "a=1", "--param", "a=2"],
            "--param a: given more than once\nerror: invalid --param; nothing was run\n",
        ),
        (
            ["SELECT 1", "--file", "query.sql"],
            "error: give the statement as an argument or with --file, not both\n",
        ),
        ([], "error: no statement: give it as an argument or with --file FILE\n"),
        (["  \n"], "error: the query is empty\n"),
        (
            ["--file", "/nonexistent/query.sql"],
            "error: cannot read /nonexistent/query.sql: No such file or directory\n",
        ),
    ],
)
def test_usage_errors(args: list[str], expected: str, cli: Cli, seeded_db: Path) -> None:
    result = cli("--db", str(seeded_db), "sql", *args)
    assert (result.exit_code, result.stderr) == (2, expected)


# Statement -> the database's own words for refusing it, per backend.
REFUSALS: dict[str, dict[str, str]] = {
    "DELETE FROM citations": {
        "sqlite": READ_ONLY + "not authorized",
        "postgresql": READ_ONLY + "cannot execute DELETE in a read-only transaction",
    },
    "UPDATE organizations SET name = 'Renamed'": {
        "sqlite": READ_ONLY + "not authorized",
        "postgresql": READ_ONLY + "cannot execute UPDATE in a read-only transaction",
    },
    "INSERT INTO research_areas (slug, name, name_key) VALUES ('x', 'X', 'x')": {
        "sqlite": READ_ONLY + "not authorized",
        "postgresql": READ_ONLY + "cannot execute INSERT in a read-only transaction",
    },
    "DROP TABLE citations": {
        "sqlite": READ_ONLY + "not authorized",
        "postgresql": READ_ONLY + "cannot execute DROP TABLE in a read-only transaction",
    },
    "DROP VIEW view_fact_sources": {
        "sqlite": READ_ONLY + "not authorized",
        "postgresql": READ_ONLY + "cannot execute DROP VIEW in a read-only transaction",
    },
    "CREATE TABLE notes (body TEXT)": {
        "sqlite": READ_ONLY + "not authorized",
        "postgresql": READ_ONLY + "cannot execute CREATE TABLE in a read-only transaction",
    },
    "CREATE TEMP TABLE notes (body TEXT)": {
        "sqlite": READ_ONLY + "not authorized",
        "postgresql": READ_ONLY + "cannot execute CREATE TABLE in a read-only transaction",
    },
    "SELECT 1; DROP TABLE citations": {
        "sqlite": ONE_STATEMENT + "You can only execute one statement at a time.",
        "postgresql": ONE_STATEMENT + "cannot insert multiple commands into a prepared statement",
    },
    "SELECT 1; COMMIT; DROP TABLE citations": {
        "sqlite": ONE_STATEMENT + "You can only execute one statement at a time.",
        "postgresql": ONE_STATEMENT + "cannot insert multiple commands into a prepared statement",
    },
    "COMMIT; DELETE FROM citations": {
        # SQLite refuses the COMMIT before it looks further.
        "sqlite": READ_ONLY + "not authorized",
        "postgresql": ONE_STATEMENT + "cannot insert multiple commands into a prepared statement",
    },
    "SELEC 1": {
        "sqlite": REFUSED + 'near "SELEC": syntax error',
        "postgresql": REFUSED + 'syntax error at or near "SELEC"',
    },
    "SELECT * FROM no_such_table": {
        "sqlite": REFUSED + "no such table: no_such_table",
        "postgresql": REFUSED + 'relation "no_such_table" does not exist',
    },
}


@pytest.mark.parametrize("statement", list(REFUSALS))
def test_writes_ddl_and_second_statements_are_refused_and_change_nothing(
    statement: str, backend: str, cli: Cli, sql_url: str, engine_for: Any
) -> None:
    before = _state(sql_url, engine_for)
    result = cli("--db", sql_url, "sql", statement)
    assert result.exit_code == 2
    assert result.stderr == REFUSALS[statement][backend] + "\n"
    assert result.stdout == ""
    assert _state(sql_url, engine_for) == before


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("PRAGMA query_only = OFF", READ_ONLY + "not authorized"),
        ("PRAGMA journal_mode = DELETE", READ_ONLY + "not authorized"),
        ("PRAGMA user_version = 7", READ_ONLY + "not authorized"),
        ("PRAGMA foreign_keys = OFF", READ_ONLY + "not authorized"),
        ("PRAGMA wal_checkpoint(TRUNCATE)", READ_ONLY + "not authorized"),
        ("VACUUM", READ_ONLY + "authorization denied"),
        ("ANALYZE", READ_ONLY + "not authorized"),
        ("BEGIN IMMEDIATE", READ_ONLY + "not authorized"),
        ("SELECT load_extension('anything')", READ_ONLY + "not authorized"),
        (
            "UPDATE sqlite_master SET sql = NULL",
            REFUSED + "table sqlite_master may not be modified",
        ),
    ],
)
def test_sqlite_pragma_changes_and_maintenance_are_refused(
    statement: str, expected: str, cli: Cli, seeded_db: Path, engine_for: Any
) -> None:
    before = _state(str(seeded_db), engine_for)
    result = cli("--db", str(seeded_db), "sql", statement)
    assert (result.exit_code, result.stderr) == (2, expected + "\n")
    assert _state(str(seeded_db), engine_for) == before


@pytest.mark.parametrize(
    "statement",
    ["ATTACH DATABASE '{path}' AS other", "VACUUM INTO '{path}'"],
)
def test_sqlite_cannot_create_or_attach_another_file(
    statement: str, cli: Cli, seeded_db: Path, tmp_path: Path, engine_for: Any
) -> None:
    before = _state(str(seeded_db), engine_for)
    other = tmp_path / "other.sqlite3"
    result = cli("--db", str(seeded_db), "sql", statement.format(path=other))
    assert result.exit_code == 2
    assert result.stderr.startswith(READ_ONLY)
    assert not other.exists()
    assert _state(str(seeded_db), engine_for) == before


def test_sqlite_reporting_pragmas_still_work(cli: Cli, seeded_db: Path) -> None:
    table_info = cli("--db", str(seeded_db), "sql", "PRAGMA table_info(agreements)", "-f", "json")
    assert table_info.exit_code == 0, table_info.stderr
    assert [c["name"] for c in table_info.json()][:3] == ["id", "slug", "agreement_type"]
    function = cli(
        "--db",
        str(seeded_db),
        "sql",
        "SELECT name FROM pragma_table_info('sources') WHERE pk = 1",
        "-f",
        "json",
    )
    assert function.json() == [{"name": "id"}]


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            "SELECT nextval('citations_id_seq')",
            REFUSED + "permission denied for sequence citations_id_seq",
        ),
        (
            "CREATE INDEX ix_extra ON sources (title)",
            READ_ONLY + "cannot execute CREATE INDEX in a read-only transaction",
        ),
        (
            "DO $$ BEGIN DELETE FROM citations; END $$",
            READ_ONLY + "cannot execute DELETE in a read-only transaction",
        ),
        (
            "SET default_transaction_read_only = off; DELETE FROM citations",
            ONE_STATEMENT + "cannot insert multiple commands into a prepared statement",
        ),
    ],
)
def test_postgresql_refuses_writes(
    statement: str, expected: str, cli: Cli, pg_reader_url: str, engine_for: Any
) -> None:
    before = _state(pg_reader_url, engine_for)
    result = cli("--db", pg_reader_url, "sql", statement)
    assert (result.exit_code, result.stderr) == (2, expected + "\n")
    assert _state(pg_reader_url, engine_for) == before


def test_changing_the_session_is_harmless(cli: Cli, pg_reader_url: str, engine_for: Any) -> None:
    """A lone SET is allowed, but it lives and dies with its own read-only call."""
    before = _state(pg_reader_url, engine_for)
    assert (
        cli("--db", pg_reader_url, "sql", "SET default_transaction_read_only = off").exit_code == 0
    )
    result = cli("--db", pg_reader_url, "sql", "DELETE FROM citations")
    assert result.exit_code == 2
    assert _state(pg_reader_url, engine_for) == before


def test_collabsql_url_selects_postgresql(
    cli: Cli, pg_reader_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLABDB_URL", pg_reader_url)
    result = cli("sql", "SELECT count(*) AS agreements FROM agreements", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json() == [{"agreements": 3}]


def test_a_database_without_the_schema_exits_3(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "missing.sqlite3"
    result = cli("--db", str(path), "sql", "SELECT 1")
    assert result.exit_code == 3
    assert result.stderr == (
        f"error: database file {path} does not exist; create it with: "
        f"collabdb --db {path} db upgrade\n"
    )


def test_the_default_database_builds_itself_on_first_use(cli: Cli, default_db_path: Path) -> None:
    result = cli("sql", "SELECT count(*) AS agreements FROM agreements", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert result.json() == [{"agreements": len(agreement_slugs())}]  # the seed's and the deals'
    assert default_db_path.exists()


def test_an_in_memory_database_is_refused(cli: Cli) -> None:
    result = cli("--db", "sqlite://", "sql", "SELECT 1")
    assert result.exit_code != 0
    assert result.stderr.startswith("error: ")
    assert len(result.stderr.splitlines()) == 1
