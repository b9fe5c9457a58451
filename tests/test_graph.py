"""`collabdb graph`: each format read back with networkx, on the seed and on a fictional
network with a unit under a unit, on SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from tests.conftest import Result, write_json

Cli = Callable[..., Result]
FORMATS = ("graphml", "gexf", "json")

PETROV = "astrazeneca-petrov-institute-cancer-genetics-2013"
SKOLKOVO = "astrazeneca-skolkovo-strategic-partnership-2017"
BIOBANK = "astrazeneca-russia-biobank-collaboration-2012"
AZ_ONCOLOGY = "astrazeneca-oncology-innovative-medicines"
PETROV_INSTITUTE = "nn-petrov-institute-of-oncology"
ZARYANKA = "zaryanka-institute-of-cardiology"
ZARYANKA_NAME = "Институт кардиологии «Зарянка»"


def _graph(result: Result, graph_format: str) -> nx.Graph[str]:
    """The command's output read back by networkx."""
    assert result.exit_code == 0, result.stderr
    if graph_format == "json":
        return nx.node_link_graph(json.loads(result.stdout), edges="edges")
    content = io.BytesIO(result.stdout.encode("utf-8"))
    read = nx.read_graphml if graph_format == "graphml" else nx.read_gexf
    graph: nx.Graph[str] = read(content)
    return graph


def _edges(graph: nx.Graph[str]) -> dict[tuple[str, str], tuple[int, list[str]]]:
    """Each edge (its ends sorted) with its weight and agreements (a list in JSON, joined by
    ';' in GraphML and GEXF; GEXF reads weights back as floats)."""
    found = {}
    for source, target, data in graph.edges(data=True):
        slugs = data["agreements"]
        slugs = slugs if isinstance(slugs, list) else slugs.split(";")
        found[min(source, target), max(source, target)] = (int(data["weight"]), slugs)
    return found


def _nodes(graph: nx.Graph[str]) -> dict[str, tuple[str, str, str | None, int]]:
    return {
        node: (data["label"], data["kind"], data.get("country"), data["agreements"])
        for node, data in graph.nodes(data=True)
        if data["type"] == "organization"
    }


@pytest.mark.parametrize("graph_format", FORMATS)
def test_the_seed_as_a_graph(cli: Cli, db_url: str, graph_format: str) -> None:
    graph = _graph(cli("--db", db_url, "graph", "--format", graph_format), graph_format)
    assert _nodes(graph) == {
        "astrazeneca": ("AstraZeneca", "company", "GB", 3),
        AZ_ONCOLOGY: ("AstraZeneca Oncology Innovative Medicines group", "research_group", None, 1),
        PETROV_INSTITUTE: ("N.N. Petrov Institute of Oncology", "research_institute", "RU", 1),
        "skolkovo-foundation": ("Skolkovo Foundation", "foundation", "RU", 1),
    }
    assert _edges(graph) == {
        ("astrazeneca", AZ_ONCOLOGY): (1, [PETROV]),
        ("astrazeneca", PETROV_INSTITUTE): (1, [PETROV]),
        ("astrazeneca", "skolkovo-foundation"): (1, [SKOLKOVO]),
        (AZ_ONCOLOGY, PETROV_INSTITUTE): (1, [PETROV]),
    }


@pytest.mark.parametrize("graph_format", FORMATS)
def test_roll_up_counts_a_unit_as_its_top(cli: Cli, db_url: str, graph_format: str) -> None:
    result = cli("--db", db_url, "graph", "--roll-up", "-f", graph_format)
    graph = _graph(result, graph_format)
    assert sorted(graph.nodes) == ["astrazeneca", PETROV_INSTITUTE, "skolkovo-foundation"]
    assert graph.nodes["astrazeneca"]["agreements"] == 3
    assert _edges(graph) == {
        ("astrazeneca", PETROV_INSTITUTE): (1, [PETROV]),
        ("astrazeneca", "skolkovo-foundation"): (1, [SKOLKOVO]),
    }


