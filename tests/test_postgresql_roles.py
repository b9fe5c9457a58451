"""docs/postgresql.md stays true: its SQL sets up an owner and a read-only analyst role on a
real server, collabdb works as each, and the analyst cannot write by any route."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from collabdb.services.exporter import export_json
from tests.bundled import partner_agreement_slugs
from tests.conftest import REPO_ROOT, Result, write_json
from tests.postgres_server import SERVER_USER, PostgresServer

Cli = Callable[..., Result]
DOC = (REPO_ROOT / "docs" / "postgresql.md").read_text(encoding="utf-8")
CREATE_OWNER, CREATE_ANALYST, GRANTS = re.findall(r"```sql\n(.*?)```", DOC, flags=re.DOTALL)
DATABASE = "collabdb_team"


def _statements(block: str) -> list[str]:
    return [line.rstrip(";") for line in block.splitlines() if line.strip()]


def _run_as(server: PostgresServer, user: str, database: str, block: str) -> None:
    url = server.url(database).replace(f"//{SERVER_USER}@", f"//{user}@")
    engine = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for statement in _statements(block):
            connection.execute(text(statement))
    engine.dispose()


def _url(server: PostgresServer, user: str) -> str:
    return server.url(DATABASE).replace(f"//{SERVER_USER}@", f"//{user}@")


@pytest.fixture
def team_server(postgres_server: PostgresServer) -> Iterator[PostgresServer]:
    _run_as(postgres_server, SERVER_USER, "postgres", CREATE_OWNER)
    yield postgres_server
    postgres_server.drop_database(DATABASE)
    for role in ("collabdb_analyst", "collabdb_owner"):
        postgres_server.execute(f"DROP ROLE IF EXISTS {role}")


def test_the_documented_roles_work(
    team_server: PostgresServer,
    cli: Cli,
    fictional_document: Any,
    tmp_path: Path,
    engine_for: Any,
) -> None:
    owner, analyst = _url(team_server, "collabdb_owner"), _url(team_server, "collabdb_analyst")
    assert cli("--db", owner, "db", "upgrade").exit_code == 0
    assert cli("--db", owner, "db", "seed").exit_code == 0
    _run_as(team_server, SERVER_USER, "postgres", CREATE_ANALYST)
    _run_as(team_server, "collabdb_owner", DATABASE, GRANTS)
    before = export_json(engine_for(owner))

    # The analyst reads through every read command.
    listed = cli("--db", analyst, "agreements", "-p", "AZ", "-f", "json").json()
    assert {a["slug"] for a in listed} == partner_agreement_slugs("astrazeneca")
    counted = cli(
        "--db", analyst, "sql", "SELECT count(*) AS n FROM view_fact_sources", "-f", "json"
    )
    with engine_for(owner).connect() as connection:  # every citation of the bundled data
        expected = connection.execute(text("SELECT count(*) FROM view_fact_sources")).scalar()
    assert counted.json() == [{"n": expected}]
    assert cli("--db", analyst, "export").stdout == before

    # ...and cannot write through collabdb...
    path = write_json(tmp_path / "f.json", fictional_document)
    imported = cli("--db", analyst, "import", str(path))
    assert (imported.exit_code, imported.stderr) == (
        3,
        "error: the database refused to write: permission denied for table alembic_version "
        "(a read-only role or session?)\n",
    )
    # ...nor with the session's read-only default turned off, as any client could.
    with psycopg.connect(analyst.replace("+psycopg", ""), autocommit=True) as connection:
        connection.execute("SET default_transaction_read_only = off")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("DELETE FROM citations")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("CREATE TABLE notes (body text)")
    assert export_json(engine_for(owner)) == before

    # What the owner creates later (a new migration's view) is readable by default.
    _run_as(team_server, "collabdb_owner", DATABASE, "CREATE VIEW later_view AS SELECT 1 AS one")
    later = cli("--db", analyst, "sql", "SELECT one FROM later_view", "-f", "json")
    assert later.json() == [{"one": 1}]
