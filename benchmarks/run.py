"""The collabdb benchmark suite: every number is a ratio against a baseline of the same run.

    python benchmarks/run.py            # default sizes (~20 minutes on 2 cores, +~15 for PG)
    python benchmarks/run.py --quick    # tiny sizes, 1-2 repetitions (a minute or two)
    python benchmarks/run.py --sizes 10000,100000,1000000 --repeat 5   # bigger

It builds what it measures (the seeded default database in a temporary XDG_DATA_HOME; synthetic
databases from ``benchmarks/synth.py`` through ``collabdb import``), runs each measurement
several times, prints medians and ratios, writes ``results.json`` and regenerates the results
section of ``docs/performance.md`` (``--output-dir`` writes both elsewhere, as CI does).

Measurements (baseline in brackets):
  cold start   whole ``collabdb`` processes for the read commands   [``sqlite-utils query``]
  queries      partner, area and search queries in-process           [the same SQL via sqlite3]
  import       validated ``collabdb import`` of N synthetic deals   [json + sqlite3 executemany
               of exactly the rows the import produced; ``sqlite-utils`` insert as a peer]
  commands     every read command as a whole process on each database [``collabdb sql
               "SELECT 1"`` on the same file; benchmarks/commands.py]
  memory       peak RSS of the import child at each size
  postgres     ``collabdb import`` into PostgreSQL at each size       [``COPY`` of exactly the
               rows it produced; benchmarks/postgres_bench.py]

``--only cold-start|imports|postgres`` runs just that part (``imports`` rebuilds the databases
and re-measures their baselines right after), ``--only queries|commands`` just the queries or
the read commands on the databases a ``--work-dir`` run left (each keeps the other results
already written); ``--only report`` regenerates docs/performance.md from results.json. The
import baselines and the PostgreSQL part hold every row in memory, so they run only up to
100,000 deals.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling modules, when loaded by path

import commands  # noqa: E402
import measured  # noqa: E402
import postgres_bench  # noqa: E402

# The raw-limit and sqlite-utils baselines and the PostgreSQL part hold every imported row in
# memory (about 10 GB at 1M deals): bigger sizes are built, queried and their memory read only.
BASELINE_MAX_DEALS = 100_000

MARK_START = "<!-- results:start -->"
MARK_END = "<!-- results:end -->"

# Equivalent SQL for the cold-start baseline: what each command reads, as one statement.
COLD_START: list[tuple[str, list[str], str]] = [
    (
        "agreements --partner AstraZeneca",
        ["agreements", "--partner", "AstraZeneca", "--format", "json"],
        "SELECT a.slug, a.agreement_type, a.title, a.status, a.announced_on, a.signed_on,"
        " a.financial_terms, a.summary,"
        " (SELECT json_group_array(json_object('organization', o.slug, 'name', o.name,"
        "   'role', p.role)) FROM agreement_parties p JOIN organizations o"
        "   ON o.id = p.organization_id WHERE p.agreement_id = a.id) AS parties,"
        " (SELECT json_group_array(r.name) FROM agreement_areas x JOIN research_areas r"
        "   ON r.id = x.research_area_id WHERE x.agreement_id = a.id) AS areas,"
        " (SELECT json_group_array(DISTINCT s.slug) FROM citations c JOIN sources s"
        "   ON s.id = c.source_id WHERE c.agreement_id = a.id) AS sources"
        " FROM agreements a WHERE a.id IN (SELECT agreement_id FROM agreement_parties"
        "   WHERE organization_id IN (SELECT id FROM organizations WHERE name_key = 'astrazeneca'"
        "   OR parent_id IN (SELECT id FROM organizations WHERE name_key = 'astrazeneca')))"
        " ORDER BY coalesce(a.signed_on, a.announced_on), a.slug",
    ),
    (
        "orgs",
        ["orgs", "--format", "json"],
        "SELECT o.slug, o.name, o.kind, o.country, p.slug AS parent,"
        " (SELECT count(*) FROM agreement_parties x WHERE x.organization_id = o.id) AS agreements"
        " FROM organizations o LEFT JOIN organizations p ON p.id = o.parent_id ORDER BY o.name",
    ),
    (
        "org AZ",
        ["org", "AZ", "--format", "json"],
        "SELECT o.*, (SELECT json_group_array(n.name) FROM organization_names n"
        " WHERE n.organization_id = o.id) AS names FROM organizations o"
        " WHERE o.name_key = 'az' OR o.id IN"
        " (SELECT organization_id FROM organization_names WHERE name_key = 'az')",
    ),
    (
        "search oncology",
        ["search", "oncology", "--format", "json"],
        "SELECT d.kind, d.slug, d.field, d.original, bm25(search_index) AS rank"
        " FROM search_index JOIN search_documents d ON d.id = search_index.rowid"
        " WHERE search_index MATCH '\"oncology\"*' ORDER BY rank",
    ),
]
SQL_COMMAND = "SELECT slug, title FROM agreements ORDER BY slug"


def median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# A query takes about a millisecond. It is timed in rounds of one call of collabdb and one run
# of its statements through sqlite3, alternately, so that a load coming and going on the
# machine slows both alike; and in as many rounds as fill about this many seconds (at least
# --repeat): medians of a handful of one-millisecond calls moved by ±10% from run to run.
QUERY_SECONDS = 2.0


def interleaved_medians(
    first: Callable[[], object], second: Callable[[], object], repeat: int, seconds: float
) -> tuple[float, float, int]:
    """``commands.alternating_medians`` in as many rounds as fill about ``seconds`` (at least
    ``repeat``), and the rounds run."""
    start = time.perf_counter()
    first()
    second()
    rounds = max(repeat, min(5_000, int(seconds / (time.perf_counter() - start))))
    return (*commands.alternating_medians(first, second, rounds), rounds)


def byte_compile_collabdb() -> None:
    """Byte-compile collabdb's modules, as ``pip install`` leaves them. An editable install
    under ``PYTHONDONTWRITEBYTECODE`` (this machine's setting) never writes them, and every
    process measured would compile every module again (about 35 ms of a read command)."""
    import compileall

    import collabdb

    compileall.compile_dir(Path(collabdb.__file__).parent, quiet=1)


def run_quiet(args: Sequence[str], env: dict[str, str] | None = None) -> None:
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env=env)


def machine() -> dict[str, Any]:
    import sqlalchemy

    cpu = "unknown"
    memory = "unknown"
    try:
        info = Path("/proc/cpuinfo").read_text()
        found = re.search(r"^model name\s*:\s*(.+)$", info, re.M)
        cpu = found.group(1).strip() if found else cpu
        kb = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
        memory = f"{int(kb.group(1)) / 1024 / 1024:.1f} GiB" if kb else memory
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram": memory,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        "os": platform.platform(),
    }


# ---------------------------------------------------------------- (a) cold start


def cold_start(work: Path, repeat: int) -> dict[str, Any]:
    env = {**os.environ, "XDG_DATA_HOME": str(work / "xdg"), "COLLABDB_URL": ""}
    env.pop("COLLABDB_URL")
    collabdb = str(BIN / "collabdb")
    run_quiet([collabdb, "db", "seed"], env)  # creates, migrates and seeds the default DB
    path = work / "xdg" / "collabdb" / "collabdb.sqlite3"
    rows = []
    cases = [*COLD_START, ("sql", ["sql", SQL_COMMAND, "--format", "json"], SQL_COMMAND)]
    for label, args, sql in cases:
        ours, peer = commands.alternating_medians(
            lambda a=args: run_quiet([collabdb, *a], env),  # type: ignore[misc]
            lambda s=sql: run_quiet([str(BIN / "sqlite-utils"), "query", str(path), s]),  # type: ignore[misc]
            repeat,
        )
        rows.append({"command": label, "collabdb_s": ours, "sqlite_utils_s": peer})
        print(f"  cold start {label:34} {ours:6.3f}s vs {peer:6.3f}s  ratio {ours / peer:5.2f}x")
    return {
        "commands": rows,
        "layers": import_layers(path, repeat),
        "importtime": import_times(env, COLD_START[0][1]),
    }


# What a read command must import, cumulatively, each as a whole process: the floor under the
# cold-start ratios (a command cannot start faster than the modules it needs).
IMPORT_LAYERS = [
    ("python (no imports)", "pass"),
    ("+ sqlalchemy (Core)", "import sqlalchemy"),
    ("+ collabdb.tables (the schema as Core tables)", "import collabdb.tables"),
    ("+ the read path (repositories, read models)", "import collabdb.services.agreements"),
    ("+ the CLI (typer)", "import collabdb.services.agreements, collabdb.cli.app"),
    (
        "for comparison, what reads no longer import: + ORM models, pydantic",
        "import collabdb.services.agreements, collabdb.cli.app, collabdb.models, pydantic",
    ),
]


def import_layers(path: Path, repeat: int) -> list[dict[str, Any]]:
    """Seconds to start Python and import each layer, next to the ``sqlite-utils query`` peer."""
    peer = median_time(
        lambda: run_quiet([str(BIN / "sqlite-utils"), "query", str(path), "SELECT 1"]), repeat
    )
    rows = []
    for label, code in IMPORT_LAYERS:
        # With the collector paused and start-up's objects frozen, as the console script does.
        paused = f"import gc; gc.disable(); {code}; gc.freeze()"
        seconds = median_time(
            lambda c=paused: run_quiet([sys.executable, "-c", c]),  # type: ignore[misc]
            repeat,
        )
        rows.append({"layer": label, "seconds": seconds, "sqlite_utils_s": peer})
        print(f"  import floor {label:40} {seconds:6.3f}s  ratio {seconds / peer:5.2f}x")
    return rows


def import_times(env: dict[str, str], args: list[str]) -> list[dict[str, Any]]:
    """Self time per top-level package of ``python -X importtime`` for one command."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "collabdb", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
    )
    totals: dict[str, int] = {}
    for line in done.stderr.splitlines():
        found = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if found:
            package = found.group(2).split(".")[0]
            totals[package] = totals.get(package, 0) + int(found.group(1))
    top = sorted(totals.items(), key=lambda item: -item[1])[:10]
    return [{"package": name, "self_ms": micros / 1000} for name, micros in top]


