"""The read queries use indexes: EXPLAIN QUERY PLAN of every statement they send, no timings.

SQLite has no statistics tables here (nothing runs ANALYZE), so its plans come from the schema
and the SQL alone and are the same on the seeded database as on a million deals. The one
data-dependent choice is collabdb's own: a page of a large partner or area match walks the
listing-order index instead of sorting (repositories/agreement_filter.py). The page statement
holds both plans and a guard picks one: both plans are checked, and that only the one picked
runs (in SQLite virtual-machine instructions, not timings).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from collabdb import tables as t
from collabdb.repositories.agreement_filter import (
    AgreementFilter,
    Plan,
    filter_conditions,
    filter_parameters,
    plan_guard,
)
from collabdb.repositories.agreements import _matching
from collabdb.services.agreements import list_agreements
from collabdb.services.areas import list_areas
from collabdb.services.list_options import ListOptions
from collabdb.services.resolver import resolve
from collabdb.services.search import search
from collabdb.services.timeline import timeline
from collabdb.unit_of_work import UnitOfWork
from tests.synthetic import instructions

# A full pass over a real table: "SCAN agreements", "SCAN d" (an alias); subqueries, CTEs
# ("anon_1", the agreements' "page" of at most --limit rows and the "walked" and "sorted" plans
# it holds, the one-row "density" counts that pick one), the FTS5 virtual table (which answers
# MATCH from its own index) and json_each (the values of a list bound as one parameter,
# json_sql.among) are fine.
FULL_SCAN = re.compile(
    r"^SCAN (?!anon_\d|(?:page|walked|sorted|density)\b"
    r"|search_index VIRTUAL TABLE|json_each VIRTUAL TABLE)(\w+)"
)


@contextmanager
def statements_of(engine: Any) -> Iterator[list[tuple[str, Any]]]:
    sent: list[tuple[str, Any]] = []

    def capture(_c: Any, _cursor: Any, sql: str, params: Any, *_: Any) -> None:
        if not sql.lstrip().upper().startswith("BEGIN"):
            sent.append((sql, params))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", capture)


Step = tuple[int, int, str]  # id, parent id, detail


def plan_steps(database: Path, statement: tuple[str, Any]) -> list[Step]:
    with sqlite3.connect(database) as connection:
        sql, params = statement
        plan = connection.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return [(step, parent, detail) for step, parent, _, detail in plan]


def plan_of(database: Path, statement: tuple[str, Any]) -> list[str]:
    return [detail for _, _, detail in plan_steps(database, statement)]


def subtree(steps: list[Step], root: int) -> list[Step]:
    below, found = {root}, []
    for step in steps:
        if step[1] in below:
            below.add(step[0])
            found.append(step)
    return found


def walks_listing_order(connection: Any, where: AgreementFilter, limit: int) -> bool:
    """Whether ``where``'s page of ``limit`` walks the listing order: the value of the page's
    ``plan_guard``, read alone (the page statement computes it itself)."""
    conditions = filter_conditions(where)
    if not conditions:
        return False
    values = filter_parameters(where, limit)  # the names the guard does not use are ignored
    return bool(connection.scalar(select(plan_guard(conditions)), values))


# The walk plan of a page reads the listing-order index until the page is full. It runs only
# when its guard finds the matches dense (test_only_the_plan_the_guard_picks_runs), and then
# reads about limit × agreements / matches of them: it is not counted as a full scan.
WALK = "SCAN agreements USING INDEX ix_agreements_listing"


def full_scans(database: Path, statements: list[tuple[str, Any]]) -> list[str]:
    found = []
    for sql, params in statements:
        steps = plan_steps(database, (sql, params))
        walks = [
            s for root in steps if root[2] == "CO-ROUTINE walked" for s in subtree(steps, root[0])
        ]
        found += [
            f"{detail} in: {' '.join(sql.split())[:120]}"
            for step in steps
            if FULL_SCAN.match(detail := step[2]) and not (detail == WALK and step in walks)
        ]
    return found


PAGE = ListOptions(limit=50)
QUERIES: dict[str, Callable[[Any], object]] = {
    "partner": lambda engine: list_agreements(engine, partners=["AstraZeneca"], options=PAGE).rows,
    "area": lambda engine: list_agreements(engine, area="Oncology", options=PAGE).rows,
    "search": lambda engine: search(engine, text="oncology", options=PAGE).rows,
}


@pytest.mark.parametrize("name", QUERIES)
def test_read_queries_scan_no_table(
    name: str, seeded_db: Path, engine_for: Callable[[Path], Any]
) -> None:
    engine = engine_for(seeded_db)
    with statements_of(engine) as statements:
        assert QUERIES[name](engine)  # the seed answers each of them
    assert len(statements) >= 2
    assert full_scans(seeded_db, statements) == []


def test_a_full_scan_is_reported(seeded_db: Path) -> None:
    """The check itself: an unindexed filter on the agreements table is a full scan."""
    statements = [("SELECT id FROM agreements WHERE title = ?", ("x",))]
    assert full_scans(seeded_db, statements) == [
        "SCAN agreements in: SELECT id FROM agreements WHERE title = ?"
    ]


def page_statement(engine: Any, *, limit: int | None = None, **filters: Any) -> tuple[str, Any]:
    """The statement that selected the page (the one that reads the agreements' titles)."""
    with statements_of(engine) as statements:
        assert list_agreements(engine, **filters, options=ListOptions(limit=limit)).rows
    [page] = [s for s in statements if "agreements.title" in s[0]]
    return page


def page_plan_of(database: Path, statement: tuple[str, Any], *, plan: str = "page") -> list[str]:
    """The plan of the page itself, without the outer query that adds each agreement's
    parties, people, areas and sources: the "page" co-routine when there is a limit (or, by
    ``plan``, the "walked" or "sorted" plan it holds); without one SQLite flattens the page
    into the outer query, whose related subqueries are left out."""
    steps = plan_steps(database, statement)
    [page] = [step for step in steps if step[2] == f"CO-ROUTINE {plan}"] or [None]
    if page is not None:
        # Without the guard in a plan's limit (the one uncorrelated subquery of the plan).
        below = subtree(steps, page[0])
        guards = [s for s in below if s[1] == page[0] and s[2].startswith("SCALAR SUBQUERY")]
        guarded = {step for guard in guards for step in subtree(steps, guard[0])}
        return [s[2] for s in below if s not in guarded and s not in guards]
    related = [s for s in steps if s[1] == 0 and s[2].startswith("CORRELATED SCALAR SUBQUERY")]
    inside = {step for root in related for step in subtree(steps, root[0])}
    return [step[2] for step in steps if step not in inside and step not in related]


def test_only_the_pages_agreements_read_their_related_rows(
    synthetic_db: Path, engine_for: Callable[[Path], Any]
) -> None:
    """With a limit the page is a co-routine; the four subqueries of the related rows belong
    to the outer query, which reads the page: they run for at most --limit agreements."""
    engine = engine_for(synthetic_db)
    for filters in ({"area": "Oncology"}, {"country": "RU"}, {}):
        steps = plan_steps(synthetic_db, page_statement(engine, **filters, limit=5))
        assert steps[0][2] == "CO-ROUTINE page", filters
        outer = [detail for _, parent, detail in steps if parent == 0]
        related = [d for d in outer if d.startswith("CORRELATED SCALAR SUBQUERY")]
        assert outer.index("SCAN page") < outer.index(related[0])
        assert len(related) == 4, steps


def test_a_page_of_a_large_match_walks_the_listing_order(
    synthetic_db: Path, engine_for: Callable[[Path], Any]
) -> None:
    engine = engine_for(synthetic_db)
    with engine.connect() as connection:
        area = connection.scalars(
            select(t.research_areas.c.id).order_by(t.research_areas.c.id)
        ).first()
        assert area is not None
        # ~43 matches of 300: walking to 3 beats sorting 43 (threshold isqrt(0.4*3*300) = 18)
        assert walks_listing_order(connection, AgreementFilter(area_id=area), 3)
        assert not walks_listing_order(connection, AgreementFilter(area_id=area), 50)
        name = connection.scalar(
            select(t.research_areas.c.name).where(t.research_areas.c.id == area)
        )
    statement = page_statement(engine, area=name, limit=3)
    plan = page_plan_of(synthetic_db, statement, plan="walked")
    assert plan[0] == "SCAN agreements USING INDEX ix_agreements_listing"
    assert not any("TEMP B-TREE" in step for step in plan)
    # Without a limit every match is read anyway: found through the links, then sorted.
    plan = page_plan_of(synthetic_db, page_statement(engine, area=name))
    assert plan[0] == "SEARCH agreements USING INTEGER PRIMARY KEY (rowid=?)"
    assert "USE TEMP B-TREE FOR ORDER BY" in plan


def test_a_page_of_a_small_match_sorts_what_its_links_find(
    synthetic_db: Path, engine_for: Callable[[Path], Any]
) -> None:
    engine = engine_for(synthetic_db)
    partner_id, partner = smallest_partner(synthetic_db)
    with engine.connect() as connection:
        assert not walks_listing_order(connection, AgreementFilter(partner_ids=[partner_id]), 3)
    statement = page_statement(engine, partners=[partner], limit=3)
    plan = page_plan_of(synthetic_db, statement, plan="sorted")
    assert plan[0] == "SEARCH agreements USING INTEGER PRIMARY KEY (rowid=?)"
    assert "USE TEMP B-TREE FOR ORDER BY" in plan


def test_a_country_page_walks_when_most_deals_have_a_party_there(
    synthetic_db: Path, engine_for: Callable[[Path], Any]
) -> None:
    engine = engine_for(synthetic_db)
    with engine.connect() as connection:
        assert walks_listing_order(connection, AgreementFilter(country="RU"), 3)
    statement = page_statement(engine, country="RU", limit=3)
    plan = page_plan_of(synthetic_db, statement, plan="walked")
    assert plan[0] == "SCAN agreements USING INDEX ix_agreements_listing"
    # The count that picks the walk reads the indexes on the organizations' and territories'
    # countries: the one pass over a table is the walk itself, which stops at the limit.
    assert full_scans(synthetic_db, [statement]) == []
    assert plan_of(synthetic_db, statement).count(WALK) == 1


def smallest_partner(database: Path) -> tuple[int, str]:
    """The id and name of the top-level organization in the fewest deals."""
    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT o.id, o.name FROM organizations o JOIN agreement_parties p"
            " ON p.organization_id = o.id WHERE o.parent_id IS NULL"
            " GROUP BY o.id ORDER BY count(*), o.id LIMIT 1"
        ).fetchone()
    return int(row[0]), str(row[1])


