"""Sources whose text is not stored (import format 2): a news page we may not copy is kept as
its URL, publisher, dates, language and the number of paragraphs its article body had in the
copy read; citations name one of those paragraphs. On SQLite and PostgreSQL alike."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from collabdb.services.exporter import export_json
from tests.conftest import Result, write_json
from tests.json_fields import citations_in

Cli = Callable[..., Result]

WIRE = "fixture-wire-2022-05-06"


@pytest.fixture
def document(fictional_document: dict[str, Any]) -> dict[str, Any]:
    """The fictional deal, with a second source whose text is not stored: four paragraphs, the
    organization cited in the third, the agreement in the first."""
    document = copy.deepcopy(fictional_document)
    document["format_version"] = 2
    document["sources"].append(
        {
            "slug": WIRE,
            "kind": "article",
            "title": "Quillmere opens a Volga office",
            "publisher": "Fixture Wire",
            "published_on": "2022-05-06",
            "retrieved_on": "2026-11-30",
            "language": "ru",
            "url": "https://wire.example/quillmere-volga",
            "paragraph_count": 4,
        }
    )
    organization = document["organizations"][0]
    organization["citations"].append({"source": WIRE, "paragraph": 3})
    document["agreements"][0]["citations"].append({"source": WIRE, "paragraph": 1})
    return document


def _import(cli: Cli, db: str, document: Any, tmp_path: Path) -> Result:
    return cli("--db", db, "import", str(write_json(tmp_path / "in.json", document)))


def test_citations_name_a_counted_paragraph_and_the_source_lists_them(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path
) -> None:
    assert _import(cli, empty_db_url, document, tmp_path).exit_code == 0
    detail = json.loads(cli("--db", empty_db_url, "source", WIRE, "-f", "json").stdout)
    assert detail["paragraph_count"] == 4
    assert (detail["retrieved_on"], detail["language"]) == ("2026-11-30", "ru")
    assert [p["paragraph"] for p in detail["paragraphs"]] == [1, 2, 3, 4]
    assert all("text" not in p for p in detail["paragraphs"])  # nothing stored, nothing shown
    assert [f["record"] for f in detail["paragraphs"][0]["facts"]] == [
        "agreements/quillmere-zaryanka-2021"
    ]
    assert detail["paragraphs"][1]["facts"] == []
    assert [f["record"] for f in detail["paragraphs"][2]["facts"]] == [
        "organizations/quillmere-pharma"
    ]
    table = cli("--db", empty_db_url, "source", WIRE).stdout
    assert "paragraph_count: 4" in table and "retrieved_on: 2026-11-30" in table
    assert "  - paragraph: 3\n    facts:\n      - record: organizations/quillmere-pharma" in table
    csv = cli("--db", empty_db_url, "source", WIRE, "-f", "csv").stdout
    assert "paragraph_count,4\r\n" in csv
    listed = json.loads(cli("--db", empty_db_url, "sources", "-f", "json").stdout)
    assert {row["slug"]: row["paragraphs"] for row in listed} == {
        "fixture-bulletin-2021": 3,
        WIRE: 4,
    }


def test_a_count_beside_a_stored_text_leaves_its_trailing_blocks_out(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path
) -> None:
    """A stored copy whose last block is site navigation: the count names the body's
    paragraphs, the rest is neither shown nor citable."""
    [bulletin] = [s for s in document["sources"] if s["slug"] == "fixture-bulletin-2021"]
    bulletin["paragraph_count"] = 2  # of the text's 3
    assert _import(cli, empty_db_url, document, tmp_path).exit_code == 2  # it cites ¶3
    cited = [c for _, c in citations_in(document) if c["source"] == bulletin["slug"]]
    for citation in cited:
        citation["paragraph"] = min(citation["paragraph"], 2)
    assert _import(cli, empty_db_url, document, tmp_path).exit_code == 0
    detail = json.loads(cli("--db", empty_db_url, "source", bulletin["slug"], "-f", "json").stdout)
    assert [p["paragraph"] for p in detail["paragraphs"]] == [1, 2]
    assert [p["text"] for p in detail["paragraphs"]] == bulletin["text"].split("\n\n")[:2]
    listed = json.loads(cli("--db", empty_db_url, "sources", "-f", "json").stdout)
    assert {row["slug"]: row["paragraphs"] for row in listed}[bulletin["slug"]] == 2


def test_the_round_trip_keeps_the_new_fields_byte_for_byte(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, engine_for: Any
) -> None:
    assert _import(cli, empty_db_url, document, tmp_path).exit_code == 0
    exported = export_json(engine_for(empty_db_url))
    [wire] = [s for s in json.loads(exported)["sources"] if s["slug"] == WIRE]
    assert wire["paragraph_count"] == 4 and wire["retrieved_on"] == "2026-11-30"
    assert wire["text"] is None  # export gives every field, null where unknown
    assert json.loads(exported)["format_version"] == 2
    again = tmp_path / "again"
    again.mkdir()
    fresh = str(tmp_path / "fresh.sqlite")
    assert cli("--db", fresh, "db", "upgrade").exit_code == 0
    assert _import(cli, fresh, json.loads(exported), again).exit_code == 0
    assert export_json(engine_for(fresh)) == exported


def test_a_version_1_file_imports_and_exports_as_version_2(
    cli: Cli, empty_db_url: str, fictional_document: dict[str, Any], tmp_path: Path
) -> None:
    assert fictional_document["format_version"] == 1
    assert _import(cli, empty_db_url, fictional_document, tmp_path).exit_code == 0
    exported = json.loads(cli("--db", empty_db_url, "export").stdout)
    assert exported["format_version"] == 2
    [bulletin] = exported["sources"]
    assert [bulletin[f] for f in ("paragraph_count", "retrieved_on", "language")] == [None] * 3


BAD_VALUES = {
    "paragraph beyond the count": (
        lambda d: d["organizations"][0]["citations"].__setitem__(
            1, {"source": WIRE, "paragraph": 5}
        ),
        [f"$.organizations[0].citations[1].paragraph: source {WIRE!r} has 4 paragraphs, not 5"],
    ),
    "count beyond the stored text's": (
        lambda d: d["sources"][0].update(paragraph_count=4),
        ["$.sources[0].paragraph_count: the stored text has only 3 paragraphs"],
    ),
    "no count": (
        lambda d: d["sources"][1].pop("paragraph_count"),
        [
            f"$.organizations[0].citations[1].paragraph: source {WIRE!r} has no stored text nor "
            "paragraph_count to cite a paragraph of",
            f"$.agreements[0].citations[1].paragraph: source {WIRE!r} has no stored text nor "
            "paragraph_count to cite a paragraph of",
        ],
    ),
    "count of zero": (
        lambda d: d["sources"][1].update(paragraph_count=0),
        ["$.sources[1].paragraph_count: Input should be greater than or equal to 1"],
    ),
    "retrieved at a month": (
        lambda d: d["sources"][1].update(retrieved_on="2026-11"),
        ["$.sources[1].retrieved_on: String should match pattern '^\\d{4}-\\d{2}-\\d{2}$'"],
    ),
    "retrieved on no day": (
        lambda d: d["sources"][1].update(retrieved_on="2026-02-30"),
        [
            "$.sources[1].retrieved_on: invalid date '2026-02-30': day 30 does not exist in "
            "that month"
        ],
    ),
    "language that is no tag": (
        lambda d: d["sources"][1].update(language="Russian"),
        ["$.sources[1].language: String should match pattern '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'"],
    ),
}


@pytest.mark.parametrize("case", BAD_VALUES, ids=list(BAD_VALUES))
def test_bad_values_are_named_by_their_json_path_and_nothing_is_written(
    cli: Cli,
    empty_db_url: str,
    document: dict[str, Any],
    tmp_path: Path,
    engine_for: Any,
    case: str,
) -> None:
    change, expected = BAD_VALUES[case]
    change(document)
    before = export_json(engine_for(empty_db_url))
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 2
    problems = result.stderr.splitlines()[:-1]
    assert problems == expected
    assert "Traceback" not in result.stderr
    assert export_json(engine_for(empty_db_url)) == before
