"""The list commands other than `agreements` read their rows in SQL (issue 8).

- The same rows as before, for every filter value the data holds, with and without a limit, on
  both backends: ``tests/list_reference.py`` is the old build (every record loaded, filtered in
  Python).
- Slug order is code-point order on PostgreSQL even where the column's collation is not.
- A page does not cost more when unrelated deals are added: SQLite VM instructions (counted by
  a progress handler), not timings.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from collabdb.config import target_from_text
from collabdb.db import make_engine
from collabdb.migrations import upgrade_to_head
from collabdb.schemas.list_result import ListResult
from collabdb.services import (
    areas,
    facilities,
    figures,
    organizations,
    people,
    programmes,
    sources,
    timeline,
)
from collabdb.services.importer import import_bytes
from collabdb.services.list_options import ListOptions
from tests import list_reference as reference
from tests.conftest import FIXTURES
from tests.synthetic import instructions

Call = tuple[str, dict[str, Any]]

NEW: dict[str, Callable[..., ListResult[Any]]] = {
    "orgs": organizations.list_organizations,
    "people": people.list_people,
    "facilities": facilities.list_facilities,
    "figures": figures.list_figures,
    "areas": areas.list_areas,
    "programmes": programmes.list_programmes,
    "sources": sources.list_sources,
    "timeline": timeline.timeline,
}
OLD: dict[str, Callable[..., list[Any]]] = {
    "orgs": reference.list_organizations,
    "people": reference.list_people,
    "facilities": reference.list_facilities,
    "figures": reference.list_figures,
    "areas": reference.list_areas,
    "programmes": reference.list_programmes,
    "sources": reference.list_sources,
    "timeline": reference.timeline,
}
LIMITED = set(NEW) - {"areas"}  # the area tree is built whole (areas are few)


def calls(engine: Any, *, organizations: int | None = None) -> list[Call]:
    """Every list unfiltered, and with each filter value the data holds (the first
    ``organizations`` organizations only, when given)."""
    _, records = reference.load_records(engine, ["organizations", "facilities", "figures"])
    orgs = sorted(records["organizations"])[:organizations]
    found: list[Call] = [(name, {}) for name in NEW]
    found += [("orgs", {"kind": k}) for k in _distinct(records["organizations"], "kind")]
    found += [("orgs", {"country": c}) for c in _distinct(records["organizations"], "country")]
    found += [("facilities", {"country": c}) for c in _distinct(records["facilities"], "country")]
    found += [("figures", {"measure": v}) for v in _distinct(records["figures"], "measure")]
    found += [("figures", {"currency": v}) for v in _distinct(records["figures"], "currency")]
    for org in orgs:
        found.append(("orgs", {"parent": org}))
        found += [(name, {"organization": org}) for name in ("people", "facilities", "figures")]
        found.append(("timeline", {"organization": org}))
    return found


def _distinct(records: dict[str, Any], field: str) -> list[str]:
    return sorted({r[field] for r in records.values() if r[field] is not None})


def assert_same_rows(engine: Any, cases: list[Call]) -> int:
    compared = 0
    for name, kwargs in cases:
        old = OLD[name](engine, **kwargs)
        assert NEW[name](engine, **kwargs).rows == old, (name, kwargs)
        compared += 1
        if name in LIMITED:
            for limit in (1, 3, 50):
                limited = NEW[name](engine, **kwargs, options=ListOptions(limit=limit))
                assert limited.rows == old[:limit], (name, kwargs)
    return compared


def test_every_list_and_filter_gives_the_old_rows(db_url: str, engine_for: Any) -> None:
    engine = engine_for(db_url)
    cases = calls(engine)
    assert len(cases) > 40  # every seeded organization, kind, country, measure, currency
    assert assert_same_rows(engine, cases) == len(cases)
    seeded = organizations.list_organizations(engine).rows
    assert [r.slug for r in seeded] == sorted(r.slug for r in seeded)
    assert any(r.agreements > 1 for r in seeded)


def test_the_synthetic_deals_give_the_old_rows(synthetic_db: Path, engine_for: Any) -> None:
    engine = engine_for(synthetic_db)
    assert assert_same_rows(engine, calls(engine, organizations=12)) > 20


def test_unknown_organizations_fail_as_before(seeded_db: Path, engine_for: Any) -> None:
    engine = engine_for(seeded_db)
    for name, option in [
        ("orgs", "parent"),
        ("people", "organization"),
        ("facilities", "organization"),
        ("figures", "organization"),
        ("timeline", "organization"),
    ]:
        with pytest.raises(Exception) as old:
            OLD[name](engine, **{option: "no-such-organization"})
        with pytest.raises(type(old.value)) as new:
            NEW[name](engine, **{option: "no-such-organization"})
        assert str(new.value) == str(old.value) == "unknown organization 'no-such-organization'"


# -- PostgreSQL: code-point order whatever the column's collation ------------------------------

TRICKY_SLUGS = ["zeta-c", "zetab", "zeta-a", "2zeta", "zeta9", "zeta-d"]


@pytest.fixture
def pg_icu_url(postgres_server: Any) -> Iterator[str]:
    """A migrated PostgreSQL database whose default collation is not code-point order: ICU's
    en-US with punctuation ignored and letters before digits ("zetab" < "zeta-c" < "2zeta")."""
    name = f"test_icu_{os.getpid()}"
    try:
        postgres_server.execute(
            f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C' "
            "LOCALE_PROVIDER icu ICU_LOCALE 'en-u-ka-shifted-kr-latn-digit'"
        )
    except DBAPIError as error:
        pytest.skip(f"no ICU collation on this server: {error.orig}")
    try:
        engine = make_engine(target_from_text(postgres_server.url(name)))
        upgrade_to_head(engine)
        engine.dispose()
        yield postgres_server.url(name)
    finally:
        postgres_server.drop_database(name)


def test_postgresql_lists_slugs_in_code_point_order(pg_icu_url: str, engine_for: Any) -> None:
    engine = engine_for(pg_icu_url)
    document = json.loads((FIXTURES / "fictional.json").read_text(encoding="utf-8"))
    cited = [{"source": document["sources"][0]["slug"], "paragraph": 1}]
    document["organizations"] += [
        {"slug": slug, "name": f"Zeta {n}", "kind": "company", "citations": cited}
        for n, slug in enumerate(TRICKY_SLUGS)
    ]
    import_bytes(engine, json.dumps(document).encode(), name="tricky.json", input_format="json")
    with engine.connect() as connection:
        stored = list(connection.scalars(text("SELECT slug FROM organizations ORDER BY slug")))
    assert stored != sorted(stored)  # the column's own order is not code-point order
    listed = [r.slug for r in organizations.list_organizations(engine).rows]
    assert listed == sorted(stored)
    first = organizations.list_organizations(engine, options=ListOptions(limit=4))
    assert [r.slug for r in first.rows] == sorted(stored)[:4]
    for name in NEW:
        assert NEW[name](engine).rows == OLD[name](engine), name


# -- Work per page: bounded as the database grows ----------------------------------------------

PAGE = ListOptions(limit=50)
PAGES: dict[str, Callable[[Any], object]] = {
    "orgs": lambda e: organizations.list_organizations(e, options=PAGE),
    "orgs --kind": lambda e: organizations.list_organizations(e, kind="hospital", options=PAGE),
    # Values no row has: without an index on the filter, the page walks every slug.
    "orgs --kind (none)": lambda e: organizations.list_organizations(e, kind="fund", options=PAGE),
    "facilities --country (none)": lambda e: facilities.list_facilities(
        e, country="DE", options=PAGE
    ),
    "figures --measure (none)": lambda e: figures.list_figures(
        e, measure="royalty_rate", options=PAGE
    ),
    "figures --currency (none)": lambda e: figures.list_figures(e, currency="GBP", options=PAGE),
    "people": lambda e: people.list_people(e, options=PAGE),
    "facilities": lambda e: facilities.list_facilities(e, options=PAGE),
    "figures": lambda e: figures.list_figures(e, options=PAGE),
    "programmes": lambda e: programmes.list_programmes(e, options=PAGE),
    "sources": lambda e: sources.list_sources(e, options=PAGE),
    "timeline": lambda e: timeline.timeline(e, options=PAGE),
}


def cost(path: Path, read: Callable[[Any], object]) -> int:
    """SQLite VM instructions (in 100s) of a second ``read`` on ``path``."""
    return instructions(path, read, every=100)[1]


@pytest.mark.parametrize("name", PAGES)
def test_a_page_costs_the_same_when_unrelated_deals_are_added(
    name: str, synthetic_db: Path, grown_db: Path
) -> None:
    before, after = cost(synthetic_db, PAGES[name]), cost(grown_db, PAGES[name])
    assert after <= before * 1.1 + 3, (before, after)


def test_loading_every_record_grows_with_the_deals(synthetic_db: Path, grown_db: Path) -> None:
    """The measure itself: the old read path (every organization and agreement) doubles."""

    def load(engine: Any) -> object:
        return reference.load_records(engine, ["organizations", "agreements"])

    before, after = cost(synthetic_db, load), cost(grown_db, load)
    assert after > before * 1.6, (before, after)


def test_a_timeline_page_reads_details_for_its_rows_only(grown_db: Path) -> None:
    """The timeline reads the first events of each kind from its date-order indexes, texts and
    citations for the page only, and costs a fraction of the old build."""
    old = cost(grown_db, lambda e: reference.timeline(e)[:50])
    new = cost(grown_db, lambda e: timeline.timeline(e, options=PAGE))
    assert new * 5 < old, (new, old)
