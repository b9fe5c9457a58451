"""Import and export through the CLI, verified through the library and exact error texts, on
SQLite and PostgreSQL alike (``db_url`` and ``empty_db_url`` run each test on both)."""

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


def _import(cli: Cli, db: str | Path, document: Any, tmp_path: Path, *extra: str) -> Result:
    path = write_json(tmp_path / "in.json", document)
    return cli("--db", str(db), "import", str(path), *extra)


def test_import_prints_counts_and_stores_everything(
    cli: Cli, empty_db_url: str, fictional_document: Any, tmp_path: Path, engine_for: Any
) -> None:
    result = _import(cli, empty_db_url, fictional_document, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "organizations: 3 inserted, 0 updated, 0 unchanged" in result.stdout
    assert result.stdout.endswith("8 records inserted, 0 updated, 0 unchanged\n")
    exported = json.loads(export_json(engine_for(empty_db_url)))
    [figure] = exported["figures"]
    assert figure["amount"] == "12500000"
    assert figure["currency"] == "EUR"
    [zaryanka] = [o for o in exported["organizations"] if o["slug"].startswith("zaryanka")]
    assert zaryanka["city"] == "Тверь"
    assert zaryanka["names"][0]["name"] == "Институт кардиологии «Зарянка»"


def test_reimporting_the_same_file_changes_nothing(
    cli: Cli, empty_db_url: str, fictional_document: Any, tmp_path: Path, engine_for: Any
) -> None:
    assert _import(cli, empty_db_url, fictional_document, tmp_path).exit_code == 0
    before = export_json(engine_for(empty_db_url))
    again = _import(cli, empty_db_url, fictional_document, tmp_path)
    assert again.exit_code == 0
    assert again.stdout.endswith("0 records inserted, 0 updated, 8 unchanged\n")
    assert export_json(engine_for(empty_db_url)) == before


def test_export_import_export_is_byte_identical(
    cli: Cli, db_url: str, empty_db_url: str, tmp_path: Path
) -> None:
    first = cli("--db", str(db_url), "export")
    assert first.exit_code == 0
    (tmp_path / "kb.json").write_text(first.stdout, encoding="utf-8")
    assert cli("--db", str(empty_db_url), "import", str(tmp_path / "kb.json")).exit_code == 0
    second = cli("--db", str(empty_db_url), "export", "-o", str(tmp_path / "again.json"))
    assert second.exit_code == 0
    assert (tmp_path / "again.json").read_text(encoding="utf-8") == first.stdout


def test_export_is_canonical(cli: Cli, db_url: str) -> None:
    exported = cli("--db", str(db_url), "export").stdout
    document = json.loads(exported)
    assert exported == json.dumps(document, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    for kind, records in document.items():
        if isinstance(records, list):
            slugs = [r["slug"] for r in records]
            assert slugs == sorted(slugs), kind
            assert all("id" not in r for r in records)
    assert "АстраЗенека" in exported  # UTF-8, not \\u escapes
    assert "import_log" not in document


def test_stdin_import(cli: Cli, empty_db_url: str, fictional_document: Any) -> None:
    data = json.dumps(fictional_document).encode("utf-8")
    result = cli("--db", str(empty_db_url), "import", "-", stdin=data)
    assert result.exit_code == 0, result.stderr


def test_missing_fields_keep_stored_values_and_null_clears(
    cli: Cli, empty_db_url: str, fictional_document: Any, tmp_path: Path, engine_for: Any
) -> None:
    assert _import(cli, empty_db_url, fictional_document, tmp_path).exit_code == 0
    patch = {
        "format_version": 1,
        "organizations": [
            {
                "slug": "zaryanka-institute-of-cardiology",
                "city": None,
                "region": "Tver Oblast",
                "names": [{"name": "ZIC", "language": "en", "script": "Latn", "type": "acronym"}],
            }
        ],
    }
    result = _import(cli, empty_db_url, patch, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "organizations: 0 inserted, 1 updated, 0 unchanged" in result.stdout
    exported = json.loads(export_json(engine_for(empty_db_url)))
    [zaryanka] = [o for o in exported["organizations"] if o["slug"].startswith("zaryanka")]
    assert zaryanka["city"] is None
    assert zaryanka["region"] == "Tver Oblast"
    assert zaryanka["name"] == "Zaryanka Institute of Cardiology"  # missing: kept
    assert [n["name"] for n in zaryanka["names"]] == ["ZIC", "Институт кардиологии «Зарянка»"]


def test_a_new_citation_is_added_to_the_old_ones(
    cli: Cli, empty_db_url: str, fictional_document: Any, tmp_path: Path, engine_for: Any
) -> None:
    assert _import(cli, empty_db_url, fictional_document, tmp_path).exit_code == 0
    patch = {
        "format_version": 1,
        "organizations": [
            {
                "slug": "quillmere-pharma",
                "citations": [{"source": "fixture-bulletin-2021", "paragraph": 3}],
            }
        ],
    }
    assert _import(cli, empty_db_url, patch, tmp_path).exit_code == 0
    exported = json.loads(export_json(engine_for(empty_db_url)))
    [quillmere] = [o for o in exported["organizations"] if o["slug"] == "quillmere-pharma"]
    assert quillmere["citations"] == [
        {"paragraph": 1, "source": "fixture-bulletin-2021"},
        {"paragraph": 3, "source": "fixture-bulletin-2021"},
    ]


def test_dry_run_writes_nothing(
    cli: Cli, empty_db_url: str, fictional_document: Any, tmp_path: Path, engine_for: Any
) -> None:
    before = export_json(engine_for(empty_db_url))
    result = _import(cli, empty_db_url, fictional_document, tmp_path, "--dry-run")
    assert result.exit_code == 0
    assert "(would be written: dry run)" in result.stdout
    assert export_json(engine_for(empty_db_url)) == before


def test_each_import_is_logged_in_its_transaction(
    cli: Cli, empty_db_url: str, fictional_document: Any, tmp_path: Path, engine_for: Any
) -> None:
    assert _import(cli, empty_db_url, fictional_document, tmp_path).exit_code == 0
    broken = copy.deepcopy(fictional_document)
    broken["figures"][0]["currency"] = "XYZ"
    assert _import(cli, empty_db_url, broken, tmp_path).exit_code == 2
    with engine_for(empty_db_url).connect() as connection:
        rows = connection.execute(text("SELECT file_name, inserted FROM import_log")).all()
    assert rows == [(str(tmp_path / "in.json"), 8)]


def test_exact_decimals_survive_sqlite(
    cli: Cli, empty_db: Path, fictional_document: Any, tmp_path: Path, engine_for: Any
) -> None:
    document = copy.deepcopy(fictional_document)
    document["figures"][0]["amount"] = "12345678901234567890.0123456789"
    assert _import(cli, empty_db, document, tmp_path).exit_code == 0
    exported = json.loads(export_json(engine_for(empty_db)))
    assert exported["figures"][0]["amount"] == "12345678901234567890.0123456789"
    with engine_for(empty_db).connect() as connection:
        stored = connection.execute(
            text("SELECT amount, typeof(amount) FROM financial_figures")
        ).one()
    assert stored == ("12345678901234567890.0123456789", "text")


def test_exact_decimals_are_numeric_on_postgresql(
    cli: Cli, pg_empty_url: str, fictional_document: Any, tmp_path: Path, engine_for: Any
) -> None:
    document = copy.deepcopy(fictional_document)
    document["figures"][0]["amount"] = "12345678901234567890.0123456789"
    assert _import(cli, pg_empty_url, document, tmp_path).exit_code == 0
    exported = json.loads(export_json(engine_for(pg_empty_url)))
    assert exported["figures"][0]["amount"] == "12345678901234567890.0123456789"
    with engine_for(pg_empty_url).connect() as connection:
        stored = connection.execute(
            text("SELECT amount, pg_typeof(amount)::text FROM financial_figures")
        ).one()
    assert stored == (Decimal("12345678901234567890.0123456789"), "numeric")


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("0.0000000001", "0.0000000001"),
        ("99999999999999999999.9999999999", "99999999999999999999.9999999999"),
        ("100.50", "100.5"),
        ("007", "7"),
        ("0.000", "0"),
        ("1E+3", "1000"),
    ],
)
def test_exact_decimals_round_trip_on_both_backends(
    given: str,
    canonical: str,
    cli: Cli,
    empty_db_url: str,
    fictional_document: Any,
    tmp_path: Path,
    engine_for: Any,
) -> None:
    document = copy.deepcopy(fictional_document)
    document["figures"][0]["amount"] = given
    assert _import(cli, empty_db_url, document, tmp_path).exit_code == 0
    first = export_json(engine_for(empty_db_url))
    assert json.loads(first)["figures"][0]["amount"] == canonical
    again = _import(cli, empty_db_url, json.loads(first), tmp_path)
    assert again.stdout.endswith("0 records inserted, 0 updated, 8 unchanged\n")
    assert export_json(engine_for(empty_db_url)) == first


def _mutate(document: Any, change: Callable[[Any], None]) -> Any:
    changed = copy.deepcopy(document)
    change(changed)
    return changed


ERROR_CASES: dict[str, tuple[Callable[[Any], None], list[str]]] = {
    "wrong type": (
        lambda d: d["organizations"][0].update(name=5),
        ["$.organizations[0].name: Input should be a valid string"],
    ),
    "unknown field": (
        lambda d: d["organizations"][0].update(founded=1990),
        ["$.organizations[0].founded: unknown field"],
    ),
    "unknown top-level kind": (
        lambda d: d.update(deals=[]),
        ["$.deals: unknown field"],
    ),
    "impossible date": (
        lambda d: d["agreements"][0].update(signed_on="2015-02-30"),
        [
            "$.agreements[0].signed_on: invalid date '2015-02-30': day 30 does not exist in that month"
        ],
    ),
    "month 13": (
        lambda d: d["agreements"][0].update(signed_on="2015-13"),
        ["$.agreements[0].signed_on: invalid date '2015-13': month 13 does not exist"],
    ),
    "unknown currency": (
        lambda d: d["figures"][0].update(currency="XYZ"),
        ["$.figures[0].currency: unknown currency 'XYZ': expected an ISO 4217 code such as 'USD'"],
    ),
    "withdrawn currency": (
        lambda d: d["figures"][0].update(currency="RUR"),
        ["$.figures[0].currency: unknown currency 'RUR': expected an ISO 4217 code such as 'USD'"],
    ),
    "unknown country": (
        lambda d: d["organizations"][0].update(country="UK"),
        [
            "$.organizations[0].country: unknown country code 'UK': expected ISO 3166-1 alpha-2 such as 'RU'"
        ],
    ),
    "amount as a number": (
        lambda d: d["figures"][0].update(amount=12.5),
        [
            '$.figures[0].amount: amounts must be JSON strings holding an exact decimal, e.g. "224000000"'
        ],
    ),
    "negative amount": (
        lambda d: d["figures"][0].update(amount="-1"),
        ["$.figures[0].amount: invalid amount '-1': must not be negative"],
    ),
    "NaN amount": (
        lambda d: d["figures"][0].update(amount="NaN"),
        ["$.figures[0].amount: invalid amount 'NaN': must be a finite number"],
    ),
    "empty name": (
        lambda d: d["organizations"][0].update(name="  "),
        ["$.organizations[0].name: must not be empty or blank"],
    ),
    "unresolvable reference": (
        lambda d: d["agreements"][0]["parties"][1].update(organization="nobody-at-all"),
        [
            "$.agreements[0].parties[1].organization: unknown organizations slug 'nobody-at-all' (not in this file nor in the database)"
        ],
    ),
    "unknown source": (
        lambda d: d["organizations"][0]["citations"][0].update(source="no-such-source"),
        [
            "$.organizations[0].citations[0].source: unknown sources slug 'no-such-source' (not in this file nor in the database)"
        ],
    ),
    "paragraph beyond the text": (
        lambda d: d["organizations"][0]["citations"][0].update(paragraph=4),
        [
            "$.organizations[0].citations[0].paragraph: source 'fixture-bulletin-2021' has 3 paragraphs, not 4"
        ],
    ),
    "sha256 does not match": (
        lambda d: d["sources"][0].update(sha256="0" * 64),
        [
            "$.sources[0].sha256: does not match the text (its SHA-256 is 7ceaa28e64cd3348038f4b79e972d67ab2a459976868137d4992bb7b7e0f0eb7)"
        ],
    ),
    "duplicate slug with different content": (
        lambda d: d["research_areas"].append({"slug": "cardiology", "name": "Heart"}),
        [
            "$.research_areas[2]: slug 'cardiology' given twice with different content (first at $.research_areas[0])"
        ],
    ),
    "duplicate child key": (
        lambda d: d["agreements"][0]["parties"].append(
            {"organization": "quillmere-volga", "role": "partner"}
        ),
        [
            "$.agreements[0].parties[2]: organization='quillmere-volga' given twice (first at index 0)"
        ],
    ),
    "missing required field": (
        lambda d: d["organizations"][0].pop("kind"),
        ["$.organizations[0]: missing field 'kind' (required for a new record)"],
    ),
    "null required field": (
        lambda d: d["organizations"][0].update(kind=None),
        ["$.organizations[0]: kind may not be null"],
    ),
    "parent cycle": (
        lambda d: d["organizations"][0].update(parent="quillmere-volga"),
        [
            "$.organizations[0].parent: parent chain is a cycle: quillmere-pharma -> quillmere-volga -> quillmere-pharma",
            "$.organizations[1].parent: parent chain is a cycle: quillmere-volga -> quillmere-pharma -> quillmere-volga",
        ],
    ),
    "own parent": (
        lambda d: d["research_areas"][0].update(parent="cardiology"),
        ["$.research_areas[0].parent: a record cannot be its own parent"],
    ),
    "figure without currency": (
        lambda d: d["figures"][0].pop("currency"),
        ["$.figures[0].currency: an amount needs its ISO 4217 currency"],
    ),
    "not disclosed with an amount": (
        lambda d: d["figures"][0].update(disclosure="not_disclosed"),
        ["$.figures[0]: a not_disclosed figure has no amount or percentage"],
    ),
    "format version": (
        lambda d: d.update(format_version=3),
        ["$.format_version: Input should be 1 or 2"],
    ),
}


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
def test_bad_input_names_every_problem_and_writes_nothing(
    case: str, cli: Cli, db_url: str, fictional_document: Any, tmp_path: Path, engine_for: Any
) -> None:
    change, expected = ERROR_CASES[case]
    before = export_json(engine_for(db_url))
    result = _import(cli, db_url, _mutate(fictional_document, change), tmp_path)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[:-1] == expected
    noun = "problem" if len(expected) == 1 else "problems"
    assert (
        lines[-1] == f"error: {tmp_path / 'in.json'}: {len(expected)} {noun}; nothing was imported"
    )
    assert "Traceback" not in result.stderr
    assert export_json(engine_for(db_url)) == before


def test_every_problem_is_reported_at_once(
    cli: Cli, empty_db_url: str, fictional_document: Any, tmp_path: Path
) -> None:
    def break_three(d: Any) -> None:
        d["organizations"][0]["country"] = "XX"
        d["agreements"][0]["signed_on"] = "2021-02-31"
        d["figures"][0]["currency"] = "ABC"

    result = _import(cli, empty_db_url, _mutate(fictional_document, break_three), tmp_path)
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 4
    assert "3 problems; nothing was imported" in result.stderr


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            b'{"format_version": 1, "organizations": [',
            "line 1 column 41: invalid JSON: Expecting value",
        ),
        (b"\xff\xfe{\x00}\x00", "line 1: invalid UTF-8 at byte 0; files must be UTF-8"),
        (
            b'{"format_version": 1, "format_version": 1}',
            "$.format_version: key given more than once",
        ),
        (b'{"format_version": NaN}', "$: NaN is not a valid JSON number"),
        (b"[1, 2]", "$: expected a JSON object with format_version"),
        (b"[" * 100 + b"]" * 100, "$[0][0][0][0]...: nested deeper than 64 levels"),
        (
            b'{"format_version": 1, "x": ' + b"[" * 100 + b"]" * 100 + b"}",
            "nested deeper than 64 levels",
        ),
    ],
)
def test_unparsable_files_are_refused(
    raw: bytes, expected: str, cli: Cli, empty_db_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(raw)
    result = cli("--db", str(empty_db_url), "import", str(path))
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_record_late_in_a_file_leaves_the_database_unchanged(
    cli: Cli, db_url: str, tmp_path: Path, engine_for: Any
) -> None:
    before = export_json(engine_for(db_url))
    areas = [{"slug": f"area-{i:04d}", "name": f"Area {i}"} for i in range(2000)]
    areas[-1]["parent"] = "no-such-area"
    document = {"format_version": 1, "research_areas": areas}
    result = _import(cli, db_url, document, tmp_path)
    assert result.exit_code == 2
    assert (
        "$.research_areas[1999].parent: unknown research areas slug 'no-such-area'" in result.stderr
    )
    assert export_json(engine_for(db_url)) == before


def test_a_missing_file_is_a_usage_error(cli: Cli, empty_db_url: str, tmp_path: Path) -> None:
    result = cli("--db", str(empty_db_url), "import", str(tmp_path / "nope.json"))
    assert result.exit_code == 2
    assert (
        result.stderr == f"error: cannot read {tmp_path / 'nope.json'}: No such file or directory\n"
    )


def test_hostile_but_valid_text_is_stored_exactly(
    cli: Cli, empty_db_url: str, tmp_path: Path, engine_for: Any
) -> None:
    name = 'O\'Brien "Labs"; DROP TABLE organizations;-- 🧬 مختبر'
    document = {
        "format_version": 1,
        "organizations": [{"slug": "obrien-labs", "name": name, "kind": "company"}],
    }
    assert _import(cli, empty_db_url, document, tmp_path).exit_code == 0
    exported = json.loads(export_json(engine_for(empty_db_url)))
    assert exported["organizations"][0]["name"] == name


def test_paragraph_check_survives_the_source_cache_being_emptied(
    cli: Cli,
    empty_db_url: str,
    fictional_document: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    engine_for: Any,
) -> None:
    """The importer keeps paragraph counts of a bounded number of sources; emptying that cache
    for a new source must not skip the check of a source cached before (organizations cache
    the first source, the agreement then cites it and a second one)."""
    import hashlib

    from collabdb.services import pipeline

    monkeypatch.setattr(pipeline, "PARAGRAPH_CACHE", 1)
    document = copy.deepcopy(fictional_document)
    second = copy.deepcopy(document["sources"][0])
    second.update(slug="fixture-gazette-2022", text=second["text"] + "\n\nOne more paragraph.")
    second["sha256"] = hashlib.sha256(second["text"].encode("utf-8")).hexdigest()
    document["sources"].append(second)
    document["agreements"][0]["citations"] = [
        {"source": "fixture-gazette-2022", "paragraph": 1},
        {"source": "fixture-bulletin-2021", "paragraph": 9},
    ]
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 2
    assert (
        "$.agreements[0].citations[1].paragraph: source 'fixture-bulletin-2021' has 3 paragraphs, not 9"
        in result.stderr.splitlines()
    )
    with engine_for(empty_db_url).connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM sources")).scalar_one() == 0
