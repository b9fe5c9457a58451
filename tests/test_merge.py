"""`collabdb merge KIND FROM INTO`: references move, children and citations are merged by key,
FROM's name becomes one of INTO's other names, FROM's old slug keeps resolving (on the CLI, in
later imports, through export and import), and `undo` takes it all back exactly. On SQLite and
PostgreSQL alike, verified through the library. The Ajai/Ajay story uses the seed's real
person; every other name is invented."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from collabdb.services.exporter import export_json
from collabdb.services.history import dump_history, list_changes, record_history
from collabdb.services.search import search
from tests.conftest import Result, change_id, imported, write_json
from tests.test_area_counts import assert_kept

Cli = Callable[..., Result]
SEED_DEAL = "astrazeneca-petrov-institute-cancer-genetics-2013"
SEED_SOURCE = "gen-2013-02-12-astrazeneca-petrov-institute"
UNIT = "astrazeneca-asia-emerging-markets-rd"
DEAL = "quillmere-zaryanka-2021"
INSTITUTE = "zaryanka-institute-of-cardiology"
TWIN = "zaryanka-cardiology-institute"


def _state(engine: Any) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(export_json(engine))
    return loaded


def _by_slug(state: dict[str, Any], kind: str) -> dict[str, Any]:
    return {record["slug"]: record for record in state[kind]}


AJAI = {
    "format_version": 2,
    "people": [
        {
            "slug": "ajai-gautam",
            "name": "Ajai Gautam",
            "description": "Spelling of a later report.",
            "citations": [{"source": SEED_SOURCE, "paragraph": 10}],
            "positions": [
                {
                    "organization": UNIT,
                    "title": "Executive Director",
                    "status": "current",
                    "citations": [{"source": SEED_SOURCE, "paragraph": 9}],
                }
            ],
        }
    ],
    "agreements": [
        {
            "slug": SEED_DEAL,
            "people": [
                {
                    "person": "ajai-gautam",
                    "role": "spokesperson",
                    "organization": UNIT,
                    "citations": [{"source": SEED_SOURCE, "paragraph": 10}],
                }
            ],
        }
    ],
}


def test_the_ajai_ajay_story_end_to_end(
    cli: Cli, db_url: str, engine_for: Any, tmp_path: Path
) -> None:
    engine = engine_for(db_url)
    variant = imported(cli, db_url, AJAI, tmp_path / "ajai.json")
    assert "'Ajai Gautam' is close to existing person 'Ajay Gautam'" in variant.stderr
    assert cli("--db", db_url, "person", "Gautam").exit_code == 1  # ambiguous: two people
    before = export_json(engine)
    deal = _by_slug(_state(engine), "agreements")[SEED_DEAL]
    assert sorted(p["person"] for p in deal["people"]) == ["ajai-gautam", "ajay-gautam"]

    merged = cli(
        "--db", db_url, "merge", "people", "ajai-gautam", "Ajay Gautam",
        "--by", "Irina", "--reason", "one person, two spellings",
    )  # fmt: skip
    assert merged.exit_code == 0, merged.stderr
    change = change_id(merged.stdout)
    assert merged.stdout == (
        f"change {change}: merge people ajai-gautam into ajay-gautam (4 record(s))\n"
    )
    state = _state(engine)
    people = _by_slug(state, "people")
    assert "ajai-gautam" not in people
    ajay = people["ajay-gautam"]
    [spokesperson] = _by_slug(state, "agreements")[SEED_DEAL]["people"]
    assert (spokesperson["person"], spokesperson["role"]) == ("ajay-gautam", "spokesperson")
    other_names = {(n["name"], n["type"]) for n in ajay["names"]}
    assert ("Ajai Gautam", "informal") in other_names
    assert ("Аджай Гаутам", "transliteration") in other_names  # INTO's own names stay
    [position] = ajay["positions"]  # same organization and title: one, with both citations
    assert [c["paragraph"] for c in position["citations"]] == [9, 10]
    assert ajay["description"] != "Spelling of a later report."  # INTO's known fields stay
    assert state["redirects"] == [{"from": "ajai-gautam", "into": "ajay-gautam", "kind": "people"}]

    # The old slug resolves, the old name is found under the record it went into.
    shown = cli("--db", db_url, "person", "ajai-gautam", "-f", "json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.json()["slug"] == "ajay-gautam"
    assert cli("--db", db_url, "person", "Gautam").exit_code == 0
    hits = {(h.kind, h.slug) for h in search(engine, text="Ajai").rows}
    assert ("people", "ajay-gautam") in hits and ("people", "ajai-gautam") not in hits

    # history shows the merge, with who and why, under both slugs.
    into_history = record_history(engine, kind="people", record="ajay-gautam").rows
    assert [(h.operation, h.action, h.actor, h.reason) for h in into_history][-1] == (
        "merge",
        "updated",
        "Irina",
        "one person, two spellings",
    )
    assert record_history(engine, kind="people", record="ajai-gautam").rows[-1].action == (
        "deleted"
    )

    # undo brings both back exactly.
    undone = cli("--db", db_url, "undo", change)
    assert undone.exit_code == 0, undone.stderr
    assert export_json(engine) == before
    assert cli("--db", db_url, "person", "Gautam").exit_code == 1


def test_a_later_import_under_the_old_slug_updates_the_record_it_went_into(
    cli: Cli, db_url: str, engine_for: Any, tmp_path: Path
) -> None:
    engine = engine_for(db_url)
    imported(cli, db_url, AJAI, tmp_path / "ajai.json")
    assert cli("--db", db_url, "merge", "people", "ajai-gautam", "ajay-gautam").exit_code == 0
    later = {
        "format_version": 2,
        "people": [{"slug": "ajai-gautam", "description": "Led R&D for emerging markets."}],
        "agreements": [{"slug": SEED_DEAL, "people": [{"person": "ajai-gautam", "role": "spokesperson"}]}],
    }  # fmt: skip
    result = imported(cli, db_url, later, tmp_path / "later.json")
    assert result.stderr == (
        "warning: $.people[0]: person 'ajai-gautam' was merged into 'ajay-gautam'; "
        "read as 'ajay-gautam'\n"
    )
    assert result.stdout.splitlines()[:2] == [
        "people: 0 inserted, 1 updated, 0 unchanged",
        "agreements: 0 inserted, 0 updated, 1 unchanged",
    ]
    people = _by_slug(_state(engine), "people")
    assert "ajai-gautam" not in people
    assert people["ajay-gautam"]["description"] == "Led R&D for emerging markets."


def test_redirects_go_through_export_and_import(
    cli: Cli, db_url: str, empty_db_url: str, engine_for: Any, tmp_path: Path
) -> None:
    imported(cli, db_url, AJAI, tmp_path / "ajai.json")
    assert cli("--db", db_url, "merge", "people", "ajai-gautam", "ajay-gautam").exit_code == 0
    for export_format in ("json", "jsonl"):
        exported = tmp_path / f"export.{export_format}"
        done = cli("--db", db_url, "export", "--format", export_format, "-o", str(exported))
        assert done.exit_code == 0, done.stderr
    lines = (tmp_path / "export.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[-1]) == {
        "kind": "redirects",
        "record": {"from": "ajai-gautam", "into": "ajay-gautam", "kind": "people"},
    }
    rebuilt = cli("--db", empty_db_url, "import", str(tmp_path / "export.jsonl"))
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert "redirects: 1 inserted, 0 updated, 0 unchanged" in rebuilt.stdout
    assert export_json(engine_for(empty_db_url)) == export_json(engine_for(db_url))
    shown = cli("--db", empty_db_url, "person", "ajai-gautam", "-f", "json")
    assert shown.json()["slug"] == "ajay-gautam"
    again = cli("--db", empty_db_url, "import", str(tmp_path / "export.json"))
    assert "redirects: 0 inserted, 0 updated, 1 unchanged" in again.stdout


def test_bad_redirects_in_an_input_are_named_and_nothing_is_written(
    cli: Cli, db_url: str, engine_for: Any, tmp_path: Path
) -> None:
    engine = engine_for(db_url)
    before = export_json(engine)
    document = {
        "format_version": 2,
        "redirects": [
            {"kind": "people", "from": "ajay-gautam", "into": "kirill-kaem"},
            {"kind": "people", "from": "old-name", "into": "no-such-person"},
            {"kind": "people", "from": "twice", "into": "ajay-gautam"},
            {"kind": "people", "from": "twice", "into": "kirill-kaem"},
            {"kind": "figures", "from": "a", "into": "b"},
        ],
    }
    result = cli("--db", db_url, "import", str(write_json(tmp_path / "bad.json", document)))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:1] == [
        "$.redirects[4].kind: Input should be 'sources', 'research_areas', "
        "'organizations', 'people', 'programmes', 'products', 'agreements' or 'facilities'"
    ]
    del document["redirects"][4]
    result = cli("--db", db_url, "import", str(write_json(tmp_path / "bad.json", document)))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "$.redirects[3].into: people slug 'twice' is redirected twice, to "
        "'ajay-gautam' and 'kirill-kaem'",
        "$.redirects[0].from: people slug 'ajay-gautam' is a stored record, so it "
        "cannot redirect; to merge it: collabdb merge people ajay-gautam kirill-kaem",
        "$.redirects[1].into: unknown people slug 'no-such-person' (not in this file "
        "nor in the database)",
        f"error: {tmp_path / 'bad.json'}: 3 problems; nothing was imported",
    ]
    assert export_json(engine) == before


def _fictional_with_a_twin(fictional_document: dict[str, Any]) -> dict[str, Any]:
    """The fictional deal with the institute entered twice: the twin is a second party of the
    same deal, the employer of a person, the parent of a unit and a figure's subject."""
    document = copy.deepcopy(fictional_document)
    twin = {
        "slug": TWIN,
        "name": "Zaryanka Cardiology Institute",
        "kind": "research_institute",
        "country": "RU",
        "region": "Tver Oblast",
        "names": [{"name": "ZCI", "language": "en", "script": "Latn", "type": "acronym"}],
        "citations": [{"source": "fixture-bulletin-2021", "paragraph": 1}],
    }
    lab = {"slug": "zaryanka-lab", "name": "Zaryanka Lab", "kind": "research_group", "parent": TWIN}
    document["organizations"] += [twin, lab]
    [deal] = document["agreements"]
    deal["parties"].append(
        {
            "organization": TWIN,
            "role": "research_partner",
            "citations": [{"source": "fixture-bulletin-2021", "paragraph": 1}],
        }
    )
    document["people"] = [
        {
            "slug": "olesya-vetrova",
            "name": "Olesya Vetrova",
            "positions": [{"organization": TWIN, "title": "Director"}],
        }
    ]
    document["figures"].append(
        {
            "slug": "zaryanka-budget-2021",
            "measure": "funding",
            "disclosure": "not_disclosed",
            "organization": TWIN,
        }
    )
    return document


