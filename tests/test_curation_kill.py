"""Each curation operation is atomic: kill -9 during a `delete --cascade`, an `undo` or a
`merge` leaves the database exactly as it was before or as it is after, never in between, and
the next writer gets in at once.

On SQLite and on PostgreSQL (the session's own server), with `collabdb` run as a subprocess
like the importer's kill test (tests/test_import_reliability.py). The operations are made slow
enough to kill mid-way by an organization that 1,200 synthetic agreements list as a party:
deleting, merging or restoring it rewrites all of them. Names are invented.
"""

from __future__ import annotations

import contextlib
import hashlib
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.types import DateTime

from collabdb.config import target_from_text
from collabdb.db import make_engine
from collabdb.services.importer import import_bytes
from tests.conftest import REPO_ROOT, change_id
from tests.postgres_server import SEEDED_TEMPLATE, PostgresServer
from tests.synthetic import write_synthetic

DEALS = 1500
LINKED = 1200  # agreements that list HUB as a party; the other 300 list INTO
HUB = "vornesk-halimar-holding"
INTO = "tesmira-dolvek-holding"
ATTEMPTS = 10
#: The snapshot every test starts from: the synthetic deals and the two holdings' links.
LINKED_STATE = "linked"

#: organization slug -> agreement_parties rows pointing at it (only the two holdings)
Links = dict[str, int]


@dataclass
class Curated:
    """The database under test, and named snapshots of it to go back to between attempts."""

    arg: str  # what to pass to --db
    engine: Engine
    save: Callable[[str], None]
    restore: Callable[[str], None]
    integrity: Callable[[], str]
    #: two organizations no operation here touches, for the write that follows each kill
    bystanders: tuple[str, str]


@dataclass(frozen=True)
class State:
    """The whole database: rows per table, the holdings' links, and a digest of every row of
    every table (timestamps left out: an 'after' reached twice differs only in those)."""

    counts: dict[str, int]
    links: Links
    digest: str


@dataclass
class Outcome:
    """Where the kills landed (all aimed after start-up, when the transaction is open)."""

    interrupted: int = 0  # killed while running; the state found was 'before'
    after_commit: int = 0  # killed while running; the state found was 'after'
    finished_first: int = 0  # the process had exited before the kill (a busy machine)
    notes: list[str] = field(default_factory=list)


@dataclass
class Killed:
    """What a complete run printed, the states around it, and where the kills landed."""

    stdout: str
    before: State
    after: State
    outcome: Outcome


# -- the database -------------------------------------------------------------------------------
def _deals(directory: Path) -> tuple[bytes, bytes, tuple[str, str]]:
    """The synthetic deals (JSON Lines), a document adding the two holdings as parties of
    every agreement (HUB of the first LINKED, INTO of the rest), and two bystanders."""
    path = write_synthetic(directory / "deals.jsonl", deals=DEALS, seed=61)
    entries = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()[1:]]
    agreements = [e["record"]["slug"] for e in entries if e["kind"] == "agreements"]
    organizations = [e["record"]["slug"] for e in entries if e["kind"] == "organizations"]
    assert len(agreements) == DEALS
    document = {
        "format_version": 2,
        "organizations": [
            {"slug": HUB, "name": "Vornesk Halimar Holding", "kind": "company"},
            {"slug": INTO, "name": "Tesmira Dolvek Holding", "kind": "company"},
        ],
        "agreements": [
            {
                "slug": slug,
                "parties": [{"organization": HUB if i < LINKED else INTO, "role": "partner"}],
            }
            for i, slug in enumerate(agreements)
        ],
    }
    hubs = json.dumps(document).encode("utf-8")
    return path.read_bytes(), hubs, (organizations[0], organizations[1])


def _load(engine: Engine, directory: Path) -> tuple[str, str]:
    """Import through the library: the setup is not under test, only its speed matters."""
    deals, hubs, bystanders = _deals(directory)
    import_bytes(engine, deals, name="deals.jsonl", input_format="jsonl")
    import_bytes(engine, hubs, name="holdings.json", input_format="json")
    return bystanders


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def curated(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    _seeded_template: Path,
) -> Iterator[Curated]:
    """Built once per backend (the import takes seconds); every test restores a snapshot."""
    directory = tmp_path_factory.mktemp("curation-kill")
    if request.param == "postgresql":
        yield from _postgresql(request.getfixturevalue("postgres_server"), directory)
        return
    path = directory / "curated.sqlite3"
    shutil.copyfile(_seeded_template, path)
    engine = make_engine(target_from_text(str(path)))

    def checkpointed() -> None:
        # Closed before the file is copied or replaced: a connection still open would keep the
        # old WAL index mapped (see the `database` fixture of test_import_reliability.py).
        engine.dispose()
        with contextlib.closing(sqlite3.connect(path)) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def save(name: str) -> None:
        checkpointed()
        shutil.copyfile(path, directory / f"{name}.sqlite3")

    def restore(name: str) -> None:
        engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(directory / f"{name}.sqlite3", path)

    def integrity() -> str:
        with contextlib.closing(sqlite3.connect(path)) as connection:
            checked = str(connection.execute("PRAGMA integrity_check").fetchone()[0])
            broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        return checked if not broken else f"foreign keys broken: {broken[:5]}"

    bystanders = _load(engine, directory)
    save(LINKED_STATE)
    try:
        yield Curated(str(path), engine, save, restore, integrity, bystanders)
    finally:
        engine.dispose()


