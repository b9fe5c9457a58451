"""The importer cannot corrupt the database or lose data: atomic, crash-safe, concurrency-safe.

Every test here runs against the ``database`` fixture, parametrized by backend: SQLite, and
PostgreSQL on the test session's own server.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from collabdb.kinds import SPEC_BY_KIND
from collabdb.services.exporter import export_json
from tests.conftest import REPO_ROOT, Result
from tests.synthetic import write_synthetic

Cli = Callable[..., Result]


@dataclass
class Database:
    """One database under test, however it is hosted."""

    arg: str  # what to pass to --db
    engine: Engine
    reset: Callable[[], None]  # back to the seeded state
    integrity: Callable[[], str]

    def export(self) -> str:
        return export_json(self.engine)

    def counts(self) -> dict[str, int]:
        """Rows in every table: equal counts before/after tell a half import at once."""
        with self.engine.connect() as connection:
            tables = inspect(connection).get_table_names()
            return {
                table: connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one()
                for table in sorted(tables)
            }


@pytest.fixture(params=["sqlite", "postgresql"])
def database(
    request: pytest.FixtureRequest, seeded_db: Path, tmp_path: Path, engine_for: Any
) -> Iterator[Database]:
    if request.param == "postgresql":
        yield from _postgresql_database(request, seeded_db)
        return
    pristine = tmp_path / "pristine.sqlite3"
    shutil.copyfile(seeded_db, pristine)
    engine = engine_for(seeded_db)

    def reset() -> None:
        engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{seeded_db}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(pristine, seeded_db)

    def integrity() -> str:
        # Closed here, not left to the garbage collector: a connection still open when reset()
        # deletes the -wal and -shm files and rewrites the database in place keeps the old WAL
        # index mapped, and SQLite shares it with this process's next connection to the same
        # file, which then reads pages that are not there ("database disk image is malformed").
        with contextlib.closing(sqlite3.connect(seeded_db)) as connection:
            return str(connection.execute("PRAGMA integrity_check").fetchone()[0])

    yield Database(str(seeded_db), engine, reset, integrity)


def _postgresql_database(request: pytest.FixtureRequest, seeded_db: Path) -> Iterator[Database]:
    # The session's throwaway server (tests/postgres_server.py): a failure under CI=true when
    # PostgreSQL is missing, a skip elsewhere.
    server = request.getfixturevalue("postgres_server").url("postgres")
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from collabdb.config import target_from_text
    from collabdb.db import make_engine
    from collabdb.migrations import upgrade_to_head
    from collabdb.services.seed import load_seed

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    name = f"collabdb_reliability_{os.getpid()}_{abs(hash(request.node.nodeid)) % 10**8}"
    template = f"{name}_template"
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    template_url = make_url(server).set(database=template).render_as_string(hide_password=False)

    def run(*statements: str) -> None:
        with admin.connect() as connection:
            for statement in statements:
                connection.exec_driver_sql(statement)

    run(f'DROP DATABASE IF EXISTS "{template}"', f'CREATE DATABASE "{template}"')
    seeding = make_engine(target_from_text(template_url))
    upgrade_to_head(seeding)
    load_seed(seeding)
    seeding.dispose()
    engine = make_engine(target_from_text(url))

    def reset() -> None:
        engine.dispose()
        run(
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
            f'CREATE DATABASE "{name}" TEMPLATE "{template}"',
        )

    reset()
    try:
        yield Database(url, engine, reset, lambda: "ok")
    finally:
        engine.dispose()
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'DROP DATABASE "{template}"')
        admin.dispose()


def _collabdb(*args: str, **popen: Any) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    return subprocess.Popen([sys.executable, "-m", "collabdb", *args], env=environment, **popen)


def test_a_bad_last_record_of_a_large_file_leaves_the_database_exactly_as_before(
    cli: Cli, database: Database, tmp_path: Path
) -> None:
    path = write_synthetic(tmp_path / "deals.jsonl", deals=400, seed=21)
    lines = path.read_text(encoding="utf-8").splitlines()
    last = json.loads(lines[-1])
    assert last["kind"] == "figures"
    last["record"]["agreement"] = "no-such-agreement"
    lines[-1] = json.dumps(last)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = database.export()
    log_before = database.counts()["import_log"]

    result = cli("--db", database.arg, "import", str(path))

    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"line {len(lines)}: $.record.agreement: unknown agreements slug 'no-such-agreement' "
        "(not in this file nor in the database)",
        f"error: {path}: 1 problem; nothing was imported",
    ]
    assert database.export() == before
    assert database.counts()["import_log"] == log_before


# PostgreSQL's writer lock and its timeout are tested in tests/test_postgresql.py.
@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_a_busy_database_exits_3_and_nothing_is_written(
    cli: Cli, database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_synthetic(tmp_path / "deals.jsonl", deals=5, seed=22)
    before = database.counts()
    monkeypatch.setenv("COLLABDB_BUSY_TIMEOUT", "0.2")
    holder = sqlite3.connect(database.arg, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        result = cli("--db", database.arg, "import", str(path))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 3
    assert result.stderr == (
        "error: database busy: another process holds the write lock; try again later\n"
    )
    assert database.counts() == before


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_an_invalid_busy_timeout_is_a_usage_error(
    cli: Cli, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLLABDB_BUSY_TIMEOUT", "soon")
    result = cli("--db", database.arg, "imports")
    assert result.exit_code == 2
    assert result.stderr == "error: COLLABDB_BUSY_TIMEOUT must be a number of seconds, not 'soon'\n"


@pytest.mark.slow
def test_four_imports_at_once_all_succeed(database: Database, tmp_path: Path) -> None:
    files = [
        write_synthetic(tmp_path / f"deals-{seed}.jsonl", deals=120, seed=seed)
        for seed in (31, 32, 33, 34)
    ]
    before = database.counts()
    processes = [
        _collabdb(
            "--db", database.arg, "import", str(f), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for f in files
    ]
    outputs = [process.communicate(timeout=300) for process in processes]

    for process, (stdout, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr.decode()
        assert stderr == b""  # no near-duplicate warnings either: the seeds' names are apart
        assert stdout.decode().endswith("0 updated, 0 unchanged\n")
    after = database.counts()
    expected = dict(before)
    expected["import_log"] += 4
    for stdout, _ in outputs:
        for line in stdout.decode().splitlines()[:-1]:  # "organizations: 150 inserted, ..."
            kind, _, counts = line.partition(": ")
            expected[SPEC_BY_KIND[kind].table.name] += int(counts.split()[0])
    for table in {spec.table.name for spec in SPEC_BY_KIND.values()}:
        assert after[table] == expected[table], table
    assert after["agreements"] == before["agreements"] + 4 * 120
    assert database.integrity() == "ok"


@pytest.mark.slow
def test_kill_9_mid_import_leaves_the_database_entirely_before_or_after(
    database: Database, tmp_path: Path
) -> None:
    path = write_synthetic(tmp_path / "deals.jsonl", deals=600, seed=41)
    before = database.counts()
    complete = _collabdb(
        "--db",
        database.arg,
        "import",
        "--progress",
        "lines",
        str(path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    progress = complete.communicate(timeout=300)[1].decode().splitlines()
    assert complete.returncode == 0
    after = database.counts()
    assert after != before
    batches = sum(line.startswith("writing: ") for line in progress)
    assert batches >= 5

    rng = random.Random(7)
    killed_mid_write = 0
    for attempt in range(20):
        database.reset()
        # Kill after the k-th batch is written and before the last one: rows are being written.
        wanted = rng.randint(1, batches - 2)
        process = _collabdb(
            "--db",
            database.arg,
            "import",
            "--progress",
            "lines",
            str(path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        assert process.stderr is not None
        written = 0
        for line in process.stderr:
            written += line.startswith(b"writing: ")
            if written == wanted:
                break
        time.sleep(rng.uniform(0, 0.05))
        still_running = process.poll() is None
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        process.stderr.close()
        state = database.counts()
        assert state in (before, after), f"attempt {attempt}: half an import"
        assert database.integrity() == "ok"
        if still_running and state == before:
            killed_mid_write += 1
    # The kills were aimed between two batches; a busy machine may let a few run to the end.
    assert killed_mid_write >= 10, killed_mid_write
    database.reset()
    assert database.counts() == before