def test_merging_organizations_moves_every_reference_and_merges_links_by_key(
    cli: Cli,
    empty_db_url: str,
    fictional_document: dict[str, Any],
    engine_for: Any,
    tmp_path: Path,
) -> None:
    engine = engine_for(empty_db_url)
    imported(cli, empty_db_url, _fictional_with_a_twin(fictional_document), tmp_path / "d.json")
    before = export_json(engine)
    plan = cli(
        "--db", empty_db_url, "merge", "organizations", TWIN, INSTITUTE, "--dry-run", "-f", "csv"
    )
    assert plan.exit_code == 0, plan.stderr
    assert plan.stdout.splitlines() == [
        "kind,slug,action,fields",
        'redirects,organizations zaryanka-cardiology-institute,inserted,"from, into, kind"',
        f'organizations,{INSTITUTE},updated,"citations, names, region"',
        "organizations,zaryanka-lab,updated,parent",
        "people,olesya-vetrova,updated,positions",
        f"agreements,{DEAL},updated,parties",
        "figures,zaryanka-budget-2021,updated,organization",
        f'organizations,{TWIN},deleted,"citations, country, kind, name, names, region"',
    ]
    assert plan.stderr == (
        f"dry run: merge organizations {TWIN} into {INSTITUTE} would change 7 record(s); "
        "nothing was changed\n"
    )
    assert export_json(engine) == before
    assert list_changes(engine).rows[-1].operation == "import"

    merged = cli("--db", empty_db_url, "merge", "organizations", "ZCI", INSTITUTE)
    assert merged.exit_code == 0, merged.stderr
    state = _state(engine)
    organizations = _by_slug(state, "organizations")
    institute = organizations[INSTITUTE]
    assert TWIN not in organizations
    assert institute["region"] == "Tver Oblast"  # unknown before: taken from the twin
    assert institute["city"] == "Тверь"
    names = {(n["name"], n["type"]) for n in institute["names"]}
    assert {("Zaryanka Cardiology Institute", "informal"), ("ZCI", "acronym")} <= names
    assert organizations["zaryanka-lab"]["parent"] == INSTITUTE
    [deal] = state["agreements"]
    institute_parties = [p for p in deal["parties"] if p["organization"] == INSTITUTE]
    assert len(institute_parties) == 1  # one party, with the twin's citation
    assert institute_parties[0]["citations"] == [
        {"paragraph": 1, "source": "fixture-bulletin-2021"}
    ]
    [person] = state["people"]
    assert person["positions"][0]["organization"] == INSTITUTE
    figures = _by_slug(state, "figures")
    assert figures["zaryanka-budget-2021"]["organization"] == INSTITUTE
    hits = {(h.kind, h.slug) for h in search(engine, text="ZCI").rows}
    assert hits == {("organizations", INSTITUTE)}
    with engine.connect() as connection:
        assert_kept(connection, "after the merge")
    # --partner finds the deal under the twin's old slug.
    listed = cli("--db", empty_db_url, "agreements", "--partner", TWIN, "-f", "json")
    assert [a["slug"] for a in listed.json()] == [DEAL]


