"""The benchmark suite cannot rot: its pieces run on a tiny synthetic database (no timings checked)."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

from tests.conftest import REPO_ROOT


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


def test_quick_pieces_measure_a_tiny_database(tmp_path: Path) -> None:
    suite = load_suite()
    built = [suite.build(tmp_path, 12)]
    assert built[0]["records"] > 12 * 5
    queries = suite.query_scaling(built, 1)
    assert [row["query"] for row in queries] == ["partner", "area", "search"]
    # Each query ran real statements, and the baseline replayed them.
    assert all(row["statements"] >= 1 and row["sqlite3_s"] > 0 for row in queries)
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
