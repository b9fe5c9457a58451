"""Fixtures for `collabdb sql` tests: ``sql_url`` is ``db_url`` as `sql` may use it. On
PostgreSQL `sql` refuses a superuser (the test server's own role), so there it is the seeded
database reached through a read-only analyst role, made with the SQL of docs/postgresql.md."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.postgres_server import SERVER_USER, PostgresServer

READER = "collabdb_sql_reader"
_DOC = (Path(__file__).resolve().parents[1] / "docs" / "postgresql.md").read_text(encoding="utf-8")
_, CREATE_ANALYST, GRANTS = re.findall(r"```sql\n(.*?)```", _DOC, flags=re.DOTALL)


def run_block(server: PostgresServer, database: str, block: str) -> None:
    """The statements of a docs/postgresql.md block, as the server's superuser, with the
    analyst role named READER and the team database ``database``."""
    block = block.replace("collabdb_analyst", READER).replace("collabdb_team", database)
    engine = create_engine(server.url(database), poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        for line in block.splitlines():
            if line.strip():
                connection.execute(text(line.rstrip(";")))
    engine.dispose()


def as_reader(url: str) -> str:
    return url.replace(f"//{SERVER_USER}@", f"//{READER}@")


@pytest.fixture(scope="session")
def reader_role(postgres_server: PostgresServer) -> PostgresServer:
    run_block(postgres_server, "postgres", CREATE_ANALYST)
    return postgres_server


@pytest.fixture
def pg_reader_url(pg_url: str, request: pytest.FixtureRequest) -> str:
    """The seeded PostgreSQL database of ``pg_url``, through the read-only analyst role."""
    server: PostgresServer = request.getfixturevalue("reader_role")
    run_block(server, pg_url.rsplit("/", 1)[1], GRANTS)
    return as_reader(pg_url)


@pytest.fixture
def sql_url(backend: str, db_url: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """``db_url`` for `collabdb sql`: on PostgreSQL through the read-only analyst role."""
    if backend == "postgresql":
        server: PostgresServer = request.getfixturevalue("reader_role")
        run_block(server, db_url.rsplit("/", 1)[1], GRANTS)
        yield as_reader(db_url)
    else:
        yield db_url