@pytest.mark.parametrize("kind", ["small partner", "large area"])
def test_only_the_plan_the_guard_picks_runs(kind: str, synthetic_db: Path) -> None:
    """The page holding both plans costs what the plan its guard picks costs plus the guard's
    count: the other plan does not run (in SQLite virtual-machine instructions)."""
    partner = smallest_partner(synthetic_db)[0]
    where, picked, other = {
        "small partner": (AgreementFilter(partner_ids=[partner]), "sort", "walk"),
        "large area": (AgreementFilter(area_id=1), "walk", "sort"),  # ~43 of 300 deals
    }[kind]

    def guard(engine: Any) -> bool:
        with engine.connect() as connection:
            return walks_listing_order(connection, where, 3)

    def page(plan: Plan | None) -> Callable[[Any], list[str]]:
        def run(engine: Any) -> list[str]:
            with engine.connect() as connection:
                return list(connection.execute(*_matching(where, limit=3, plan=plan)).scalars())

        return run

    walks, counted = instructions(synthetic_db, guard)
    assert walks == (picked == "walk")
    (rows, either), (picked_rows, alone), (_, other_alone) = (
        instructions(synthetic_db, page(plan)) for plan in (None, picked, other)
    )
    assert rows == picked_rows and rows
    # Had the other plan run too, it would add other_alone (the union itself adds ~100).
    assert either - (alone + counted) < other_alone / 4, (either, alone, counted, other_alone)