@pytest.mark.parametrize("graph_format", FORMATS)
def test_bipartite_links_each_party_to_its_agreement_with_its_role(
    cli: Cli, db_url: str, graph_format: str
) -> None:
    graph = _graph(cli("--db", db_url, "graph", "--bipartite", "-f", graph_format), graph_format)
    biobank = graph.nodes[f"agreement:{BIOBANK}"]
    assert biobank["type"] == "agreement"
    assert biobank["label"] == "AstraZeneca research collaboration to set up Russia's first biobank"
    assert (biobank["agreement_type"], biobank["date"]) == ("research_collaboration", "2012-11")
    assert biobank["unnamed_parties"] == "Russian partners, not named by the source"
    assert len(_nodes(graph)) == 4
    roles = {
        tuple(sorted((source, target))): data["role"]
        for source, target, data in graph.edges(data=True)
    }
    assert roles == {
        ("agreement:" + BIOBANK, "astrazeneca"): "pharma_partner",
        ("agreement:" + PETROV, "astrazeneca"): "pharma_partner",
        ("agreement:" + SKOLKOVO, "astrazeneca"): "pharma_partner",
        ("agreement:" + PETROV, AZ_ONCOLOGY): "participant",
        ("agreement:" + PETROV, PETROV_INSTITUTE): "research_partner",
        ("agreement:" + SKOLKOVO, "skolkovo-foundation"): "partner",
    }


def test_a_partner_filter_shows_what_agreements_shows(cli: Cli, db_url: str) -> None:
    listed = cli("--db", db_url, "agreements", "--partner", "Сколково", "-f", "json").json()
    assert [a["slug"] for a in listed] == [SKOLKOVO]
    graph = _graph(cli("--db", db_url, "graph", "--partner", "Сколково", "-f", "json"), "json")
    assert _nodes(graph) == {
        "astrazeneca": ("AstraZeneca", "company", "GB", 1),
        "skolkovo-foundation": ("Skolkovo Foundation", "foundation", "RU", 1),
    }
    assert _edges(graph) == {("astrazeneca", "skolkovo-foundation"): (1, [SKOLKOVO])}


def test_json_output_is_sorted_and_reproducible(cli: Cli, db_url: str) -> None:
    first = cli("--db", db_url, "graph", "-f", "json")
    assert first.stdout == cli("--db", db_url, "graph", "-f", "json").stdout
    data = first.json()
    assert list(data) == ["directed", "edges", "graph", "multigraph", "nodes"]
    assert [n["id"] for n in data["nodes"]] == sorted(n["id"] for n in data["nodes"])
    assert data["edges"][0] == {
        "agreements": [PETROV],
        "source": "astrazeneca",
        "target": AZ_ONCOLOGY,
        "weight": 1,
    }


