"""`collabdb sql` is bounded: a time limit, "busy" for a lock held too long, Ctrl-C (exit 130),
rows streamed as they come (kept when the query is then cancelled), a capped table, and a
reader that goes away (`| head`) ends it quietly. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from tests.conftest import Result
from tests.postgres_server import SERVER_USER
from tests.sql_reader import READER

Cli = Callable[..., Result]
ENDLESS = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r) SELECT n FROM r"
BUSY = "error: database busy: another process holds the write lock; try again later\n"


def _counting(rows: int) -> str:
    return (
        f"WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM r WHERE n < {rows}) "
        "SELECT n FROM r"
    )


def _collabdb(*args: str, stdout: int | None = subprocess.PIPE) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", "from collabdb.cli.start import main; main()", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
    )


def test_past_the_time_limit_the_query_is_cancelled_and_rows_written_stay(
    cli: Cli, sql_url: str
) -> None:
    result = cli("--db", sql_url, "sql", ENDLESS, "--timeout", "1", "-f", "csv")
    assert (result.exit_code, result.stderr) == (1, "error: query cancelled after 1 s\n")
    assert result.stdout.startswith("n\r\n1\r\n2\r\n3\r\n")


def test_a_lock_held_past_the_limit_is_busy_on_sqlite(cli: Cli, seeded_db: Path) -> None:
    with sqlite3.connect(seeded_db, isolation_level=None) as writer:
        writer.execute("PRAGMA journal_mode = DELETE")  # in WAL mode nothing blocks a reader
        writer.execute("BEGIN EXCLUSIVE")
        result = cli(
            "--db", str(seeded_db), "sql", "SELECT count(*) FROM agreements", "--timeout", "1"
        )
        writer.execute("ROLLBACK")
    assert (result.exit_code, result.stdout, result.stderr) == (3, "", BUSY)


def test_a_lock_held_past_the_limit_is_busy_on_postgresql(cli: Cli, pg_reader_url: str) -> None:
    owner_url = pg_reader_url.replace(f"//{READER}@", f"//{SERVER_USER}@").replace("+psycopg", "")
    with psycopg.connect(owner_url) as writer:
        writer.execute("LOCK TABLE agreements IN ACCESS EXCLUSIVE MODE")
        result = cli(
            "--db", pg_reader_url, "sql", "SELECT count(*) FROM agreements", "--timeout", "1"
        )
        writer.rollback()
    assert (result.exit_code, result.stdout, result.stderr) == (3, "", BUSY)


def _wait_until_running(process: subprocess.Popen[bytes], sql_url: str) -> None:
    """Until the statement runs: on PostgreSQL the server says so; on SQLite the process has
    the database file open (its Ctrl-C handler is in place before that)."""
    for _ in range(400):
        assert process.poll() is None, process.communicate()
        if sql_url.startswith("postgresql"):
            owner_url = sql_url.replace(f"//{READER}@", f"//{SERVER_USER}@")
            with psycopg.connect(owner_url.replace("+psycopg", "")) as watcher:
                if watcher.execute(
                    "SELECT 1 FROM pg_stat_activity WHERE usename = %s AND state = 'active' "
                    "AND query LIKE 'WITH RECURSIVE%%'",
                    [READER],
                ).fetchall():
                    return
        else:
            fds = Path(f"/proc/{process.pid}/fd")
            if any(os.path.realpath(fd) == str(Path(sql_url).resolve()) for fd in fds.iterdir()):
                time.sleep(0.5)
                return
        time.sleep(0.05)
    raise AssertionError("the query did not start")


def test_ctrl_c_stops_a_running_query(sql_url: str) -> None:
    """An endless recursive CTE that must be sorted: nothing to print until it ends."""
    process = _collabdb("--db", sql_url, "sql", f"{ENDLESS} ORDER BY n", "--timeout", "0")
    try:
        _wait_until_running(process, sql_url)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=20)  # stopped, not a measure of speed
    finally:
        process.kill()
    assert (process.returncode, stderr.decode()) == (
        130,
        "error: query cancelled: interrupted (Ctrl-C)\n",
    )


def test_a_reader_that_goes_away_ends_it_quietly(sql_url: str) -> None:
    process = _collabdb("--db", sql_url, "sql", _counting(1_000_000), "-f", "csv")
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline() == b"n\r\n"
    process.stdout.close()  # as `| head -1` does
    stderr = process.stderr.read()
    process.wait(timeout=60)
    assert (process.returncode, stderr) == (1, b"")


def test_json_rows_stream_as_one_valid_array(cli: Cli, sql_url: str) -> None:
    result = cli("--db", sql_url, "sql", _counting(2500), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == [{"n": n} for n in range(1, 2501)]
    empty = cli("--db", sql_url, "sql", "SELECT 1 AS n WHERE 1 = 0", "-f", "json")
    assert (empty.exit_code, empty.stdout) == (0, "[]\n")


def test_csv_rows_stream_with_their_header(cli: Cli, sql_url: str) -> None:
    result = cli("--db", sql_url, "sql", _counting(2500), "-f", "csv")
    assert result.stdout == "n\r\n" + "".join(f"{n}\r\n" for n in range(1, 2501))


def test_a_table_shows_the_first_thousand_rows_and_says_so(cli: Cli, sql_url: str) -> None:
    result = cli("--db", sql_url, "sql", _counting(1500))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == ["n", "----", "1"] and lines[-1] == "1000" and len(lines) == 1002
    assert result.stderr == "showing the first 1000 rows; --format csv or json writes them all\n"


@pytest.mark.parametrize("value", ["-1", "abc"])
def test_a_bad_timeout_is_a_usage_error(value: str, cli: Cli, seeded_db: Path) -> None:
    result = cli("--db", str(seeded_db), "sql", "SELECT 1", "--timeout", value)
    assert result.exit_code == 2
    assert "--timeout" in result.stderr
