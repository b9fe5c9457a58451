"""Read commands import only what they need (issue 8's cold-start target).

Each command runs in a fresh interpreter, which then reports the modules it loaded: a read
command must start without the ORM, the ORM classes, pydantic, Alembic or the importer. The
benchmark measures what that saves (docs/performance.md); this test keeps it from coming back.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES

# Loaded only by the commands that need them: the import, the migrations, the JSON Schema.
NOT_ON_THE_READ_PATH = (
    "sqlalchemy.orm",
    "collabdb.models",
    "pydantic",
    "alembic",
    "rich",
    "collabdb.services.importer",
    "collabdb.schemas.records",
    "networkx",  # `graph` alone
)

READ_COMMANDS = [
    ["agreements", "--partner", "AstraZeneca"],
    ["agreements", "--area", "oncology", "--country", "RU", "--sort", "date"],
    ["agreement", "astrazeneca-russia-biobank-collaboration-2012"],
    ["orgs"],
    ["org", "AZ"],
    ["people"],
    ["person", "Кирилл Каем"],
    ["facilities"],
    ["figures"],
    ["areas"],
    ["programmes"],
    ["sources"],
    ["source", "sk-2017-05-17-astrazeneca-skolkovo-partnership"],
    ["timeline"],
    ["search", "oncology"],
    ["search", "Сколково"],
    ["sql", "SELECT count(*) FROM agreements"],
    ["imports"],
    ["db", "info"],
]

_REPORT = """
import json, sys
from collabdb.cli.app import main
sys.argv = ["collabdb", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit as exit:
    code = exit.code
else:
    code = 0
print(json.dumps({"code": code, "loaded": [m for m in WATCHED if m in sys.modules]}))
"""


def _probe(code: str, args: list[str]) -> dict[str, Any]:
    """Run ``code`` in a fresh interpreter with the CLI arguments as JSON; its last line of
    output is a JSON report."""
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)],
        capture_output=True,
        text=True,
        check=True,
    )
    report: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return report


def _loaded_by(args: list[str]) -> dict[str, Any]:
    return _probe(_REPORT.replace("WATCHED", repr(list(NOT_ON_THE_READ_PATH))), args)


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a))
def test_a_read_command_starts_without_the_orm_pydantic_or_alembic(
    args: list[str], seeded_db: Path
) -> None:
    report = _loaded_by(["--db", str(seeded_db), *args])
    assert report["code"] in (0, None), report
    assert report["loaded"] == []


def test_the_report_sees_what_a_command_loads(seeded_db: Path) -> None:
    # The probe itself works: `schema` prints the JSON Schema from the pydantic import models.
    report = _loaded_by(["schema"])
    assert report["code"] in (0, None)
    assert "pydantic" in report["loaded"]


_GC_AT_IMPORT = """
import gc, json, sys
import collabdb.services.importer as importer
seen = {}
real = importer.import_input

def recording(*args, **kwargs):
    seen["enabled"], seen["frozen"] = gc.isenabled(), gc.get_freeze_count()
    return real(*args, **kwargs)

importer.import_input = recording
from collabdb.cli.start import main
sys.argv = ["collabdb", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
print(json.dumps(seen))
"""


def test_the_collector_is_back_on_before_a_command_does_its_work(seeded_db: Path) -> None:
    # The console script pauses garbage collection while a command starts (cli/start.py); an
    # import of a million deals must still run with it on, start-up's objects frozen out.
    args = ["--db", str(seeded_db), "import", str(FIXTURES / "fictional.json"), "--dry-run"]
    seen = _probe(_GC_AT_IMPORT, args)
    assert seen["enabled"] is True
    assert seen["frozen"] > 20_000  # start-up's modules, classes and tables
