"""The model for real deals (import format 2): positions seen at a date, and the vocabularies
of real deals. On SQLite and PostgreSQL alike; names are invented."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

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
