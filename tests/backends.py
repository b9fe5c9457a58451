"""Fixtures that run a test on both backends: ``db_url`` (migrated and seeded) and
``empty_db_url`` (migrated, no rows) are an SQLite file path for ``sqlite`` and a fresh
database URL on the session's PostgreSQL server for ``postgresql``. Both are what ``--db``
and :func:`collabdb.config.target_from_text` accept."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.postgres_server import EMPTY_TEMPLATE, SEEDED_TEMPLATE, PostgresServer, start_server

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    yield from start_server()


def _postgres_database(server: PostgresServer, template: str) -> Iterator[str]:
    name = server.fresh_database(template)
    yield server.url(name)
    server.drop_database(name)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated and seeded database on each backend."""
    if backend == "sqlite":
        yield str(request.getfixturevalue("seeded_db"))
    else:
        yield from _postgres_database(request.getfixturevalue("postgres_server"), SEEDED_TEMPLATE)


@pytest.fixture
def empty_db_url(backend: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated database with no rows on each backend."""
    if backend == "sqlite":
        yield str(request.getfixturevalue("empty_db"))
    else:
        yield from _postgres_database(request.getfixturevalue("postgres_server"), EMPTY_TEMPLATE)


@pytest.fixture
def pg_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A migrated and seeded PostgreSQL database (for tests that cross backends)."""
    yield from _postgres_database(postgres_server, SEEDED_TEMPLATE)


@pytest.fixture
def pg_empty_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A migrated PostgreSQL database with no rows."""
    yield from _postgres_database(postgres_server, EMPTY_TEMPLATE)


@pytest.fixture
def pg_blank_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A PostgreSQL database with no schema at all (as a team's new server would have)."""
    yield from _postgres_database(postgres_server, "template0")
