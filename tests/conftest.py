"""Shared fixtures: real SQLite files in temporary directories, and a CLI runner that goes
through the same entry point as the installed command (errors, exit codes and all)."""

from __future__ import annotations

import io
import json
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from collabdb.cli.app import main
from collabdb.config import target_from_text
from collabdb.db import make_engine
from collabdb.migrations import upgrade_to_head
from collabdb.services.seed import load_bundled_data, load_seed
from tests.backends import (  # noqa: F401  (fixtures: the same tests on SQLite and PostgreSQL)
    backend,
    db_url,
    empty_db_url,
    pg_blank_url,
    pg_empty_url,
    pg_url,
    postgres_server,
)
from tests.sql_reader import (  # noqa: F401  (fixtures: `collabdb sql` as a read-only role)
    pg_reader_url,
    reader_role,
    sql_url,
)

REPO_ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


class _Stdout(io.StringIO):
    """A text stream with a ``buffer`` like sys.stdout (export writes bytes)."""

    def __init__(self) -> None:
        super().__init__()
        self.buffer = io.BytesIO()

    def text(self) -> str:
        return self.getvalue() + self.buffer.getvalue().decode("utf-8")


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run ``collabdb ARGS`` in-process through :func:`collabdb.cli.app.main`."""

    def run(*args: str, stdin: bytes = b"") -> Result:
        stdout, stderr = _Stdout(), io.StringIO()
        stdin_stream = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        code = 0
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "argv", ["collabdb", *args])
            patch.setattr(sys, "stdout", stdout)
            patch.setattr(sys, "stderr", stderr)
            patch.setattr(sys, "stdin", stdin_stream)
            try:
                main()
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else int(exit_.code is not None)
        return Result(code, stdout.text(), stderr.getvalue())

    return run


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data dir, and no COLLABDB_URL from the outside."""
    data_home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data_home))
    monkeypatch.delenv("COLLABDB_URL", raising=False)
    return data_home


@pytest.fixture
def default_db_path(isolated_environment: Path) -> Path:
    return isolated_environment / "collabdb" / "collabdb.sqlite3"


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "seeded.sqlite3"
    engine = make_engine(target_from_text(str(path)))
    upgrade_to_head(engine)
    load_seed(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "empty.sqlite3"
    engine = make_engine(target_from_text(str(path)))
    upgrade_to_head(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def _bundled_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "bundled.sqlite3"
    engine = make_engine(target_from_text(str(path)))
    upgrade_to_head(engine)
    load_bundled_data(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def bundled_db(tmp_path: Path, _bundled_template: Path) -> Path:
    """A fresh copy of an SQLite file holding what the default database holds: the seed and
    the curated real deals."""
    path = tmp_path / "bundled.sqlite3"
    shutil.copyfile(_bundled_template, path)
    return path


@pytest.fixture
def seeded_db(tmp_path: Path, _seeded_template: Path) -> Path:
    """A fresh copy of a migrated and seeded SQLite file."""
    path = tmp_path / "seeded.sqlite3"
    shutil.copyfile(_seeded_template, path)
    return path


@pytest.fixture(scope="session")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory, _empty_template: Path) -> Path:
    """300 synthetic deals (seed 7; each research area holds about a seventh of them), imported
    into a migrated SQLite file. Shared: tests only read it (copy it to change it)."""
    from tests.synthetic import import_synthetic

    directory = tmp_path_factory.mktemp("synthetic")
    path = directory / "synthetic.sqlite3"
    path.write_bytes(_empty_template.read_bytes())
    return import_synthetic(path, directory, deals=300, seed=7)


@pytest.fixture(scope="session")
def grown_db(tmp_path_factory: pytest.TempPathFactory, synthetic_db: Path) -> Path:
    """The synthetic database with 300 more deals, of other organizations. Shared: tests
    only read it."""
    from tests.synthetic import import_synthetic

    directory = tmp_path_factory.mktemp("grown")
    path = directory / "grown.sqlite3"
    path.write_bytes(synthetic_db.read_bytes())
    return import_synthetic(path, directory, deals=300, seed=8)


@pytest.fixture
def empty_db(tmp_path: Path, _empty_template: Path) -> Path:
    """A fresh copy of a migrated SQLite file with no data."""
    path = tmp_path / "empty.sqlite3"
    shutil.copyfile(_empty_template, path)
    return path


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def imported(
    cli: Callable[..., Result], db: str, document: Any, path: Path, *options: str
) -> Result:
    """``collabdb --db DB import [OPTIONS] PATH`` of ``document`` written to ``path``; it must
    succeed."""
    result = cli("--db", db, "import", *options, str(write_json(path, document)))
    assert result.exit_code == 0, result.stderr
    return result


def change_id(stdout: str) -> str:
    """12 from "change 12: delete ..." (PostgreSQL's sequences skip the ids of rolled-back
    runs, so ids are read, not counted)."""
    assert stdout.startswith("change "), stdout
    return stdout.removeprefix("change ").partition(":")[0]


@pytest.fixture
def fictional_document() -> dict[str, Any]:
    """Invented organizations and a deal, never real names."""
    return json.loads((FIXTURES / "fictional.json").read_text(encoding="utf-8"))


@pytest.fixture
def engine_for() -> Iterator[Callable[[Path], Any]]:
    engines: list[Any] = []

    def make(path: Path) -> Any:
        engine = make_engine(target_from_text(str(path)))
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()
