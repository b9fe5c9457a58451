"""PostgreSQL: a validated ``collabdb import`` against raw ``COPY`` of the same rows (issue 8,
target 5). Part of ``benchmarks/run.py``; the server is the tests' throwaway one
(``tests/postgres_server.py``: Debian's binaries, a temporary data directory, trust auth,
``fsync=off`` and ``synchronous_commit=off`` -- the same settings for both sides).

For each synthetic file: a fresh database made ready with ``collabdb db upgrade`` (as
docs/postgresql.md says), then a whole ``collabdb --db URL import FILE`` process, timed, with
the peak RSS of the child. The baseline: every row that import wrote (read back out of the
imported database beforehand, parents before children) sent with psycopg ``cursor.copy()``
(``COPY ... FROM STDIN``) into another fresh database with the same schema, indexes (the GIN
search index included) and foreign keys, in one transaction.

Outside CI a machine without the server binaries skips this part with a note; under CI=true
that is an error, as in the tests.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import measured

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
IMPORT_DB = "bench_import"
COPY_DB = "bench_copy"

Tables = list[tuple[str, list[str], list[tuple[Any, ...]]]]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@contextmanager
def postgres_server() -> Iterator[Any]:
    """The tests' throwaway server, started; None (after a printed note) if this machine
    cannot run one, outside CI."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # tests/ is a package at the top of the repository
    from tests.postgres_server import ServerUnavailable, new_server

    try:
        server = new_server()
    except ServerUnavailable as reason:
        if in_ci():
            raise SystemExit(f"the PostgreSQL benchmark cannot run under CI: {reason}") from None
        print(f"  PostgreSQL skipped: {reason} (apt-get install postgresql)")
        yield None
        return
    server.start()
    try:
        yield server
    finally:
        server.close()


def server_version(server: Any) -> str:
    import psycopg

    with psycopg.connect(libpq_url(server.url())) as connection:
        row = connection.execute("SHOW server_version").fetchone()
    return str(row[0]).split()[0] if row else "unknown"


