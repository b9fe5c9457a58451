"""The model for real deals (import format 2): positions seen at a date, and the vocabularies
of real deals. On SQLite and PostgreSQL alike; names are invented."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from collabdb.services.exporter import export_json
from tests.conftest import Result, write_json

Cli = Callable[..., Result]


@pytest.fixture
def document(fictional_document: dict[str, Any]) -> dict[str, Any]:
    """The fictional deal, with a person seen in one post in 2021 and another in 2023."""
    document = copy.deepcopy(fictional_document)
    document["format_version"] = 2
    cite = [{"source": "fixture-bulletin-2021", "paragraph": 3}]
    document["people"] = [
        {
            "slug": "irina-veltsova",
            "name": "Irina Veltsova",
            "positions": [
                {
                    "organization": "quillmere-volga",
                    "title": "Head of the Volga unit",
                    "status": "current",
                    "as_of": "2021-03-04",
                    "citations": cite,
                },
                {
                    "organization": "zaryanka-institute-of-cardiology",
                    "title": "Director of partnerships",
                    "status": "current",
                    "as_of": "2023-05",
                },
            ],
        }
    ]
    return document


def _import(cli: Cli, db: str, document: Any, tmp_path: Path) -> Result:
    return cli("--db", db, "import", str(write_json(tmp_path / "in.json", document)))


def test_positions_show_the_date_their_source_saw_them(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, engine_for: Any
) -> None:
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 0, result.stderr
    person = json.loads(cli("--db", empty_db_url, "person", "Veltsova", "-f", "json").stdout)
    assert [(p["title"], p["as_of"]) for p in person["positions"]] == [
        ("Head of the Volga unit", "2021-03-04"),
        ("Director of partnerships", "2023-05"),
    ]
    listed = cli("--db", empty_db_url, "people", "-f", "csv").stdout
    assert "Head of the Volga unit, Quillmere Volga (current as of 2021-03-04)" in listed
    org = json.loads(cli("--db", empty_db_url, "org", "zaryanka", "-f", "json").stdout)
    assert [(p["person"], p["as_of"]) for p in org["people"]] == [("irina-veltsova", "2023-05")]
    [stored] = json.loads(export_json(engine_for(empty_db_url)))["people"]
    assert [p["as_of"] for p in stored["positions"]] == ["2021-03-04", "2023-05"]


def test_a_later_source_updates_the_date_without_a_second_position(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, engine_for: Any
) -> None:
    assert _import(cli, empty_db_url, document, tmp_path).exit_code == 0
    later = copy.deepcopy(document)
    position = later["people"][0]["positions"][0]
    position.update(status="former", as_of="2024-01")
    assert _import(cli, empty_db_url, later, tmp_path).exit_code == 0
    [stored] = json.loads(export_json(engine_for(empty_db_url)))["people"]
    assert [(p["title"], p["status"], p["as_of"]) for p in stored["positions"]] == [
        ("Head of the Volga unit", "former", "2024-01"),
        ("Director of partnerships", "current", "2023-05"),
    ]


def test_a_bad_as_of_is_named_by_its_json_path(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path
) -> None:
    document["people"][0]["positions"][1]["as_of"] = "2023-13"
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "$.people[0].positions[1].as_of: invalid date '2023-13': month 13 does not exist"
    )


def test_the_vocabularies_of_real_deals(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path
) -> None:
    agreement = document["agreements"][0]
    agreement["type"] = "special_investment_contract"
    agreement["parties"][1]["role"] = "host_region"
    agreement["people"] = [{"person": "irina-veltsova", "role": "witness"}]
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 0, result.stderr
    rows = json.loads(
        cli("--db", empty_db_url, "agreements", "--type", "special_investment_contract", "-f",
            "json").stdout
    )  # fmt: skip
    assert [(p["organization"], p["role"]) for p in rows[0]["parties"]] == [
        ("quillmere-volga", "pharma_partner"),
        ("zaryanka-institute-of-cardiology", "host_region"),
    ]


# -- qualified numbers ---------------------------------------------------------------------------
def _figure(document: dict[str, Any], **fields: Any) -> dict[str, Any]:
    figure = document["figures"][0]
    figure.update(fields)
    return figure


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({}, "12500000 EUR"),
        ({"qualifier": "about"}, "about 12500000 EUR"),
        ({"qualifier": "at_least"}, "at least 12500000 EUR"),
        ({"qualifier": "range", "amount_high": "15000000"}, "12500000-15000000 EUR"),
        (
            {"amount": None, "currency": None, "percentage": "5", "qualifier": "up_to"},
            "up to 5%",
        ),
    ],
    ids=["exact", "about", "at least", "range", "percentage up to"],
)
def test_a_figure_says_how_exact_its_number_is(
    cli: Cli,
    empty_db_url: str,
    document: dict[str, Any],
    tmp_path: Path,
    engine_for: Any,
    fields: dict[str, Any],
    shown: str,
) -> None:
    _figure(document, **fields)
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 0, result.stderr
    [row] = json.loads(cli("--db", empty_db_url, "figures", "-f", "json").stdout)
    assert row["qualifier"] == fields.get("qualifier", "exact")
    assert (
        cli("--db", empty_db_url, "figures", "-f", "csv").stdout.splitlines()[1].split(",")[2]
        == shown
    )
    exported = export_json(engine_for(empty_db_url))
    [stored] = json.loads(exported)["figures"]
    assert stored["qualifier"] == fields.get("qualifier", "exact")
    assert stored["amount_high"] == fields.get("amount_high")


BAD_FIGURES = {
    "range without its upper end": (
        {"qualifier": "range"},
        "$.figures[0].amount_high: a range of amounts needs its upper end",
    ),
    "upper end below the lower": (
        {"qualifier": "range", "amount_high": "100"},
        "$.figures[0].amount_high: must be greater than amount (12500000)",
    ),
    "upper end without a range": (
        {"amount_high": "15000000"},
        "$.figures[0].amount_high: an upper end needs qualifier 'range'",
    ),
    "qualified but not disclosed": (
        {"disclosure": "not_disclosed", "amount": None, "currency": None, "qualifier": "about"},
        "$.figures[0].qualifier: a not_disclosed figure has no number to qualify",
    ),
    "unknown qualifier": (
        {"qualifier": "roughly"},
        "$.figures[0].qualifier: Input should be 'exact', 'about', 'estimated', 'at_least', "
        "'up_to' or 'range'",
    ),
}


@pytest.mark.parametrize("case", BAD_FIGURES, ids=list(BAD_FIGURES))
def test_bad_qualified_numbers_are_named_by_their_json_path(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, case: str
) -> None:
    fields, message = BAD_FIGURES[case]
    _figure(document, **fields)
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:-1] == [message]
    assert json.loads(cli("--db", empty_db_url, "export").stdout)["figures"] == []


def test_the_qualifier_is_a_column_of_the_figures_view(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, engine_for: Any
) -> None:
    _figure(document, qualifier="range", amount_high="15000000")
    assert _import(cli, empty_db_url, document, tmp_path).exit_code == 0
    with engine_for(empty_db_url).connect() as connection:
        rows = connection.execute(
            text("SELECT qualifier, amount_high FROM view_financial_figures")
        ).all()
    assert [(qualifier, Decimal(high)) for qualifier, high in rows] == [
        ("range", Decimal("15000000"))
    ]


# -- the import contract -------------------------------------------------------------------------
def test_an_unknown_slug_suggests_the_stored_one_it_resembles(
    cli: Cli, db_url: str, tmp_path: Path
) -> None:
    document = {
        "format_version": 2,
        "agreements": [
            {
                "slug": "typo-deal",
                "type": "memorandum",
                "title": "A deal with a typo",
                "status": "signed",
                "financial_terms": "unknown",
                "parties": [
                    {"organization": "astra-zeneca", "role": "partner"},
                    {"organization": "qqqq-nothing-like-it", "role": "partner"},
                ],
            }
        ],
    }
    result = _import(cli, db_url, document, tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:-1] == [
        "$.agreements[0].parties[0].organization: unknown organizations slug 'astra-zeneca' "
        "(not in this file nor in the database); did you mean 'astrazeneca'?",
        "$.agreements[0].parties[1].organization: unknown organizations slug "
        "'qqqq-nothing-like-it' (not in this file nor in the database)",
    ]


# -- status over time ----------------------------------------------------------------------------
HISTORY = [
    {"status": "terminated", "changed_on": "2022-03", "note": "Ended by the foreign party."},
    {"status": "announced", "changed_on": "2021-03-04"},
    {
        "status": "signed",
        "changed_on": "2021-03",
        "citations": [{"source": "fixture-bulletin-2021", "paragraph": 1}],
    },
]


def test_the_status_is_the_latest_change_of_its_history(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, engine_for: Any
) -> None:
    agreement = document["agreements"][0]
    del agreement["status"]
    agreement["status_history"] = HISTORY
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 0, result.stderr
    detail = json.loads(
        cli("--db", empty_db_url, "agreement", "quillmere-zaryanka-2021", "-f", "json").stdout
    )
    assert detail["status"] == "terminated"
    assert [(c["status"], c["changed_on"]) for c in detail["status_history"]] == [
        ("signed", "2021-03"),  # a month before its first day: 2021-03 < 2021-03-04
        ("announced", "2021-03-04"),
        ("terminated", "2022-03"),
    ]
    assert detail["status_history"][0]["citations"] == [
        {"source": "fixture-bulletin-2021", "paragraph": 1}
    ]
    for status, found in (("terminated", 1), ("signed", 0)):
        listed = cli("--db", empty_db_url, "agreements", "--status", status, "-f", "json")
        assert len(json.loads(listed.stdout)) == found, status
    timeline = json.loads(cli("--db", empty_db_url, "timeline", "-f", "json").stdout)
    assert [(e["date"], e["event"]) for e in timeline if e["event"].startswith("status_")] == [
        ("2021-03", "status_signed"),
        ("2021-03-04", "status_announced"),
        ("2022-03", "status_terminated"),
    ]
    exported = export_json(engine_for(empty_db_url))
    [stored] = json.loads(exported)["agreements"]
    assert stored["status"] == "terminated" and len(stored["status_history"]) == 3
    fresh = str(tmp_path / "fresh.sqlite")
    assert cli("--db", fresh, "db", "upgrade").exit_code == 0
    again = tmp_path / "again"
    again.mkdir()
    assert _import(cli, fresh, json.loads(exported), again).exit_code == 0
    assert export_json(engine_for(fresh)) == exported


def test_a_status_that_is_not_the_latest_change_is_refused(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path
) -> None:
    document["agreements"][0]["status_history"] = HISTORY  # and status "signed"
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:-1] == [
        "$.agreements[0].status: is 'signed', but the latest change of status_history is "
        "'terminated' (2022-03)"
    ]


def test_version_1_active_reads_as_in_force(
    cli: Cli, empty_db_url: str, fictional_document: dict[str, Any], tmp_path: Path
) -> None:
    fictional_document["agreements"][0]["status"] = "active"
    assert _import(cli, empty_db_url, fictional_document, tmp_path).exit_code == 0
    [row] = json.loads(cli("--db", empty_db_url, "agreements", "-f", "json").stdout)
    assert row["status"] == "in_force"


def test_every_problem_of_a_file_is_reported_in_one_run(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, engine_for: Any
) -> None:
    """A type error, a missing field, an unknown slug and a paragraph the source lacks: all
    four at once, and no false "unknown" for a reference to the record with the type error."""
    document["organizations"][2]["kind"] = "not-a-kind"  # zaryanka: refused by validation
    agreement = document["agreements"][0]
    del agreement["title"]  # required for a new agreement
    agreement["citations"].append({"source": "fixture-bulletin-2021", "paragraph": 7})
    document["figures"][0]["organization"] = "quillmere-pharm"
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:-1] == [
        "$.organizations[2].kind: Input should be 'company', 'company_unit', 'foundation', "
        "'foundation_unit', 'research_institute', 'research_group', 'hospital', 'university', "
        "'government_body', 'fund', 'startup' or 'other'",
        "$.agreements[0]: missing field 'title' (required for a new record)",
        "$.agreements[0].citations[1].paragraph: source 'fixture-bulletin-2021' has 3 "
        "paragraphs, not 7",
        "$.figures[0].organization: unknown organizations slug 'quillmere-pharm' (not in this "
        "file nor in the database); did you mean 'quillmere-pharma'?",
    ]
    assert result.stderr.splitlines()[-1].endswith("4 problems; nothing was imported")
    assert json.loads(export_json(engine_for(empty_db_url)))["organizations"] == []


# -- terms and project dates --------------------------------------------------------------------
def test_an_agreement_states_its_duration_and_a_project_its_dates(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, engine_for: Any
) -> None:
    document["agreements"][0]["duration"] = "P5Y"
    document["projects"] = [
        {
            "slug": "zaryanka-biomarker-study",
            "agreement": "quillmere-zaryanka-2021",
            "name": "Biomarker study",
            "status": "active",
            "starts_on": "2021-09",
            "ends_on": "2024",
        }
    ]
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 0, result.stderr
    detail = json.loads(
        cli("--db", empty_db_url, "agreement", "quillmere-zaryanka-2021", "-f", "json").stdout
    )
    assert detail["duration"] == "P5Y"
    assert [(p["starts_on"], p["ends_on"]) for p in detail["projects"]] == [("2021-09", "2024")]
    exported = json.loads(export_json(engine_for(empty_db_url)))
    assert exported["agreements"][0]["duration"] == "P5Y"
    assert exported["projects"][0]["starts_on"] == "2021-09"


@pytest.mark.parametrize("duration", ["5 years", "P", "P1.5Y", "5Y"])
def test_a_duration_that_is_not_iso_8601_is_refused(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, duration: str
) -> None:
    document["agreements"][0]["duration"] = duration
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 2
    [problem] = result.stderr.splitlines()[:-1]
    assert problem.startswith("$.agreements[0].duration: String should match pattern")


def test_announcement_and_signing_dates_come_from_the_history_when_not_given(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, engine_for: Any
) -> None:
    agreement = document["agreements"][0]
    del agreement["status"], agreement["signed_on"]
    agreement["status_history"] = HISTORY
    assert _import(cli, empty_db_url, document, tmp_path).exit_code == 0
    slug = "quillmere-zaryanka-2021"
    row = json.loads(cli("--db", empty_db_url, "agreement", slug, "-f", "json").stdout)
    assert (row["announced_on"], row["signed_on"]) == ("2021-03-04", "2021-03")
    exported = export_json(engine_for(empty_db_url))
    again = tmp_path / "again"
    again.mkdir()
    assert _import(cli, empty_db_url, json.loads(exported), again).stdout.endswith(
        "0 records inserted, 0 updated, 9 unchanged\n"
    )
    given = copy.deepcopy(document)
    given["agreements"][0]["signed_on"] = "2021-02"  # a date given is kept as given
    other = tmp_path / "other"
    other.mkdir()
    fresh = str(tmp_path / "fresh.sqlite")
    assert cli("--db", fresh, "db", "upgrade").exit_code == 0
    assert _import(cli, fresh, given, other).exit_code == 0
    row = json.loads(cli("--db", fresh, "agreement", slug, "-f", "json").stdout)
    assert row["signed_on"] == "2021-02"
