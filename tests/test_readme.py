"""The README stays true: its commands are what CI runs, its example imports, its output is real."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO_ROOT, Result

Cli = Callable[..., Result]
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str = "") -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_ci_runs_the_readme_test_command() -> None:
    test_command = 'pip install -e ".[dev]" && pytest'
    assert test_command in README
    assert test_command in (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install . && collabdb agreements --partner AstraZeneca" in README


def test_the_example_new_deal_imports(cli: Cli, seeded_db: Path, tmp_path: Path) -> None:
    [example] = _blocks("json")
    path = tmp_path / "deal.json"
    path.write_text(example, encoding="utf-8")
    result = cli("--db", str(seeded_db), "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "3 records inserted" in result.stdout
    listed = cli("--db", str(seeded_db), "agreements", "-p", "Example Institute", "-f", "json")
    assert [a["slug"] for a in json.loads(listed.stdout)] == ["astrazeneca-example-institute-2024"]


def test_the_opening_example_is_real_output(cli: Cli, seeded_db: Path) -> None:
    shown = _blocks()[0]
    command, _, expected = shown.partition("\n")
    assert command == "$ collabdb agreements --partner AstraZeneca"
    actual = cli("--db", str(seeded_db), "agreements", "--partner", "AstraZeneca").stdout
    expected_lines = [line for line in expected.splitlines() if line != "..."]
    assert actual.splitlines()[: len(expected_lines)] == expected_lines
