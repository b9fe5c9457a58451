"""Issue 21, the last gaps: `collabdb sql` reads a database on a read-only mount and at a path
holding `?`, `#` or `%41`, leaving the file and its folder as they were; an import that holds
no record writes nothing, not even a row of the import log, on both backends."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Result
from tests.test_hardening_media import run_on_read_only_mount

Cli = Callable[..., Result]
COUNT = "SELECT count(*) AS n FROM agreements"
SLUGS = "SELECT slug FROM agreements ORDER BY slug"
ODD_NAMES = ["we?ird.db", "pct%41.db", "hash#tag.db", "sp ace&x=1.db", "file:x.db"]
NOTHING = "0 records inserted, 0 updated, 0 unchanged\n"


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def _listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def _slugs(cli: Cli, db: Path) -> list[str]:
    """The agreements of ``db`` as another command lists them."""
    return sorted(row["slug"] for row in cli("--db", str(db), "agreements", "-f", "json").json())


def _journal_mode(path: Path, mode: str) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute(f"PRAGMA journal_mode = {mode}").fetchone() == (mode,)
    finally:
        connection.close()


# `collabdb sql` on a read-only mount


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
def test_sql_reads_a_database_on_a_read_only_mount(
    cli: Cli, seeded_db: Path, tmp_path: Path, journal_mode: str
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    shared = Path(shutil.copyfile(seeded_db, folder / "kb.sqlite3"))
    _journal_mode(shared, journal_mode)
    before = _md5(shared)
    done = run_on_read_only_mount(folder, ["--db", str(shared), "sql", COUNT, "-f", "json"])
    expected = [{"n": len(_slugs(cli, seeded_db))}]
    assert (done.returncode, done.stderr, json.loads(done.stdout)) == (0, "", expected)
    assert (_md5(shared), _listing(folder)) == (before, ["kb.sqlite3"])


def test_sql_reads_a_read_only_mount_holding_a_read_s_leftover_files(
    cli: Cli, seeded_db: Path, tmp_path: Path
) -> None:
    """Empty -wal and -shm files beside the copy (as a reader elsewhere may leave them)."""
    folder = tmp_path / "shared"
    folder.mkdir()
    shared = Path(shutil.copyfile(seeded_db, folder / "kb.sqlite3"))
    for end in ("-wal", "-shm"):
        Path(f"{shared}{end}").write_bytes(b"")
    before = _md5(shared)
    done = run_on_read_only_mount(folder, ["--db", str(shared), "sql", COUNT, "-f", "json"])
    expected = [{"n": len(_slugs(cli, seeded_db))}]
    assert (done.returncode, done.stderr, json.loads(done.stdout)) == (0, "", expected)
    assert _md5(shared) == before
    assert _listing(folder) == ["kb.sqlite3", "kb.sqlite3-shm", "kb.sqlite3-wal"]


# `collabdb sql` at a path that looks like a URI


@pytest.mark.parametrize("journal_mode", ["wal", "delete"])
@pytest.mark.parametrize("name", ODD_NAMES)
def test_sql_reads_exactly_the_file_named(
    cli: Cli, seeded_db: Path, tmp_path: Path, name: str, journal_mode: str
) -> None:
    folder = tmp_path / "dbs"
    folder.mkdir()
    path = Path(shutil.copyfile(seeded_db, folder / name))
    _journal_mode(path, journal_mode)
    before = _md5(path)
    result = cli("--db", str(path), "sql", SLUGS, "-f", "csv")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == "slug\r\n" + "".join(f"{slug}\r\n" for slug in _slugs(cli, seeded_db))
    assert (_md5(path), _listing(folder)) == (before, [name])


def test_sql_on_a_missing_odd_path_opens_no_other_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "we?ird.db"
    (tmp_path / "we").write_bytes(b"")  # what `?` used to open instead
    result = cli("--db", str(path), "sql", COUNT)
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"error: database file {path} does not exist; create it with: "
        f"collabdb --db {path} db upgrade\n"
    )
    assert (tmp_path / "we").read_bytes() == b""
    assert not path.exists()


# An import that holds no record


EMPTY_INPUTS = [
    ("empty.jsonl", b""),
    ("header.jsonl", b'{"format_version": 2}\n'),
    ("blank.jsonl", b"\n\n   \n"),
    ("header-and-blank.jsonl", b'\n{"format_version": 2}\n\n'),
    ("header.json", b'{"format_version": 2}'),
    ("empty-lists.json", b'{"format_version": 2, "organizations": [], "agreements": []}'),
]


@pytest.mark.parametrize(("name", "data"), EMPTY_INPUTS)
def test_an_import_of_no_record_writes_no_log_row(
    cli: Cli, empty_db_url: str, tmp_path: Path, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("--db", empty_db_url, "import", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, NOTHING, "")
    logged = cli("--db", empty_db_url, "imports", "-f", "json")
    assert (logged.exit_code, logged.json()) == (0, [])


def test_no_record_from_stdin_writes_no_log_row_but_a_record_does(
    cli: Cli, empty_db_url: str
) -> None:
    db = ["--db", empty_db_url]
    for data in (b"", b'{"format_version": 2}\n'):
        result = cli(*db, "import", "--input-format", "jsonl", "-", stdin=data)
        assert (result.exit_code, result.stdout, result.stderr) == (0, NOTHING, "")
    assert cli(*db, "imports", "-f", "json").json() == []
    record = {
        "kind": "organizations",
        "record": {"slug": "ivory-lab", "name": "Ivory Lab", "kind": "company"},
    }
    data = b'{"format_version": 2}\n' + json.dumps(record).encode("utf-8") + b"\n"
    one = cli(*db, "import", "--input-format", "jsonl", "-", stdin=data)
    assert (one.exit_code, one.stdout) == (
        0,
        "organizations: 1 inserted, 0 updated, 0 unchanged\n"
        "1 records inserted, 0 updated, 0 unchanged\n",
    )
    logged = cli(*db, "imports", "-f", "json").json()
    assert [(e["file_name"], e["inserted"]) for e in logged] == [("-", 1)]


def test_a_dry_run_of_no_record_writes_nothing_either(cli: Cli, empty_db_url: str) -> None:
    result = cli("--db", empty_db_url, "import", "--dry-run", "--input-format", "jsonl", "-")
    assert (result.exit_code, result.stderr) == (0, "")
    assert cli("--db", empty_db_url, "imports", "-f", "json").json() == []
