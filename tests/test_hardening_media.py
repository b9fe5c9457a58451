"""Issue 21, items 12 and 14 on real media: a database on a read-only mount is read by every
read command and refuses writes in one line (exit 3); a full disk and a file size limit end an
import in one line (exit 3) with the file unchanged.

The mounts are made inside `unshare -m` (a private mount namespace, as root): a chmod-based
test would pass vacuously as root. Without root, and outside CI, these tests skip.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_json

COLLABDB = [sys.executable, "-m", "collabdb"]
READ_ONLY_MOUNT = 'mount --bind "$D" "$D" && mount -o remount,bind,ro "$D"'
# Each command runs in its own process inside the namespace; results come back as JSON.
_RUN_ALL = """
import json, subprocess, sys
results = []
for args in json.loads(sys.argv[1]):
    done = subprocess.run([sys.executable, "-m", "collabdb", *args], capture_output=True, text=True)
    results.append([done.returncode, done.stdout, done.stderr])
print(json.dumps(results))
"""
READ_COMMANDS = [
    ["agreements"],
    ["agreement", "astrazeneca-skolkovo-strategic-partnership-2017"],
    ["orgs"],
    ["org", "Skolkovo"],
    ["people"],
    ["person", "irina-panarina"],
    ["facilities"],
    ["figures"],
    ["areas"],
    ["programmes"],
    ["sources"],
    ["source", "gen-2013"],
    ["timeline"],
    ["search", "oncology"],
    ["graph", "-f", "json"],
    ["export"],
    ["export", "-f", "jsonl"],
    ["imports"],
    ["db", "info", "-f", "json"],
]


def _namespaces_work() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, check=False)
    return probe.returncode == 0


def _require_namespaces() -> None:
    if _namespaces_work():
        return
    reason = "needs root and `unshare -m` to make a read-only or small mount"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


def run_in_namespace(
    setup: str, commands: list[list[str]], *, env: dict[str, str]
) -> list[tuple[int, str, str]]:
    """Run ``collabdb ARGS`` for each of ``commands`` in a private mount namespace after
    ``setup`` (a shell command; ``env`` is its environment, on top of ours)."""
    _require_namespaces()
    script = f'{setup} && exec "$@"'
    command = ["unshare", "-m", "sh", "-c", script, "sh", sys.executable, "-c", _RUN_ALL]
    done = subprocess.run(
        [*command, json.dumps(commands)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [tuple(result) for result in json.loads(done.stdout)]  # type: ignore[misc]


def run_on_read_only_mount(directory: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    """``collabdb ARGS`` with ``directory`` mounted read-only."""
    ((code, stdout, stderr),) = run_in_namespace(READ_ONLY_MOUNT, [args], env={"D": str(directory)})
    return subprocess.CompletedProcess(args, code, stdout, stderr)


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def _listing(directory: Path) -> list[str]:
    """The files in ``directory`` (not the test's own data home)."""
    return sorted(p.name for p in directory.iterdir() if p.name != "xdg-data")


@pytest.fixture
def shared_copy(seeded_db: Path, tmp_path: Path) -> Path:
    """A seeded database alone in its folder, as a shared read-only copy would be."""
    folder = tmp_path / "shared"
    folder.mkdir()
    return Path(shutil.copyfile(seeded_db, folder / "kb.sqlite3"))


def test_every_read_command_works_on_a_read_only_mount(shared_copy: Path, tmp_path: Path) -> None:
    before = _md5(shared_copy)
    commands = [["--db", str(shared_copy), *args] for args in READ_COMMANDS]
    on_read_only = run_in_namespace(READ_ONLY_MOUNT, commands, env={"D": str(shared_copy.parent)})
    writable = tmp_path / "writable.sqlite3"
    shutil.copyfile(shared_copy, writable)
    for args, (code, stdout, stderr) in zip(READ_COMMANDS, on_read_only, strict=True):
        assert (code, stderr) == (0, ""), args
        expected = subprocess.run(
            [*COLLABDB, "--db", str(writable), *args], capture_output=True, text=True, check=True
        ).stdout
        assert stdout == expected.replace(str(writable), str(shared_copy)), args
    assert (_md5(shared_copy), _listing(shared_copy.parent)) == (before, ["kb.sqlite3"])


def test_a_write_to_a_read_only_mount_is_one_line_exit_3(
    shared_copy: Path, fictional_document: Any, tmp_path: Path
) -> None:
    before = _md5(shared_copy)
    document = write_json(tmp_path / "f.json", fictional_document)
    db = ["--db", str(shared_copy)]
    results = run_in_namespace(
        READ_ONLY_MOUNT,
        [[*db, "import", str(document)], [*db, "db", "seed"], [*db, "db", "upgrade"]],
        env={"D": str(shared_copy.parent)},
    )
    refused = (
        3,
        "",
        f"error: cannot write to database {shared_copy}: it is read-only (attempt to write a "
        "readonly database); nothing was written; to change it, copy it somewhere writable\n",
    )
    assert results == [refused, refused, (0, f"{shared_copy}: schema at head\n", "")]
    assert (_md5(shared_copy), _listing(shared_copy.parent)) == (before, ["kb.sqlite3"])


def test_the_default_database_on_a_read_only_mount_is_read(
    default_db_path: Path, seeded_db: Path
) -> None:
    default_db_path.parent.mkdir(parents=True)
    shutil.copyfile(seeded_db, default_db_path)
    before = _md5(default_db_path)
    ((code, stdout, stderr),) = run_in_namespace(
        READ_ONLY_MOUNT,
        [["agreements", "-f", "json"]],
        env={"D": str(default_db_path.parent.parent)},
    )
    assert (code, stderr, len(json.loads(stdout))) == (0, "", 3)
    assert _md5(default_db_path) == before
    assert _listing(default_db_path.parent) == ["collabdb.sqlite3"]


def _big_import(tmp_path: Path, *, name: str = "big.json") -> Path:
    """1500 synthetic deals, as a JSON document or (``.jsonl``) JSON Lines."""
    path = tmp_path / name
    file_format = "jsonl" if name.endswith(".jsonl") else "json"
    subprocess.run(
        [sys.executable, "benchmarks/synth.py", "--deals", "1500", "--format", file_format,
         "--output", str(path)],
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    return path


def test_an_import_onto_a_full_disk_is_one_line_and_changes_nothing(
    shared_copy: Path, tmp_path: Path
) -> None:
    big = _big_import(tmp_path)
    size_kb = shared_copy.stat().st_size // 1024 + 400
    setup = f'mount -t tmpfs -o size={size_kb}k tmpfs "$D" && cp "$SRC" "$D/kb.sqlite3"'
    folder = tmp_path / "small"
    folder.mkdir()
    inside = folder / "kb.sqlite3"
    db = ["--db", str(inside)]
    results = run_in_namespace(
        setup,
        [[*db, "import", str(big)], [*db, "export"], [*db, "imports", "-f", "json"]],
        env={"D": str(folder), "SRC": str(shared_copy)},
    )
    assert results[0] == (
        3,
        "",
        f"error: cannot write to database {inside}: the disk is full or the file too large "
        "(database or disk is full); nothing was written; free some space and try again\n",
    )
    for args, result in zip([["export"], ["imports", "-f", "json"]], results[1:], strict=True):
        expected = subprocess.run(
            [*COLLABDB, "--db", str(shared_copy), *args], capture_output=True, text=True
        )
        assert result == (0, expected.stdout, "")


def _import_under_a_file_size_limit(
    db: Path, document: Path, *, kilobytes: int
) -> subprocess.CompletedProcess[str]:
    """``collabdb import`` with ``ulimit -f``, spooling in the document's folder."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (kilobytes * 1024, kilobytes * 1024))

    return subprocess.run(
        [*COLLABDB, "--db", str(db), "import", str(document)],
        capture_output=True,
        text=True,
        preexec_fn=limit,
        env={**os.environ, "TMPDIR": str(document.parent)},
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("big.json", 3, "error: cannot read or write database {db} (disk I/O error); nothing "
         "was written; check the disk (space, file size limit) and try again\n"),
        ("big.jsonl", 1, "error: {document}: cannot spool the input to a temporary file in "
         "{folder} (File too large); nothing was imported; free some space there or set "
         "TMPDIR\n"),
    ],
    ids=["json-into-the-database", "jsonl-into-its-spool"],
)  # fmt: skip
def test_an_import_past_the_file_size_limit_is_one_line_and_changes_nothing(
    seeded_db: Path, tmp_path: Path, name: str, code: int, message: str
) -> None:
    document = _big_import(tmp_path, name=name)
    before = _md5(seeded_db)
    limit = seeded_db.stat().st_size // 1024 + 200 if name == "big.json" else 64
    done = _import_under_a_file_size_limit(seeded_db, document, kilobytes=limit)
    assert (done.returncode, done.stdout) == (code, "")
    assert done.stderr == message.format(db=seeded_db, document=document, folder=tmp_path)
    assert _md5(seeded_db) == before
    assert _listing(tmp_path) == sorted([name, "seeded.sqlite3"])