def test_both_plans_list_the_same_page(synthetic_db: Path, engine_for: Any) -> None:
    """The walk and the sort are two forms of one filter: same agreements, same order, and
    the page holding both (the guard picks one) lists them too."""
    with engine_for(synthetic_db).connect() as connection:
        areas = connection.scalars(select(t.research_areas.c.id)).all()
        companies = connection.scalars(
            select(t.organizations.c.id).where(t.organizations.c.kind == "company").limit(6)
        ).all()
        filters = [AgreementFilter(area_id=a) for a in areas]
        filters += [AgreementFilter(partner_ids=[c]) for c in companies]
        filters += [
            AgreementFilter(area_id=areas[0], partner_ids=[companies[0]], since="2015-01-01"),
            AgreementFilter(area_id=areas[0], types=["licensing", "memorandum"]),
            AgreementFilter(area_id=areas[1], until="2019-06-30", undisclosed=True),
            AgreementFilter(country="RU"),
            AgreementFilter(country="RU", area_id=areas[2], partner_ids=[companies[3]]),
        ]
        countries = connection.scalars(select(t.organizations.c.country).distinct()).all()
        filters += [AgreementFilter(country=c) for c in countries if c]
        for where in filters:
            for limit in (1, 7, 50, None):
                pages = [
                    connection.execute(*_matching(where, limit=limit, plan=plan)).scalars().all()
                    for plan in ("walk", "sort", None)
                ]
                assert pages[0] == pages[1] == pages[2], (where, limit)
                assert pages[0] or limit is None, where


