"""Issue 21 on a real PostgreSQL server: a read-only role cannot hold imports back (item 7), a
password in the URL's query is never shown (item 3), and a role that may not read, or a server
that goes away, is one line and exit 3 (item 14)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from collabdb.db import POSTGRESQL_WRITE_LOCK_KEY, POSTGRESQL_WRITE_LOCK_TABLE
from collabdb.services.exporter import export_json
from tests.conftest import Result, write_json
from tests.postgres_server import PostgresServer
from tests.test_postgresql_roles import (
    CREATE_ANALYST,
    DATABASE,
    GRANTS,
    _run_as,
    _url,
    team_server,  # noqa: F401  (fixture)
)

Cli = Callable[..., Result]
LOCK = f"LOCK TABLE {POSTGRESQL_WRITE_LOCK_TABLE} IN SHARE ROW EXCLUSIVE MODE"


@pytest.fixture
def team(team_server: PostgresServer, cli: Cli) -> tuple[str, str]:  # noqa: F811
    """docs/postgresql.md's database, seeded by its owner, and its analyst role."""
    owner, analyst = _url(team_server, "collabdb_owner"), _url(team_server, "collabdb_analyst")
    assert cli("--db", owner, "db", "upgrade").exit_code == 0
    assert cli("--db", owner, "db", "seed").exit_code == 0
    _run_as(team_server, "postgres", "postgres", CREATE_ANALYST)
    _run_as(team_server, "collabdb_owner", DATABASE, GRANTS)
    return owner, analyst


@pytest.fixture
def deals(fictional_document: Any, tmp_path: Path) -> Path:
    """An import file of invented organizations and a deal."""
    return write_json(tmp_path / "f.json", fictional_document)


def _driver_url(url: str) -> str:
    return url.replace("+psycopg", "")


def test_the_analyst_cannot_take_the_writers_lock(team: tuple[str, str]) -> None:
    _, analyst = team
    with psycopg.connect(_driver_url(analyst)) as connection:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(LOCK)
        connection.rollback()
        connection.execute("SET default_transaction_read_only = off")
        connection.commit()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute(LOCK)


def test_only_a_writer_can_hold_imports_back(
    team: tuple[str, str],
    cli: Cli,
    deals: Path,
    engine_for: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    owner, analyst = team
    monkeypatch.setenv("COLLABDB_BUSY_TIMEOUT", "1")
    before = export_json(engine_for(owner))
    with psycopg.connect(_driver_url(owner)) as connection:
        connection.execute(LOCK)  # another writer
        waited = cli("--db", owner, "import", str(deals))
    assert (waited.exit_code, waited.stderr) == (
        3,
        "error: database busy: another process holds the write lock; try again later\n",
    )
    assert export_json(engine_for(owner)) == before
    with psycopg.connect(_driver_url(analyst)) as connection:
        # The old writers' lock, and the strongest table lock a SELECT-only role may hold.
        connection.execute(f"SELECT pg_advisory_lock({POSTGRESQL_WRITE_LOCK_KEY})")
        connection.execute(f"LOCK TABLE {POSTGRESQL_WRITE_LOCK_TABLE} IN ACCESS SHARE MODE")
        connection.execute("SELECT count(*) FROM agreements").fetchall()
        started = time.monotonic()
        imported = cli("--db", owner, "import", str(deals))
        elapsed = time.monotonic() - started
    assert (imported.exit_code, imported.stderr) == (0, "")
    assert imported.stdout.endswith("8 records inserted, 0 updated, 0 unchanged\n")
    assert elapsed < 1


def test_an_analyst_import_is_refused_in_one_line(
    team: tuple[str, str], cli: Cli, deals: Path, engine_for: Any
) -> None:
    owner, analyst = team
    before = export_json(engine_for(owner))
    writable = f"{analyst}?options=-c%20default_transaction_read_only%3Doff"
    reason = "permission denied for table alembic_version"
    for url in (analyst, writable):
        for command in (["import", str(deals)], ["db", "seed"]):
            result = cli("--db", url, *command)
            assert (result.exit_code, result.stdout, result.stderr) == (
                3,
                "",
                f"error: the database refused to write: {reason} (a read-only role or session?)\n",
            ), (url, command)
    assert export_json(engine_for(owner)) == before


def test_a_role_that_may_not_read_is_told_so_not_to_upgrade(
    team: tuple[str, str],
    team_server: PostgresServer,  # noqa: F811
    cli: Cli,
) -> None:
    _run_as(team_server, "postgres", "postgres", "CREATE ROLE collabdb_stranger LOGIN")
    try:
        stranger = _url(team_server, "collabdb_stranger")
        message = (
            f"error: cannot read database {stranger}: permission denied for table "
            "alembic_version; this role needs SELECT on collabdb's tables: ask the database's "
            "owner to grant it (docs/postgresql.md)\n"
        )
        for command in (["agreements"], ["db", "info"], ["db", "upgrade"], ["export"]):
            result = cli("--db", stranger, *command)
            assert (result.exit_code, result.stdout, result.stderr) == (3, "", message), command
    finally:
        team_server.drop_database(DATABASE)
        team_server.execute("DROP ROLE IF EXISTS collabdb_stranger")


def test_a_password_in_the_query_is_never_printed(cli: Cli, pg_url: str) -> None:
    url = f"{pg_url}?sslmode=disable&password=S3cret"
    info = cli("--db", url, "db", "info")
    assert info.exit_code == 0, info.stderr
    assert f"database: {pg_url}?sslmode=disable&password=***\n" in info.stdout
    assert "S3cret" not in info.stdout + info.stderr
    missing = url.replace("/test_", "/missing_")
    failed = cli("--db", missing, "agreements")
    assert failed.exit_code == 3
    assert "S3cret" not in failed.stderr
    assert failed.stderr.count("\n") == 1


def test_a_server_that_ends_the_session_mid_import_is_one_line_exit_3(
    pg_url: str, deals: Path, engine_for: Any
) -> None:
    """The import waits for the writers' lock; the server then ends its session (as a shutdown
    does): nothing is written, and the message says what happened."""
    before = export_json(engine_for(pg_url))
    admin = create_engine(pg_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with psycopg.connect(_driver_url(pg_url)) as holder:
        holder.execute(LOCK)
        command = [sys.executable, "-m", "collabdb", "--db", pg_url, "import", str(deals)]
        importing = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        waiting = "SELECT pid FROM pg_locks WHERE locktype = 'relation' AND NOT granted"
        with admin.connect() as connection:
            for _ in range(2000):
                pid = connection.scalar(text(waiting))
                if pid is not None:
                    break
                time.sleep(0.01)
            assert pid is not None, "the import never waited for the lock"
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        stdout, stderr = importing.communicate(timeout=60)
    admin.dispose()
    assert (importing.returncode, stdout) == (3, b"")
    assert stderr.decode() == (
        f"error: lost the connection to database {pg_url} (terminating connection due to "
        "administrator command); nothing was written; check that the server is running and "
        "try again\n"
    )
    assert export_json(engine_for(pg_url)) == before