def _postgresql(server: PostgresServer, directory: Path) -> Iterator[Curated]:
    name = server.fresh_database(SEEDED_TEMPLATE)
    url = server.url(name)
    engine = make_engine(target_from_text(url))
    snapshots: set[str] = set()

    def save(snapshot: str) -> None:
        # CREATE DATABASE ... TEMPLATE wants no session on the source (it waits 5 s for the
        # backend of a command that just exited).
        engine.dispose()
        server.drop_database(f"{name}_{snapshot}")
        server.execute(f"CREATE DATABASE {name}_{snapshot} TEMPLATE {name}")
        snapshots.add(snapshot)

    def restore(snapshot: str) -> None:
        # WITH (FORCE) also ends the backend of a killed client, if it still runs a statement.
        engine.dispose()
        server.drop_database(name)
        server.execute(f"CREATE DATABASE {name} TEMPLATE {name}_{snapshot}")

    bystanders = _load(engine, directory)
    save(LINKED_STATE)
    try:
        # The server enforces its constraints in every transaction: nothing to check after.
        yield Curated(url, engine, save, restore, lambda: "ok", bystanders)
    finally:
        engine.dispose()
        server.drop_database(name)
        for snapshot in snapshots:
            server.drop_database(f"{name}_{snapshot}")


def _state(curated: Curated) -> State:
    """Read from scratch each time: what another process committed, or left behind."""
    counts: dict[str, int] = {}
    digest = hashlib.sha256()
    with curated.engine.connect() as connection:
        inspector = inspect(connection)
        for table in sorted(inspector.get_table_names()):
            columns = [
                f'"{c["name"]}"'
                for c in inspector.get_columns(table)
                if not isinstance(c["type"], DateTime)
            ]
            rows = connection.execute(text(f'SELECT {", ".join(columns)} FROM "{table}"')).all()
            counts[table] = len(rows)
            digest.update(f"\0{table}\0".encode())
            for row in sorted(repr(tuple(r)) for r in rows):
                digest.update(row.encode("utf-8", "surrogatepass") + b"\n")
        links = connection.execute(
            text(
                "SELECT o.slug, count(*) FROM agreement_parties p"
                " JOIN organizations o ON o.id = p.organization_id"
                " WHERE o.slug IN (:hub, :into) GROUP BY o.slug"
            ),
            {"hub": HUB, "into": INTO},
        )
        found = {slug: int(n) for slug, n in links}
    return State(counts, found, digest.hexdigest())


def _difference(state: State, expected: State) -> str:
    tables = state.counts.keys() | expected.counts.keys()
    changed = {
        t: (expected.counts.get(t), state.counts.get(t))
        for t in sorted(tables)
        if state.counts.get(t) != expected.counts.get(t)
    }
    return f"rows (expected, found) {changed}, links {expected.links} -> {state.links}"


# -- the commands -------------------------------------------------------------------------------
def _collabdb(*args: str, **popen: Any) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT / "src")}
    environment.update(popen.pop("env", {}))
    return subprocess.Popen([sys.executable, "-m", "collabdb", *args], env=environment, **popen)


