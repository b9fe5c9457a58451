"""JSON Lines in and out: round trips, format selection, errors by line, streaming."""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from collabdb.services.exporter import export_json
from collabdb.services.inputs import read_json_lines
from collabdb.services.problems import ProblemLog
from tests.conftest import Result
from tests.synthetic import write_synthetic

Cli = Callable[..., Result]


def _jsonl(*values: Any) -> str:
    return "".join(json.dumps(v, ensure_ascii=False) + "\n" for v in values)


def test_export_json_import_jsonl_export_json_is_byte_identical(
    cli: Cli, seeded_db: Path, empty_db: Path, tmp_path: Path
) -> None:
    as_json = cli("--db", str(seeded_db), "export").stdout
    as_jsonl = tmp_path / "kb.jsonl"
    assert cli("--db", str(seeded_db), "export", "-f", "jsonl", "-o", str(as_jsonl)).exit_code == 0
    lines = as_jsonl.read_text(encoding="utf-8").splitlines()
    assert lines[0] == '{"format_version":2}'
    assert json.loads(lines[1])["kind"] == "sources"
    imported = cli("--db", str(empty_db), "import", str(as_jsonl))
    assert imported.exit_code == 0, imported.stderr
    assert cli("--db", str(empty_db), "export").stdout == as_json
    again = cli("--db", str(empty_db), "export", "--format", "jsonl")
    assert again.stdout == as_jsonl.read_text(encoding="utf-8")


def test_synthetic_json_and_jsonl_import_to_the_same_data(
    cli: Cli, empty_db: Path, tmp_path: Path, _empty_template: Path
) -> None:
    write_synthetic(tmp_path / "d.json", deals=40, seed=3, output_format="json")
    write_synthetic(tmp_path / "d.jsonl", deals=40, seed=3, output_format="jsonl")
    assert cli("--db", str(empty_db), "import", str(tmp_path / "d.json")).exit_code == 0
    other = tmp_path / "other.sqlite3"
    other.write_bytes(_empty_template.read_bytes())
    result = cli("--db", str(other), "import", str(tmp_path / "d.jsonl"))
    assert result.exit_code == 0, result.stderr
    assert cli("--db", str(other), "export").stdout == cli("--db", str(empty_db), "export").stdout


def test_stdin_needs_the_input_format_for_json_lines(cli: Cli, empty_db: Path) -> None:
    data = _jsonl(
        {"format_version": 1},
        {
            "kind": "organizations",
            "record": {"slug": "ivory-lab", "name": "Ivory Lab", "kind": "company"},
        },
    ).encode("utf-8")
    as_json = cli("--db", str(empty_db), "import", "-", stdin=data)
    assert as_json.exit_code == 2
    assert as_json.stderr.startswith("line 2 column 1: invalid JSON: Extra data\n")
    result = cli("--db", str(empty_db), "import", "--input-format", "jsonl", "-", stdin=data)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith("1 records inserted, 0 updated, 0 unchanged\n")


def test_records_may_come_in_any_order_and_refer_forward(
    cli: Cli, empty_db: Path, tmp_path: Path, engine_for: Any
) -> None:
    path = tmp_path / "forward.jsonl"
    path.write_text(
        _jsonl(
            {
                "kind": "organizations",
                "record": {
                    "slug": "unit-b",
                    "name": "Unit B",
                    "kind": "company_unit",
                    "parent": "mother-a",
                },
            },
            {
                "kind": "agreements",
                "record": {
                    "slug": "deal",
                    "type": "other",
                    "title": "Deal",
                    "status": "signed",
                    "financial_terms": "unknown",
                    "parties": [{"organization": "unit-b", "role": "partner"}],
                },
            },
            {
                "kind": "organizations",
                "record": {"slug": "mother-a", "name": "Mother A", "kind": "company"},
            },
        ),
        encoding="utf-8",
    )
    result = cli("--db", str(empty_db), "import", str(path))
    assert result.exit_code == 0, result.stderr
    exported = json.loads(export_json(engine_for(empty_db)))
    assert [(o["slug"], o["parent"]) for o in exported["organizations"]] == [
        ("mother-a", None),
        ("unit-b", "mother-a"),
    ]