def test_refusals_and_usage_errors_change_nothing(
    cli: Cli,
    empty_db_url: str,
    fictional_document: dict[str, Any],
    engine_for: Any,
    tmp_path: Path,
) -> None:
    engine = engine_for(empty_db_url)
    document = _fictional_with_a_twin(fictional_document)
    document["sources"].append(
        {
            "slug": "fixture-wire-2021",
            "kind": "press_release",
            "title": "Another telling",
            "text": "Zaryanka and Quillmere sign.\n\nMore to come.",
        }
    )
    imported(cli, empty_db_url, document, tmp_path / "d.json")
    before = export_json(engine)
    cases = [
        (["people", "olesya-vetrova", "Olesya Vetrova"], 2,
         "error: 'olesya-vetrova' and 'Olesya Vetrova' are the same person (olesya-vetrova); "
         "nothing to merge"),
        (["people", "olesya-vetrova", INSTITUTE], 2,
         f"error: '{INSTITUTE}' is an organization, not a person: a record merges only into "
         "one of its own kind"),
        (["organizations", TWIN, "zaryanka-lab"], 2,
         f"error: zaryanka-lab is below {TWIN}: merging {TWIN} into it would make a cycle "
         "of parents"),
        (["research_areas", "cardiology", "heart-failure"], 2,
         "error: heart-failure is below cardiology: merging cardiology into it would make a "
         "cycle of parents"),
        (["figures", "zaryanka-budget-2021", "quillmere-zaryanka-2021-value"], 2,
         "error: figures are not merged (delete the wrong one); merge takes: sources, "
         "research_areas, organizations, people, programmes, products, agreements, facilities"),
        (["companies", "a", "b"], 2, "error: unknown kind 'companies'; one of: sources, "
         "research_areas, organizations, people, programmes, products, agreements, projects, "
         "facilities, figures, events, relations"),
        (["people", "no-such-person", "olesya-vetrova"], 1,
         "error: unknown person 'no-such-person'"),
        (["sources", "fixture-wire-2021", "fixture-bulletin-2021"], 1,
         "error: sources fixture-wire-2021 and fixture-bulletin-2021 hold different texts: "
         "citations of one would point at paragraphs of the other; only sources without a "
         "stored text, or with the same text, merge"),
    ]  # fmt: skip
    for args, code, message in cases:
        result = cli("--db", empty_db_url, "merge", *args)
        assert (result.exit_code, result.stderr) == (code, message + "\n"), args
    name_type = cli("--db", empty_db_url, "merge", "people", "a", "b", "--name-type", "nick")
    assert name_type.exit_code == 2
    assert name_type.stderr.startswith("error: --name-type: unknown name type 'nick'; one of: ")
    assert export_json(engine) == before
    assert [c.operation for c in list_changes(engine).rows] == ["import"]


