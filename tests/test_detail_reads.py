"""The detail commands read only what they show: their work does not grow with the database.

SQLite calls a progress handler after every virtual-machine instruction it runs, so the count
is the work of every statement sent, however the rows are found (a full scan inside one
statement counts as much as fetching every row). A detail of one record counts the same
before and after 300 unrelated deals are imported, and shows the same; reading a whole table,
as the detail commands once did, grows with them. No timings.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from collabdb.config import target_from_text
from collabdb.db import make_engine
from collabdb.kinds import KINDS
from collabdb.repositories.records import RecordRepository
from collabdb.services.agreements import agreement_detail
from collabdb.services.organizations import organization_detail
from collabdb.services.people import person_detail
from collabdb.services.sources import facts_citing, source_detail
from collabdb.unit_of_work import UnitOfWork
from tests.synthetic import import_synthetic, instructions

Detail = Callable[[Engine], Any]


@pytest.fixture(scope="module")
def databases(tmp_path_factory: pytest.TempPathFactory, _empty_template: Path) -> tuple[Path, Path]:
    """30 deals; and the same 30 with 300 deals of another seed (names and slugs never shared)."""
    directory = tmp_path_factory.mktemp("details")
    small, large = directory / "small.sqlite3", directory / "large.sqlite3"
    shutil.copyfile(_empty_template, small)
    import_synthetic(small, directory, deals=30, seed=3)
    shutil.copyfile(small, large)
    import_synthetic(large, directory, deals=300, seed=5)
    return small, large


def first(path: Path, sql: str) -> str:
    with sqlite3.connect(path) as connection:
        row = connection.execute(sql).fetchone()
    assert row is not None, sql
    return str(row[0])


def load_whole_table(engine: Engine) -> int:
    with UnitOfWork(engine) as uow:
        return len(RecordRepository(uow.connection).load("agreements"))


def test_reading_a_whole_table_grows_with_the_database(databases: tuple[Path, Path]) -> None:
    """The yardstick is sensitive: the old way of reading grows about tenfold here."""
    (rows_small, before), (rows_large, after) = (
        instructions(p, load_whole_table) for p in databases
    )
    assert (rows_small, rows_large) == (30, 330)
    assert after > 5 * before


# A unit's parent is a pool company with units, agreements, people and citations around it.
PICKS: dict[str, tuple[Callable[..., Any], str, str]] = {
    "agreement": (agreement_detail, "agreement", "SELECT slug FROM agreements ORDER BY slug"),
    "organization": (
        organization_detail,
        "organization",
        "SELECT p.slug FROM organizations p JOIN organizations u ON u.parent_id = p.id"
        " ORDER BY p.slug",
    ),
    "person": (person_detail, "person", "SELECT slug FROM people ORDER BY slug"),
    "source": (source_detail, "source", "SELECT slug FROM sources ORDER BY slug"),
}


@pytest.mark.parametrize("kind", list(PICKS))
def test_a_detail_does_the_same_work_on_a_larger_database(
    databases: tuple[Path, Path], kind: str
) -> None:
    function, argument, pick = PICKS[kind]
    slug = first(databases[0], pick)

    def detail(engine: Engine) -> Any:
        return function(engine, **{argument: slug})

    (shown, before), (shown_after, after) = (instructions(p, detail) for p in databases)
    assert shown_after == shown
    assert before > 0
    # Index lookups run the same instructions whatever the table size; 10% is room, while
    # a read of whole tables would run about eleven times as many (see the test above).
    assert after <= before * 1.1, (before, after)


def test_an_organization_detail_shows_what_is_around_it(databases: tuple[Path, Path]) -> None:
    """The organization picked above is not a trivial case."""
    small, _ = databases
    slug = first(small, PICKS["organization"][2])
    engine = make_engine(target_from_text(str(small)))
    try:
        detail = organization_detail(engine, organization=slug).as_json()
    finally:
        engine.dispose()
    assert detail["units"] and detail["agreements"]
    assert {a["as"] for a in detail["agreements"]} >= {slug}


def test_a_source_detail_shows_every_fact_a_walk_of_everything_finds(
    databases: tuple[Path, Path],
) -> None:
    """Facts found through the citations equal those of walking every record of every kind."""
    _, large = databases
    engine = make_engine(target_from_text(str(large)))
    try:
        with UnitOfWork(engine) as uow:
            repository = RecordRepository(uow.connection)
            everything = {kind: repository.load(kind) for kind in KINDS}
        for slug in sorted(everything["sources"])[::37]:
            expected = [fact.as_json() for fact in facts_citing(everything, slug)]
            detail = source_detail(engine, source=slug).as_json()
            shown = [
                {"paragraph": p["paragraph"], **fact}
                for p in detail["paragraphs"]
                for fact in p["facts"]
            ] + detail["facts_without_paragraph"]
            assert expected
            assert sorted(shown, key=str) == sorted(expected, key=str)
    finally:
        engine.dispose()


def test_every_seeded_detail_is_the_same_on_postgresql(
    seeded_db: Path, pg_url: str, engine_for: Callable[[Any], Engine]
) -> None:
    """The related-record statements answer alike on both backends."""
    sqlite_engine, pg_engine = engine_for(seeded_db), engine_for(pg_url)
    tables = {"agreement": "agreements", "organization": "organizations", "person": "people"}
    for function, argument, _ in PICKS.values():
        with sqlite3.connect(seeded_db) as connection:
            query = f"SELECT slug FROM {tables.get(argument, 'sources')}"
            slugs = [slug for (slug,) in connection.execute(query)]
        assert slugs
        for slug in slugs:
            on_sqlite = function(sqlite_engine, **{argument: slug})
            assert function(pg_engine, **{argument: slug}) == on_sqlite, slug
