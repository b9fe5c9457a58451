"""Hostile input: each file gets a clear error and leaves the database unchanged, or is stored
and returned exactly when it is valid. (Many single-field cases are in test_import.py.)"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from collabdb.errors import InvalidInput
from collabdb.services.exporter import export_json
from collabdb.services.importer import import_bytes
from tests.conftest import Result

Cli = Callable[..., Result]

ORG = {"slug": "ivory-lab", "name": "Ivory Lab", "kind": "company"}


def _document(**kinds: Any) -> bytes:
    return json.dumps({"format_version": 1, **kinds}, ensure_ascii=False).encode("utf-8")


def _figure(**fields: Any) -> bytes:
    figure = {"slug": "f", "measure": "investment", "disclosure": "disclosed", "currency": "USD"}
    return _document(figures=[{**figure, **fields}])


HOSTILE_FILES: dict[str, tuple[bytes, str, list[str]]] = {
    "UTF-16 without a BOM": (
        _document(organizations=[ORG]).decode().encode("utf-16-le"),
        "json",
        ["line 1: NUL character at byte 1: UTF-16 or binary data? files must be UTF-8"],
    ),
    "Latin-1": (
        _document(organizations=[{**ORG, "name": "Institut für Zellbiologie"}])
        .decode()
        .encode("latin-1"),
        "json",
        ["line 1: invalid UTF-8 at byte 81; files must be UTF-8"],
    ),
    "Infinity": (
        b'{"format_version": 1, "figures": [{"amount": Infinity}]}',
        "json",
        ["$: Infinity is not a valid JSON number"],
    ),
    "minus Infinity": (
        b'{"format_version": -Infinity}',
        "json",
        ["$: -Infinity is not a valid JSON number"],
    ),
    "Infinity as an amount": (
        _figure(amount="Infinity"),
        "json",
        ["$.figures[0].amount: invalid amount 'Infinity': must be a finite number"],
    ),
    "huge amount": (
        _figure(amount="1e400"),
        "json",
        ["$.figures[0].amount: invalid amount '1e400': more than 20 digits"],
    ),
    "too many decimals": (
        _figure(amount="0.000000000001"),
        "json",
        ["$.figures[0].amount: invalid amount '0.000000000001': more than 10 decimal places"],
    ),
    "amount not a number": (
        _figure(amount="12,5"),
        "json",
        ["$.figures[0].amount: invalid amount '12,5': expected a decimal number such as '1.5'"],
    ),
    "a 1 MB name": (
        _document(organizations=[{**ORG, "name": "x" * 1_000_000}]),
        "json",
        ["$.organizations[0].name: String should have at most 1000 characters"],
    ),
    "a control character": (
        _document(organizations=[{**ORG, "name": "Ivory\x00Lab"}]),
        "json",
        ["$.organizations[0].name: must not contain control characters (U+0000 at character 6)"],
    ),
    "a quarter as a date": (
        _document(
            sources=[{"slug": "s", "kind": "article", "title": "T", "published_on": "2015-Q1"}]
        ),
        "json",
        ["$.sources[0].published_on: quarter '2015-Q1' is only allowed for periods"],
    ),
    "day 0": (
        _document(
            sources=[{"slug": "s", "kind": "article", "title": "T", "published_on": "2015-01-00"}]
        ),
        "json",
        [
            "$.sources[0].published_on: invalid date '2015-01-00': day 0 does not exist in that month"
        ],
    ),
    "a slug with spaces": (
        _document(organizations=[{**ORG, "slug": "Ivory Lab"}]),
        "json",
        ["$.organizations[0].slug: String should match pattern '^[a-z0-9]+(?:-[a-z0-9]+)*$'"],
    ),
    "deep nesting in a line": (
        b'{"kind": "people", "record": {"slug": "p", "name": "P", "description": '
        + b"[" * 80
        + b"]" * 80
        + b"}}\n",
        "jsonl",
        ["line 1: $.record.description[0][0]...: nested deeper than 64 levels"],
    ),
    "an empty file": (b"", "json", ["line 1 column 1: invalid JSON: Expecting value"]),
    "a cycle through a stored record": (
        _document(organizations=[{"slug": "astrazeneca", "parent": "astrazeneca-russia-eurasia"}]),
        "json",
        [
            "$.organizations[0].parent: parent chain is a cycle: astrazeneca -> astrazeneca-russia-eurasia -> astrazeneca"
        ],
    ),
    "a parent later in a JSON Lines file that never comes": (
        b'{"kind": "organizations", "record": {"slug": "unit", "name": "Unit", "kind": "company_unit", "parent": "nowhere"}}\n',
        "jsonl",
        [
            "line 1: $.record.parent: unknown organizations slug 'nowhere' (not in this file nor in the database)"
        ],
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE_FILES))
def test_hostile_files_are_refused_and_change_nothing(
    case: str, cli: Cli, seeded_db: Path, tmp_path: Path, engine_for: Any
) -> None:
    data, input_format, expected = HOSTILE_FILES[case]
    path = tmp_path / f"hostile.{input_format}"
    path.write_bytes(data)
    before = export_json(engine_for(seeded_db))
    result = cli("--db", str(seeded_db), "import", str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[:-1] == expected
    assert lines[-1].startswith(f"error: {path}: ")
    assert lines[-1].endswith("; nothing was imported")
    assert "Traceback" not in result.stderr
    assert export_json(engine_for(seeded_db)) == before


TRICKY_TEXT = [
    'O\'Brien & "Sons"; DROP TABLE people;--',
    "Иван Петрович Сидоров",
    "مختبر البحوث 🧬 الطبية",
    "שמואל כהן",
    "Zoë Ångström-Ñúñez",
    "e\u0301 combining and \u200d zero-width joiner",
    "x" * 1000,
]


@pytest.mark.parametrize("input_format", ["json", "jsonl"])
def test_tricky_but_valid_text_round_trips_exactly(
    input_format: str, cli: Cli, empty_db: Path, tmp_path: Path, engine_for: Any
) -> None:
    people = [{"slug": f"p-{i}", "name": name} for i, name in enumerate(TRICKY_TEXT)]
    long_text = "\n\n".join(f"Paragraph {i} ☃ «цитата» 'quoted' \"double\"." for i in range(40000))
    assert len(long_text.encode("utf-8")) > 1_000_000
    source = {"slug": "big", "kind": "article", "title": "Big", "text": long_text}
    people[0]["citations"] = [{"source": "big", "paragraph": 40000}]
    path = tmp_path / f"tricky.{input_format}"
    if input_format == "json":
        path.write_bytes(_document(sources=[source], people=people))
    else:
        lines = [{"kind": "people", "record": p} for p in people] + [
            {"kind": "sources", "record": source}
        ]
        path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = cli("--db", str(empty_db), "import", str(path))
    assert result.exit_code == 0, result.stderr
    exported = json.loads(export_json(engine_for(empty_db)))
    assert [p["name"] for p in exported["people"]] == TRICKY_TEXT
    assert exported["sources"][0]["text"] == long_text


# -- generated records ------------------------------------------------------------------------
slugs = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
organizations = st.fixed_dictionaries(
    {
        "slug": slugs,
        "name": st.text(max_size=30),
        "kind": st.sampled_from(["company", "foundation", "startup", "bakery"]),
    },
    optional={
        "country": st.sampled_from(["RU", "SE", "XX", "uk", ""]),
        "city": st.one_of(st.none(), st.text(max_size=20)),
        "parent": slugs,
    },
)
figures = st.fixed_dictionaries(
    {
        "slug": slugs,
        "measure": st.sampled_from(["investment", "revenue", "profit"]),
        "disclosure": st.sampled_from(["disclosed", "not_disclosed"]),
    },
    optional={
        "amount": st.one_of(
            st.decimals(allow_nan=True, allow_infinity=True).map(str),
            st.integers().map(str),
            st.floats(),
            st.text(max_size=8),
        ),
        "currency": st.sampled_from(["USD", "EUR", "RUB", "XYZ", "usd"]),
        "period": st.from_regex(r"\A\d{4}(-(\d{2}|Q\d)(-\d{2})?)?\Z"),
    },
)


@pytest.fixture
def hypothesis_db(tmp_path: Path, _seeded_template: Path, engine_for: Any) -> Any:
    path = tmp_path / "hypothesis.sqlite3"
    shutil.copyfile(_seeded_template, path)
    return engine_for(path)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    organizations=st.lists(organizations, max_size=3),
    figures=st.lists(figures, max_size=2),
)
def test_generated_records_are_stored_exactly_or_refused_without_a_trace(
    hypothesis_db: Any, organizations: list[dict[str, Any]], figures: list[dict[str, Any]]
) -> None:
    before = export_json(hypothesis_db)
    data = _document(organizations=organizations, figures=figures)
    try:
        import_bytes(hypothesis_db, data, name="generated.json")
    except InvalidInput as error:
        assert error.problems, error.summary
        assert all(": " in problem for problem in error.problems)
        assert export_json(hypothesis_db) == before
        return
    exported = json.loads(export_json(hypothesis_db))
    stored = {o["slug"]: o for o in exported["organizations"]}
    last_given = {o["slug"]: o for o in organizations}  # a repeated slug must be identical
    for slug, given_record in last_given.items():
        for field, value in given_record.items():
            assert stored[slug][field] == value, (slug, field)
    stored_figures = {f["slug"]: f for f in exported["figures"]}
    for figure in figures:
        if "amount" in figure:
            from decimal import Decimal

            assert Decimal(stored_figures[figure["slug"]]["amount"]) == Decimal(figure["amount"])