def test_chained_merges_resolve_to_the_last_record_and_undo_in_order(
    cli: Cli, empty_db_url: str, engine_for: Any, tmp_path: Path
) -> None:
    engine = engine_for(empty_db_url)
    people = [
        {"slug": slug, "name": name}
        for slug, name in (
            ("tamara-orlik", "Tamara Orlik"),
            ("tamara-orlyk", "Tamara Orlyk"),
            ("tamara-orlikova", "Tamara Orlikova"),
        )
    ]
    imported(cli, empty_db_url, {"format_version": 2, "people": people}, tmp_path / "p.json")
    before = export_json(engine)
    judged = cli("--db", empty_db_url, "distinct", "people", "tamara-orlik", "tamara-orlikova")
    first = cli("--db", empty_db_url, "merge", "people", "tamara-orlik", "tamara-orlyk")
    # What was judged distinct from the one merged away is judged distinct from the other.
    again = cli("--db", empty_db_url, "distinct", "people", "tamara-orlyk", "tamara-orlikova")
    assert again.stdout == "already recorded as distinct; nothing changed\n"
    second = cli("--db", empty_db_url, "merge", "people", "tamara-orlyk", "tamara-orlikova")
    assert (first.exit_code, second.exit_code) == (0, 0), first.stderr + second.stderr
    [*_, merge_change] = dump_history(engine)
    assert [r["kind"] for r in merge_change["records"]] == [
        "distinct",
        "redirects",
        "redirects",
        "people",
        "people",
    ]
    assert _state(engine)["redirects"] == [
        {"from": "tamara-orlik", "into": "tamara-orlikova", "kind": "people"},
        {"from": "tamara-orlyk", "into": "tamara-orlikova", "kind": "people"},
    ]
    shown = cli("--db", empty_db_url, "person", "tamara-orlik", "-f", "json")
    assert shown.json()["slug"] == "tamara-orlikova"
    names = {n["name"] for n in _by_slug(_state(engine), "people")["tamara-orlikova"]["names"]}
    assert names == {"Tamara Orlik", "Tamara Orlyk"}
    refused = cli("--db", empty_db_url, "undo", change_id(first.stdout))
    assert refused.exit_code == 1
    assert f"later changes touched its records ({change_id(second.stdout)})" in refused.stderr
    # Deleting the record drops the redirects into it; undo brings them back.
    deleted = cli("--db", empty_db_url, "delete", "people", "tamara-orlik")
    assert deleted.exit_code == 0, deleted.stderr
    assert deleted.stdout.endswith(": delete people tamara-orlikova\n")
    assert _state(engine)["redirects"] == []
    assert cli("--db", empty_db_url, "person", "tamara-orlik").exit_code == 1
    for done in (deleted, second, first, judged):
        undone = cli("--db", empty_db_url, "undo", change_id(done.stdout))
        assert undone.exit_code == 0, undone.stderr
    assert export_json(engine) == before


