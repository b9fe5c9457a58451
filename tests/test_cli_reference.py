"""Generated documentation matches the code that generates it."""

from __future__ import annotations

from collabdb.cli.reference import render_cli_reference
from tests.conftest import REPO_ROOT


def test_cli_reference_is_up_to_date() -> None:
    current = (REPO_ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == render_cli_reference(), (
        "docs/cli.md is stale: run `python -m collabdb.cli.reference > docs/cli.md`"
    )


def test_cli_reference_documents_every_command() -> None:
    reference = render_cli_reference()
    for command in (
        "agreements",
        "agreement",
        "orgs",
        "org",
        "people",
        "person",
        "facilities",
        "figures",
        "areas",
        "programmes",
        "sources",
        "source",
        "timeline",
        "search",
        "import",
        "export",
        "db upgrade",
        "db seed",
        "db info",
    ):
        assert f"## `collabdb {command}`" in reference


def test_version_constant_matches_pyproject() -> None:
    import tomllib

    import collabdb

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert collabdb.__version__ == project["project"]["version"]
