"""benchmarks/synth.py, loaded for tests (it is a script, not part of the package); synthetic
databases and the SQLite instruction count the read-path tests measure them with."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine

from tests.conftest import REPO_ROOT

SYNTH = REPO_ROOT / "benchmarks" / "synth.py"
T = TypeVar("T")


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


def import_synthetic(database: Path, directory: Path, *, deals: int, seed: int) -> Path:
    """Import ``deals`` synthetic deals of ``seed`` into the (migrated) SQLite ``database``
    through the importer users call; the JSONL goes in ``directory``."""
    from collabdb.config import target_from_text
    from collabdb.db import make_engine
    from collabdb.services.importer import import_bytes

    source = write_synthetic(directory / f"deals-{deals}-{seed}.jsonl", deals=deals, seed=seed)
    engine = make_engine(target_from_text(str(database)))
    try:
        import_bytes(engine, source.read_bytes(), name=source.name, input_format="jsonl")
    finally:
        engine.dispose()
    return database


@contextmanager
def counting_instructions(database: Path, *, every: int = 1) -> Iterator[tuple[Engine, list[int]]]:
    """An engine on ``database`` whose connections count the SQLite virtual-machine
    instructions they run (in units of ``every``): the work of every statement sent, however
    its rows are found, and the same on a loaded machine as on a quiet one."""
    from collabdb.config import target_from_text
    from collabdb.db import make_engine

    engine = make_engine(target_from_text(str(database)))
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0  # go on

    def install(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.set_progress_handler(tick, every)

    event.listen(engine, "connect", install)
    try:
        yield engine, count
    finally:
        engine.dispose()


def instructions(database: Path, call: Callable[[Engine], T], *, every: int = 1) -> tuple[T, int]:
    """What ``call`` returns on ``database``, and the instructions its second run cost (the
    first opens the connection and reads the schema)."""
    with counting_instructions(database, every=every) as (engine, count):
        call(engine)
        count[0] = 0
        return call(engine), count[0]
