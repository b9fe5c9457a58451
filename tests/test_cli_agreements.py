"""`collabdb agreements --partner`: resolution, units, formats, errors, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Result, write_json

Cli = Callable[..., Result]

AZ_AGREEMENTS = [
    "astrazeneca-russia-biobank-collaboration-2012",
    "astrazeneca-petrov-institute-cancer-genetics-2013",
    "astrazeneca-skolkovo-strategic-partnership-2017",
]


def _slugs(result: Result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [a["slug"] for a in result.json()]


@pytest.mark.parametrize(
    "partner",
    ["AstraZeneca", "astrazeneca", "ASTRAZENECA", "AZ", "az", "АстраЗенека", "Astra-Zeneca"],
)
def test_astrazeneca_by_name_slug_acronym_and_russian_name(
    partner: str, cli: Cli, db_url: str
) -> None:
    result = cli("--db", str(db_url), "agreements", "--partner", partner, "--format", "json")
    assert _slugs(result) == AZ_AGREEMENTS


@pytest.mark.parametrize(
    ("partner", "expected"),
    [
        ("Skolkovo", ["astrazeneca-skolkovo-strategic-partnership-2017"]),
        ("Сколково", ["astrazeneca-skolkovo-strategic-partnership-2017"]),
        ("Фонд «Сколково»", ["astrazeneca-skolkovo-strategic-partnership-2017"]),
        (
            "N.N. Petrov Institute of Oncology",
            ["astrazeneca-petrov-institute-cancer-genetics-2013"],
        ),
        ("nn petrov institute of oncology", ["astrazeneca-petrov-institute-cancer-genetics-2013"]),
        ("Petrov Institute", ["astrazeneca-petrov-institute-cancer-genetics-2013"]),
        (
            "НИИ онкологии имени Н. Н. Петрова",
            ["astrazeneca-petrov-institute-cancer-genetics-2013"],
        ),
    ],
)
def test_partner_names_in_any_script(
    partner: str, expected: list[str], cli: Cli, db_url: str
) -> None:
    result = cli("--db", str(db_url), "agreements", "--partner", partner, "-f", "json")
    assert _slugs(result) == expected


def test_two_partners_means_agreements_between_both(cli: Cli, db_url: str) -> None:
    result = cli("--db", str(db_url), "agreements", "-p", "AZ", "-p", "Skolkovo", "-f", "json")
    assert _slugs(result) == ["astrazeneca-skolkovo-strategic-partnership-2017"]


def test_agreement_json_carries_roles_precision_terms_and_sources(cli: Cli, db_url: str) -> None:
    result = cli("--db", str(db_url), "agreements", "--partner", "Petrov Institute", "-f", "json")
    [petrov] = result.json()
    assert petrov["type"] == "research_collaboration"
    assert (petrov["date"], petrov["date_precision"]) == ("2013-02-12", "day")
    assert petrov["financial_terms"] == "not_disclosed"
    roles = {p["organization"]: p["role"] for p in petrov["parties"]}
    assert roles["nn-petrov-institute-of-oncology"] == "research_partner"
    assert roles["astrazeneca"] == "pharma_partner"
    assert {"source": "gen-2013-02-12-astrazeneca-petrov-institute", "paragraph": 4} in petrov[
        "sources"
    ]


def test_month_precision_and_unnamed_parties(cli: Cli, db_url: str) -> None:
    result = cli("--db", str(db_url), "agreements", "--partner", "AZ", "-f", "json")
    biobank = result.json()[0]
    assert (biobank["date"], biobank["date_precision"]) == ("2012-11", "month")
    assert biobank["unnamed_parties"] == "Russian partners, not named by the source"


def test_table_output_is_plain_and_fits_80_columns(cli: Cli, db_url: str) -> None:
    result = cli("--db", str(db_url), "agreements", "--partner", "AstraZeneca")
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80
    assert "not disclosed" in result.stdout
    assert "2012-11" in result.stdout


def test_csv_output_parses_back(cli: Cli, db_url: str) -> None:
    result = cli("--db", str(db_url), "agreements", "--partner", "AZ", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [r["slug"] for r in rows] == AZ_AGREEMENTS
    assert rows[1]["financial_terms"] == "not disclosed"
    assert (
        result.stdout.split("\r\n")[0]
        == "slug,type,date,parties,people,areas,financial_terms,sources"
    )


def test_unknown_partner_exits_1_naming_it(cli: Cli, db_url: str) -> None:
    result = cli("--db", str(db_url), "agreements", "--partner", "Pfizzle Dynamics")
    assert result.exit_code == 1
    assert result.stderr == "error: unknown organization 'Pfizzle Dynamics'\n"
    assert result.stdout == ""


def test_a_typo_gets_a_suggestion(cli: Cli, db_url: str) -> None:
    result = cli("--db", str(db_url), "agreements", "--partner", "Astrazenca")
    assert result.exit_code == 1
    assert result.stderr == "error: unknown organization 'Astrazenca'; did you mean AstraZeneca?\n"


def test_acronym_is_not_a_substring_match(cli: Cli, db_url: str) -> None:
    result = cli("--db", str(db_url), "agreements", "--partner", "Zeneca")
    assert result.exit_code == 1


def test_units_agreements_count_for_the_parent(
    cli: Cli, empty_db_url: str, fictional_document: Any, tmp_path: Path
) -> None:
    cli(
        "--db",
        str(empty_db_url),
        "import",
        str(write_json(tmp_path / "f.json", fictional_document)),
    )
    # The deal's party is Quillmere's Volga unit; asking for the parent finds it.
    for partner in ("Quillmere Pharma", "QP", "Квиллмир Фарма", "Quillmere Volga"):
        result = cli("--db", str(empty_db_url), "agreements", "-p", partner, "-f", "json")
        assert _slugs(result) == ["quillmere-zaryanka-2021"], partner


def test_a_name_shared_by_an_organization_and_its_unit_resolves_to_the_top(
    cli: Cli, empty_db_url: str, fictional_document: Any, tmp_path: Path
) -> None:
    fictional_document["organizations"][1]["names"] = [
        {"name": "Quillmere", "language": "en", "script": "Latn", "type": "short"}
    ]
    fictional_document["organizations"][0]["names"].append(
        {"name": "Quillmere", "language": "en", "script": "Latn", "type": "short"}
    )
    fictional_document["organizations"].append(
        {
            "slug": "quillmere-labs",
            "name": "Quillmere Labs",
            "kind": "research_group",
            "parent": "quillmere-volga",
            "names": [{"name": "Quillmere", "language": "en", "script": "Latn", "type": "short"}],
        }
    )
    cli(
        "--db",
        str(empty_db_url),
        "import",
        str(write_json(tmp_path / "f.json", fictional_document)),
    )
    result = cli("--db", str(empty_db_url), "agreements", "-p", "Quillmere", "-f", "json")
    assert _slugs(result) == ["quillmere-zaryanka-2021"]


def test_a_name_shared_by_unrelated_organizations_is_ambiguous(
    cli: Cli, empty_db_url: str, fictional_document: Any, tmp_path: Path
) -> None:
    for organization in fictional_document["organizations"][::2]:
        organization.setdefault("names", []).append(
            {"name": "QZ", "language": "en", "script": "Latn", "type": "acronym"}
        )
    cli(
        "--db",
        str(empty_db_url),
        "import",
        str(write_json(tmp_path / "f.json", fictional_document)),
    )
    result = cli("--db", str(empty_db_url), "agreements", "-p", "qz")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: organization 'qz' is ambiguous: it matches Quillmere Pharma (quillmere-pharma), "
        "Zaryanka Institute of Cardiology (zaryanka-institute-of-cardiology); use a slug\n"
    )


def test_all_agreements_without_a_filter(cli: Cli, db_url: str) -> None:
    assert _slugs(cli("--db", str(db_url), "agreements", "-f", "json")) == AZ_AGREEMENTS


def test_no_match_gives_an_empty_json_array(cli: Cli, db_url: str) -> None:
    result = cli("--db", str(db_url), "agreements", "-p", "Skolkovo Biomed Cluster", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_no_match_gives_a_csv_of_the_header_alone(cli: Cli, db_url: str) -> None:
    result = cli("--db", str(db_url), "agreements", "-p", "Skolkovo Biomed Cluster", "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "slug,type,date,parties,people,areas,financial_terms,sources\r\n"
    picked = cli(
        "--db",
        str(db_url),
        "agreements",
        "-p",
        "Skolkovo Biomed Cluster",
        "-f",
        "csv",
        "--fields",
        "slug,title",
    )
    assert picked.stdout == "slug,title\r\n"


def test_bad_format_is_a_usage_error(cli: Cli, db_url: str) -> None:
    result = cli("--db", str(db_url), "agreements", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr
