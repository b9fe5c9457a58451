"""The README stays true: its commands are what CI runs, its example imports, its output is real."""

from __future__ import annotations

import json
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import pytest

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


def _shown_commands() -> list[tuple[list[str], list[str]]]:
    """Each ``$ collabdb ...`` block: its arguments and the output shown (up to a "...")."""
    shown = []
    for block in _blocks():
        command, _, output = block.partition("\n")
        if command.startswith("$ collabdb "):
            lines = output.splitlines()
            cut = lines.index("...") if "..." in lines else len(lines)
            shown.append((shlex.split(command)[2:], lines[:cut]))
    return shown


@pytest.mark.parametrize(("args", "expected"), _shown_commands(), ids=lambda v: " ".join(v)[:40])
def test_shown_output_is_what_the_command_prints(
    args: list[str], expected: list[str], cli: Cli, bundled_db: Path
) -> None:
    """On what the default database holds (the seed and the real deals), as a reader runs it."""
    result = cli("--db", str(bundled_db), *args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[: len(expected)] == expected


def test_readme_shows_at_least_four_real_commands() -> None:
    assert len(_shown_commands()) >= 4
