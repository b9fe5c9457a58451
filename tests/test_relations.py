"""Relations between organizations (member of a cluster, resident of a zone, owner with its
stake, joint venture of its founders), the programmes an agreement was made under and the
facilities an event concerns: imported, exported byte for byte, shown by the details, in
`view_fact_sources`, checked, and kept by delete and merge. On SQLite and PostgreSQL alike;
every name is invented."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from collabdb.services.agreements import agreement_detail
from collabdb.services.exporter import export_json
from collabdb.services.organizations import organization_detail
from tests.conftest import Result, imported, write_json

Cli = Callable[..., Result]
SOURCE = "fixture-note"

DOCUMENT: dict[str, Any] = {
    "format_version": 2,
    "sources": [{"slug": SOURCE, "kind": "article", "title": "A note", "paragraph_count": 3}],
    "organizations": [
        {"slug": "velmora-bio", "name": "Velmora Bio", "kind": "startup", "country": "RU"},
        {"slug": "zarnitsa-cluster", "name": "Zarnitsa Biomed Cluster", "kind": "foundation_unit"},
        {"slug": "orlan-holding", "name": "Orlan Holding", "kind": "company"},
        {"slug": "orlan-group", "name": "Orlan Group", "kind": "company"},
    ],
    "programmes": [{"slug": "pharma-2030", "name": "Pharma 2030", "kind": "government_programme"}],
    "facilities": [
        {
            "slug": "velmora-plant",
            "name": "Velmora plant",
            "kind": "manufacturing_plant",
            "owner": "velmora-bio",
        }
    ],
    "agreements": [
        {
            "slug": "velmora-orlan-2020",
            "type": "memorandum",
            "title": "Velmora and Orlan",
            "status": "signed",
            "financial_terms": "unknown",
            "parties": [{"organization": "velmora-bio", "role": "partner"}],
            "programmes": [
                {"programme": "pharma-2030", "citations": [{"source": SOURCE, "paragraph": 2}]}
            ],
        }
    ],
    "events": [
        {
            "slug": "velmora-plant-construction",
            "kind": "other",
            "title": "Construction of the plant began",
            "occurred_on": "2011",
            "organization": "velmora-bio",
            "facilities": [
                {"facility": "velmora-plant", "citations": [{"source": SOURCE, "paragraph": 3}]}
            ],
        }
    ],
    "relations": [
        {
            "slug": "velmora-member-of-zarnitsa",
            "organization": "velmora-bio",
            "relation": "member_of",
            "other": "zarnitsa-cluster",
            "started_on": "2012",
            "citations": [{"source": SOURCE, "paragraph": 1}],
        },
        {
            "slug": "orlan-owns-velmora",
            "organization": "orlan-holding",
            "relation": "owner_of",
            "other": "velmora-bio",
            "stake_percent": "51.00",
            "started_on": "2015-03",
            "ended_on": "2019",
        },
    ],
}


def test_relations_programmes_and_event_facilities_round_trip_and_show(
    cli: Cli, empty_db_url: str, engine_for: Any, tmp_path: Path
) -> None:
    engine = engine_for(empty_db_url)
    first = imported(cli, empty_db_url, DOCUMENT, tmp_path / "d.json")
    assert "relations: 2 inserted, 0 updated, 0 unchanged" in first.stdout
    again = imported(cli, empty_db_url, DOCUMENT, tmp_path / "d.json")
    assert again.stdout.endswith("0 records inserted, 0 updated, 11 unchanged\n")
    exported = export_json(engine)
    path = tmp_path / "export.json"
    path.write_text(exported, encoding="utf-8")
    rebuilt = cli("--db", empty_db_url, "import", str(path))  # the same state: unchanged
    assert rebuilt.exit_code == 0 and export_json(engine) == exported

    velmora = organization_detail(engine, organization="Velmora Bio")
    assert [(r.organization, r.relation, r.other, r.stake_percent) for r in velmora.relations] == [
        ("orlan-holding", "owner_of", "velmora-bio", "51"),
        ("velmora-bio", "member_of", "zarnitsa-cluster", None),
    ]
    assert velmora.relations[1].other_name == "Zarnitsa Biomed Cluster"
    assert [c.paragraph for c in velmora.relations[1].citations] == [1]
    [event] = velmora.events
    assert [(f.facility, [c.paragraph for c in f.citations]) for f in event.facilities] == [
        ("velmora-plant", [3])
    ]
    cluster = organization_detail(engine, organization="zarnitsa-cluster")
    assert [r.slug for r in cluster.relations] == ["velmora-member-of-zarnitsa"]
    deal = agreement_detail(engine, agreement="velmora-orlan-2020")
    assert [(p.programme, p.name) for p in deal.programmes] == [("pharma-2030", "Pharma 2030")]

    shown = cli("--db", empty_db_url, "org", "velmora-bio", "-f", "json").json()
    assert shown["relations"][0]["stake_percent"] == "51"
    with engine.connect() as connection:
        facts = connection.execute(
            text(
                "SELECT fact_table, fact_slug, fact_key, paragraph FROM view_fact_sources"
                " WHERE fact_table IN ('organization_relations', 'agreement_programmes',"
                " 'event_facilities') ORDER BY fact_table"
            )
        ).all()
    assert [tuple(row) for row in facts] == [
        ("agreement_programmes", "velmora-orlan-2020", "pharma-2030", 2),
        ("event_facilities", "velmora-plant-construction", "velmora-plant", 3),
        ("organization_relations", "velmora-member-of-zarnitsa", None, 1),
    ]


@pytest.mark.parametrize(
    ("change", "problems"),
    [
        (
            {"stake_percent": "20", "relation": "member_of"},
            ["$.relations[0].stake_percent: only an owner_of relation has a stake"],
        ),
        (
            {"relation": "owner_of", "stake_percent": "150"},
            ["$.relations[0].stake_percent: 150 is not a stake (more than 0, at most 100)"],
        ),
        (
            {"other": "velmora-bio"},
            ["$.relations[0].other: an organization does not relate to itself"],
        ),
        (
            {"started_on": "2015", "ended_on": "2014-12"},
            ["$.relations[0].ended_on: 2014-12 is before started_on 2015"],
        ),
        (
            {"relation": "sponsor_of"},
            [
                "$.relations[0].relation: Input should be 'member_of', 'resident_of', "
                "'owner_of' or 'joint_venture_of'"
            ],
        ),
        (
            {"other": "zarnitsa-clusterr"},
            [
                "$.relations[0].other: unknown organizations slug 'zarnitsa-clusterr' (not in "
                "this file nor in the database); did you mean 'zarnitsa-cluster'?"
            ],
        ),
    ],
)
def test_bad_relations_are_named_with_their_json_path(
    cli: Cli,
    empty_db_url: str,
    tmp_path: Path,
    change: dict[str, str],
    problems: list[str],
) -> None:
    imported(cli, empty_db_url, {**DOCUMENT, "relations": []}, tmp_path / "d.json")
    relation = {**copy.deepcopy(DOCUMENT["relations"][0]), **change}
    path = write_json(tmp_path / "bad.json", {"format_version": 2, "relations": [relation]})
    result = cli("--db", empty_db_url, "import", str(path))
    assert result.exit_code == 2
    *lines, summary = result.stderr.splitlines()
    assert lines == problems
    assert summary == f"error: {path}: 1 problem; nothing was imported"


def test_a_relation_blocks_a_delete_and_follows_a_merge(
    cli: Cli, empty_db_url: str, engine_for: Any, tmp_path: Path
) -> None:
    engine = engine_for(empty_db_url)
    imported(cli, empty_db_url, DOCUMENT, tmp_path / "d.json")
    refused = cli("--db", empty_db_url, "delete", "organizations", "orlan-holding")
    assert (refused.exit_code, refused.stderr.splitlines()) == (
        1,
        [
            "relations orlan-owns-velmora refers to it (organization)",
            "error: organization orlan-holding is referred to by 1 record(s); nothing was deleted",
        ],
    )
    merged = cli("--db", empty_db_url, "merge", "organizations", "orlan-holding", "orlan-group")
    assert merged.exit_code == 0, merged.stderr
    group = organization_detail(engine, organization="orlan-group")
    assert [(r.slug, r.organization) for r in group.relations] == [
        ("orlan-owns-velmora", "orlan-group")
    ]
    # A member merged into its cluster would relate to itself: refused, nothing changed.
    before = export_json(engine)
    into_cluster = cli(
        "--db", empty_db_url, "merge", "organizations", "velmora-bio", "zarnitsa-cluster"
    )
    assert (into_cluster.exit_code, into_cluster.stderr) == (
        1,
        "error: merging velmora-bio into zarnitsa-cluster would leave relations "
        "velmora-member-of-zarnitsa invalid (other: an organization does not relate to "
        "itself); change or delete it first\n",
    )
    assert export_json(engine) == before