def test_a_timeline_page_walks_each_kinds_date_order_index(
    synthetic_db: Path, engine_for: Callable[[Path], Any]
) -> None:
    engine = engine_for(synthetic_db)
    with statements_of(engine) as statements:
        assert timeline(engine, options=PAGE).rows
    [events] = [s for s in statements if "sort_key" in s[0]]
    plan = plan_of(synthetic_db, events)
    order_indexes = [
        (table.name, index.name)
        for table in t.metadata.tables.values()
        for index in table.indexes
        if index.name.endswith("_order")
    ]
    assert len(order_indexes) == 10
    for table, index in order_indexes:
        assert f"SCAN {table} USING INDEX {index}" in plan, (index, plan)
    # Only the final merge of at most 10 x 50 rows is sorted whole.
    assert plan.count("USE TEMP B-TREE FOR ORDER BY") == 1


def test_areas_reads_the_kept_counts_and_no_link_row(
    synthetic_db: Path, engine_for: Callable[[Path], Any]
) -> None:
    """`areas` reads one row of research_area_counts per area (kept by triggers) and never
    the link tables its counts come from."""
    engine = engine_for(synthetic_db)
    with statements_of(engine) as statements:
        assert list_areas(engine).rows
    [statement] = statements
    plan = plan_of(synthetic_db, statement)
    assert any(
        re.match(r"SEARCH research_area_counts USING INTEGER PRIMARY KEY", step) for step in plan
    ), plan
    links = ("agreement_areas", "organization_interests", "project_areas")
    assert not [step for step in plan if any(link in step for link in links)], plan


