"""Fixing mistakes with history: every import, delete and undo is a change set (who, when, why,
each record before and after); `delete` removes a record unless something refers to it;
`import --replace` removes what a child list leaves out; `undo` restores exactly. On SQLite and
PostgreSQL alike, verified through the library; names are invented."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from collabdb.services.exporter import export_json
from collabdb.services.history import list_changes, record_history
from collabdb.services.search import search
from tests.conftest import Result, imported, write_json

Cli = Callable[..., Result]
DEAL = "quillmere-zaryanka-2021"
PHARMA = "quillmere-pharma"


@pytest.fixture
def document(fictional_document: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(fictional_document)


def _area_counts(engine: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT r.slug, c.agreements, c.organizations, c.projects"
                " FROM research_area_counts c JOIN research_areas r ON r.id = c.research_area_id"
                " ORDER BY r.slug"
            )
        )
        return [tuple(row) for row in rows]


def test_an_import_is_a_change_set_with_who_when_why_and_each_record(
    cli: Cli,
    empty_db_url: str,
    document: dict[str, Any],
    tmp_path: Path,
    engine_for: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "deal.json"
    imported(cli, empty_db_url, document, path, "--by", "Irina", "--reason", "first load")
    monkeypatch.setenv("COLLABDB_ACTOR", "batch-job")
    document["organizations"][0]["description"] = "A pharma company, invented."
    imported(cli, empty_db_url, document, tmp_path / "fix.json")
    engine = engine_for(empty_db_url)
    first, second = list_changes(engine).rows
    assert (first.operation, first.actor, first.reason) == ("import", "Irina", "first load")
    assert (first.input_name, first.records) == (str(path), 8)
    assert first.input_sha256 is not None and len(first.input_sha256) == 64
    assert first.summary == f"import {path}: 8 inserted, 0 updated, 0 unchanged"
    assert (second.actor, second.records, second.reason) == ("batch-job", 1, None)
    [inserted, updated] = record_history(engine, kind="organizations", record=PHARMA).rows
    assert (inserted.action, inserted.before) == ("inserted", None)
    assert (updated.action, updated.fields) == ("updated", ["description"])
    assert updated.before is not None and updated.before["description"] != updated.after
    assert [c.id for c in list_changes(engine, actor="Irina").rows] == [first.id]
    assert [c.id for c in list_changes(engine, kind="figures").rows] == [first.id]


def test_changes_lists_and_dumps_the_history(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path
) -> None:
    imported(cli, empty_db_url, document, tmp_path / "deal.json", "--by", "Irina")
    listed = cli("--db", empty_db_url, "changes", "-f", "csv")
    assert listed.exit_code == 0, listed.stderr
    header, row = listed.stdout.splitlines()
    assert header == "id,made_at,operation,actor,summary,reason,undone_by"
    assert row.startswith("1,") and ",import,Irina," in row
    dumped = cli("--db", empty_db_url, "changes", "--format", "jsonl")
    [line] = dumped.stdout.splitlines()
    entry = json.loads(line)
    assert entry["actor"] == "Irina"
    assert {(r["kind"], r["slug"]) for r in entry["records"]} >= {("organizations", PHARMA)}
    assert all(r["before"] is None and r["after"]["slug"] == r["slug"] for r in entry["records"])
    history = cli("--db", empty_db_url, "history", "agreements", DEAL, "-f", "json").json()
    assert [(h["change"], h["action"]) for h in history] == [(1, "inserted")]
    assert cli("--db", empty_db_url, "changes", "--since", "2999").stderr == "no changes\n"


def test_undo_of_an_import_gives_back_the_export_byte_for_byte(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, engine_for: Any
) -> None:
    engine = engine_for(empty_db_url)
    imported(cli, empty_db_url, document, tmp_path / "deal.json")
    before, counts = export_json(engine), _area_counts(engine)
    changed = copy.deepcopy(document)
    agreement = changed["agreements"][0]
    agreement["title"] = "A new title"
    agreement["areas"] = [{"area": "cardiology"}]  # replace: the other area link goes
    changed["organizations"].append(
        {"slug": "vesnyanka-labs", "name": "Vesnyanka Labs", "kind": "company", "country": "RU"}
    )
    imported(cli, empty_db_url, changed, tmp_path / "change.json", "--replace")
    assert export_json(engine) != before
    undone = cli("--db", empty_db_url, "undo", "2", "--reason", "wrong file")
    assert (undone.exit_code, undone.stdout) == (
        0,
        f"change 3: undo change 2 (import --replace {tmp_path / 'change.json'}: "
        "1 inserted, 1 updated, 7 unchanged)\n",
    )
    assert export_json(engine) == before
    assert _area_counts(engine) == counts
    assert search(engine, text="Vesnyanka").rows == []
    again = cli("--db", empty_db_url, "undo", "2")
    assert (again.exit_code, again.stderr) == (
        1,
        "error: change 2 was undone already, by change 3\n",
    )
    missing = cli("--db", empty_db_url, "undo", "99")
    assert (missing.exit_code, missing.stderr) == (1, "error: no change 99\n")


def test_undo_is_refused_when_a_later_change_touched_the_same_records(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, engine_for: Any
) -> None:
    engine = engine_for(empty_db_url)
    imported(cli, empty_db_url, document, tmp_path / "deal.json")
    first = export_json(engine)
    document["organizations"][0]["description"] = "Second."
    imported(cli, empty_db_url, document, tmp_path / "second.json")
    second = export_json(engine)
    document["organizations"][0]["description"] = "Third."
    imported(cli, empty_db_url, document, tmp_path / "third.json")
    refused = cli("--db", empty_db_url, "undo", "2")
    assert (refused.exit_code, refused.stderr) == (
        1,
        "error: change 2 cannot be undone: later changes touched its records (3); undo those "
        "first, latest first\n",
    )
    assert cli("--db", empty_db_url, "undo", "3").exit_code == 0
    assert export_json(engine) == second
    assert cli("--db", empty_db_url, "undo", "2").exit_code == 0  # the pair 3 + its undo cancel
    assert export_json(engine) == first


def test_import_replace_removes_what_a_given_list_leaves_out_and_keeps_lists_not_given(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, engine_for: Any
) -> None:
    imported(cli, empty_db_url, document, tmp_path / "deal.json")
    engine = engine_for(empty_db_url)
    [stored] = json.loads(export_json(engine))["agreements"]
    assert len(stored["parties"]) == 2 and stored["areas"]
    patch = {
        "format_version": 2,
        "agreements": [{"slug": DEAL, "parties": stored["parties"][:1]}],
    }
    default = imported(cli, empty_db_url, patch, tmp_path / "patch.json")
    assert default.stdout.endswith("0 records inserted, 0 updated, 1 unchanged\n")
    replaced = imported(cli, empty_db_url, patch, tmp_path / "patch2.json", "--replace")
    assert replaced.stdout.endswith("0 records inserted, 1 updated, 0 unchanged\n")
    [after] = json.loads(export_json(engine))["agreements"]
    assert after["parties"] == stored["parties"][:1]
    assert after["areas"] == stored["areas"] and after["citations"] == stored["citations"]


def test_delete_is_blocked_by_referring_records_and_cascades_only_links(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, engine_for: Any
) -> None:
    imported(cli, empty_db_url, document, tmp_path / "deal.json")
    engine = engine_for(empty_db_url)
    before = export_json(engine)
    blocked = cli("--db", empty_db_url, "delete", "organizations", PHARMA)
    assert blocked.exit_code == 1
    assert blocked.stderr.splitlines() == [
        "organizations quillmere-volga refers to it (parent)",
        "error: organization quillmere-pharma is referred to by 1 record(s); nothing was deleted",
    ]
    linked = cli("--db", empty_db_url, "delete", "organizations", "quillmere-volga")
    assert linked.exit_code == 1
    assert linked.stderr.splitlines() == [
        f"agreements {DEAL} refers to it (parties)",
        "error: organization quillmere-volga is referred to by 1 record(s); nothing was "
        "deleted; --cascade removes those links",
    ]
    assert export_json(engine) == before
    deleted = cli("--db", empty_db_url, "delete", "organizations", "Quillmere Volga", "--cascade")
    assert (deleted.exit_code, deleted.stdout) == (
        0,
        "change 2: delete organizations quillmere-volga (and 1 link(s) to it)\n",
    )
    stored = json.loads(export_json(engine))
    assert "quillmere-volga" not in {o["slug"] for o in stored["organizations"]}
    assert [p["organization"] for p in stored["agreements"][0]["parties"]] == [
        "zaryanka-institute-of-cardiology"
    ]
    assert search(engine, text="Volga").rows == []
    assert cli("--db", empty_db_url, "undo", "2").exit_code == 0
    assert export_json(engine) == before


def test_unknown_kinds_and_records_say_so(cli: Cli, empty_db_url: str) -> None:
    for args in (["delete", "companies", "x"], ["history", "companies", "x"]):
        result = cli("--db", empty_db_url, *args)
        assert result.exit_code == 2, args
        assert result.stderr.startswith("error: unknown kind 'companies'; one of: sources, ")
    result = cli("--db", empty_db_url, "delete", "organizations", "no-such-company")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: unknown organization 'no-such-company'")


def test_distinct_stops_the_near_duplicate_warning_and_undo_takes_it_back(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path
) -> None:
    imported(cli, empty_db_url, document, tmp_path / "deal.json")
    variant = {
        "format_version": 2,
        "organizations": [
            {"slug": "quillmere-pharmas", "name": "Quillmere Pharmas", "kind": "company"}
        ],
    }
    path = write_json(tmp_path / "variant.json", variant)
    warned = cli("--db", empty_db_url, "import", "--dry-run", str(path))
    assert "is close to existing organization 'Quillmere Pharma'" in warned.stderr
    assert imported(cli, empty_db_url, variant, tmp_path / "v1.json").exit_code == 0
    judged = cli("--db", empty_db_url, "distinct", "organizations", "Quillmere Pharmas", PHARMA)
    assert judged.exit_code == 0, judged.stderr
    # (on PostgreSQL the dry run's rolled-back change set used an id: ids are not counted)
    change, _, summary = judged.stdout.removeprefix("change ").partition(": ")
    assert summary == "distinct organizations quillmere-pharma quillmere-pharmas\n"
    again = cli("--db", empty_db_url, "distinct", "organizations", PHARMA, "quillmere-pharmas")
    assert again.stdout == "already recorded as distinct; nothing changed\n"
    variant["organizations"][0]["description"] = "Not the same company."
    strict = cli("--db", empty_db_url, "import", "--strict", str(write_json(path, variant)))
    assert (strict.exit_code, strict.stderr) == (0, "")
    assert cli("--db", empty_db_url, "undo", change).exit_code == 0
    # The judgement is gone with the undo: recording it again is a change again.
    redone = cli("--db", empty_db_url, "distinct", "organizations", PHARMA, "quillmere-pharmas")
    assert redone.stdout.endswith(": distinct organizations quillmere-pharma quillmere-pharmas\n")
    same = cli("--db", empty_db_url, "distinct", "organizations", PHARMA, "Quillmere Pharma")
    assert (same.exit_code, same.stderr) == (
        2,
        "error: 'quillmere-pharma' and 'Quillmere Pharma' are the same organization "
        "(quillmere-pharma)\n",
    )
    areas = cli("--db", empty_db_url, "distinct", "research_areas", "cardiology", "heart-failure")
    assert areas.exit_code == 2
    assert areas.stderr.startswith("error: distinct takes records the near-duplicate check")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_derived_data_stays_exact_through_deletes_merges_replaces_and_undos(
    cli: Cli, db_url: str, engine_for: Any, tmp_path: Path, seed: int
) -> None:
    """Random deletes (with --cascade), merges, replacing imports and undos on the seeded
    database: the area closure and counts equal a recount after each, search finds nothing of
    what is gone, and undoing everything gives back the first export."""
    import random

    from tests.test_area_counts import assert_kept

    rng = random.Random(seed)
    engine = engine_for(db_url)
    first = export_json(engine)
    start = max((c.id for c in list_changes(engine).rows), default=0)  # the seed's import
    stored = json.loads(first)
    leaves = sorted(
        {a["slug"] for a in stored["research_areas"]}
        - {a["parent"] for a in stored["research_areas"] if a.get("parent")}
    )
    for step in range(8):
        roll = rng.random()
        if roll < 0.3:
            area = rng.choice(leaves)
            result = cli("--db", db_url, "delete", "research_areas", area, "--cascade")
            if result.exit_code == 1:  # another record refers to it by a field
                continue
            assert result.exit_code == 0, result.stderr
            assert not [
                h for h in search(engine, text=area.replace("-", " ")).rows if h.slug == area
            ]
        elif roll < 0.7:  # two leaves found to be one: links, counts and closure follow
            source, target = rng.sample(leaves, k=2)
            result = cli("--db", db_url, "merge", "research_areas", source, target)
            if result.exit_code != 0:  # merged or deleted by an earlier step
                continue
            hits = search(engine, text=source.replace("-", " ")).rows
            assert source not in {h.slug for h in hits}
        else:
            agreement = rng.choice(json.loads(export_json(engine))["agreements"])
            areas = rng.sample(leaves, k=2)
            patch = {
                "format_version": 2,
                "agreements": [{"slug": agreement["slug"], "areas": [{"area": a} for a in areas]}],
            }
            path = tmp_path / f"replace-{step}.json"
            result = cli("--db", db_url, "import", "--replace", str(write_json(path, patch)))
            if result.exit_code != 0:  # an area deleted by an earlier step
                continue
        with engine.connect() as connection:
            assert_kept(connection, f"step {step}")
    for change in reversed([c.id for c in list_changes(engine).rows if c.id > start]):
        undone = cli("--db", db_url, "undo", str(change))
        assert undone.exit_code == 0, undone.stderr
        with engine.connect() as connection:
            assert_kept(connection, f"undo {change}")
    assert export_json(engine) == first


def test_undo_is_refused_while_an_untouched_record_links_to_what_it_would_remove(
    cli: Cli, empty_db_url: str, document: dict[str, Any], tmp_path: Path, engine_for: Any
) -> None:
    """A later import links a new agreement to an organization the first import inserted: the
    first import's undo would remove it from under the agreement, so it is refused."""
    organization = {"slug": "zorvana-labs", "name": "Zorvana Labs", "kind": "company"}
    first = {"format_version": 2, "organizations": [organization]}
    imported(cli, empty_db_url, first, tmp_path / "first.json")
    [change] = [c.id for c in list_changes(engine_for(empty_db_url)).rows]
    agreement = copy.deepcopy(document["agreements"][0])
    agreement["parties"] = [{"organization": "zorvana-labs", "role": "partner"}]
    agreement.pop("areas", None)
    second = {"format_version": 2, "sources": document["sources"], "agreements": [agreement]}
    imported(cli, empty_db_url, second, tmp_path / "second.json")
    before = export_json(engine_for(empty_db_url))
    refused = cli("--db", empty_db_url, "undo", str(change))
    assert (refused.exit_code, refused.stderr.splitlines()) == (
        1,
        [
            f"agreements {DEAL} refers to organizations zorvana-labs (parties)",
            f"error: change {change} cannot be undone: records it inserted are referred to by "
            "1 record(s) it did not touch; delete or change those first",
        ],
    )
    assert export_json(engine_for(empty_db_url)) == before