# ---------------------------------------------------------------- building synthetic DBs


def synthesize(work: Path, deals: int) -> dict[str, Any]:
    """The synthetic JSONL of ``deals`` deals (seed 1) and its number of records."""
    source = work / f"deals-{deals}.jsonl"
    run_quiet(
        [
            sys.executable,
            str(ROOT / "benchmarks/synth.py"),
            "--deals",
            str(deals),
            "--seed",
            "1",
            "--format",
            "jsonl",
            "--output",
            str(source),
        ]
    )
    records = sum(1 for _ in source.open()) - 1  # minus the header line
    return {"deals": deals, "records": records, "source": source}


def build(work: Path, deals: int) -> dict[str, Any]:
    """Synthetic JSONL and a DB imported from it; the import is timed and its peak RSS read."""
    synthetic = synthesize(work, deals)
    source, records = synthetic["source"], synthetic["records"]
    database = work / f"deals-{deals}.sqlite3"
    for suffix in ("", "-wal", "-shm"):  # a kept --work-dir may hold an earlier build
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    collabdb = str(BIN / "collabdb")
    run_quiet([collabdb, "--db", str(database), "db", "upgrade"])
    child = measured.measure(
        [collabdb, "--db", str(database), "import", str(source), "--progress", "none"]
    )
    if child.returncode != 0:
        raise SystemExit(f"collabdb import of {source} failed with exit {child.returncode}")
    print(
        f"  built {deals} deals: {records} records in {child.seconds:.1f}s, "
        f"peak RSS {child.peak_rss_mb:.0f} MB"
    )
    return {
        "deals": deals,
        "records": records,
        "source": source,
        "database": database,
        "import_s": child.seconds,
        "peak_rss_mb": child.peak_rss_mb,
    }


