"""Read statements compiled once and sent with ``exec_driver_sql`` (``repositories/compiled_once.py``)
return what ``Connection.execute`` returns, on both backends, still fire the connection's events
and raise SQLAlchemy's errors; statements that need SQLAlchemy on each run still get it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import bindparam, event, exc, literal_column, select, table, text

from collabdb import tables as t
from collabdb.config import target_from_text
from collabdb.db import make_engine
from collabdb.repositories.agreement_filter import AgreementFilter
from collabdb.repositories.agreements import _matching
from collabdb.repositories.compiled_once import _compile_once, run_compiled
from collabdb.repositories.names import _exact_statement, _names_statement
from collabdb.services.resolver import resolve
from collabdb.text import match_key
from collabdb.unit_of_work import UnitOfWork
from collabdb.values import day_bounds
from tests.backends import db_url  # noqa: F401 (fixture)


@pytest.fixture
def engine(db_url: str) -> Any:  # noqa: F811
    engine = make_engine(target_from_text(db_url))
    yield engine
    engine.dispose()


def listing_statements(connection: Any) -> list[tuple[Any, dict[str, Any]]]:
    """The listing statement of a spread of filters on the seed, with their values."""
    postgresql = connection.dialect.name == "postgresql"
    partner = resolve(connection, "organizations", "AstraZeneca").id
    skolkovo = resolve(connection, "organizations", "Сколково").id
    area = connection.scalars(select(t.research_areas.c.id).order_by(t.research_areas.c.id)).first()
    filters = [
        AgreementFilter(),
        AgreementFilter(partner_ids=[partner]),
        AgreementFilter(partner_ids=[partner, skolkovo]),
        AgreementFilter(area_id=area),
        AgreementFilter(types=["strategic_partnership", "licensing"]),
        AgreementFilter(country="RU"),
        AgreementFilter(since=day_bounds("2013")[0], until=day_bounds("2014-Q2")[1]),
    ]
    return [
        _matching(where, limit=limit, postgresql=postgresql)
        for where in filters
        for limit in (None, 1, 50)
    ]


def name_statements(sha: str = "") -> list[tuple[Any, dict[str, Any]]]:
    """Name lookups (``sha``: the start of a source's sha256) with their values."""
    statements = []
    for kind, name in [
        ("organizations", "AZ"),
        ("organizations", "Сколково"),
        ("people", "Кирилл Каем"),
    ]:
        values = {"slug": name.lower(), "key": match_key(name), "sha": name}
        statements.append((_exact_statement(kind, by_key=True, by_sha=False), values))
    if sha:
        sources = {"slug": sha, "key": "", "sha": sha}
        statements.append((_exact_statement("sources", by_key=False, by_sha=True), sources))
    names = {"slugs_0": ["astrazeneca", "skolkovo-foundation", "no-such-slug"]}
    statements.append((_names_statement(("organizations",)), names))
    return statements


def test_a_statement_compiled_once_returns_what_execute_returns(engine: Any) -> None:
    with UnitOfWork(engine) as uow:
        connection = uow.connection
        sha = connection.scalars(select(t.sources.c.sha256).where(t.sources.c.sha256 != "")).first()
        statements = [*listing_statements(connection), *name_statements(sha[:10])]
        empty = 0
        for statement, values in statements:
            assert _compile_once(statement, connection.dialect) is not None, statement
            expected = [tuple(row) for row in connection.execute(statement, values)]
            assert [tuple(row) for row in run_compiled(connection, statement, values)] == expected
            empty += not expected
        assert not empty  # rows of the seed, not empty pages


def test_statements_that_need_sqlalchemy_on_each_run_run_through_execute(engine: Any) -> None:
    expanding = select(t.organizations.c.name).where(
        t.organizations.c.slug.in_(bindparam("slugs", expanding=True))
    )
    # Exact decimals are converted on the way out (ExactDecimal's result processor).
    converted = select(t.financial_figures.c.slug, t.financial_figures.c.amount).order_by(
        t.financial_figures.c.slug
    )
    literal = (
        select(t.organizations.c.slug)
        .order_by(t.organizations.c.slug)
        .limit(bindparam("n", 3, literal_execute=True))
    )
    computed = select(t.organizations.c.slug).where(
        t.organizations.c.slug == bindparam("slug", callable_=lambda: "astrazeneca")
    )
    cases = [(expanding, {"slugs": ["astrazeneca", "skolkovo-foundation"]}), (converted, {})]
    cases += [(literal, {}), (computed, {})]
    with UnitOfWork(engine) as uow:
        for statement, values in cases:
            assert _compile_once(statement, uow.connection.dialect) is None, statement
            expected = uow.connection.execute(statement, values).all()
            assert expected and run_compiled(uow.connection, statement, values).all() == expected
        # Canonical text on both backends (psycopg gives PostgreSQL's NUMERIC as a Decimal).
        amounts = [
            amount for _, amount in run_compiled(uow.connection, converted) if amount is not None
        ]
        assert amounts and all(isinstance(amount, str) for amount in amounts), amounts


def test_a_statement_compiled_once_fires_events_and_raises_sqlalchemys_errors(engine: Any) -> None:
    statement, values = name_statements()[0]
    sent: list[str] = []

    def capture(_c: Any, _cursor: Any, sql: str, *_: Any) -> None:
        sent.append(sql)

    event.listen(engine, "before_cursor_execute", capture)
    with UnitOfWork(engine) as uow:
        assert [row.slug for row in run_compiled(uow.connection, statement, values)] == [
            "astrazeneca"
        ]
    event.remove(engine, "before_cursor_execute", capture)
    assert sent[-1] == str(statement.compile(dialect=engine.dialect))

    missing = select(literal_column("1")).select_from(table("no_such_table"))
    with UnitOfWork(engine) as uow, pytest.raises(exc.DBAPIError, match="no_such_table"):
        run_compiled(uow.connection, missing)


def test_a_value_left_out_is_refused_and_a_default_is_used(engine: Any) -> None:
    statement, _ = name_statements()[0]
    with UnitOfWork(engine) as uow:
        with pytest.raises(exc.InvalidRequestError, match="A value is required for bind "):
            run_compiled(uow.connection, statement, {"slug": "astrazeneca"})
        defaulted = text("SELECT :word || '!' AS said").bindparams(bindparam("word", "hello"))
        assert run_compiled(uow.connection, defaulted).scalar_one() == "hello!"
        assert run_compiled(uow.connection, defaulted, {"word": "привет"}).scalar_one() == "привет!"
