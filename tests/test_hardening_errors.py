"""Issue 21, items 3 and 14: a URL is never shown with a secret, and a database or output that
cannot be used is one line with the right exit code, never `internal error`."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from collabdb.config import mask_url
from tests.conftest import Result, write_json

Cli = Callable[..., Result]
COLLABDB = [sys.executable, "-m", "collabdb"]


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://u:S3cret@h/db", "postgresql://u:***@h/db"),
        ("postgresql://u@h/db?password=S3cret", "postgresql://u@h/db?password=***"),
        (
            "postgresql+psycopg://u:pw@h:5/db?sslmode=require&sslpassword=S3cret&PassWord=x",
            "postgresql+psycopg://u:***@h:5/db?sslmode=require&sslpassword=***&PassWord=***",
        ),
        ("postgresql://h/db?application_name=a&token=S3cret", "postgresql://h/db?application_name=a&token=***"),
        ("sqlite:////tmp/kb.sqlite3?mode=ro&uri=true", "sqlite:////tmp/kb.sqlite3?mode=ro&uri=true"),
    ],
)  # fmt: skip
def test_secrets_are_masked_in_a_url(url: str, shown: str) -> None:
    assert mask_url(url) == shown


SECRET_URLS = [
    "postgresql+psycopg://u:S3cret@127.0.0.1:{port}/db",
    "postgresql+psycopg://u@127.0.0.1:{port}/db?password=S3cret",
    "postgresql+psycopg://u@127.0.0.1:{port}/db?sslpassword=S3cret&password=S3cret",
]


@pytest.mark.parametrize("url", SECRET_URLS)
def test_a_connection_error_never_shows_the_password(cli: Cli, url: str) -> None:
    result = cli("--db", url.format(port=1), "db", "info")
    assert result.exit_code == 3
    assert "S3cret" not in result.stderr
    assert result.stderr.startswith(
        f"error: cannot connect to database {mask_url(url.format(port=1))}: connection failed: "
    )
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("postgresql+psycopg://u:S3cret@127.0.0.1:abc/db", "its port is not a number"),
        ("postgresql+psycopg://u@127.0.0.1:99999/db?password=S3cret",
         'connection is bad: invalid port number: "99999"'),
        ("postgresql+psycopg://u:S3cret@127.0.0.1:5432/db?colour=blue",
         'invalid connection option "colour"'),
    ],
    ids=["port-not-a-number", "port-out-of-range", "unknown-option"],
)  # fmt: skip
def test_a_bad_port_or_option_in_the_url_is_a_usage_error(cli: Cli, url: str, reason: str) -> None:
    for command in (["agreements"], ["db", "info"], ["db", "upgrade"], ["import", "-"]):
        result = cli("--db", url, *command, stdin=b"{}")
        assert (result.exit_code, result.stdout) == (2, ""), command
        assert result.stderr == f"error: invalid database URL {mask_url(url)}: {reason}\n"


def test_a_file_that_is_not_a_database_is_one_line_exit_3(
    cli: Cli, tmp_path: Path, fictional_document: Any
) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("these are notes, not a database\n" * 200, encoding="utf-8")
    before = path.read_bytes()
    document = write_json(tmp_path / "f.json", fictional_document)
    message = (
        f"error: database {path} is not an SQLite database (file is not a database); check "
        "the path given to --db or COLLABDB_URL\n"
    )
    for command in (["agreements"], ["db", "info"], ["import", str(document)], ["db", "seed"]):
        result = cli("--db", str(path), *command)
        assert (result.exit_code, result.stdout, result.stderr) == (3, "", message), command
    upgraded = cli("--db", str(path), "db", "upgrade")
    assert (upgraded.exit_code, upgraded.stderr) == (3, message)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.json", "notes.txt"]


def test_a_default_file_that_is_not_a_database_is_one_line_exit_3(
    cli: Cli, default_db_path: Path
) -> None:
    default_db_path.parent.mkdir(parents=True)
    default_db_path.write_bytes(b"not a database" * 100)
    result = cli("db", "info")
    assert (result.exit_code, result.stderr) == (
        3,
        f"error: database {default_db_path} is not an SQLite database (file is not a database);"
        " check the path given to --db or COLLABDB_URL\n",
    )
    assert default_db_path.read_bytes() == b"not a database" * 100


def test_the_debug_option_still_shows_the_traceback(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n" * 200, encoding="utf-8")
    with pytest.raises(Exception, match="not an SQLite database"):
        cli("--debug", "--db", str(path), "agreements")


def _run(args: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COLLABDB, *args], capture_output=True, text=True, check=False, **kwargs)


def test_import_from_a_closed_stdin_is_one_line_exit_2(seeded_db: Path) -> None:
    before = hashlib.md5(seeded_db.read_bytes()).hexdigest()
    done = subprocess.run(
        [*COLLABDB, "--db", str(seeded_db), "import", "-"],
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=_close_stdin,
        stdin=None,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        "error: cannot read standard input: it is closed\n",
    )
    assert hashlib.md5(seeded_db.read_bytes()).hexdigest() == before


def _close_stdin() -> None:
    import os

    os.close(0)


@pytest.mark.parametrize(
    "command", [["export"], ["export", "-f", "jsonl"], ["agreements"], ["db", "info"], ["schema"]]
)
def test_dev_full_as_stdout_is_one_line_exit_1(seeded_db: Path, command: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [*COLLABDB, "--db", str(seeded_db), *command],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert (done.returncode, done.stderr) == (
        1,
        "error: cannot write the output: No space left on device\n",
    )
