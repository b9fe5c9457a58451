"""Each listed agreement carries its parties, people, areas and sources, read in the page's
one statement (as JSON built by the database): they must be the agreement's own rows as the
export loads them, on both backends and for every agreement, with or without a limit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from collabdb.kinds import Record
from collabdb.schemas.reads import AgreementRead
from collabdb.services.agreements import list_agreements
from collabdb.services.list_options import ListOptions
from collabdb.values import day_bounds
from tests.list_reference import load_records


def expected(agreement: Record, records: dict[str, dict[str, Record]]) -> dict[str, Any]:
    """What the listing shows of ``agreement``, from the exported records."""
    organizations, people = records["organizations"], records["people"]
    areas = records["research_areas"]
    parties = sorted(
        (organizations[p["organization"]]["name"], p["organization"], p["role"])
        for p in agreement["parties"]
    )
    persons = sorted(
        (people[p["person"]]["name"], p["role"], p["person"], p["organization"])
        for p in agreement["people"]
    )
    return {
        "date": agreement["signed_on"] or agreement["announced_on"],
        "parties": [(slug, name, role) for name, slug, role in parties],
        "people": [(slug, name, role, org) for name, role, slug, org in persons],
        "areas": sorted(areas[a["area"]]["name"] for a in agreement["areas"]),
        "sources": sorted(
            {(c["source"], c["paragraph"]) for c in agreement["citations"]},
            key=lambda c: (c[0], c[1] or 0),
        ),
    }


def listed(agreement: AgreementRead) -> dict[str, Any]:
    return {
        "date": agreement.date,
        "parties": [(p.organization, p.name, p.role) for p in agreement.parties],
        "people": [(p.person, p.name, p.role, p.organization) for p in agreement.people],
        "areas": agreement.areas,
        "sources": [(c.source, c.paragraph) for c in agreement.sources],
    }


def assert_agreements_carry_their_rows(engine: Any) -> int:
    _, records = load_records(
        engine, ["agreements", "organizations", "people", "research_areas", "sources"]
    )
    every = list_agreements(engine).rows
    assert sorted(a.slug for a in every) == sorted(records["agreements"])
    for agreement in every:
        assert listed(agreement) == expected(records["agreements"][agreement.slug], records)
    # A page shows the same agreements, each with the same rows.
    assert list_agreements(engine, options=ListOptions(limit=7)).rows == every[:7]
    # --since keeps the dated agreements whose period ends on or after its first day.
    for since in ("2013", "2013-02-13", "2012-Q4", "2016-06"):
        first_day = day_bounds(since)[0]
        kept = [a for a in every if a.date and day_bounds(a.date)[1] >= first_day]
        assert list_agreements(engine, since=since).rows == kept, since
        first = list_agreements(engine, since=since, options=ListOptions(limit=3))
        assert first.rows == kept[:3], since
    return sum(len(a.parties) + len(a.people) + len(a.areas) + len(a.sources) for a in every)


def test_listed_agreements_carry_their_rows_on_both_backends(db_url: str, engine_for: Any) -> None:
    assert assert_agreements_carry_their_rows(engine_for(db_url)) > 20


def test_synthetic_agreements_carry_their_rows(synthetic_db: Path, engine_for: Any) -> None:
    engine = engine_for(synthetic_db)
    assert assert_agreements_carry_their_rows(engine) > 1000
    with_people = [a for a in list_agreements(engine).rows if a.people]
    assert with_people and any(p.organization for a in with_people for p in a.people)
