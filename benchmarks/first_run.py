"""First run of the default database, now against the end of the first release (cf8e19f).

The first command on a machine creates the default SQLite file, migrates it and loads the bundled
data (now the seed and the curated real deals; at cf8e19f the seed alone). This times that
command, ``collabdb agreements --partner AstraZeneca`` with a fresh data directory, for both
source trees, alternately in the same run, and prints the medians and their ratio. The old
tree comes from ``git archive`` and runs from its source (PYTHONPATH) with this environment's
packages.

    python benchmarks/first_run.py [--repeat 9] [--baseline cf8e19f]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMAND = ["-m", "collabdb", "agreements", "--partner", "AstraZeneca", "-f", "csv"]


def extract(commit: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def first_run(source: Path, scratch: Path) -> float:
    """Seconds of one first command on an empty data directory, the tree at ``source``."""
    data = Path(tempfile.mkdtemp(dir=scratch))
    env = {**os.environ, "PYTHONPATH": str(source / "src"), "XDG_DATA_HOME": str(data)}
    env.pop("COLLABDB_URL", None)
    started = time.perf_counter()
    subprocess.run([sys.executable, *COMMAND], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--baseline", default="cf8e19f")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        old = extract(args.baseline, scratch / "baseline")
        times: dict[str, list[float]] = {"now": [], args.baseline: []}
        for _ in range(args.repeat):
            times["now"].append(first_run(ROOT, scratch))
            times[args.baseline].append(first_run(old, scratch))
    now, then = statistics.median(times["now"]), statistics.median(times[args.baseline])
    print(f"first run now:          {now:.2f} s (median of {args.repeat})")
    print(f"first run {args.baseline}:     {then:.2f} s")
    print(f"ratio:                  {now / then:.2f}x (target: at most 2x)")


if __name__ == "__main__":
    main()