# ---------------------------------------------------------------- (b) query scaling


def query_cases(database: Path) -> dict[str, dict[str, Any]]:
    """The queries. The partner is the database's first synthetic pharma company (each company
    of the pool takes part in about the same number of deals at every size). ``search`` looks
    for the first word of its name, which more names share as the pool grows (its matches grow
    with the database, and every match is ranked before taking 50); ``search name`` looks for
    the whole name, whose matches stay about the same: the fixed-size search."""
    with sqlite3.connect(database) as connection:
        partner = connection.execute(
            "SELECT name FROM organizations WHERE kind = 'company' ORDER BY id LIMIT 1"
        ).fetchone()[0]
    return {
        "partner": {"partners": [partner], "limit": 50},
        "area": {"area": "Oncology", "limit": 50},
        "search": {"text": partner.split()[0], "limit": 50},
        "search name": {"text": partner, "limit": 50},
    }


def query_scaling(
    built: list[dict[str, Any]], repeat: int, seconds: float = QUERY_SECONDS
) -> list[dict[str, Any]]:
    from collabdb.config import target_from_text
    from collabdb.db import make_engine

    rows = []
    for size in built:
        cases = query_cases(size["database"])
        engine = make_engine(target_from_text(str(size["database"])))
        raw = sqlite3.connect(size["database"])
        for name, arguments in cases.items():
            ours, base, statements, rounds = measure_query(
                engine, raw, name, arguments, repeat, seconds
            )
            rows.append(
                {
                    "query": name,
                    "deals": size["deals"],
                    "collabdb_s": ours,
                    "sqlite3_s": base,
                    "statements": statements,
                    "rounds": rounds,
                }
            )
            print(
                f"  query {name:11} {size['deals']:>8} deals {ours * 1000:8.2f} ms vs "
                f"{base * 1000:8.2f} ms  ratio {ours / base:5.2f}x"
            )
        raw.close()
        engine.dispose()
    return rows


