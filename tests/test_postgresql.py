"""PostgreSQL as a team's shared database: every command through a URL, SQLite <-> PostgreSQL
round trips, and concurrent writers (the writers' table lock)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from collabdb.db import HEAD_REVISION, POSTGRESQL_WRITE_LOCK_TABLE
from collabdb.services.exporter import export_json
from collabdb.unit_of_work import UnitOfWork
from tests import postgres_server
from tests.bundled import agreement_slugs, partner_agreement_slugs
from tests.conftest import Result, write_json

Cli = Callable[..., Result]

BUSY = "error: database busy: another process holds the write lock; try again later\n"


def test_a_new_server_database_is_set_up_by_upgrade_and_seed(
    cli: Cli, pg_blank_url: str, engine_for: Any
) -> None:
    before = cli("--db", pg_blank_url, "agreements")
    assert before.exit_code == 3
    assert before.stderr == (
        f"error: database {pg_blank_url} has no collabdb schema; create it with: "
        f"collabdb --db {pg_blank_url} db upgrade\n"
    )
    assert cli("--db", pg_blank_url, "db", "upgrade").stdout == f"{pg_blank_url}: schema at head\n"
    seeded = cli("--db", pg_blank_url, "db", "seed")
    assert seeded.exit_code == 0, seeded.stderr
    assert seeded.stdout.splitlines()[0].endswith(" inserted, 0 updated, 0 unchanged")
    again = cli("--db", pg_blank_url, "db", "seed")
    assert all(" 0 inserted, 0 updated, " in line for line in again.stdout.splitlines())
    info = cli("--db", pg_blank_url, "db", "info", "-f", "json").json()
    assert (info["backend"], info["schema_revision"]) == ("postgresql", HEAD_REVISION)
    assert info["rows.agreements"] == len(agreement_slugs())
    listed = cli("--db", pg_blank_url, "agreements", "-p", "AZ", "-f", "json")
    assert {a["slug"] for a in listed.json()} == partner_agreement_slugs("astrazeneca")


def test_collabdb_url_reaches_every_command(
    cli: Cli,
    pg_empty_url: str,
    fictional_document: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLLABDB_URL", pg_empty_url)
    assert cli("db", "upgrade").exit_code == 0
    path = write_json(tmp_path / "fictional.json", fictional_document)
    imported = cli("import", str(path))
    assert imported.stdout.endswith("8 records inserted, 0 updated, 0 unchanged\n")
    assert [a["slug"] for a in cli("agreements", "-f", "json").json()] == [
        "quillmere-zaryanka-2021"
    ]
    exported = cli("export")
    assert json.loads(exported.stdout)["figures"][0]["amount"] == "12500000"
    # `sql` checks the role the URL names (the server's superuser here) before it runs anything.
    refused = cli("sql", "SELECT count(*) AS n FROM organizations", "-f", "json")
    assert refused.exit_code == 2
    assert refused.stderr.startswith("error: collabdb sql does not run as role postgres:")


def test_a_driverless_postgresql_url_uses_psycopg(cli: Cli, pg_url: str) -> None:
    plain = pg_url.replace("postgresql+psycopg://", "postgresql://")
    result = cli("--db", plain, "agreements", "-p", "Skolkovo", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert len(result.json()) == 1


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_server_is_one_line_and_exit_3(cli: Cli) -> None:
    url = f"postgresql+psycopg://analyst:secret@127.0.0.1:{_unused_port()}/collabdb"
    for command in (["agreements"], ["db", "upgrade"], ["sql", "SELECT 1"]):
        result = cli("--db", url, *command)
        assert result.exit_code == 3, command
        [line] = result.stderr.splitlines()
        assert line.startswith(
            "error: cannot connect to database postgresql+psycopg://analyst:***@127.0.0.1:"
        )
        assert "Connection refused" in line
        assert "secret" not in result.stderr


def test_an_unsupported_url_is_a_usage_error(cli: Cli) -> None:
    result = cli("--db", "mysql://user@localhost/collabdb", "agreements")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: unsupported database mysql://user@localhost/collabdb: use an SQLite file path or "
        "URL (sqlite:///PATH) or a PostgreSQL URL (postgresql+psycopg://USER@HOST/DATABASE)\n"
    )


def _export(cli: Cli, db_url: str) -> str:
    result = cli("--db", db_url, "export")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _grow(cli: Cli, db_url: str, fictional_document: Any, tmp_path: Path) -> None:
    """The seed plus invented records with Cyrillic text and a 30-digit amount."""
    fictional_document["figures"][0]["amount"] = "12345678901234567890.0123456789"
    path = write_json(tmp_path / "grow.json", fictional_document)
    assert cli("--db", db_url, "import", str(path)).exit_code == 0


def test_sqlite_to_postgresql_to_export_is_byte_identical(
    cli: Cli, seeded_db: Path, pg_empty_url: str, fictional_document: Any, tmp_path: Path
) -> None:
    _grow(cli, str(seeded_db), fictional_document, tmp_path)
    from_sqlite = _export(cli, str(seeded_db))
    (tmp_path / "kb.json").write_text(from_sqlite, encoding="utf-8")
    assert cli("--db", pg_empty_url, "import", str(tmp_path / "kb.json")).exit_code == 0
    assert _export(cli, pg_empty_url) == from_sqlite


def test_postgresql_to_sqlite_to_export_is_byte_identical(
    cli: Cli, pg_url: str, empty_db: Path, fictional_document: Any, tmp_path: Path
) -> None:
    _grow(cli, pg_url, fictional_document, tmp_path)
    from_postgresql = _export(cli, pg_url)
    (tmp_path / "kb.json").write_text(from_postgresql, encoding="utf-8")
    assert cli("--db", str(empty_db), "import", str(tmp_path / "kb.json")).exit_code == 0
    assert _export(cli, str(empty_db)) == from_postgresql


def _other_session_can_lock(engine: Any) -> bool:
    from sqlalchemy.exc import OperationalError

    lock = f"LOCK TABLE {POSTGRESQL_WRITE_LOCK_TABLE} IN SHARE ROW EXCLUSIVE MODE NOWAIT"
    with engine.connect() as connection:
        try:
            connection.execute(text(lock))
        except OperationalError:  # lock_not_available
            return False
        return True


def test_a_writing_unit_of_work_holds_the_write_lock_until_it_ends(
    pg_url: str, engine_for: Any
) -> None:
    engine = engine_for(pg_url)
    with UnitOfWork(engine) as reader:
        assert _other_session_can_lock(engine)  # readers take no lock
        reader.connection.execute(text("SELECT 1"))
    with UnitOfWork(engine, write=True) as writer:
        assert not _other_session_can_lock(engine)
        writer.commit()
    assert _other_session_can_lock(engine)


def test_statements_are_planned_on_every_run_never_prepared(pg_url: str, engine_for: Any) -> None:
    """psycopg prepares a statement on its 5th run, and the server may then keep a generic plan
    made while an import's tables were still small (a sequential scan) for the rest of the
    import: collabdb's connections never prepare."""
    engine = engine_for(pg_url)
    lookup = text("SELECT id FROM organizations WHERE slug = :slug")
    with UnitOfWork(engine, write=True) as uow:
        for _ in range(8):
            uow.connection.execute(lookup, {"slug": "no-such-slug"})
        prepared = uow.connection.scalar(text("SELECT count(*) FROM pg_prepared_statements"))
    assert prepared == 0


