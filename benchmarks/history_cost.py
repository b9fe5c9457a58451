"""What recording the history costs an import, and what a delete and a merge cost as the
database grows.

1. An import of N synthetic deals (JSON Lines, ``synth.py``) into a fresh SQLite file, with
   this tree (every record written is also recorded before and after in ``record_changes``)
   and with the tree before the history (``--baseline``, taken with ``git archive`` and run from
   its source with this environment's packages), alternately; medians and their ratio.
   Target: at most 1.3x.
2. ``collabdb delete organizations ... --cascade`` of an organization that 1,000 agreements
   list as a party, and ``collabdb merge organizations ...`` of that organization into another,
   on a database of N deals: their cost should follow the links they touch, not the size of the
   database (target: at most 1.5x from 10k to 100k deals).

    python benchmarks/history_cost.py [--sizes 10000 100000] [--repeat 3] [--baseline 7e49211]
                                      [--skip-import]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from first_run import extract  # the same old tree, from git archive

ROOT = Path(__file__).resolve().parents[1]
LINKED = 1000


def collabdb(source: Path, database: Path, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(source / "src")}
    env.pop("COLLABDB_URL", None)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "collabdb", "--db", str(database), *args],
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def deals_file(work: Path, deals: int) -> Path:
    path = work / f"deals-{deals}.jsonl"
    with path.open("w", encoding="utf-8") as out:
        subprocess.run(
            [sys.executable, str(ROOT / "benchmarks" / "synth.py"), "--deals", str(deals)],
            stdout=out,
            check=True,
        )
    return path


HUB_TWIN = "benchmark-hub-twin"


def hub_file(work: Path, deals: Path) -> tuple[Path, str]:
    """A file adding one organization as a party of the first ``LINKED`` agreements (and a
    twin of it, with no links, to merge it into)."""
    hub = "benchmark-hub-organization"
    agreements = []
    with deals.open(encoding="utf-8") as lines:
        next(lines)
        for line in lines:
            entry = json.loads(line)
            if entry["kind"] == "agreements":
                agreements.append(entry["record"]["slug"])
                if len(agreements) == LINKED:
                    break
    document = {
        "format_version": 2,
        "organizations": [
            {"slug": hub, "name": "Benchmark Hub", "kind": "company"},
            {"slug": HUB_TWIN, "name": "Benchmark Hub Twin", "kind": "company"},
        ],
        "agreements": [
            {"slug": slug, "parties": [{"organization": hub, "role": "partner"}]}
            for slug in agreements
        ],
    }
    path = work / "hub.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path, hub


def import_ratio(work: Path, old: Path, deals: Path, repeat: int) -> dict[str, float]:
    times: dict[str, list[float]] = {"now": [], "baseline": []}
    for round_ in range(repeat):
        for name, source in (("now", ROOT), ("baseline", old)):
            database = work / f"import-{name}-{round_}.sqlite3"
            collabdb(source, database, "db", "upgrade")
            times[name].append(collabdb(source, database, "import", str(deals)))
            database.unlink()
    now, base = statistics.median(times["now"]), statistics.median(times["baseline"])
    return {"now": now, "baseline": base, "ratio": now / base}


def copy_flushed(source: Path, destination: Path) -> None:
    """Copy a database and flush the copy to disk: otherwise the operation's first commit pays
    for writing back the whole copy (its fsync), a cost that grows with the file, not with
    what the operation touches (it made the 100k delete look 2x slower than the 10k one)."""
    shutil.copyfile(source, destination)
    descriptor = os.open(destination, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def curation_times(work: Path, deals: Path, repeat: int) -> dict[str, float]:
    """Median seconds of the delete and of the merge of the hub, each on a fresh copy."""
    built = work / "curation-built.sqlite3"
    collabdb(ROOT, built, "db", "upgrade")
    collabdb(ROOT, built, "import", str(deals))
    hub, slug = hub_file(work, deals)
    collabdb(ROOT, built, "import", str(hub))
    commands = {
        "delete": ("delete", "organizations", slug, "--cascade"),
        "merge": ("merge", "organizations", slug, HUB_TWIN),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(repeat):
        for name, command in commands.items():
            database = work / f"{name}-{round_}.sqlite3"
            copy_flushed(built, database)
            times[name].append(collabdb(ROOT, database, *command))
            database.unlink()
    built.unlink()
    return {name: statistics.median(found) for name, found in times.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", default="7e49211")
    parser.add_argument(
        "--skip-import", action="store_true", help="time only the delete and the merge"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        old = extract(args.baseline, work / "baseline")
        costs: dict[int, dict[str, float]] = {}
        for size in args.sizes:
            deals = deals_file(work, size)
            if not args.skip_import:
                found = import_ratio(work, old, deals, args.repeat)
                print(
                    f"import {size:>7} deals: {found['now']:.2f} s with history, "
                    f"{found['baseline']:.2f} s at {args.baseline}: {found['ratio']:.2f}x "
                    "(target <= 1.3x)"
                )
            costs[size] = curation_times(work, deals, args.repeat)
            for name, seconds in costs[size].items():
                print(f"{name} of a party of {LINKED} agreements at {size} deals: {seconds:.2f} s")
        if len(costs) > 1:
            small, large = min(costs), max(costs)
            for name in costs[small]:
                ratio = costs[large][name] / costs[small][name]
                print(f"{name} at {large} vs {small} deals: {ratio:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
