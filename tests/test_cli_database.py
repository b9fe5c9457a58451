"""Which database a command opens, first use of the default file, and `db` commands."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from collabdb import __version__
from collabdb.db import HEAD_REVISION
from tests.bundled import agreement_slugs, bundled_file_count, partner_agreement_slugs
from tests.conftest import Result, write_json

Cli = Callable[..., Result]


def _import_log_rows(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM import_log").fetchone()[0])


def test_first_use_creates_migrates_and_seeds_the_default_file(
    cli: Cli, default_db_path: Path
) -> None:
    assert not default_db_path.exists()
    result = cli("agreements", "--partner", "AstraZeneca", "-f", "json")
    assert result.exit_code == 0, result.stderr
    # the seed's and the curated deals' agreements with AstraZeneca or one of its units
    assert {a["slug"] for a in result.json()} == partner_agreement_slugs("astrazeneca")
    assert default_db_path.exists()
    assert _import_log_rows(default_db_path) == bundled_file_count()
    every = cli("agreements", "-f", "json").json()
    assert {a["slug"] for a in every} == agreement_slugs()
    assert len(every) >= 63  # the seed's 3 and at least 60 real deals
    assert [p.name for p in default_db_path.parent.iterdir() if "building" in p.name] == []
    again = cli("agreements", "--partner", "AstraZeneca", "-f", "json")
    assert again.stdout == result.stdout
    assert _import_log_rows(default_db_path) == bundled_file_count()  # seeded once


def test_concurrent_first_use_builds_the_default_once(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("COLLABDB_URL", None)
    command = [sys.executable, "-m", "collabdb", "agreements", "-p", "AZ", "-f", "json"]
    processes = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], [o[1] for o in outputs]
    assert len({o[0] for o in outputs}) == 1
    path = tmp_path / "data" / "collabdb" / "collabdb.sqlite3"
    assert _import_log_rows(path) == bundled_file_count()


def test_db_option_wins_over_environment_which_wins_over_default(
    cli: Cli,
    seeded_db: Path,
    empty_db: Path,
    default_db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLLABDB_URL", f"sqlite:///{empty_db}")
    from_env = cli("db", "info", "-f", "json").json()
    assert from_env["database"] == str(empty_db)
    from_option = cli("--db", str(seeded_db), "db", "info", "-f", "json").json()
    assert from_option["database"] == str(seeded_db)
    assert from_option["rows.agreements"] == 3
    assert not default_db_path.exists()
    monkeypatch.delenv("COLLABDB_URL")
    assert cli("db", "info", "-f", "json").json()["database"] == str(default_db_path)


def test_a_missing_explicit_file_exits_3_and_is_not_created(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    result = cli("--db", str(path), "agreements")
    assert result.exit_code == 3
    assert result.stderr == (
        f"error: database file {path} does not exist; create it with: "
        f"collabdb --db {path} db upgrade\n"
    )
    assert not path.exists()


def test_an_empty_explicit_database_exits_3(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    sqlite3.connect(path).close()
    result = cli("--db", f"sqlite:///{path}", "export")
    assert result.exit_code == 3
    assert result.stderr == (
        f"error: database {path} has no collabdb schema; create it with: "
        f"collabdb --db {path} db upgrade\n"
    )


def test_an_outdated_explicit_database_exits_3_and_is_not_migrated(
    cli: Cli, seeded_db: Path
) -> None:
    with sqlite3.connect(seeded_db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0000'")
    result = cli("--db", str(seeded_db), "agreements")
    assert result.exit_code == 3
    assert result.stderr == (
        f"error: database {seeded_db} is at schema revision 0000, not {HEAD_REVISION}; "
        f"upgrade it with: collabdb --db {seeded_db} db upgrade\n"
    )


def test_upgrade_then_seed_an_explicit_database(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "nested" / "team.db"
    upgraded = cli("--db", str(path), "db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.stderr
    assert upgraded.stdout == f"{path}: schema at head\n"
    assert cli("--db", str(path), "db", "info", "-f", "json").json()["rows.agreements"] == 0
    seeded = cli("--db", str(path), "db", "seed")
    assert seeded.exit_code == 0
    assert seeded.stdout.startswith("seed:collabdb-seed.json: ")
    assert seeded.stdout.splitlines()[0].endswith(" inserted, 0 updated, 0 unchanged")
    assert len(seeded.stdout.splitlines()) == bundled_file_count()
    again = cli("--db", str(path), "db", "seed")
    assert all(" 0 inserted, 0 updated, " in line for line in again.stdout.splitlines())
    info = cli("--db", str(path), "db", "info", "-f", "json").json()
    assert info["rows.agreements"] == len(agreement_slugs())
    assert info["schema_revision"] == HEAD_REVISION
    assert info["backend"] == "sqlite"


def test_version(cli: Cli) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"collabdb {__version__}\n"


def test_unknown_command_is_a_usage_error(cli: Cli) -> None:
    assert cli("frobnicate").exit_code == 2


def test_debug_shows_the_traceback(cli: Cli, tmp_path: Path) -> None:
    with pytest.raises(Exception, match="does not exist"):
        cli("--debug", "--db", str(tmp_path / "none.db"), "agreements")


def test_import_into_an_explicit_database(
    cli: Cli, tmp_path: Path, fictional_document: Any
) -> None:
    path = tmp_path / "other.db"
    assert cli("--db", str(path), "db", "upgrade").exit_code == 0
    result = cli(
        "--db", str(path), "import", str(write_json(tmp_path / "f.json", fictional_document))
    )
    assert result.exit_code == 0
    exported = json.loads(cli("--db", str(path), "export").stdout)
    assert [a["slug"] for a in exported["agreements"]] == ["quillmere-zaryanka-2021"]


def test_seed_articles_only_loads_the_two_articles_alone(cli: Cli, tmp_path: Path) -> None:
    path = str(tmp_path / "articles.db")
    assert cli("--db", path, "db", "upgrade").exit_code == 0
    seeded = cli("--db", path, "db", "seed", "--articles-only")
    assert seeded.exit_code == 0, seeded.stderr
    assert seeded.stdout.splitlines() == [
        line for line in seeded.stdout.splitlines() if line.startswith("seed:")
    ]
    listed = cli("--db", path, "agreements", "-f", "json").json()
    assert {a["slug"] for a in listed} == agreement_slugs(articles_only=True)
    assert len(listed) == 3