JSONL_ERRORS: dict[str, tuple[str, list[str]]] = {
    "bad field": (
        _jsonl({"kind": "organizations", "record": {"slug": "a-b", "name": "", "kind": "company"}}),
        ["line 1: $.record.name: must not be empty or blank"],
    ),
    "unknown kind": (
        _jsonl({"kind": "deals", "record": {}}),
        [
            "line 1: $.kind: unknown kind 'deals'; expected one of sources, research_areas, organizations, people, programmes, products, agreements, projects, facilities, figures, events"
        ],
    ),
    "no envelope": (
        _jsonl({"slug": "a-b", "name": "A B"}),
        [
            "line 1: $.slug: unknown field",
            "line 1: $.name: unknown field",
            "line 1: $.kind: required field is missing",
        ],
    ),
    "not an object": (_jsonl([1, 2]), ["line 1: $: expected a JSON object with kind and record"]),
    "late format_version": (
        _jsonl(
            {"kind": "sources", "record": {"slug": "s", "kind": "article", "title": "T"}},
            {"format_version": 1},
        ),
        ["line 2: $.format_version: only the first line may give format_version"],
    ),
    "wrong format_version": (
        _jsonl({"format_version": 3}),
        ["line 1: $.format_version: Input should be 1 or 2"],
    ),
    "truncated last line": (
        _jsonl({"format_version": 1}) + '{"kind": "organizations", "record": {"slug": "a',
        ["line 2 column 46: invalid JSON: Unterminated string starting at"],
    ),
    "duplicate key": (
        '{"kind": "organizations", "kind": "people", "record": {}}\n',
        ["line 1: $.kind: key given more than once"],
    ),
    "NaN": (
        '{"kind": "figures", "record": {"slug": "f", "amount": NaN}}\n',
        ["line 1: $: NaN is not a valid JSON number"],
    ),
    "same slug twice": (
        _jsonl(
            {"kind": "people", "record": {"slug": "p-q", "name": "Pavel Q"}},
            {"kind": "people", "record": {"slug": "p-q", "name": "Pavel R"}},
        ),
        ["line 2: $.record: slug 'p-q' given twice with different content (first at line 1)"],
    ),
    "unknown reference": (
        _jsonl(
            {
                "kind": "people",
                "record": {
                    "slug": "p-q",
                    "name": "Pavel Q",
                    "positions": [{"organization": "nowhere", "title": "CEO"}],
                },
            }
        ),
        [
            "line 1: $.record.positions[0].organization: unknown organizations slug 'nowhere' (not in this file nor in the database)"
        ],
    ),
}