def measure_query(
    engine: Any,
    raw: sqlite3.Connection,
    name: str,
    arguments: dict[str, Any],
    repeat: int,
    seconds: float,
) -> tuple[float, float, int, int]:
    """Median seconds of the service call and of its own statements replayed through sqlite3
    (``interleaved_medians``), the number of statements and of rounds."""
    from sqlalchemy import event

    from collabdb.services.agreements import list_agreements
    from collabdb.services.list_options import ListOptions
    from collabdb.services.search import search

    filters = {key: value for key, value in arguments.items() if key != "limit"}
    options = ListOptions(limit=arguments.get("limit"))

    def call() -> object:
        if name.startswith("search"):
            return search(engine, **filters, options=options)
        return list_agreements(engine, **filters, options=options)

    call()  # warm the caches of both sides alike
    statements: list[tuple[str, Any]] = []

    def capture(_c: Any, _cursor: Any, sql: str, params: Any, *_: Any) -> None:
        statements.append((sql, params))

    event.listen(engine, "before_cursor_execute", capture)
    call()
    event.remove(engine, "before_cursor_execute", capture)
    replay = [(s, p) for s, p in statements if not s.lstrip().upper().startswith("BEGIN")]

    def raw_call() -> None:
        for sql, params in replay:
            raw.execute(sql, params).fetchall()

    ours, base, rounds = interleaved_medians(call, raw_call, repeat, seconds)
    return ours, base, len(replay), rounds


# ---------------------------------------------------------------- (c) import throughput