def _twin_and_referrer(kind: str, original: dict[str, Any]) -> tuple[dict[str, Any], Any]:
    """An input with a copy of ``original`` under another slug and a record that refers to the
    copy; and how to read the reference back from an export."""
    twin = copy.deepcopy(original)
    twin["slug"] = original["slug"] + "-twin"
    name_field = "title" if kind in ("sources", "agreements") else "name"
    twin[name_field] = f"{twin[name_field]} (twin)"
    for field in ("names", "owners", "parties", "people", "status_history"):
        twin.pop(field, None)
    document: dict[str, Any] = {"format_version": 2, kind: [twin]}
    if kind == "sources":
        document["organizations"] = [
            {"slug": "velmora-bio", "name": "Velmora Bio", "kind": "startup",
             "citations": [{"source": twin["slug"]}]}
        ]  # fmt: skip
        return document, lambda s: _by_slug(s, "organizations")["velmora-bio"]["citations"][0][
            "source"
        ]
    if kind == "research_areas":
        document["organizations"] = [
            {"slug": "velmora-bio", "name": "Velmora Bio", "kind": "startup",
             "interests": [{"area": twin["slug"], "kind": "research_focus"}]}
        ]  # fmt: skip
        return document, lambda s: _by_slug(s, "organizations")["velmora-bio"]["interests"][0][
            "area"
        ]
    if kind == "products":
        document["agreements"] = [
            {"slug": SEED_DEAL, "products": [{"product": twin["slug"], "role": "tested"}]}
        ]
        return document, lambda s: _by_slug(s, "agreements")[SEED_DEAL]["products"][0]["product"]
    document["figures"] = [
        {"slug": "velmora-deal-value", "measure": "deal_value", "disclosure": "not_disclosed",
         "agreement": twin["slug"]}
    ]  # fmt: skip
    return document, lambda s: _by_slug(s, "figures")["velmora-deal-value"]["agreement"]


