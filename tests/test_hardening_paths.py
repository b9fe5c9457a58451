"""Issue 21, items 9, 10 and 13: a path names exactly its file, `export -o` writes where the
user meant (through a symlink, into a FIFO, keeping the mode) and leaves no litter, and the
default database survives an empty file, a killed first build and an unwritable directory."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from collabdb.config import target_from_text
from tests.bundled import agreement_slugs
from tests.conftest import Result
from tests.test_hardening_media import run_on_read_only_mount

#: What the default database holds: the seed's agreements and the curated deals'.
BUNDLED_AGREEMENTS = len(agreement_slugs())
Cli = Callable[..., Result]
ODD_NAMES = ["we?ird.db", "pct%41.db", "hash#tag.db", "sp ace&x=1.db", "file:x.db"]


def _files(directory: Path) -> list[str]:
    """The files in ``directory``, but the test's own data home and the -wal and -shm files an
    SQLite connection still open in this process keeps."""
    return sorted(
        p.name
        for p in directory.iterdir()
        if p.name != "xdg-data" and not p.name.endswith(("-wal", "-shm"))
    )


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", ODD_NAMES)
def test_a_db_path_names_exactly_that_file(cli: Cli, tmp_path: Path, name: str) -> None:
    folder = tmp_path / "dbs"
    folder.mkdir()
    path = folder / name
    upgraded = cli("--db", str(path), "db", "upgrade")
    assert (upgraded.exit_code, upgraded.stdout) == (0, f"{path}: schema at head\n")
    assert _files(folder) == [name]
    assert cli("--db", str(path), "db", "seed", "--articles-only").exit_code == 0
    listed = cli("--db", str(path), "agreements", "-f", "json")
    assert len(listed.json()) == 3
    info = cli("--db", str(path), "db", "info", "-f", "json").json()
    assert info["database"] == str(path)
    assert _files(folder) == [name]


def test_a_missing_odd_path_is_reported_as_typed(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "we?ird.db"
    (tmp_path / "we").write_bytes(b"")  # what `?` used to open instead
    result = cli("--db", str(path), "agreements")
    assert (result.exit_code, result.stderr) == (
        3,
        f"error: database file {path} does not exist; create it with: "
        f"collabdb --db {path} db upgrade\n",
    )
    assert _files(tmp_path) == ["we"]


def test_an_odd_data_home_holds_the_default_database(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "da?ta#%41"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    result = cli("agreements", "-f", "json")
    assert (result.exit_code, len(result.json())) == (0, BUNDLED_AGREEMENTS)
    assert _files(home / "collabdb") == ["collabdb.sqlite3", "collabdb.sqlite3.lock"]
    assert _files(tmp_path) == ["da?ta#%41"]


def test_a_sqlite_file_uri_round_trips_to_its_path(tmp_path: Path) -> None:
    path = tmp_path / "a?b#c%41 d.db"
    target = target_from_text(str(path))
    assert target_from_text(target.url).sqlite_path == path


# export -o


def _export(cli: Cli, db: Path, *args: str) -> Result:
    return cli("--db", str(db), "export", *args)


def test_export_writes_through_a_symlink(cli: Cli, seeded_db: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = _export(cli, seeded_db, "-o", str(link))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert link.is_symlink() and link.readlink() == real
    assert real.read_text(encoding="utf-8") == _export(cli, seeded_db).stdout
    assert _files(tmp_path) == sorted(["link.json", "real.json", "seeded.sqlite3"])


def test_export_keeps_the_mode_of_the_file_it_replaces(
    cli: Cli, seeded_db: Path, tmp_path: Path
) -> None:
    target = tmp_path / "kb.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    assert _export(cli, seeded_db, "-o", str(target)).exit_code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8") == _export(cli, seeded_db).stdout


def test_a_new_export_file_gets_the_usual_mode(cli: Cli, seeded_db: Path, tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        assert _export(cli, seeded_db, "-o", str(tmp_path / "new.json")).exit_code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.json").stat().st_mode) == 0o644


def test_export_writes_into_a_fifo(cli: Cli, seeded_db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = _export(cli, seeded_db, "-o", str(fifo))
    reader.join(timeout=30)
    assert (result.exit_code, result.stderr) == (0, "")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received == [_export(cli, seeded_db).stdout.encode("utf-8")]


def test_export_writes_into_dev_null(cli: Cli, seeded_db: Path) -> None:
    before = os.stat("/dev/null")
    result = _export(cli, seeded_db, "-o", "/dev/null")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_export_into_dev_full_says_so_and_exits_1(cli: Cli, seeded_db: Path) -> None:
    result = _export(cli, seeded_db, "-o", "/dev/full")
    assert (result.exit_code, result.stderr) == (
        1,
        "error: cannot write /dev/full: No space left on device\n",
    )
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: (d / "out").mkdir() or d / "out", "Is a directory"),
        (lambda d: d / "missing" / "kb.json", "No such file or directory"),
    ],
    ids=["directory", "missing-directory"],
)
def test_export_refuses_a_directory_or_a_missing_one(
    cli: Cli, seeded_db: Path, tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    target = make(tmp_path)
    before = _files(tmp_path)
    result = _export(cli, seeded_db, "-o", str(target))
    assert (result.exit_code, result.stderr) == (2, f"error: cannot write {target}: {message}\n")
    assert _files(tmp_path) == before


def test_a_failed_export_leaves_the_old_file_and_no_litter(
    cli: Cli, tmp_path: Path, seeded_db: Path
) -> None:
    target = tmp_path / "kb.json"
    target.write_text("old", encoding="utf-8")
    broken = tmp_path / "broken.sqlite3"
    shutil.copyfile(seeded_db, broken)
    _drop_a_table(broken)
    before = _files(tmp_path)
    result = _export(cli, broken, "-o", str(target))
    assert result.exit_code != 0
    assert target.read_text(encoding="utf-8") == "old"
    assert _files(tmp_path) == before


def _drop_a_table(path: Path) -> None:
    import sqlite3

    with sqlite3.connect(path) as connection:
        connection.execute("DROP VIEW IF EXISTS view_fact_sources")
        connection.execute("ALTER TABLE events RENAME TO events_gone")


def test_graph_output_uses_the_same_writer(cli: Cli, seeded_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "g.graphml"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    link = tmp_path / "link.graphml"
    link.symlink_to(target)
    assert cli("--db", str(seeded_db), "graph", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<?xml")


# The default database


def test_an_empty_default_file_is_built_and_seeded(cli: Cli, default_db_path: Path) -> None:
    default_db_path.parent.mkdir(parents=True)
    default_db_path.write_bytes(b"")
    result = cli("agreements", "-f", "json")
    assert (result.exit_code, len(result.json())) == (0, BUNDLED_AGREEMENTS)
    assert cli("db", "info", "-f", "json").json()["rows.agreements"] == BUNDLED_AGREEMENTS


def test_a_killed_first_build_leaves_nothing_behind_the_next_one(
    cli: Cli, default_db_path: Path
) -> None:
    folder = default_db_path.parent
    folder.mkdir(parents=True)
    dead = _dead_pid()
    ends = ("", "-wal", "-shm", "-journal")
    stale = [folder / f"collabdb.sqlite3.building-{dead}{end}" for end in ends]
    for path in stale:
        path.write_bytes(b"half")
    other = folder / "collabdb.sqlite3.building-notes"  # no PID in its name: kept
    other.write_bytes(b"")
    result = cli("agreements", "-f", "json")
    assert (result.exit_code, len(result.json())) == (0, BUNDLED_AGREEMENTS)
    assert _files(folder) == sorted(["collabdb.sqlite3", "collabdb.sqlite3.lock", other.name])
    assert not any(path.exists() for path in stale)


def test_a_build_killed_with_sigkill_is_cleaned_up(default_db_path: Path, tmp_path: Path) -> None:
    """A real first build killed half-way, then a real second command."""
    folder = default_db_path.parent
    command = [sys.executable, "-m", "collabdb", "agreements"]
    build = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    building = folder / f"collabdb.sqlite3.building-{build.pid}"
    for _ in range(2000):
        if building.exists() or build.poll() is not None:
            break
        threading.Event().wait(0.005)
    build.kill()
    build.wait()
    after = subprocess.run(command, capture_output=True, text=True, check=False)
    assert after.returncode == 0, after.stderr
    assert [n for n in _files(folder) if ".building-" in n] == []


def _dead_pid() -> int:
    finished = subprocess.Popen(["true"])
    finished.wait()
    return finished.pid


def test_an_unwritable_data_dir_is_one_line_exit_3(default_db_path: Path) -> None:
    home = default_db_path.parent.parent
    home.mkdir(parents=True)
    done = run_on_read_only_mount(home, ["db", "info"])
    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr == (
        f"error: cannot set up the default database {default_db_path}: Read-only file system: "
        f"{default_db_path.parent}; make that directory writable, or name a database with --db "
        "or COLLABDB_URL\n"
    )
    assert _files(home) == []