def copy_rows(database: Path) -> postgres_bench.Tables:
    """Every row the import wrote, table by table, parents first (as the import wrote them, so
    the triggers that keep derived tables see each area before the links to it). The FTS
    shadow tables and the tables kept by triggers are left out: the triggers fill them."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        present = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                " AND name NOT LIKE 'search_index%' AND name <> 'alembic_version'"
            )
        }
        return postgres_bench.rows_to_copy(connection, present)


def raw_import(size: dict[str, Any], work: Path, repeat: int) -> float:
    """json.loads of every line plus executemany of exactly the imported rows, one transaction,
    into a fresh database with the same schema, indexes and triggers (foreign keys unchecked)."""
    tables = copy_rows(size["database"])
    collabdb = str(BIN / "collabdb")

    def once() -> float:
        target = work / "raw.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        run_quiet([collabdb, "--db", str(target), "db", "upgrade"])
        start = time.perf_counter()
        connection = sqlite3.connect(target)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        with size["source"].open() as lines:
            for line in lines:
                json.loads(line)
        with connection:
            for name, columns, rows in tables:
                marks = ", ".join("?" for _ in columns)
                quoted = ", ".join(f'"{c}"' for c in columns)
                connection.executemany(f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})', rows)
        connection.close()
        return time.perf_counter() - start

    seconds = [once() for _ in range(repeat)]
    same_derived_rows(size["database"], work / "raw.sqlite3")
    return statistics.median(seconds)


def same_derived_rows(imported: Path, copied: Path) -> None:
    """The tables kept by triggers came out the same in the copy as in the import: the
    baseline's triggers did the same work."""
    from collabdb.tables import KEPT_BY_TRIGGERS, metadata

    for table in metadata.sorted_tables:
        if table.info.get(KEPT_BY_TRIGGERS):
            rows = []
            for database in (imported, copied):
                with contextlib.closing(sqlite3.connect(database)) as connection:
                    rows.append(sorted(connection.execute(f'SELECT * FROM "{table.name}"')))
            if rows[0] != rows[1]:
                raise SystemExit(f"the raw copy's {table.name} differs from the import's")


def sqlite_utils_import(size: dict[str, Any], work: Path, repeat: int) -> float:
    """The peer: the same records through sqlite-utils, one table per kind (nested as JSON)."""
    import sqlite_utils

    def once() -> float:
        target = work / "peer.sqlite3"
        target.unlink(missing_ok=True)
        start = time.perf_counter()
        database = sqlite_utils.Database(target)
        batches: dict[str, list[dict[str, Any]]] = {}
        with size["source"].open() as lines:
            for line in lines:
                item = json.loads(line)
                if "kind" in item:
                    batches.setdefault(item["kind"], []).append(item["record"])
        for kind, records in batches.items():
            database[kind].insert_all(records, alter=True, batch_size=1000)  # type: ignore[union-attr]
        database.close()
        return time.perf_counter() - start

    return statistics.median(once() for _ in range(repeat))


def import_throughput(built: list[dict[str, Any]], work: Path, repeat: int) -> list[dict[str, Any]]:
    rows = []
    for size in built:
        ours = size["import_s"]
        if size["deals"] > BASELINE_MAX_DEALS:
            rows.append(
                {
                    "deals": size["deals"],
                    "records": size["records"],
                    "collabdb_s": ours,
                    "raw_s": None,
                    "sqlite_utils_s": None,
                    "peak_rss_mb": size["peak_rss_mb"],
                    "records_per_s": size["records"] / ours,
                }
            )
            print(f"  import {size['deals']:>8} deals {ours:7.2f}s (no baselines at this size)")
            continue
        # A baseline import of 100k deals takes minutes: big sizes run their baselines once.
        times = repeat if size["records"] < 100_000 else 1
        raw = raw_import(size, work, times)
        peer = sqlite_utils_import(size, work, times)
        rows.append(
            {
                "deals": size["deals"],
                "records": size["records"],
                "collabdb_s": ours,
                "raw_s": raw,
                "sqlite_utils_s": peer,
                "peak_rss_mb": size["peak_rss_mb"],
                "records_per_s": size["records"] / ours,
            }
        )
        print(
            f"  import {size['deals']:>8} deals {ours:7.2f}s vs raw {raw:7.2f}s "
            f"ratio {ours / raw:5.2f}x; sqlite-utils {peer:7.2f}s"
        )
    return rows