@pytest.mark.parametrize("kind", ["sources", "research_areas", "products", "agreements"])
def test_other_kinds_merge_and_undo(
    cli: Cli, db_url: str, engine_for: Any, tmp_path: Path, kind: str
) -> None:
    """A copy of a stored record under another slug, referred to by another record, merges
    into the original: the reference moves to it; undo restores the export."""
    engine = engine_for(db_url)
    if kind == "products":
        product = {"slug": "velotrin", "name": "Velotrin", "kind": "small_molecule"}
        imported(cli, db_url, {"format_version": 2, "products": [product]}, tmp_path / "p.json")
    state = _state(engine)
    original = next(
        r
        for r in state[kind]
        if kind != "sources" or (r["text"] is None and not r["paragraph_count"])
    )
    document, reference = _twin_and_referrer(kind, original)
    imported(cli, db_url, document, tmp_path / "twin.json")
    twin = document[kind][0]["slug"]
    assert reference(_state(engine)) == twin
    before = export_json(engine)
    merged = cli("--db", db_url, "merge", kind, twin, original["slug"])
    assert merged.exit_code == 0, merged.stderr
    after = _state(engine)
    assert twin not in _by_slug(after, kind)
    assert reference(after) == original["slug"]
    assert after["redirects"] == [{"from": twin, "into": original["slug"], "kind": kind}]
    with engine.connect() as connection:
        assert_kept(connection, kind)
    assert cli("--db", db_url, "undo", change_id(merged.stdout)).exit_code == 0
    assert export_json(engine) == before


def test_a_delete_takes_the_judgements_about_the_record_with_it(
    cli: Cli, empty_db_url: str, engine_for: Any, tmp_path: Path
) -> None:
    engine = engine_for(empty_db_url)
    people = [{"slug": "ilya-sorin", "name": "Ilya Sorin"}, {"slug": "ilya-sorin-jr", "name": "Ilya Sorin Jr"}]  # fmt: skip
    imported(cli, empty_db_url, {"format_version": 2, "people": people}, tmp_path / "p.json")
    assert (
        cli("--db", empty_db_url, "distinct", "people", "ilya-sorin", "ilya-sorin-jr").exit_code
        == 0
    )
    before = export_json(engine)
    deleted = cli("--db", empty_db_url, "delete", "people", "ilya-sorin-jr")
    assert deleted.exit_code == 0, deleted.stderr
    [*_, delete_change] = dump_history(engine)
    assert {(r["kind"], r["slug"], r["after"]) for r in delete_change["records"]} == {
        ("distinct", "people ilya-sorin ilya-sorin-jr", None),
        ("people", "ilya-sorin-jr", None),
    }
    assert cli("--db", empty_db_url, "undo", change_id(deleted.stdout)).exit_code == 0
    again = cli("--db", empty_db_url, "distinct", "people", "ilya-sorin", "ilya-sorin-jr")
    assert again.stdout == "already recorded as distinct; nothing changed\n"
    assert export_json(engine) == before
