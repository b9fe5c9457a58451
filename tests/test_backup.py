"""`collabdb db backup PATH`: a consistent copy of a live SQLite database, never over a file."""

from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from collabdb.config import target_from_text
from collabdb.db import HEAD_REVISION
from tests.conftest import Result

Cli = Callable[..., Result]

COLLABDB = [sys.executable, "-m", "collabdb"]
BUSY = "error: database busy: another process holds the write lock; try again later\n"
AGREEMENT = "astrazeneca-petrov-institute-cancer-genetics-2013"


def _pages(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("PRAGMA page_count").fetchone()[0])


def _title(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        row = connection.execute("SELECT title FROM agreements WHERE slug = ?", (AGREEMENT,))
        return str(row.fetchone()[0])


def _leftovers(directory: Path) -> list[str]:
    """Temporary files of a backup left in ``directory``."""
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".backup"))


def _exists_message(path: Path) -> str:
    return (
        f"error: cannot write the backup to {path}: it already exists (a backup never "
        "overwrites a file; name a new one)\n"
    )


def test_the_copy_is_a_complete_database_at_head_with_the_same_export(
    cli: Cli, seeded_db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.sqlite3"
    result = cli("--db", str(seeded_db), "db", "backup", str(copy))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"backed up {seeded_db} to {copy} ({_pages(copy)} pages)\n"
    assert _leftovers(tmp_path) == []
    assert cli("--db", str(copy), "export").stdout == cli("--db", str(seeded_db), "export").stdout
    info = cli("--db", str(copy), "db", "info", "-f", "json").json()
    assert info["schema_revision"] == HEAD_REVISION
    agreements = cli("--db", str(copy), "agreements", "--partner", "Petrov Institute", "-f", "csv")
    assert agreements.exit_code == 0, agreements.stderr
    assert AGREEMENT in agreements.stdout


def test_a_relative_path_is_written_in_the_current_directory(
    cli: Cli, seeded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("--db", str(seeded_db), "db", "backup", "relative.sqlite3")
    copy = tmp_path / "relative.sqlite3"
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"backed up {seeded_db} to {copy} ({_pages(copy)} pages)\n"


def test_a_backup_under_an_open_write_transaction_holds_the_committed_state_only(
    cli: Cli, seeded_db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.sqlite3"
    writer = sqlite3.connect(seeded_db, isolation_level=None)
    try:
        assert writer.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        # committed, still in the write-ahead log (the writer's connection stays open)
        writer.execute(
            "UPDATE agreements SET title = 'Committed title' WHERE slug = ?", (AGREEMENT,)
        )
        committed = cli("--db", str(seeded_db), "export").stdout
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE agreements SET title = 'Not committed' WHERE slug = ?", (AGREEMENT,))
        result = cli("--db", str(seeded_db), "db", "backup", str(copy))
        assert (result.exit_code, result.stderr) == (0, "")
        assert result.stdout == f"backed up {seeded_db} to {copy} ({_pages(copy)} pages)\n"
        writer.execute("COMMIT")
    finally:
        writer.close()
    assert _title(copy) == "Committed title"
    assert _title(seeded_db) == "Not committed"  # the write was real, and came after
    assert cli("--db", str(copy), "export").stdout == committed


@pytest.mark.parametrize("existing", ["file", "source", "dangling-symlink"])
def test_an_existing_target_is_refused_and_left_as_it_was(
    cli: Cli, seeded_db: Path, tmp_path: Path, existing: str
) -> None:
    target = {"file": tmp_path / "copy.sqlite3", "source": seeded_db}.get(existing)
    if existing == "file":
        assert target is not None
        target.write_bytes(b"keep me")
    if existing == "dangling-symlink":
        target = tmp_path / "link.sqlite3"
        target.symlink_to(tmp_path / "nowhere.sqlite3")
    assert target is not None
    before = sorted(p.name for p in tmp_path.iterdir())
    content = target.read_bytes() if target.exists() else None
    result = cli("--db", str(seeded_db), "db", "backup", str(target))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == _exists_message(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (target.read_bytes() if target.exists() else None) == content
    assert not (tmp_path / "nowhere.sqlite3").exists()


def test_a_directory_is_refused(cli: Cli, seeded_db: Path, tmp_path: Path) -> None:
    result = cli("--db", str(seeded_db), "db", "backup", str(tmp_path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: cannot write the backup to {tmp_path}: it is a directory\n"
    assert _leftovers(tmp_path) == []


def test_a_missing_directory_is_named_and_not_created(
    cli: Cli, seeded_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "copy.sqlite3"
    result = cli("--db", str(seeded_db), "db", "backup", str(target))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: cannot write the backup to {target}: directory {tmp_path / 'missing'} "
        "does not exist\n"
    )
    assert not target.parent.exists()


def test_postgresql_is_sent_to_pg_dump(cli: Cli, pg_url: str, tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite3"
    result = cli("--db", pg_url, "db", "backup", str(target))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: collabdb db backup copies SQLite files only; back up the PostgreSQL database "
        f'{target_from_text(pg_url).display} with pg_dump ("Backups", docs/postgresql.md)\n'
    )
    assert list(tmp_path.iterdir()) == []
    docs = (Path(__file__).resolve().parents[1] / "docs" / "postgresql.md").read_text("utf-8")
    assert "## Backups" in docs and "pg_dump" in docs and "pg_restore" in docs


def test_postgresql_is_refused_without_connecting(cli: Cli, tmp_path: Path) -> None:
    url = "postgresql+psycopg://someone:s3cret@127.0.0.1:1/nowhere"
    result = cli("--db", url, "db", "backup", str(tmp_path / "copy.sqlite3"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: collabdb db backup copies SQLite files only; back up the PostgreSQL database "
        'postgresql+psycopg://someone:***@127.0.0.1:1/nowhere with pg_dump ("Backups", '
        "docs/postgresql.md)\n"
    )


def test_the_default_database_builds_itself_and_is_backed_up(
    cli: Cli, default_db_path: Path, tmp_path: Path
) -> None:
    assert not default_db_path.exists()
    copy = tmp_path / "default-copy.sqlite3"
    result = cli("db", "backup", str(copy))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"backed up {default_db_path} to {copy} ({_pages(copy)} pages)\n"
    assert default_db_path.exists()
    assert cli("--db", str(copy), "export").stdout == cli("export").stdout


def test_a_busy_source_exits_3_and_writes_nothing(
    cli: Cli, seeded_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLABDB_BUSY_TIMEOUT", "0.2")
    copy = tmp_path / "copy.sqlite3"
    with sqlite3.connect(seeded_db, isolation_level=None) as writer:
        writer.execute("PRAGMA journal_mode = DELETE")  # in WAL mode nothing blocks a reader
        writer.execute("BEGIN EXCLUSIVE")
        result = cli("--db", str(seeded_db), "db", "backup", str(copy))
        writer.execute("ROLLBACK")
    assert (result.exit_code, result.stdout, result.stderr) == (3, "", BUSY)
    assert not copy.exists()
    assert _leftovers(tmp_path) == []


def test_an_unreadable_source_exits_3(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "not-a-database.sqlite3"
    source.write_bytes(b"not a database, " * 100)
    copy = tmp_path / "copy.sqlite3"
    result = cli("--db", str(source), "db", "backup", str(copy))
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"error: database {source} is not an SQLite database (file is not a database); check "
        "the path given to --db or COLLABDB_URL\n"
    )
    assert not copy.exists()


def test_a_copy_that_cannot_be_written_whole_leaves_nothing(
    seeded_db: Path, tmp_path: Path
) -> None:
    """Under a file size limit (``ulimit -f``) smaller than the database: one line, exit 1, no
    file at the target and no temporary file beside it."""
    target_directory = tmp_path / "copies"
    target_directory.mkdir()
    copy = target_directory / "copy.sqlite3"
    kilobytes = 64
    assert seeded_db.stat().st_size > kilobytes * 1024

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (kilobytes * 1024, kilobytes * 1024))

    done = subprocess.run(
        [*COLLABDB, "--db", str(seeded_db), "db", "backup", str(copy)],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        env=os.environ.copy(),
        check=False,
    )
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"error: cannot write the backup to {copy} (disk I/O error); nothing was written; "
        "check the disk there (space, file size limit, permissions) and try again\n"
    )
    assert list(target_directory.iterdir()) == []
