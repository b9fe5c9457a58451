"""Seconds and peak RSS of one child process, free of the parent's own memory.

Linux folds the parent's peak RSS into a child's ``ru_maxrss`` when the child is forked (or
vforked) and then execs: a benchmark process holding 100,000 deals of rows reported 1.8 GB for
an import child that never used a tenth of that. So the child is started by a small wrapper
(this file run as a script), whose own peak is what Python's start costs, and the wrapper
reports the grandchild's time and rusage.

    python benchmarks/measured.py REPORT.json COMMAND [ARGS...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    returncode: int
    seconds: float
    peak_rss_mb: float


def measure(command: Sequence[str]) -> Measured:
    """Run ``command`` (stdout discarded) through the wrapper and read what it measured."""
    with tempfile.TemporaryDirectory(prefix="collabdb-measured-") as directory:
        report = Path(directory) / "report.json"
        wrapper = [sys.executable, str(Path(__file__).resolve()), str(report), *command]
        subprocess.run(wrapper, stdout=subprocess.DEVNULL, check=False)
        if not report.exists():
            raise SystemExit(f"measuring {command[0]} failed: the wrapper wrote no report")
        return Measured(**json.loads(report.read_text()))


def _wrapper(report: str, command: list[str]) -> int:
    start = time.perf_counter()
    child = subprocess.Popen(command)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    returncode = os.waitstatus_to_exitcode(status)
    measured = Measured(returncode, seconds, usage.ru_maxrss / 1024)
    Path(report).write_text(json.dumps(measured.__dict__))
    return returncode


if __name__ == "__main__":
    sys.exit(_wrapper(sys.argv[1], sys.argv[2:]))
