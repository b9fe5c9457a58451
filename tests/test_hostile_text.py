"""Text and numbers an attacker would send (issue 21, items 2, 4 and 8): control characters
refused on import in every text field and never printed raw, bidirectional overrides refused
in names, NUL refused on both backends, huge exponents refused before they are expanded, and
long values quoted short. On SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from collabdb.services.exporter import export_json
from tests.conftest import Result, write_json

Cli = Callable[..., Result]

ORG = {"slug": "ivory-lab", "name": "Ivory Lab", "kind": "company"}


def _import(cli: Cli, db: str, document: Any, tmp_path: Path) -> Result:
    return cli("--db", db, "import", str(write_json(tmp_path / "in.json", document)))


REFUSED = {
    "ESC in a description": (
        {"organizations": [{**ORG, "description": "Lab\x1b]52;c;aGk=\x07 of ivory"}]},
        "$.organizations[0].description: must not contain control characters (U+001B at "
        "character 4)",
    ),
    "a C1 control in a note": (
        {"sources": [{"slug": "s", "kind": "editorial", "title": "T", "note": "Ours \x9b2J"}]},
        "$.sources[0].note: must not contain control characters (U+009B at character 6)",
    ),
    "NUL in a source text": (
        {"sources": [{"slug": "s", "kind": "article", "title": "T", "text": "one\x00two"}]},
        "$.sources[0].text: must not contain control characters (U+0000 at character 4)",
    ),
    "NUL in a url": (
        {"sources": [{"slug": "s", "kind": "article", "title": "T", "url": "https://x\x00"}]},
        "$.sources[0].url: must not contain control characters (U+0000 at character 10)",
    ),
    "a bidi override in a name": (
        {"organizations": [{**ORG, "name": "Ivory \u202eLab"}]},
        "$.organizations[0].name: must not contain bidirectional control characters (U+202E "
        "at character 7)",
    ),
    "an amount with a huge exponent": (
        {
            "figures": [
                {
                    "slug": "f",
                    "measure": "investment",
                    "disclosure": "disclosed",
                    "amount": "1e1000000000",
                    "currency": "USD",
                }
            ]
        },
        "$.figures[0].amount: Value error, invalid amount '1e1000000000': more than 20 digits",
    ),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_hostile_text_is_refused_with_its_path_and_nothing_is_written(
    cli: Cli, empty_db_url: str, tmp_path: Path, engine_for: Any, case: str
) -> None:
    kinds, message = REFUSED[case]
    before = export_json(engine_for(empty_db_url))
    result = _import(cli, empty_db_url, {"format_version": 2, **kinds}, tmp_path)
    assert result.exit_code == 2, result.stdout
    problems = result.stderr.splitlines()[:-1]
    assert [p.replace("Value error, ", "") for p in problems] == [
        str(message).replace("Value error, ", "")
    ]
    assert export_json(engine_for(empty_db_url)) == before


def test_tab_newline_and_carriage_return_stay_allowed(
    cli: Cli, empty_db_url: str, tmp_path: Path, engine_for: Any
) -> None:
    description = "First line\r\n\tindented second line"
    document = {"format_version": 2, "organizations": [{**ORG, "description": description}]}
    assert _import(cli, empty_db_url, document, tmp_path).exit_code == 0
    [stored] = json.loads(export_json(engine_for(empty_db_url)))["organizations"]
    assert stored["description"] == description


def test_a_long_value_is_quoted_short_in_its_message(
    cli: Cli, empty_db_url: str, tmp_path: Path
) -> None:
    document = {"format_version": 2, "organizations": [{**ORG, "country": "X" * 1_000_000}]}
    result = _import(cli, empty_db_url, document, tmp_path)
    assert result.exit_code == 2
    [problem] = result.stderr.splitlines()[:-1]
    assert problem.endswith("... (1000000 characters): expected ISO 3166-1 alpha-2 such as 'RU'")
    assert len(problem) < 400


def test_table_and_outline_output_never_print_a_raw_control_character(
    cli: Cli, db_url: str, engine_for: Any
) -> None:
    """A database written before the import refused them may still hold some."""
    with engine_for(db_url).begin() as connection:
        connection.execute(
            text("UPDATE organizations SET name = :d, description = :d WHERE slug = 'astrazeneca'"),
            {"d": "Clears\x1b[2J the screen\x07 and \x9b more"},
        )
    for args in (("org", "astrazeneca"), ("orgs",)):
        result = cli("--db", db_url, *args)
        assert result.exit_code == 0, result.stderr
        shown = result.stdout
        assert not any((ord(c) < 32 and c not in "\n") or 0x7F <= ord(c) <= 0x9F for c in shown)
        assert "Clears\\x1b[2J the screen\\x07 and \\x9b more" in shown


def test_a_name_written_decomposed_is_the_stored_composed_name(
    cli: Cli, empty_db_url: str, tmp_path: Path, engine_for: Any
) -> None:
    """NFC and NFD forms of one name are one child: the form first stored stays."""
    composed, decomposed = "Zo\u00eb Lab", "Zoe\u0308 Lab"
    name = {"language": "en", "script": "Latn", "type": "informal"}
    first = {"format_version": 2, "organizations": [{**ORG, "names": [{**name, "name": composed}]}]}
    assert _import(cli, empty_db_url, first, tmp_path).exit_code == 0
    again = {
        "format_version": 2,
        "organizations": [{"slug": "ivory-lab", "names": [{**name, "name": decomposed}]}],
    }
    result = _import(cli, empty_db_url, again, tmp_path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("0 records inserted, 0 updated, 1 unchanged\n")
    [stored] = json.loads(export_json(engine_for(empty_db_url)))["organizations"]
    assert [n["name"] for n in stored["names"]] == [composed]
    both = {
        "format_version": 2,
        "organizations": [
            {**ORG, "names": [{**name, "name": composed}, {**name, "name": decomposed}]}
        ],
    }
    result = _import(cli, empty_db_url, both, tmp_path)
    assert result.exit_code == 2
    assert "names[1]" in result.stderr.splitlines()[0]
