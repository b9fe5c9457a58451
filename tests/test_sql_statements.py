"""What `collabdb sql` takes as the statement: a NUL byte is refused, a byte-order mark is not
part of it, ``:name`` is a parameter only outside literals, quoted names and comments; and a
read changes nothing in the file, not even its journal mode. On SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result

Cli = Callable[..., Result]


def test_a_nul_byte_is_refused(cli: Cli, sql_url: str, tmp_path: Path) -> None:
    query = tmp_path / "nul.sql"
    query.write_bytes(b"SELECT 1\x00 AS x")
    result = cli("--db", sql_url, "sql", "--file", str(query))
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "error: the query contains a NUL character; nothing was run\n",
    )


def test_a_byte_order_mark_is_not_part_of_the_statement(
    cli: Cli, sql_url: str, tmp_path: Path
) -> None:
    query = tmp_path / "bom.sql"
    query.write_bytes("\ufeffSELECT 1 AS one".encode())
    from_file = cli("--db", sql_url, "sql", "--file", str(query), "-f", "json")
    assert (from_file.exit_code, from_file.stderr) == (0, "")
    assert from_file.json() == [{"one": 1}]
    from_stdin = cli("--db", sql_url, "sql", "--file", "-", "-f", "json", stdin=query.read_bytes())
    assert from_stdin.json() == [{"one": 1}]


def test_a_name_in_a_literal_or_a_comment_is_not_a_parameter(cli: Cli, sql_url: str) -> None:
    result = cli(
        "--db",
        sql_url,
        "sql",
        "SELECT ':a' AS quoted, 'it''s :b' AS doubled, :c AS given, \"n:d\" /* :e */ -- :f\n"
        'FROM (SELECT 1 AS "n:d") AS t',
        "--param",
        "c=x",
        "-f",
        "json",
    )
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.json() == [{"quoted": ":a", "doubled": "it's :b", "given": "x", "n:d": 1}]


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("SELECT $$ :a $$ AS d, $t$:b$t$ AS e", {"d": " :a ", "e": ":b"}),
        ("SELECT E'\\' :a' AS s, '5' :: int % 3 AS m", {"s": "' :a", "m": 2}),
        ("SELECT /* nested /* :a */ :b */ 1 AS one", {"one": 1}),
    ],
)
def test_postgresql_quoting_hides_names_too(
    statement: str, expected: dict[str, object], cli: Cli, pg_reader_url: str
) -> None:
    result = cli("--db", pg_reader_url, "sql", statement, "-f", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.json() == [expected]


def test_a_read_does_not_switch_the_journal_to_wal(cli: Cli, seeded_db: Path) -> None:
    with sqlite3.connect(seeded_db) as connection:
        assert connection.execute("PRAGMA journal_mode = DELETE").fetchone() == ("delete",)
    connection.close()
    before = hashlib.md5(seeded_db.read_bytes()).hexdigest()
    result = cli("--db", str(seeded_db), "sql", "SELECT 1 AS one", "-f", "json")
    assert (result.exit_code, result.json()) == (0, [{"one": 1}])
    assert hashlib.md5(seeded_db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in seeded_db.parent.iterdir()) == [seeded_db.name]