# ---------------------------------------------------------------- report


def ratio(ours: float, base: float | None) -> str:
    return f"{ours / base:.2f}×" if base else "n/a"


def duration(value: float | None) -> str:
    return f"{value:.2f} s" if value is not None else "not run"


def markdown(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [
        f"Generated by `python benchmarks/run.py{' --quick' if results['quick'] else ''}` on "
        f"{results['date']}: {m['cpu']}, {m['cores']} cores, {m['ram']} RAM; Python {m['python']}, "
        f"SQLite {m['sqlite']}, SQLAlchemy {m['sqlalchemy']} ({m['os']}). Medians of "
        f"{results['repeat']} repetitions; synthetic sizes run: "
        f"{', '.join(str(s) for s in results['sizes'])} deals.",
    ]
    lines += sqlite_sections(results)
    return "\n".join([*lines, *postgres_bench.markdown(results)]) + "\n"


def sqlite_sections(results: dict[str, Any]) -> list[str]:
    """The sections of the parts measured so far (an ``--only`` run into a new output
    directory has one)."""
    lines = cold_start_section(results) if "cold_start" in results else []
    if "queries" in results:
        lines += queries_section(results)
    if "commands" in results:
        lines += commands.markdown(results["commands"], run_alone_note(results, "commands"))
    if "imports" in results:
        lines += imports_section(results)
    return lines


def cold_start_section(results: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "### Cold start (whole process, seeded default DB) vs `sqlite-utils query`",
        "",
        *run_alone_note(results, "cold-start"),
        "| command | collabdb | sqlite-utils | ratio |",
        "|---|---:|---:|---:|",
    ]
    for row in results["cold_start"]["commands"]:
        ours, peer = row["collabdb_s"], row["sqlite_utils_s"]
        lines.append(f"| `{row['command']}` | {ours:.3f} s | {peer:.3f} s | {ratio(ours, peer)} |")
    lines += [
        "",
        "The floor: starting Python and importing what a read command needs, layer by layer "
        "(cumulative; the collector paused as the console script pauses it), against the same "
        "`sqlite-utils query` (`SELECT 1`):",
        "",
        "| imports | seconds | ratio to sqlite-utils |",
        "|---|---:|---:|",
    ]
    for layer in results["cold_start"].get("layers", []):
        seconds, peer = layer["seconds"], layer["sqlite_utils_s"]
        lines.append(f"| {layer['layer']} | {seconds:.3f} s | {ratio(seconds, peer)} |")
    lines += [
        "",
        "Import time (self, ms) by top-level package, `python -X importtime -m collabdb agreements"
        " --partner AstraZeneca --format json`: "
        + ", ".join(
            f"{p['package']} {p['self_ms']:.0f}" for p in results["cold_start"]["importtime"]
        ),
    ]
    return lines


def queries_section(results: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "### Queries in-process (`--limit 50`) vs the same SQL through `sqlite3`",
        "",
        *run_alone_note(results, "queries"),
        *query_rounds_note(results["queries"]),
        "| query | deals | collabdb | sqlite3 (same statements) | ratio | growth from smallest |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    first: dict[str, float] = {}
    for row in results["queries"]:
        first.setdefault(row["query"], row["collabdb_s"])
        ours, base = row["collabdb_s"], row["sqlite3_s"]
        lines.append(
            f"| {row['query']} | {row['deals']} | {ours * 1000:.2f} ms | {base * 1000:.2f} ms | "
            f"{ratio(ours, base)} | {ratio(ours, first[row['query']])} |"
        )
    return lines


def imports_section(results: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "### Import vs the raw limit (json + `sqlite3` executemany of the same rows), peak RSS",
        "",
        *run_alone_note(results, "imports"),
        "| deals | records | collabdb import | records/s | raw limit | ratio | sqlite-utils (peer) "
        "| peak RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["imports"]:
        lines.append(
            f"| {row['deals']} | {row['records']} | {row['collabdb_s']:.2f} s | "
            f"{row['records_per_s']:.0f} | {duration(row['raw_s'])} | "
            f"{ratio(row['collabdb_s'], row['raw_s'])} | {duration(row['sqlite_utils_s'])} | "
            f"{row['peak_rss_mb']:.0f} MB |"
        )
    return lines


def query_rounds_note(rows: list[dict[str, Any]]) -> list[str]:
    """How the queries were timed (runs before 2026-12-02 kept no rounds)."""
    rounds = [row["rounds"] for row in rows if "rounds" in row]
    if not rounds:
        return []
    return [
        "Each query is timed against its own statements replayed through `sqlite3`, in rounds of"
        " one call of each, alternately (a load that comes and goes slows both alike), as many"
        f" rounds as fill {QUERY_SECONDS:.0f} s (0.1 s with --quick): {min(rounds)} to"
        f" {max(rounds)} per query; medians.",
        "",
    ]


def run_alone_note(results: dict[str, Any], part: str) -> list[str]:
    run = results.get("parts_run_alone", {}).get(part)
    if not run:
        return []
    return [
        f"Re-measured alone (`--only {part}`) on {run['date']}, medians of {run['repeat']} "
        "repetitions"
        + (f"; sizes {', '.join(str(n) for n in run['sizes'])} deals." if "sizes" in run else "."),
        "",
    ]


def write_report(results: dict[str, Any], output_dir: Path | None) -> None:
    table = markdown(results)
    payload = json.dumps(results, indent=2, default=str) + "\n"
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        (output_dir / "results.json").write_text(payload)
        (output_dir / "results.md").write_text(table)
        print(f"wrote {output_dir / 'results.json'} and {output_dir / 'results.md'}")
        return
    (ROOT / "benchmarks" / "results.json").write_text(payload)
    document = ROOT / "docs" / "performance.md"
    text = document.read_text()
    before, _, rest = text.partition(MARK_START)
    _, _, after = rest.partition(MARK_END)
    document.write_text(f"{before}{MARK_START}\n{table}{MARK_END}{after}")
    print("wrote benchmarks/results.json and docs/performance.md")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, 1-2 repetitions")
    parser.add_argument(
        "--sizes",
        help="synthetic deal counts, comma-separated (default 10000,100000; quick: 100,500)",
    )
    parser.add_argument("--repeat", type=int, help="repetitions per measurement (default 5)")
    parser.add_argument(
        "--output-dir",
        type=Path,
        help="write results.json and results.md here "
        "instead of benchmarks/results.json and docs/performance.md",
    )
    parser.add_argument(
        "--only",
        choices=["cold-start", "queries", "commands", "imports", "postgres", "report"],
        help="run only this part, keeping the other results already in results.json (queries, "
        "commands: on the databases left in --work-dir; imports: rebuild them and re-measure "
        "their baselines; report: regenerate docs from results.json)",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        help="build the synthetic files and databases here and keep them (default: a temporary "
        "directory, removed at the end)",
    )
    options = parser.parse_args(argv)
    byte_compile_collabdb()
    default_sizes = "100,500" if options.quick else "10000,100000"
    sizes = [int(s) for s in (options.sizes or default_sizes).split(",")]
    repeat = options.repeat or (2 if options.quick else 5)
    query_seconds = 0.1 if options.quick else QUERY_SECONDS
    # The validated import runs once per size (it builds the database the queries use); its
    # baselines are repeated like everything else below 100k records.
    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%d"),
        "quick": options.quick,
        "sizes": sizes,
        "repeat": repeat,
        "machine": machine(),
    }
    if options.only:  # the header line describes the run of the cold-start and import sections
        previous = previous_results(options.output_dir)
        results = previous if "cold_start" in previous else {**previous, **results}
        run_only(options.only, results, sizes, repeat, options.work_dir, query_seconds)
        write_report(results, options.output_dir)
        return
    with working_directory(options.work_dir) as work:
        print("cold start")
        results["cold_start"] = cold_start(work, repeat)
        print("building synthetic databases (the validated import is measured here)")
        built = [build(work, size) for size in sizes]
        print("queries")
        results["queries"] = query_scaling(built, repeat, query_seconds)
        print("read commands")
        results["commands"] = commands.command_scaling(built, repeat, BIN)
        print("imports")
        results["imports"] = import_throughput(built, work, repeat)
        print("postgres")
        small = [size for size in built if size["deals"] <= BASELINE_MAX_DEALS]
        results["postgres"] = postgres_bench.postgres_import(small, repeat)
    write_report(results, options.output_dir)


def run_only(
    part: str,
    results: dict[str, Any],
    sizes: list[int],
    repeat: int,
    keep: Path | None,
    query_seconds: float = QUERY_SECONDS,
) -> None:
    """One part of the suite into ``results``; the queries and cold start note their own run."""
    if part == "report":
        return
    print(f"{part} (only)")
    if part == "queries":
        results["queries"] = query_scaling(kept_databases(keep, sizes, part), repeat, query_seconds)
    if part == "commands":
        results["commands"] = commands.command_scaling(
            kept_databases(keep, sizes, part), repeat, BIN
        )
    with working_directory(keep) as work:
        if part == "postgres":
            sources = [synthesize(work, size) for size in sizes if size <= BASELINE_MAX_DEALS]
            results["postgres"] = postgres_bench.postgres_import(sources, repeat)
        if part == "cold-start":
            results["cold_start"] = cold_start(work, repeat)
        if part == "imports":
            built = [build(work, size) for size in sizes]
            results["imports"] = import_throughput(built, work, repeat)
    if part in ("queries", "commands", "cold-start", "imports"):
        runs = results.setdefault("parts_run_alone", {})
        runs[part] = {"date": time.strftime("%Y-%m-%d"), "repeat": repeat}
        if part != "cold-start":  # it reads the seeded database, not the synthetic ones
            runs[part]["sizes"] = sizes


def kept_databases(keep: Path | None, sizes: list[int], part: str) -> list[dict[str, Any]]:
    """The databases an earlier ``--work-dir`` run built, upgraded to this checkout's schema
    (a no-op at head; an index a newer migration adds is built here)."""
    if keep is None:
        raise SystemExit(f"--only {part} reads the databases of a --work-dir run: pass it")
    built = [{"deals": size, "database": keep / f"deals-{size}.sqlite3"} for size in sizes]
    missing = [str(size["database"]) for size in built if not size["database"].exists()]
    if missing:
        raise SystemExit(f"--only {part} needs the databases of a --work-dir run: {missing}")
    for size in built:
        run_quiet([str(BIN / "collabdb"), "--db", str(size["database"]), "db", "upgrade"])
    return built


@contextlib.contextmanager
def working_directory(keep: Path | None) -> Iterator[Path]:
    """``keep`` (created if needed, left in place) or a temporary directory removed after."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="collabdb-bench-") as directory:
        yield Path(directory)


def previous_results(output_dir: Path | None) -> dict[str, Any]:
    path = (output_dir or ROOT / "benchmarks") / "results.json"
    return dict(json.loads(path.read_text())) if path.exists() else {}


if __name__ == "__main__":
    if shutil.which("sqlite-utils", path=str(BIN)) is None:
        raise SystemExit("sqlite-utils is needed in this environment: pip install sqlite-utils")
    main()