def libpq_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def fresh_database(server: Any, name: str) -> str:
    """An empty database made ready the documented way (``collabdb db upgrade``)."""
    server.drop_database(name)
    server.execute(f"CREATE DATABASE {name}")
    url = str(server.url(name))
    subprocess.run(
        [str(BIN / "collabdb"), "--db", url, "db", "upgrade"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return url


def timed_import(url: str, source: Path) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of a whole ``collabdb import`` process."""
    child = measured.measure(
        [str(BIN / "collabdb"), "--db", url, "import", str(source), "--progress", "none"]
    )
    if child.returncode != 0:
        raise SystemExit(f"collabdb import of {source} into PostgreSQL failed: {child.returncode}")
    return child.seconds, child.peak_rss_mb


def table_rows(url: str) -> Tables:
    """Every row of every table (not alembic_version), in an order COPY can load with foreign
    keys checked: tables parents first, and rows of a self-referencing table parents first.
    The tables kept by triggers are left out: the triggers refill them as the rows go in."""
    import psycopg

    with psycopg.connect(libpq_url(url)) as connection:
        present = {
            name
            for (name,) in connection.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                " AND table_type = 'BASE TABLE' AND table_name <> 'alembic_version'"
            )
        }
        return rows_to_copy(connection, present)


def rows_to_copy(connection: Any, present: set[str]) -> Tables:
    """The rows a copy of a database loads, read through ``connection`` (sqlite3 or psycopg)
    from the tables ``present``: tables parents first, rows of a tree parents first. The
    tables kept by triggers are left out: the triggers refill them as the other rows go in."""
    from collabdb.tables import KEPT_BY_TRIGGERS, metadata

    ordered = [table for table in metadata.sorted_tables if table.name in present]
    unknown = present - {table.name for table in ordered}
    if unknown:
        raise SystemExit(f"tables without a model, not copied: {sorted(unknown)}")
    tables: Tables = []
    for table in ordered:
        if table.info.get(KEPT_BY_TRIGGERS):
            continue
        cursor = connection.execute(f'SELECT * FROM "{table.name}"')
        columns = [d[0] for d in cursor.description or ()]
        rows = cursor.fetchall()
        for key in table.foreign_keys:
            if key.column.table is table:
                rows = parents_first(
                    rows, columns.index(key.column.name), columns.index(key.parent.name)
                )
        tables.append((table.name, columns, rows))
    return tables


def parents_first(rows: list[tuple[Any, ...]], key: int, parent: int) -> list[tuple[Any, ...]]:
    """Rows ordered by their depth in the parent chain (roots first)."""
    parent_of = {row[key]: row[parent] for row in rows}
    depth: dict[Any, int] = {}

    def depth_of(node: Any) -> int:
        chain: list[Any] = []
        while node is not None and node not in depth:
            if len(chain) > len(parent_of):
                raise ValueError(f"parent chain of {chain[0]!r} is a cycle")
            chain.append(node)
            node = parent_of.get(node)
        level = depth.get(node, -1) if node is not None else -1
        for member in reversed(chain):
            level += 1
            depth[member] = level
        return depth[chain[0]] if chain else level

    return sorted(rows, key=lambda row: depth_of(row[key]))


def copy_rows(url: str, tables: Tables) -> float:
    """Seconds to COPY every row into the (empty, migrated) database at ``url``, one
    transaction: connect, one ``COPY ... FROM STDIN`` per table, commit."""
    import psycopg

    start = time.perf_counter()
    with psycopg.connect(libpq_url(url)) as connection:
        with connection.cursor() as cursor:
            for name, columns, rows in tables:
                if not rows:
                    continue
                quoted = ", ".join(f'"{column}"' for column in columns)
                with cursor.copy(f'COPY "{name}" ({quoted}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row(row)
        connection.commit()
    return time.perf_counter() - start


def parse_seconds(source: Path) -> float:
    """``json.loads`` of every line of the file (for reference: COPY gets ready rows)."""
    start = time.perf_counter()
    with source.open() as lines:
        for line in lines:
            json.loads(line)
    return time.perf_counter() - start


def measure(server: Any, source: Path, deals: int, records: int, repeat: int) -> dict[str, Any]:
    """Import and COPY of one synthetic file, each the median of its repetitions (once from
    100k records up: an import of 100k deals takes minutes)."""
    times = repeat if records < 100_000 else 1
    imports: list[float] = []
    peaks: list[float] = []
    for _ in range(times):
        seconds, peak = timed_import(fresh_database(server, IMPORT_DB), source)
        imports.append(seconds)
        peaks.append(peak)
    tables = table_rows(server.url(IMPORT_DB))
    copies = [copy_rows(fresh_database(server, COPY_DB), tables) for _ in range(times)]
    row = {
        "deals": deals,
        "records": records,
        "rows": sum(len(rows) for _, _, rows in tables),
        "collabdb_s": statistics.median(imports),
        "copy_s": statistics.median(copies),
        "json_s": parse_seconds(source),
        "peak_rss_mb": max(peaks),
        "records_per_s": records / statistics.median(imports),
    }
    for name in (IMPORT_DB, COPY_DB):
        server.drop_database(name)
    print(
        f"  postgres {deals:>8} deals {row['collabdb_s']:7.2f}s vs COPY {row['copy_s']:7.2f}s "
        f"ratio {row['collabdb_s'] / row['copy_s']:5.2f}x; {row['rows']} rows, "
        f"peak RSS {row['peak_rss_mb']:.0f} MB"
    )
    return row


def postgres_import(sources: list[dict[str, Any]], repeat: int) -> dict[str, Any] | None:
    """The measurement for each ``{"deals", "records", "source"}``; None when skipped."""
    with postgres_server() as server:
        if server is None:
            return None
        rows = [
            measure(server, size["source"], size["deals"], size["records"], repeat)
            for size in sources
        ]
        return {
            "date": time.strftime("%Y-%m-%d"),
            "server": server_version(server),
            "repeat": repeat,
            "rows": rows,
        }


def markdown(results: dict[str, Any]) -> list[str]:
    """The section of the generated results (empty when the part did not run)."""
    postgres = results.get("postgres")
    if not postgres:
        return []
    lines = [
        "",
        "### PostgreSQL import vs COPY (the same rows, same schema, one transaction)",
        "",
        f"PostgreSQL {postgres['server']} (throwaway server, `fsync=off`, "
        f"`synchronous_commit=off`), run on {postgres['date']}; medians of {postgres['repeat']} "
        "repetitions below 100,000 records, one run above. `json.loads` is the parse of the "
        "file alone, for reference (it is not part of the COPY baseline).",
        "",
        "| deals | records | rows | collabdb import | records/s | COPY | ratio "
        "| json.loads | peak RSS |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in postgres["rows"]:
        ours, base = row["collabdb_s"], row["copy_s"]
        lines.append(
            f"| {row['deals']} | {row['records']} | {row['rows']} | {ours:.2f} s | "
            f"{row['records_per_s']:.0f} | {base:.2f} s | {ours / base:.2f}× | "
            f"{row['json_s']:.2f} s | {row['peak_rss_mb']:.0f} MB |"
        )
    return lines
