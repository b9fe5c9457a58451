"""A facility's capacity, area and jobs as sources give them (issue 22, point 5): exact decimals
with the limits of amounts, qualified like a figure's amount (about, at least, up to, a range),
kept byte for byte on SQLite (no decimal type) and PostgreSQL, shown as a reader says them,
and checked with their JSON paths. Every name is invented."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from collabdb.services.exporter import export_json
from tests.conftest import Result, imported, write_json

Cli = Callable[..., Result]
SOURCE = "fixture-plant-news"

PLANT = {
    "slug": "velmora-tver-plant",
    "name": "Velmora plant near Tver",
    "kind": "manufacturing_plant",
    "owner": "velmora-bio",
    # more digits than a float keeps: a binary float would round it
    "capacity": "1500000000.0000000001",
    "capacity_qualifier": "about",
    "capacity_unit": "units a year",
    "area": "9.5",
    "area_qualifier": "range",
    "area_high": "10.25",
    "area_unit": "ha",
    "jobs": "350",
    "jobs_qualifier": "at_least",
    "citations": [{"source": SOURCE, "paragraph": 2}],
}
DOCUMENT: dict[str, Any] = {
    "format_version": 2,
    "sources": [{"slug": SOURCE, "kind": "article", "title": "A plant", "paragraph_count": 2}],
    "organizations": [{"slug": "velmora-bio", "name": "Velmora Bio", "kind": "company"}],
    "facilities": [
        PLANT,
        # version 1 gave a capacity as a JSON integer, with no qualifier: exact
        {
            "slug": "velmora-clinic",
            "name": "Velmora clinic",
            "kind": "hospital",
            "capacity": 120,
            "capacity_unit": "beds",
        },
    ],
}


def test_quantities_are_exact_qualified_and_shown_as_said(
    cli: Cli, empty_db_url: str, engine_for: Any, tmp_path: Path
) -> None:
    engine = engine_for(empty_db_url)
    imported(cli, empty_db_url, DOCUMENT, tmp_path / "d.json")
    exported = export_json(engine)
    facilities = {f["slug"]: f for f in json.loads(exported)["facilities"]}
    plant = facilities["velmora-tver-plant"]
    assert {k: plant[k] for k in PLANT if k != "citations"} == {
        k: v for k, v in PLANT.items() if k != "citations"
    }
    assert plant["jobs_high"] is None and plant["capacity_high"] is None
    clinic = facilities["velmora-clinic"]
    assert (clinic["capacity"], clinic["capacity_qualifier"]) == ("120", None)

    with engine.connect() as connection:  # what an analyst's SQL sees: the exact number
        stored = connection.execute(
            text("SELECT CAST(capacity AS TEXT) FROM facilities WHERE slug = 'velmora-tver-plant'")
        ).scalar_one()
    assert stored == "1500000000.0000000001"  # TEXT on SQLite, NUMERIC(30, 10) on PostgreSQL

    listed = json.loads(cli("--db", empty_db_url, "facilities", "-f", "json").stdout)
    rows = {row["slug"]: row for row in listed}
    assert rows["velmora-tver-plant"]["area"] == "9.5"
    table = cli("--db", empty_db_url, "facilities").stdout
    assert "  capacity   about 1500000000.0000000001 units a year\n" in table
    assert "  area       9.5-10.25 ha\n  jobs       at least 350\n" in table
    assert "  capacity   120 beds\n  area\n  jobs\n" in table  # unknown: blank

    path = tmp_path / "export.json"
    path.write_text(exported, encoding="utf-8")
    fresh = str(tmp_path / "fresh.sqlite")
    assert cli("--db", fresh, "db", "upgrade").exit_code == 0
    assert cli("--db", fresh, "import", str(path)).exit_code == 0
    assert export_json(engine_for(fresh)) == exported  # across backends too


def test_the_organization_shows_its_facilities_numbers(
    cli: Cli, empty_db_url: str, tmp_path: Path
) -> None:
    imported(cli, empty_db_url, DOCUMENT, tmp_path / "d.json")
    shown = cli("--db", empty_db_url, "org", "velmora-bio", "-f", "json").json()
    plant = next(f for f in shown["facilities"] if f["slug"] == "velmora-tver-plant")
    assert (plant["area"], plant["area_high"], plant["area_unit"]) == ("9.5", "10.25", "ha")
    assert (plant["jobs"], plant["jobs_qualifier"]) == ("350", "at_least")


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        (
            {"capacity": 1.5},
            [
                "$.facilities[0].capacity: quantities must be JSON integers or "
                'strings holding an exact decimal, e.g. "1.5"'
            ],
        ),
        (
            {"jobs": "-3"},
            ["$.facilities[0].jobs: invalid amount '-3': must not be negative"],
        ),
        (
            {"area": "1" * 21},
            ["$.facilities[0].area: invalid amount '" + "1" * 21 + "': more than 20 digits"],
        ),
        (
            {"area_qualifier": "range", "area_high": None},
            ["$.facilities[0].area_high: a range of areas needs its upper end"],
        ),
        (
            {"area_high": "9"},
            ["$.facilities[0].area_high: must be greater than area (9.5)"],
        ),
        (
            {"jobs_high": "400"},
            ["$.facilities[0].jobs_high: an upper end needs jobs_qualifier 'range'"],
        ),
        (
            {"capacity": None, "capacity_unit": None},
            ["$.facilities[0].capacity_qualifier: qualifies no capacity: give the capacity too"],
        ),
        (
            {"jobs_qualifier": "roughly"},
            [
                "$.facilities[0].jobs_qualifier: Input should be 'exact', 'about', 'estimated', "
                "'at_least', 'up_to' or 'range'"
            ],
        ),
    ],
)
def test_bad_quantities_are_named_with_their_json_path_and_nothing_is_written(
    cli: Cli,
    empty_db_url: str,
    engine_for: Any,
    tmp_path: Path,
    change: dict[str, Any],
    problems: list[str],
) -> None:
    document = copy.deepcopy(DOCUMENT)
    document["facilities"][0].update(change)
    before = export_json(engine_for(empty_db_url))
    path = write_json(tmp_path / "bad.json", document)
    result = cli("--db", empty_db_url, "import", str(path))
    assert result.exit_code == 2
    *lines, summary = result.stderr.splitlines()
    assert lines == problems
    assert summary == f"error: {path}: 1 problem; nothing was imported"
    assert export_json(engine_for(empty_db_url)) == before