def test_a_since_page_reads_the_listing_index_from_that_year(
    synthetic_db: Path, engine_for: Callable[[Path], Any]
) -> None:
    """--since bounds the listing date from below (its year), so the page starts there in the
    listing order instead of walking from the oldest agreement."""
    engine = engine_for(synthetic_db)
    for since in ("2015", "2018-Q2", "2019-07-14"):
        plan = page_plan_of(synthetic_db, page_statement(engine, since=since, limit=5))
        assert plan == [
            "SEARCH agreements USING INDEX ix_agreements_listing (<expr>=? AND <expr>>?)"
        ]
        every = list_agreements(engine, since=since).rows
        first = list_agreements(engine, since=since, options=ListOptions(limit=5))
        assert first.rows == every[:5]
        assert every and all(a.date and a.date[:4] >= since[:4] for a in every)


def test_a_since_page_reads_the_listing_index_on_postgresql(
    pg_url: str, engine_for: Callable[[str], Any]
) -> None:
    """PostgreSQL reads the --since page from the listing index too, from the year on, in
    order. It is told to avoid scans and sorts, which on the seed's few rows cost as little:
    the plan shows whether the index can serve the condition and the order."""
    engine = engine_for(pg_url)
    statement, values = _matching(AgreementFilter(since="2015-01-01"), limit=5, postgresql=True)
    compiled = statement.compile(dialect=engine.dialect)
    with UnitOfWork(engine) as uow:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            uow.connection.exec_driver_sql(f"SET LOCAL {setting} = off")
        plan = uow.connection.exec_driver_sql(
            f"EXPLAIN (COSTS OFF) {compiled}", compiled.construct_params(values)
        ).scalars()
        lines = [line.strip() for line in plan]
    walk = lines.index("->  Index Scan using ix_agreements_listing on agreements")
    assert lines[walk + 1].startswith(
        "Index Cond: ((COALESCE(signed_on, announced_on) IS NOT NULL)"
    )
    assert ">= '2015'" in lines[walk + 1]
    # The only sort is the outer query's, of the page's rows (by the page's listed_on).
    assert [line for line in lines if line.startswith("Sort Key")] == [
        "Sort Key: ((page.listed_on IS NULL)), page.listed_on, page.slug"
    ]


def test_postgresql_runs_only_the_plan_the_guard_picks(
    pg_url: str, engine_for: Callable[[str], Any]
) -> None:
    """PostgreSQL computes each plan's limit before it runs the plan: the one the guard does not
    pick (limit 0) reads no agreement (EXPLAIN ANALYZE shows its nodes "never executed")."""
    engine = engine_for(pg_url)
    with UnitOfWork(engine) as uow:
        where = AgreementFilter(partner_ids=[resolve(uow.connection, "organizations", "AZ").id])
        # The seed's 3 agreements: a page of 1 walks, a page of 50 sorts AstraZeneca's few.
        for limit, picked, unused in ((1, "walked", "sorted"), (50, "sorted", "walked")):
            assert walks_listing_order(uow.connection, where, limit) == (picked == "walked")
            statement, values = _matching(where, limit=limit, postgresql=True)
            compiled = statement.compile(dialect=engine.dialect)
            lines = uow.connection.exec_driver_sql(
                f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) {compiled}",
                compiled.construct_params(values),
            ).scalars()
            arms = arm_plans(list(lines))
            reads = {arm: [line for line in arms[arm] if " on agreements" in line] for arm in arms}
            assert reads[unused] and all("(never executed)" in line for line in reads[unused])
            assert reads[picked]
            assert not any("(never executed)" in line for line in reads[picked])


def arm_plans(lines: list[str]) -> dict[str, list[str]]:
    """The lines of a PostgreSQL plan below "Subquery Scan on walked" and "... on sorted"."""
    arms: dict[str, list[str]] = {}
    current: list[str] | None = None
    depth = 0
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if current is not None and indent <= depth:
            current = None
        match = re.search(r"Subquery Scan on (walked|sorted)\b", line)
        if match:
            current, depth = arms.setdefault(match[1], []), indent
        elif current is not None:
            current.append(line)
    return arms
