"""`collabdb sql` on PostgreSQL cannot touch the server: a role that could run server programs
or read and write server files is refused before the statement runs, COPY is refused in one
line, and a server that goes away under the statement is one line and exit 3."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from tests.conftest import Result
from tests.postgres_server import SERVER_USER, PostgresServer
from tests.sql_reader import READER

Cli = Callable[..., Result]
HINT = 'connect as a read-only role ("A read-only role for analysts", docs/postgresql.md)'


def _refused(role: str, powers: str) -> str:
    return (
        f"error: collabdb sql does not run as role {role}: it may run programs or read and "
        f"write files on the server ({powers}); {HINT}\n"
    )


@pytest.fixture
def server_writable_dir() -> Iterator[Path]:
    """A directory the server's own user could write (so a refusal is not vacuous)."""
    directory = Path(tempfile.mkdtemp(prefix="collabdb-copy-"))
    directory.chmod(0o777)
    yield directory
    for child in directory.iterdir():
        child.unlink()
    directory.rmdir()


@pytest.mark.parametrize(
    "statement",
    [
        "COPY (SELECT 1) TO PROGRAM 'id > {path}'",
        "COPY agreements TO '{path}'",
        "SELECT pg_read_file('/etc/hostname')",
        "SELECT 1",
    ],
)
def test_a_superuser_is_refused_and_nothing_runs(
    statement: str, cli: Cli, pg_url: str, server_writable_dir: Path
) -> None:
    target = server_writable_dir / "out"
    result = cli("--db", pg_url, "sql", statement.format(path=target))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == _refused(SERVER_USER, "superuser")
    assert not target.exists()


@pytest.mark.parametrize(
    ("grant", "powers"),
    [
        ("GRANT pg_read_server_files TO {role}", "member of pg_read_server_files"),
        (
            "GRANT pg_execute_server_program, pg_write_server_files TO {role}",
            "member of pg_execute_server_program, member of pg_write_server_files",
        ),
        ("GRANT EXECUTE ON FUNCTION pg_read_file(text) TO {role}", "may execute pg_read_file"),
    ],
)
def test_a_role_with_server_powers_is_refused(
    grant: str, powers: str, cli: Cli, pg_reader_url: str, postgres_server: PostgresServer
) -> None:
    role = "collabdb_sql_powerful"
    database = pg_reader_url.rsplit("/", 1)[1]
    postgres_server.execute(f"CREATE ROLE {role} LOGIN")
    try:
        with psycopg.connect(postgres_server.url(database).replace("+psycopg", "")) as admin:
            admin.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
            admin.execute(grant.format(role=role))
        url = pg_reader_url.replace(f"//{READER}@", f"//{role}@")
        result = cli("--db", url, "sql", "SELECT pg_read_file('/etc/hostname')")
        assert result.stderr == _refused(role, powers)
        assert result.exit_code == 2
    finally:
        with psycopg.connect(postgres_server.url(database).replace("+psycopg", "")) as admin:
            admin.execute(f"DROP OWNED BY {role}")
        postgres_server.execute(f"DROP ROLE {role}")


def test_the_documented_analyst_role_may_read(cli: Cli, pg_reader_url: str) -> None:
    result = cli("--db", pg_reader_url, "sql", "SELECT count(*) AS n FROM agreements", "-f", "json")
    assert (result.exit_code, result.json()) == (0, [{"n": 3}])


@pytest.mark.parametrize(
    "statement", ["COPY (SELECT 1) TO STDOUT", "COPY agreements TO STDOUT WITH (FORMAT csv)"]
)
def test_copy_is_refused_in_one_line(statement: str, cli: Cli, pg_reader_url: str) -> None:
    result = cli("--db", pg_reader_url, "sql", statement)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2,
        "",
        "error: collabdb sql does not run COPY; write the SELECT alone and use --format csv\n",
    )


def test_the_server_going_away_is_one_line_and_exit_3(
    cli: Cli, pg_reader_url: str, postgres_server: PostgresServer
) -> None:
    """The server ends the session under the statement (as a fast shutdown does)."""

    def terminate() -> None:
        with psycopg.connect(postgres_server.url().replace("+psycopg", ""), autocommit=True) as c:
            for _ in range(400):
                ended = c.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE usename = %s AND query LIKE 'SELECT pg_sleep%%' AND state = 'active'",
                    [READER],
                ).fetchall()
                if ended:
                    return
                time.sleep(0.05)

    killer = threading.Thread(target=terminate)
    killer.start()
    result = cli("--db", pg_reader_url, "sql", "SELECT pg_sleep(60)", "--timeout", "0")
    killer.join()
    assert result.exit_code == 3
    assert result.stderr == (
        f"error: lost the connection to database {pg_reader_url} (terminating connection due "
        "to administrator command); nothing was written; check that the server is running and "
        "try again\n"
    )


def test_settings_changed_by_the_statement_do_not_outlive_it(cli: Cli, pg_reader_url: str) -> None:
    """Neither the time limit nor read-only can be lifted from inside the statement."""
    lifted = cli(
        "--db",
        pg_reader_url,
        "sql",
        "SELECT set_config('statement_timeout', '0', false), pg_sleep(30)",
        "--timeout",
        "1",
    )
    assert (lifted.exit_code, lifted.stderr) == (1, "error: query cancelled after 1 s\n")
    assert os.environ.get("PGOPTIONS") is None  # the session's settings came from collabdb