def _run(curated: Curated, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    process = _collabdb(
        "--db", curated.arg, *args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env or {}
    )
    stdout, stderr = process.communicate(timeout=120)
    return process.returncode, stdout.decode(), stderr.decode()


def _start_up(curated: Curated) -> float:
    """Seconds a command takes to reach the database and end: before that a kill cannot
    land inside a transaction, so the kills are aimed after it."""
    started = time.perf_counter()
    code, _, stderr = _run(curated, "delete", "organizations", "no-such-organization")
    assert code == 1, stderr
    return time.perf_counter() - started


def _next_writer_gets_in(curated: Curated) -> None:
    """The killed process left no lock behind: a write (which takes the writers' lock) passes
    well within its wait; a reader would not tell, as readers never wait for that lock."""
    first, second = curated.bystanders
    code, _, stderr = _run(
        curated,
        "distinct",
        "organizations",
        first,
        second,
        env={"COLLABDB_BUSY_TIMEOUT": "15"},
    )
    assert code == 0, stderr


def _kill_during(
    curated: Curated,
    snapshot: str,
    args: list[str],
    *,
    links: tuple[Links, Links],
    seed: int,
) -> Killed:
    """Run ``collabdb ARGS`` on ``snapshot`` once to the end (the 'after' state and how long
    it takes), then ATTEMPTS times killed at a random moment of that run: each time the state
    is exactly 'before' or 'after', intact, and the next writer gets in."""
    curated.restore(snapshot)
    before = _state(curated)
    assert before.links == links[0]
    ready = _start_up(curated)
    started = time.perf_counter()
    code, stdout, stderr = _run(curated, *args)
    total = time.perf_counter() - started
    assert code == 0, stderr
    after = _state(curated)
    assert after.links == links[1]
    assert after.digest != before.digest
    assert total > ready + 0.2, f"too quick to kill mid-way: {total:.2f} s, {ready:.2f} s start"

    rng = random.Random(seed)
    outcome = Outcome()
    for attempt in range(ATTEMPTS):
        curated.restore(snapshot)
        delay = rng.uniform(ready, total)
        process = _collabdb(
            "--db", curated.arg, *args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        time.sleep(delay)
        running = process.poll() is None
        process.send_signal(signal.SIGKILL)
        _, killed_stderr = process.communicate(timeout=60)
        if not running:
            assert process.returncode == 0, killed_stderr.decode()
        state = _state(curated)
        if state not in (before, after):
            nearer = before if state.links == before.links else after
            pytest.fail(
                f"attempt {attempt} ({' '.join(args)}, killed at {delay:.2f} s of "
                f"{total:.2f} s): neither before nor after: {_difference(state, nearer)}"
            )
        assert curated.integrity() == "ok", f"attempt {attempt}"
        _next_writer_gets_in(curated)
        found = "before" if state == before else "after"
        if not running:
            outcome.finished_first += 1
        elif found == "before":
            outcome.interrupted += 1
        else:
            outcome.after_commit += 1
        outcome.notes.append(f"{delay:.2f}/{total:.2f} s {found}{'' if running else ' (ended)'}")
    print(f"\n{' '.join(args)}: start-up {ready:.2f} s, run {total:.2f} s; {outcome}")
    # A busy machine may let a few runs end before their kill; most must be cut mid-way, and
    # some of those before the commit.
    assert outcome.interrupted + outcome.after_commit >= ATTEMPTS // 2, outcome
    assert outcome.interrupted >= 1, outcome
    return Killed(stdout, before, after, outcome)


# -- the tests ----------------------------------------------------------------------------------
@pytest.mark.slow
def test_kill_9_mid_delete_cascade_leaves_the_database_before_or_after(
    curated: Curated,
) -> None:
    killed = _kill_during(
        curated,
        LINKED_STATE,
        ["delete", "organizations", HUB, "--cascade"],
        links=({HUB: LINKED, INTO: DEALS - LINKED}, {INTO: DEALS - LINKED}),
        seed=1,
    )
    assert killed.stdout.endswith(f": delete organizations {HUB} (and {LINKED} link(s) to it)\n")


@pytest.mark.slow
def test_kill_9_mid_merge_leaves_the_database_before_or_after(curated: Curated) -> None:
    killed = _kill_during(
        curated,
        LINKED_STATE,
        ["merge", "organizations", HUB, INTO],
        links=({HUB: LINKED, INTO: DEALS - LINKED}, {INTO: DEALS}),
        seed=2,
    )
    assert f": merge organizations {HUB} into {INTO} " in killed.stdout
    # HUB's slug now resolves to INTO: the redirect is part of the change, all or nothing.
    assert killed.after.counts["redirects"] == killed.before.counts["redirects"] + 1


@pytest.mark.slow
@pytest.mark.parametrize(
    ("change", "links"),
    [
        (["delete", "organizations", HUB, "--cascade"], {INTO: DEALS - LINKED}),
        (["merge", "organizations", HUB, INTO], {INTO: DEALS}),
    ],
    ids=["delete", "merge"],
)
def test_kill_9_mid_undo_leaves_the_database_before_or_after(
    curated: Curated, change: list[str], links: Links
) -> None:
    """The undo of a change that rewrote 1,200 agreements rewrites them back."""
    curated.restore(LINKED_STATE)
    code, stdout, stderr = _run(curated, *change)
    assert code == 0, stderr
    changed = f"{change[0]}d"
    curated.save(changed)
    undone = change_id(stdout)
    killed = _kill_during(
        curated,
        changed,
        ["undo", undone],
        links=(links, {HUB: LINKED, INTO: DEALS - LINKED}),
        seed=3,
    )
    assert f": undo change {undone} ({change[0]} organizations {HUB}" in killed.stdout
    assert killed.after.counts["redirects"] == 0
