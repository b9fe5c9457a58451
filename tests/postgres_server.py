"""A throwaway PostgreSQL server for the test session: Debian's binaries, a temporary data
directory, a free port on 127.0.0.1, trust authentication, stopped and deleted at the end.

PostgreSQL refuses to run as root, so when the tests run as root (as CI does) the server runs
as the ``postgres`` system user that Debian's package creates. Each test gets its own database,
cloned from a migrated (and seeded) template with CREATE DATABASE ... TEMPLATE, and dropped
afterwards.

Under CI=true a missing server is a failure; locally it is a skip that says how to install it.
``benchmarks/postgres_bench.py`` starts its server through :func:`new_server` too.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from collabdb.config import target_from_text
from collabdb.db import make_engine
from collabdb.migrations import upgrade_to_head
from collabdb.services.seed import load_seed

SERVER_USER = "postgres"
EMPTY_TEMPLATE = "collabdb_template_empty"
SEEDED_TEMPLATE = "collabdb_template_seeded"


def _bin_directory() -> Path | None:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def unavailable(reason: str) -> None:
    """Fail under CI (the server is part of the test plan there), skip with a reason locally."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"PostgreSQL tests cannot run under CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason} (apt-get install postgresql)")


class ServerDidNotStart(Exception):
    """initdb or pg_ctl failed; the message carries their output and the server log."""


@dataclass
class PostgresServer:
    bin_dir: Path
    root: Path
    port: int
    run_as: list[str]
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [*self.run_as, str(self.bin_dir / program), *args],
            check=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=self.root,
        )

    def start(self) -> None:
        """initdb and start; on failure the directory is removed and the server log reported."""
        try:
            self._start()
        except subprocess.CalledProcessError as error:
            log_file = self.root / "server.log"
            log = log_file.read_text(errors="replace") if log_file.exists() else ""
            shutil.rmtree(self.root, ignore_errors=True)
            raise ServerDidNotStart(f"PostgreSQL did not start: {error.stdout!r}\n{log}") from None

    def _start(self) -> None:
        self._run(
            "initdb",
            "--pgdata",
            str(self.data_dir),
            "--username",
            SERVER_USER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--no-locale",  # code-point collation, as in SQLite: the same ORDER BY everywhere
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.root}"
            # A throwaway server: durability is not needed, speed is.
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            "pg_ctl", "--pgdata", str(self.data_dir), "--log", str(self.root / "server.log"),
            "--options", options, "--wait", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "--pgdata", str(self.data_dir), "--mode", "immediate", "stop")

    def close(self) -> None:
        """Stop the server and delete its directory."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def execute(self, statement: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
        engine = create_engine(self.url(), poolclass=NullPool, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(statement))
        engine.dispose()

    def build_template(self, name: str, *, seeded: bool) -> None:
        self.execute(f"CREATE DATABASE {name}")
        engine = make_engine(target_from_text(self.url(name)))
        upgrade_to_head(engine)
        if seeded:
            load_seed(engine)
        engine.dispose()

    def fresh_database(self, template: str) -> str:
        name = f"test_{os.getpid()}_{next(self._names)}"
        self.execute(f"CREATE DATABASE {name} TEMPLATE {template}")
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class ServerUnavailable(Exception):
    """No server can run here (no binaries, no driver, no account to run it as)."""


def new_server() -> PostgresServer:
    """A server that is not started yet, in a fresh temporary directory.

    Also used by ``benchmarks/postgres_bench.py``, which turns :class:`ServerUnavailable` into
    its own skip or error.
    """
    bin_dir = _bin_directory()
    if bin_dir is None:
        raise ServerUnavailable("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise ServerUnavailable(
            "the psycopg driver is not installed (pip install -e '.[dev]')"
        ) from None
    run_as: list[str] = []
    account = None
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam(SERVER_USER)
        except KeyError:
            raise ServerUnavailable(
                f"running as root and there is no {SERVER_USER!r} user to run the server"
            ) from None
        run_as = ["runuser", "-u", SERVER_USER, "--"]
    # Not pytest's tmp_path: its parents are private to the current user, and the server may
    # have to run as another one.
    root = Path(tempfile.mkdtemp(prefix="collabdb-pg-"))
    if account is not None:
        os.chown(root, account.pw_uid, account.pw_gid)
    return PostgresServer(bin_dir=bin_dir, root=root, port=_free_port(), run_as=run_as)


def start_server() -> Iterator[PostgresServer]:
    try:
        server = new_server()
    except ServerUnavailable as reason:
        unavailable(str(reason))
        return
    try:
        server.start()
    except ServerDidNotStart as error:
        pytest.fail(str(error), pytrace=False)
    try:
        server.build_template(EMPTY_TEMPLATE, seeded=False)
        server.build_template(SEEDED_TEMPLATE, seeded=True)
        yield server
    finally:
        server.close()
