"""benchmarks/synth.py, loaded for tests (it is a script, not part of the package)."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

from tests.conftest import REPO_ROOT

SYNTH = REPO_ROOT / "benchmarks" / "synth.py"


@cache
def synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("collabdb_synth", SYNTH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_synthetic(path: Path, *, deals: int, seed: int, output_format: str = "jsonl") -> Path:
    writer = synth().write_jsonl if output_format == "jsonl" else synth().write_json
    with path.open("w", encoding="utf-8", newline="\n") as out:
        writer(out, deals=deals, seed=seed)
    return path
