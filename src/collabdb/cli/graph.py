"""`collabdb graph`: who works with whom in the agreements shown, as a graph file for Gephi
(GEXF), yEd and Cytoscape (GraphML), or networkx's node-link JSON (docs/graph.md)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from collabdb.cli.options import agreement_filters
from collabdb.cli.output_file import write_bytes_to
from collabdb.cli.state import open_engine

if TYPE_CHECKING:
    from collabdb.services.agreements import AgreementFilters


class GraphFormatChoice(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"


@agreement_filters
def graph(
    filters: AgreementFilters,
    roll_up: Annotated[
        bool,
        typer.Option(
            "--roll-up", help="Count units and subsidiaries as their top-most organization."
        ),
    ] = False,
    bipartite: Annotated[
        bool,
        typer.Option(
            "--bipartite",
            help="Agreements are nodes too: an edge from each party to its agreement, with its "
            "role.",
        ),
    ] = False,
    graph_format: Annotated[
        GraphFormatChoice,
        typer.Option(
            "--format",
            "-f",
            help="graphml (yEd, Cytoscape, Gephi), gexf (Gephi) or json (networkx node-link).",
            case_sensitive=False,
        ),
    ] = GraphFormatChoice.graphml,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of stdout."),
    ] = None,
) -> None:
    """Who works with whom: the agreements shown as a graph for Gephi, yEd or Cytoscape.

    Organizations are the nodes, with an edge between two parties of the same agreement
    weighted by how many they share; the filters are those of `agreements`."""
    from collabdb.services.graph import collaboration_graph, write_graph

    found = collaboration_graph(open_engine(), roll_up=roll_up, bipartite=bipartite, **filters)
    if not found.shown:
        typer.echo("no agreements found: the graph is empty", err=True)
    content = write_graph(found, graph_format=graph_format.value)
    if output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    else:
        write_bytes_to(output, content=content)
