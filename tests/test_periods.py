"""Periods as ISO 8601 intervals (import format 2): a figure's period, an agreement's term.
Parsed, stored, exported, filtered (--since/--until by first and last day), ordered in the
timeline and shown in the analyst view, on SQLite and PostgreSQL alike; names are invented."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from collabdb.schemas.fields import PERIOD_PATTERN
from collabdb.services.exporter import export_json
from collabdb.values import day_bounds, parse_period, period_bounds
from tests.conftest import Result, write_json

Cli = Callable[..., Result]
CITE = [{"source": "fixture-bulletin-2021", "paragraph": 2}]
#: slug -> period of the figures added to the fictional deal
PERIODS = {
    "five-years": "2011/2015",
    "a-quarter-on": "2012-03/2013-Q2",
    "from-2021": "2021/..",
    "up-to-mid-2012": "../2012-Q2",
    "one-year": "2014",
    "one-day": "2013-06-15",
}


# -- parsing ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("period", "bounds"),
    [
        ("2011/2015", ("2011-01-01", "2015-12-31")),
        ("2012-03/2013-Q2", ("2012-03-01", "2013-06-30")),
        ("2012-02-29/2012-03", ("2012-02-29", "2012-03-31")),
        ("2021/..", ("2021-01-01", None)),
        ("../2012-Q2", (None, "2012-06-30")),
        ("2016-Q1", ("2016-01-01", "2016-03-31")),
    ],
)
def test_a_period_covers_from_the_first_day_of_its_start_to_the_last_of_its_end(
    period: str, bounds: tuple[str | None, str | None]
) -> None:
    assert parse_period(period) == period
    assert period_bounds(period) == bounds
    assert re.match(PERIOD_PATTERN, period)


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2015/2011", "invalid period '2015/2011': it starts after it ends"),
        ("../..", "invalid period '../..': both ends are open"),
        ("2011/2012/2013", "invalid period '2011/2012/2013': an interval has two ends, START/END"),
        ("2011/2015-13", "invalid date '2015-13': month 13 does not exist"),
        ("2011-2015", "invalid date '2011-2015': expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn"),
        ("2011/", "invalid date '': expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn"),
    ],
)
def test_a_bad_period_says_what_is_wrong(period: str, message: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_period(period)
    assert str(raised.value) == message


def test_the_schema_pattern_refuses_what_is_not_a_period() -> None:
    for refused in ("2011-2015", "2011/2015/2016", "2011 / 2015", "2011/...", "11/15"):
        assert not re.match(PERIOD_PATTERN, refused), refused


# -- stored, exported, shown --------------------------------------------------------------------
@pytest.fixture
def document(fictional_document: dict[str, Any]) -> dict[str, Any]:
    return with_periods(fictional_document)


def with_periods(fictional_document: dict[str, Any]) -> dict[str, Any]:
    """The fictional deal with a term and one figure per form of period."""
    document = copy.deepcopy(fictional_document)
    document["format_version"] = 2
    document["agreements"][0]["term"] = "2021-03/2024"
    document["figures"] += [
        {
            "slug": slug,
            "measure": "investment",
            "disclosure": "disclosed",
            "amount": "1000",
            "currency": "EUR",
            "period": period,
            "agreement": "quillmere-zaryanka-2021",
            "citations": CITE,
        }
        for slug, period in PERIODS.items()
    ]
    return document


def _import(cli: Cli, db: str, document: Any, tmp_path: Path) -> Result:
    return cli("--db", db, "import", str(write_json(tmp_path / "in.json", document)))


def test_intervals_import_show_and_export_unchanged(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, engine_for: Any
) -> None:
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 0, result.stderr
    detail = json.loads(
        cli("--db", empty_db_url, "agreement", "quillmere-zaryanka-2021", "-f", "json").stdout
    )
    assert detail["term"] == "2021-03/2024"
    assert {f["slug"]: f["period"] for f in detail["figures"]} == {
        "quillmere-zaryanka-2021-value": None,
        **PERIODS,
    }
    exported = export_json(engine_for(empty_db_url))
    assert json.loads(exported)["agreements"][0]["term"] == "2021-03/2024"
    (tmp_path / "again").mkdir()
    again = _import(cli, empty_db_url, json.loads(exported), tmp_path / "again")
    assert again.stdout.endswith("0 records inserted, 0 updated, 14 unchanged\n"), again.stdout
    with engine_for(empty_db_url).connect() as connection:  # `sql` refuses a superuser
        rows = connection.execute(
            text(
                "SELECT figure_slug, period, period_start, period_end, period_precision"
                " FROM view_financial_figures WHERE period IS NOT NULL ORDER BY figure_slug"
            )
        ).mappings()
        viewed = [dict(row) for row in rows]
    assert viewed == [
        {"figure_slug": slug, "period": PERIODS[slug], **ends}
        for slug, ends in sorted(
            {
                "five-years": {
                    "period_start": "2011",
                    "period_end": "2015",
                    "period_precision": "year",
                },
                "a-quarter-on": {
                    "period_start": "2012-03",
                    "period_end": "2013-Q2",
                    "period_precision": "month",
                },
                "from-2021": {
                    "period_start": "2021",
                    "period_end": None,
                    "period_precision": "year",
                },
                "up-to-mid-2012": {
                    "period_start": None,
                    "period_end": "2012-Q2",
                    "period_precision": None,
                },
                "one-year": {
                    "period_start": "2014",
                    "period_end": "2014",
                    "period_precision": "year",
                },
                "one-day": {
                    "period_start": "2013-06-15",
                    "period_end": "2013-06-15",
                    "period_precision": "day",
                },
            }.items()
        )
    ]


@pytest.mark.parametrize(
    "filters",
    [
        ("--since", "2014"),
        ("--until", "2012-03"),
        ("--since", "2013", "--until", "2013"),
        ("--since", "2013-Q3", "--until", "2013-06-16"),
        ("--since", "2016"),
        ("--until", "2010"),
        ("--since", "2012-Q3"),
        ("--since", "2021-06-30", "--until", "2021-07"),
    ],
)
def test_figures_since_until_keep_the_periods_that_overlap(
    cli: Cli,
    empty_db_url: str,
    document: dict[str, Any],
    tmp_path: Path,
    filters: tuple[str, ...],
) -> None:
    assert _import(cli, empty_db_url, document, tmp_path).exit_code == 0
    given = dict(zip(filters[::2], filters[1::2], strict=True))
    since = day_bounds(given["--since"])[0] if "--since" in given else None
    until = day_bounds(given["--until"])[1] if "--until" in given else None
    expected = sorted(
        slug
        for slug, period in PERIODS.items()
        if (since is None or (period_bounds(period)[1] or "9999") >= since)
        and (until is None or (period_bounds(period)[0] or "0000") <= until)
    )
    listed = cli("--db", empty_db_url, "figures", *filters, "-f", "csv", "--fields", "slug")
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout.split()[1:] == expected


def test_the_timeline_orders_an_interval_by_its_start(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path
) -> None:
    assert _import(cli, empty_db_url, document, tmp_path).exit_code == 0
    events = json.loads(cli("--db", empty_db_url, "timeline", "-f", "json").stdout)
    periods = [(e["date"], e["precision"]) for e in events if e["event"] == "results_period"]
    # An open start counts from its end: ../2012-Q2 sits at 2012-Q2, after 2012-03/2013-Q2.
    assert periods == [
        ("2011/2015", "year"),
        ("2012-03/2013-Q2", "month"),
        ("../2012-Q2", "quarter"),
        ("2013-06-15", "day"),
        ("2014", "year"),
        ("2021/..", "year"),
    ]


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        ("figures[1].period", "2015/2011", "invalid period '2015/2011': it starts after it ends"),
        ("agreements[0].term", "../..", "invalid period '../..': both ends are open"),
        ("figures[2].period", "2011 to 2015", "invalid date '2011 to 2015'"),
    ],
)
def test_a_bad_period_in_an_import_names_its_json_path(
    cli: Cli,
    empty_db_url: str,
    document: dict[str, Any],
    tmp_path: Path,
    engine_for: Any,
    where: str,
    value: str,
    message: str,
) -> None:
    kind, field = where.split(".")
    name, index = kind.rstrip("]").split("[")
    document[name][int(index)][field] = value
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 2
    [problem] = result.stderr.splitlines()[:-1]
    assert problem.startswith(f"$.{where}: {message}"), problem
    assert json.loads(export_json(engine_for(empty_db_url)))["agreements"] == []