@pytest.mark.parametrize("case", list(JSONL_ERRORS))
def test_jsonl_problems_name_their_line(
    case: str, cli: Cli, empty_db: Path, tmp_path: Path, engine_for: Any
) -> None:
    content, expected = JSONL_ERRORS[case]
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    before = export_json(engine_for(empty_db))
    result = cli("--db", str(empty_db), "import", str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert [line[: len(e)] for line, e in zip(lines, expected, strict=False)] == expected
    assert len(lines) == len(expected) + 1
    noun = "problem" if len(expected) == 1 else "problems"
    assert lines[-1] == f"error: {path}: {len(expected)} {noun}; nothing was imported"
    assert export_json(engine_for(empty_db)) == before


def test_invalid_utf8_in_a_line_names_the_line(cli: Cli, empty_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    good = _jsonl({"format_version": 1}).encode("utf-8")
    path.write_bytes(good + b'{"kind": "people", "record": {"slug": "x", "name": "Jos\xe9"}}\n')
    result = cli("--db", str(empty_db), "import", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "line 2: invalid UTF-8 at byte 55 of the line; files must be UTF-8"
    )


def test_dry_run_of_jsonl_counts_and_writes_nothing(
    cli: Cli, seeded_db: Path, tmp_path: Path, engine_for: Any
) -> None:
    path = write_synthetic(tmp_path / "d.jsonl", deals=30, seed=4)
    before = export_json(engine_for(seeded_db))
    result = cli("--db", str(seeded_db), "import", "--dry-run", str(path))
    assert result.exit_code == 0, result.stderr
    assert "agreements: 30 inserted, 0 updated, 0 unchanged" in result.stdout
    assert result.stdout.endswith("unchanged (would be written: dry run)\n")
    assert export_json(engine_for(seeded_db)) == before
    assert cli("--db", str(seeded_db), "imports", "-f", "csv").stdout.count("\n") == 2


def _peak_reading(path: Path) -> int:
    tracemalloc.start()
    try:
        with path.open("rb") as stream:
            source = read_json_lines(stream, name="x", log=ProblemLog(subject="x"))
        source.close()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_reading_json_lines_keeps_memory_flat(tmp_path: Path) -> None:
    small = _peak_reading(write_synthetic(tmp_path / "small.jsonl", deals=200, seed=5))
    large = _peak_reading(write_synthetic(tmp_path / "large.jsonl", deals=1000, seed=5))
    # Five times the records; the reader holds one line at a time (records go to a spool file).
    assert large < small * 1.5, (small, large)


def test_progress_lines_report_reading_and_writing(
    cli: Cli, empty_db: Path, tmp_path: Path
) -> None:
    path = write_synthetic(tmp_path / "d.jsonl", deals=150, seed=6)
    size = path.stat().st_size
    result = cli("--db", str(empty_db), "import", "--progress", "lines", str(path))
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    reading = [line for line in lines if line.startswith("reading: ")]
    writing = [line for line in lines if line.startswith("writing: ")]
    assert len(reading) >= 9 and reading[-1].endswith(f" of {size} bytes")
    total = result.stdout.splitlines()[-1].split()[0]
    assert len(writing) >= 3 and writing[-1] == f"writing: {total} of {total} records"
    assert len(lines) == len(reading) + len(writing)


def test_a_progress_bar_on_a_terminal_and_nothing_when_piped(
    empty_db: Path, tmp_path: Path
) -> None:
    import os
    import pty
    import subprocess
    import sys

    path = write_synthetic(tmp_path / "d.jsonl", deals=400, seed=7)  # over 1 MB
    assert path.stat().st_size > 1_000_000
    primary, terminal = pty.openpty()
    command = [sys.executable, "-m", "collabdb", "--db", str(empty_db), "import", str(path)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=terminal)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closed: the import is over
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    assert process.wait(timeout=120) == 0
    assert b"writing (records)" in shown and b"reading (bytes)" in shown
    piped = subprocess.run(command, capture_output=True, check=True)  # re-import: unchanged
    assert piped.stderr == b""


def _area_chain(count: int, *, closed: bool) -> str:
    """Areas each naming the next one (later in the file) as parent; closed: a cycle."""
    areas = []
    for i in range(count):
        area: dict[str, Any] = {"slug": f"area-{i:04d}", "name": f"Area {i}"}
        if i + 1 < count or closed:
            area["parent"] = f"area-{(i + 1) % count:04d}"
        areas.append({"kind": "research_areas", "record": area})
    return _jsonl(*areas)


def test_parents_later_in_the_file_are_resolved_across_batches(
    cli: Cli, empty_db: Path, tmp_path: Path, engine_for: Any
) -> None:
    path = tmp_path / "chain.jsonl"
    path.write_text(_area_chain(700, closed=False), encoding="utf-8")
    result = cli("--db", str(empty_db), "import", str(path))
    assert result.exit_code == 0, result.stderr
    areas = json.loads(export_json(engine_for(empty_db)))["research_areas"]
    assert [a["parent"] for a in areas] == [f"area-{i:04d}" for i in range(1, 700)] + [None]


def test_a_cycle_across_batches_is_found(
    cli: Cli, empty_db: Path, tmp_path: Path, engine_for: Any
) -> None:
    path = tmp_path / "cycle.jsonl"
    path.write_text(_area_chain(600, closed=True), encoding="utf-8")
    result = cli("--db", str(empty_db), "import", "--max-errors", "0", str(path))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 601
    assert lines[0] == (
        "line 1: $.record.parent: parent chain is a cycle: area-0000 -> area-0001 -> area-0002"
        " -> area-0003 -> area-0004 -> area-0005 -> area-0006 -> area-0007 -> ... (600 records)"
        " -> area-0000"
    )
    assert lines[-1] == f"error: {path}: 600 problems; nothing was imported"
    assert json.loads(export_json(engine_for(empty_db)))["research_areas"] == []
