"""The benchmark suite cannot rot: its pieces run on a tiny synthetic database (no timings checked)."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests import postgres_server as server_module
from tests.conftest import REPO_ROOT
from tests.postgres_server import PostgresServer
from tests.synthetic import write_synthetic


def load_suite() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_run", REPO_ROOT / "benchmarks/run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def row_counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'alembic_version'"
            )
        ]
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def previous_run(suite: ModuleType) -> dict[str, object]:
    return {
        "date": "earlier",
        "quick": False,
        "sizes": [12],
        "repeat": 1,
        "machine": suite.machine(),
        "cold_start": {"commands": [], "importtime": []},
        "queries": [],
        "imports": [],
    }


def run_alone(
    suite: ModuleType, tmp_path: Path, part: str, *, kept: bool
) -> tuple[dict[str, Any], str]:
    """``--only part`` at 12 deals over an earlier run's results (and, when ``kept``, the
    database a ``--work-dir`` run left): the results.json and results.md it writes."""
    work, out = tmp_path / "work", tmp_path / "out"
    out.mkdir()
    if kept:
        with suite.working_directory(work) as directory:
            suite.build(directory, 12)
        assert (work / "deals-12.sqlite3").exists()  # a --work-dir is left in place
    (out / "results.json").write_text(json.dumps(previous_run(suite)))
    arguments = ["--only", part, "--sizes", "12", "--repeat", "1", "--output-dir", str(out)]
    suite.main([*arguments, "--work-dir", str(work)])  # a failing part exits non-zero
    return json.loads((out / "results.json").read_text()), (out / "results.md").read_text()


def test_quick_pieces_measure_a_tiny_database(tmp_path: Path) -> None:
    suite = load_suite()
    built = [suite.build(tmp_path, 12)]
    assert built[0]["records"] > 12 * 5
    queries = suite.query_scaling(built, 1, 0.05)
    assert [row["query"] for row in queries] == ["partner", "area", "search", "search name"]
    # Each query ran real statements, and the baseline replayed them, in alternating rounds.
    assert all(row["statements"] >= 1 and row["sqlite3_s"] > 0 for row in queries)
    assert all(row["rounds"] >= 1 for row in queries)
    imports = suite.import_throughput(built, tmp_path, 1)
    # The raw baseline wrote exactly the rows the import produced, FTS index included.
    imported = row_counts(built[0]["database"])
    assert imported["agreements"] == 12
    assert row_counts(tmp_path / "raw.sqlite3") == imported
    results = {
        "date": "today",
        "quick": True,
        "sizes": [12],
        "repeat": 1,
        "machine": suite.machine(),
        "cold_start": {"commands": [], "importtime": []},
        "queries": queries,
        "imports": imports,
    }
    suite.write_report(results, tmp_path / "out")
    table = (tmp_path / "out" / "results.md").read_text()
    assert "| partner | 12 |" in table and "| search | 12 |" in table
    assert (tmp_path / "out" / "results.json").exists()


def test_postgres_copy_baseline_loads_exactly_the_imported_rows(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    bench = load_suite().postgres_bench
    source = write_synthetic(tmp_path / "deals.jsonl", deals=12, seed=1)
    imported = bench.fresh_database(postgres_server, "bench_test_import")
    seconds, peak_rss_mb = bench.timed_import(imported, source)
    assert seconds > 0 and peak_rss_mb > 0
    tables = bench.table_rows(imported)
    rows = {name: Counter(rows) for name, _, rows in tables}
    assert len(rows["agreements"]) == 12
    # Everything the import wrote is copied: search documents, the import's log line, and
    # company units with their parent (a self-reference COPY must load parents first).
    assert rows["search_documents"] and len(rows["import_log"]) == 1
    organizations = next(t for t in tables if t[0] == "organizations")
    parent = organizations[1].index("parent_id")
    assert any(row[parent] is not None for row in organizations[2])
    copied = bench.fresh_database(postgres_server, "bench_test_copy")
    assert bench.copy_rows(copied, tables) > 0
    assert {name: Counter(rows) for name, _, rows in bench.table_rows(copied)} == rows
    for name in ("bench_test_import", "bench_test_copy"):
        postgres_server.drop_database(name)


def test_postgres_rows_of_a_self_reference_come_parents_first() -> None:
    bench = load_suite().postgres_bench
    # (id, parent_id): 3 -> 1 -> 4, 2 is a root, 5 -> 3
    rows = [(1, 4), (2, None), (3, 1), (4, None), (5, 3)]
    ordered = bench.parents_first(rows, 0, 1)
    position = {row[0]: index for index, row in enumerate(ordered)}
    assert sorted(ordered) == rows
    assert position[4] < position[1] < position[3] < position[5]


def test_only_postgres_keeps_the_other_results(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    """``--only postgres`` runs the part on its own server and merges into results.json."""
    suite = load_suite()
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_text(json.dumps(previous_run(suite)))
    suite.main(["--only", "postgres", "--sizes", "12", "--repeat", "1", "--output-dir", str(out)])
    results = json.loads((out / "results.json").read_text())
    assert results["date"] == "earlier" and "cold_start" in results
    [row] = results["postgres"]["rows"]
    assert row["deals"] == 12 and row["rows"] > row["records"] > 12
    table = (out / "results.md").read_text()
    assert "### Cold start" in table
    assert "### PostgreSQL import vs COPY" in table and "| 12 | " in table


def test_postgres_part_skips_without_a_server_locally_and_fails_under_ci(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    bench = load_suite().postgres_bench
    monkeypatch.setattr(server_module, "_bin_directory", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(SystemExit, match="the PostgreSQL benchmark cannot run under CI: no Pos"):
        bench.postgres_import([], 1)
    monkeypatch.delenv("CI")
    assert bench.postgres_import([], 1) is None
    assert "PostgreSQL skipped: no PostgreSQL server binaries" in capsys.readouterr().out


def test_only_queries_remeasures_the_databases_a_work_dir_run_kept(tmp_path: Path) -> None:
    suite = load_suite()
    results, table = run_alone(suite, tmp_path, "queries", kept=True)
    assert results["date"] == "earlier"
    assert [row["query"] for row in results["queries"]] == [
        "partner",
        "area",
        "search",
        "search name",
    ]
    assert "Re-measured alone (`--only queries`)" in table and "| area | 12 |" in table
    assert "medians of 1 repetitions; sizes 12 deals." in table
    arguments = ["--only", "queries", "--sizes", "12", "--output-dir", str(tmp_path / "out")]
    with pytest.raises(SystemExit, match="--only queries needs the databases of a --work-dir"):
        suite.main([*arguments, "--work-dir", str(tmp_path / "empty")])


def test_sizes_above_the_baseline_cap_are_built_and_read_without_baselines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    suite = load_suite()
    monkeypatch.setattr(suite, "BASELINE_MAX_DEALS", 10)
    built = [suite.build(tmp_path, 12)]
    [row] = suite.import_throughput(built, tmp_path, 1)
    assert row["raw_s"] is None and row["sqlite_utils_s"] is None and row["peak_rss_mb"] > 0
    assert not (tmp_path / "raw.sqlite3").exists()
    results = {**previous_run(suite), "imports": [row]}
    suite.write_report(results, tmp_path / "out")
    assert "| not run | n/a | not run |" in (tmp_path / "out" / "results.md").read_text()


def test_only_cold_start_notes_its_own_run(tmp_path: Path) -> None:
    suite = load_suite()
    out = tmp_path / "out"
    out.mkdir()
    (out / "results.json").write_text(json.dumps(previous_run(suite)))
    suite.main(["--only", "cold-start", "--repeat", "1", "--output-dir", str(out)])
    results = json.loads((out / "results.json").read_text())
    assert results["date"] == "earlier"
    assert [row["command"] for row in results["cold_start"]["commands"]][-1] == "sql"
    assert results["parts_run_alone"]["cold-start"]["repeat"] == 1
    assert "Re-measured alone (`--only cold-start`)" in (out / "results.md").read_text()


def test_a_report_shows_the_parts_measured_so_far(tmp_path: Path) -> None:
    """An ``--only`` run into a new output directory reports its one part (the queries here)."""
    suite = load_suite()
    results = {key: value for key, value in previous_run(suite).items() if key != "cold_start"}
    results.pop("imports")
    row = {"query": "partner", "deals": 12, "collabdb_s": 0.002, "sqlite3_s": 0.001}
    suite.write_report({**results, "queries": [row]}, tmp_path / "out")
    table = (tmp_path / "out" / "results.md").read_text()
    assert "| partner | 12 | 2.00 ms | 1.00 ms | 2.00× | 1.00× |" in table
    assert "### Cold start" not in table and "### Import" not in table


def test_only_imports_rebuilds_and_remeasures_the_baselines_beside_it(tmp_path: Path) -> None:
    suite = load_suite()
    results, table = run_alone(suite, tmp_path, "imports", kept=False)
    work = tmp_path / "work"
    assert results["date"] == "earlier" and results["queries"] == []
    [row] = results["imports"]
    assert row["deals"] == 12 and row["raw_s"] > 0 and row["peak_rss_mb"] > 0
    # The baseline wrote exactly the rows of the database this run imported.
    assert row_counts(work / "raw.sqlite3") == row_counts(work / "deals-12.sqlite3")
    assert results["parts_run_alone"]["imports"]["repeat"] == 1
    assert "Re-measured alone (`--only imports`)" in table


def test_peak_rss_of_a_child_is_its_own_not_the_parents() -> None:
    """Linux folds a parent's peak RSS into its child's ``ru_maxrss`` at exec: the benchmark
    process, big after a baseline, once reported 1.8 GB for a small import child."""
    load_suite()  # puts benchmarks/ on the path
    import measured

    ballast = bytearray(400 * 1024 * 1024)
    ballast[::4096] = b"\x01" * len(ballast[::4096])  # touch every page: it is resident
    child = measured.measure([sys.executable, "-c", "import sys; sys.exit(3)"])
    assert child.returncode == 3 and child.seconds > 0
    assert 1 < child.peak_rss_mb < 100
    del ballast


def test_only_commands_runs_every_read_command_on_the_kept_databases(tmp_path: Path) -> None:
    suite = load_suite()
    results, table = run_alone(suite, tmp_path, "commands", kept=True)
    labels = [label for label, _ in suite.commands.READ_COMMANDS]
    assert [row["command"] for row in results["commands"]] == labels
    assert {"agreement A", "org P", "person X", "source S", "timeline -n 50"} <= set(labels)
    assert all(row["collabdb_s"] > 0 and row["floor_s"] > 0 for row in results["commands"])
    assert "Re-measured alone (`--only commands`)" in table and "| `org P` | 12 |" in table