def test_a_second_writer_waits_for_the_first(pg_url: str, engine_for: Any) -> None:
    engine = engine_for(pg_url)
    entered = threading.Event()

    def second_writer() -> None:
        with UnitOfWork(engine, write=True):
            entered.set()

    with UnitOfWork(engine, write=True) as first:
        thread = threading.Thread(target=second_writer)
        thread.start()
        _wait_until_a_session_waits_for_the_lock(engine)
        assert not entered.is_set()
        first.commit()
    thread.join()
    assert entered.is_set()


def _wait_until_a_session_waits_for_the_lock(engine: Any) -> None:
    query = text("SELECT count(*) FROM pg_locks WHERE locktype = 'relation' AND NOT granted")
    with engine.connect() as connection:
        for _ in range(10_000):
            if connection.scalar(query):
                return
            connection.rollback()
    raise AssertionError("the second writer never queued for the write lock")


def test_a_writer_that_cannot_get_the_lock_in_time_exits_3(
    cli: Cli,
    pg_url: str,
    fictional_document: Any,
    tmp_path: Path,
    engine_for: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLLABDB_BUSY_TIMEOUT", "0.05")
    engine = engine_for(pg_url)
    before = export_json(engine)
    path = write_json(tmp_path / "f.json", fictional_document)
    with UnitOfWork(engine, write=True):
        result = cli("--db", pg_url, "import", str(path))
    assert (result.exit_code, result.stderr) == (3, BUSY)
    assert export_json(engine) == before


def test_concurrent_imports_of_one_file_insert_it_once(
    pg_empty_url: str, fictional_document: Any, tmp_path: Path, engine_for: Any
) -> None:
    path = write_json(tmp_path / "f.json", fictional_document)
    env = {**os.environ, "COLLABDB_URL": pg_empty_url}
    command = [sys.executable, "-m", "collabdb", "import", str(path)]
    processes = [
        subprocess.Popen(
            command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(4)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], [o[1] for o in outputs]
    summaries = sorted(out.splitlines()[-1] for out, _ in outputs)
    assert summaries == [
        "0 records inserted, 0 updated, 8 unchanged",
        "0 records inserted, 0 updated, 8 unchanged",
        "0 records inserted, 0 updated, 8 unchanged",
        "8 records inserted, 0 updated, 0 unchanged",
    ]
    with engine_for(pg_empty_url).connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM import_log")) == 4


def test_a_missing_server_fails_under_ci_and_skips_locally(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(postgres_server, "_bin_directory", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="PostgreSQL tests cannot run under CI"):
        next(postgres_server.start_server())
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="apt-get install postgresql"):
        next(postgres_server.start_server())