def test_output_file_is_written_whole(cli: Cli, db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "partners.gexf"
    path.write_text("an older graph", encoding="utf-8")
    result = cli("--db", db_url, "graph", "--roll-up", "-f", "gexf", "-o", str(path))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert sorted(nx.read_gexf(path).edges) == [
        ("astrazeneca", PETROV_INSTITUTE),
        ("astrazeneca", "skolkovo-foundation"),
    ]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_an_output_file_in_a_missing_folder_exits_2(
    cli: Cli, seeded_db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "missing" / "g.graphml"
    result = cli("--db", str(seeded_db), "graph", "-o", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"error: cannot write {path}: No such file or directory\n"


def test_unknown_partner_exits_1_naming_it(cli: Cli, db_url: str) -> None:
    result = cli("--db", db_url, "graph", "--partner", "Pfizzle Dynamics")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "error: unknown organization 'Pfizzle Dynamics'\n"


def test_an_unknown_format_is_a_usage_error(cli: Cli, seeded_db: Path) -> None:
    result = cli("--db", str(seeded_db), "graph", "--format", "dot")
    assert result.exit_code == 2
    assert "'dot' is not one of 'graphml', 'gexf', 'json'" in result.stderr


@pytest.mark.parametrize("graph_format", FORMATS)
def test_no_matching_agreements_is_an_empty_graph(
    cli: Cli, seeded_db: Path, graph_format: str
) -> None:
    result = cli("--db", str(seeded_db), "graph", "--since", "2030", "-f", graph_format)
    assert result.stderr == "no agreements found: the graph is empty\n"
    graph = _graph(result, graph_format)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (0, 0)


@pytest.fixture
def fictional_db(
    cli: Cli, empty_db_url: str, fictional_document: dict[str, Any], tmp_path: Path
) -> str:
    """The fictional deal, a Russian-named institute, a group under Quillmere's Volga unit, and
    a second deal of the institute with Quillmere and that group."""
    organizations = fictional_document["organizations"]
    organizations[2]["name"] = ZARYANKA_NAME
    organizations.append(
        {"slug": "quillmere-labs", "name": "Quillmere Labs", "kind": "research_group",
         "parent": "quillmere-volga"}
    )  # fmt: skip
    second = json.loads(json.dumps(fictional_document["agreements"][0]))
    second.update(slug="quillmere-zaryanka-2022", signed_on="2022-05")
    second["parties"] = [
        {"organization": "quillmere-pharma", "role": "pharma_partner"},
        {"organization": "quillmere-labs", "role": "participant"},
        {"organization": ZARYANKA, "role": "research_partner"},
    ]
    fictional_document["agreements"].append(second)
    path = write_json(tmp_path / "fictional.json", fictional_document)
    assert cli("--db", empty_db_url, "import", str(path)).exit_code == 0
    return empty_db_url


@pytest.mark.parametrize("graph_format", FORMATS)
def test_roll_up_to_the_top_most_weighs_shared_agreements_and_skips_self_loops(
    cli: Cli, fictional_db: str, graph_format: str
) -> None:
    graph = _graph(
        cli("--db", fictional_db, "graph", "--roll-up", "-f", graph_format), graph_format
    )
    assert _nodes(graph) == {
        "quillmere-pharma": ("Quillmere Pharma", "company", "SE", 2),
        ZARYANKA: (ZARYANKA_NAME, "research_institute", "RU", 2),
    }
    assert _edges(graph) == {
        ("quillmere-pharma", ZARYANKA): (2, ["quillmere-zaryanka-2021", "quillmere-zaryanka-2022"])
    }


@pytest.mark.parametrize("graph_format", FORMATS)
def test_cyrillic_names_round_trip(cli: Cli, fictional_db: str, graph_format: str) -> None:
    result = cli("--db", fictional_db, "graph", "-p", "Зарянка", "-f", graph_format)
    assert ZARYANKA_NAME in result.stdout  # written as text, not escaped
    graph = _graph(result, graph_format)
    assert graph.nodes[ZARYANKA]["label"] == ZARYANKA_NAME
    quillmere = ["quillmere-labs", "quillmere-pharma", "quillmere-volga"]
    assert sorted(graph.nodes) == [*quillmere, ZARYANKA]
    assert _edges(graph)[("quillmere-labs", "quillmere-pharma")] == (1, ["quillmere-zaryanka-2022"])


def test_rolled_up_bipartite_roles_are_joined(cli: Cli, fictional_db: str) -> None:
    graph = _graph(cli("--db", fictional_db, "graph", "--roll-up", "--bipartite"), "graphml")
    assert graph.edges["quillmere-pharma", "agreement:quillmere-zaryanka-2022"] == {
        "role": "participant;pharma_partner"
    }
    assert graph.edges["quillmere-pharma", "agreement:quillmere-zaryanka-2021"] == {
        "role": "pharma_partner"
    }


_LOADED = """
import sys
from collabdb.cli.app import main
sys.argv = ["collabdb", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print("networkx" in sys.modules, file=sys.stderr)
"""


@pytest.mark.parametrize(("args", "loaded"), [(["agreements"], "False"), (["graph"], "True")])
def test_only_graph_imports_networkx(args: list[str], loaded: str, seeded_db: Path) -> None:
    command = [sys.executable, "-c", _LOADED, "--db", str(seeded_db), *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    assert done.stderr.splitlines()[-1] == loaded
