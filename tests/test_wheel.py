"""The wheel is complete: a non-editable install in a fresh venv answers the main command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.bundled import partner_agreement_slugs
from tests.conftest import REPO_ROOT
from tests.own_words import HASHES, SEED_ARTICLES, run_hashes


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(REPO_ROOT),
        ],
        check=True,
    )
    [built] = out.glob("collabdb-*.whl")
    return built


def test_wheel_ships_migrations_and_seed(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "collabdb/_alembic/env.py" in names
    assert any(n.startswith("collabdb/_alembic/versions/0001_") for n in names)
    assert "collabdb/_seed/collabdb-seed.json" in names


def test_wheel_ships_no_text_of_the_seed_articles(wheel: Path) -> None:
    """The seed names its articles and counts their paragraphs; no file of the wheel holds a
    run of eight of their words (checked against the kept hashes of their runs)."""
    kept = json.loads((REPO_ROOT / HASHES).read_text(encoding="utf-8"))
    article_runs = set().union(*(set(kept[slug]) for slug in SEED_ARTICLES))
    archive = zipfile.ZipFile(wheel)
    copied = [
        name
        for name in archive.namelist()
        if name.endswith((".json", ".md", ".py", ".html", ".txt"))
        and run_hashes(archive.read(name).decode("utf-8")) & article_runs
    ]
    assert copied == []
    seed = json.loads(archive.read("collabdb/_seed/collabdb-seed.json"))
    assert [s["paragraph_count"] for s in seed["sources"] if s["kind"] == "article"] == [12, 8]


def test_installed_wheel_runs_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    environment = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("COLLABDB_URL", None)
    env.pop("PYTHONPATH", None)
    result = subprocess.run(
        [
            str(environment / "bin" / "collabdb"),
            "agreements",
            "--partner",
            "AstraZeneca",
            "-f",
            "json",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    listed = {agreement["slug"] for agreement in json.loads(result.stdout)}
    assert listed == partner_agreement_slugs("astrazeneca")  # the seed and the deals, shipped
    location = subprocess.run(
        [str(python), "-c", "import collabdb, sys; print(collabdb.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(environment) in location  # the installed copy, not the source tree
