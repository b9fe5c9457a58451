"""The collaboration graph of `collabdb graph`: the organizations that are parties of the
agreements shown, an edge between two parties of the same agreement (weighted by how many
they share); or, bipartite, agreements as nodes too and an edge from each party to its
agreement. The agreements are exactly those `collabdb agreements` lists with the same filters
(:func:`collabdb.services.agreements.list_agreements`).

:func:`collaboration_graph` builds the graph as plain read models; :func:`write_graph` writes
it as GraphML, GEXF or node-link JSON with networkx, imported there and nowhere else, so that
no other command's start-up pays for it. docs/graph.md describes what each format holds.
"""

from __future__ import annotations

import io
import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Unpack

from collabdb.services.agreements import AgreementFilters, list_agreements
from collabdb.services.organizations import list_organizations

if TYPE_CHECKING:
    import networkx as nx
    from sqlalchemy.engine import Engine

    from collabdb.schemas.lists import OrganizationRow
    from collabdb.schemas.reads import AgreementRead


GraphFormat = Literal["graphml", "gexf", "json"]
#: Joins the values of a list attribute in GraphML and GEXF, whose attributes are scalars.
SEPARATOR = ";"
#: What an agreement's node id starts with in a bipartite graph (an organization's is its slug).
AGREEMENT_NODE = "agreement:"


@dataclass(frozen=True, kw_only=True)
class OrganizationNode:
    """An organization (rolled up: a top-most one) and the number of agreements shown that it,
    or an organization under it when rolled up, is a party of."""

    slug: str
    name: str
    kind: str
    country: str | None
    agreements: int

    @property
    def node_id(self) -> str:
        return self.slug

    def attributes(self) -> dict[str, str | int | None]:
        shown = {"kind": self.kind, "country": self.country, "agreements": self.agreements}
        return {"type": "organization", "label": self.name, **shown}


@dataclass(frozen=True, kw_only=True)
class AgreementNode:
    """An agreement shown (bipartite graphs only)."""

    slug: str
    title: str
    type: str
    date: str | None
    unnamed_parties: str | None

    @property
    def node_id(self) -> str:
        return AGREEMENT_NODE + self.slug

    def attributes(self) -> dict[str, str | int | None]:
        return {
            "type": "agreement",
            "label": self.title,
            "agreement_type": self.type,
            "date": self.date,
            "unnamed_parties": self.unnamed_parties,
        }


@dataclass(frozen=True, kw_only=True)
class PartnersEdge:
    """Two organizations (``source`` before ``target`` by slug) and the agreements they are
    both parties of, by slug."""

    source: str
    target: str
    agreements: tuple[str, ...]

    @property
    def weight(self) -> int:
        return len(self.agreements)


@dataclass(frozen=True, kw_only=True)
class PartyEdge:
    """An organization's part in an agreement (bipartite graphs only): its roles, one as a
    rule; rolled up, those of every organization under it that is a party."""

    organization: str
    agreement: str
    roles: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class CollaborationGraph:
    """Nodes and edges sorted by slug; ``agreements`` and ``parties`` are empty unless
    ``bipartite``, ``partners`` is empty if it is. ``shown`` counts the agreements the filters
    matched (an agreement whose parties the sources do not name adds no organization)."""

    bipartite: bool
    shown: int
    organizations: tuple[OrganizationNode, ...]
    agreements: tuple[AgreementNode, ...]
    partners: tuple[PartnersEdge, ...]
    parties: tuple[PartyEdge, ...]


def collaboration_graph(
    engine: Engine,
    *,
    roll_up: bool = False,
    bipartite: bool = False,
    **filters: Unpack[AgreementFilters],
) -> CollaborationGraph:
    """The graph of the agreements ``list_agreements`` returns for the same ``filters``. With
    ``roll_up`` a unit or subsidiary counts as its top-most organization; two of them under the
    same top in one agreement make no edge (a graph has no self-loops)."""
    shown = list_agreements(engine, **filters).rows
    # Read after the agreements: an import never removes an organization, so every party of
    # them is here even if an import commits in between.
    organizations = {row.slug: row for row in list_organizations(engine).rows}
    node_of = _top_organizations(organizations) if roll_up else None
    roles = {agreement.slug: _roles_by_node(agreement, node_of) for agreement in shown}
    counts = Counter(node for by_node in roles.values() for node in by_node)
    nodes = tuple(_organization_node(organizations[slug], counts[slug]) for slug in sorted(counts))
    if bipartite:
        return CollaborationGraph(
            bipartite=True,
            shown=len(shown),
            organizations=nodes,
            agreements=tuple(_agreement_node(a) for a in sorted(shown, key=lambda a: a.slug)),
            partners=(),
            parties=tuple(
                PartyEdge(organization=node, agreement=slug, roles=tuple(sorted(roles[slug][node])))
                for node, slug in sorted((n, s) for s, by_node in roles.items() for n in by_node)
            ),
        )
    shared: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for slug, by_node in roles.items():
        for pair in itertools.combinations(sorted(by_node), 2):
            shared[pair].append(slug)
    return CollaborationGraph(
        bipartite=False,
        shown=len(shown),
        organizations=nodes,
        agreements=(),
        partners=tuple(
            PartnersEdge(source=source, target=target, agreements=tuple(sorted(slugs)))
            for (source, target), slugs in sorted(shared.items())
        ),
        parties=(),
    )


def _top_organizations(organizations: Mapping[str, OrganizationRow]) -> dict[str, str]:
    """Each organization's top-most one, following ``parent`` (imports refuse cycles; a
    parent seen twice ends the walk all the same)."""
    tops: dict[str, str] = {}
    for slug in organizations:
        seen, top = {slug}, slug
        while (parent := organizations[top].parent) is not None and parent not in seen:
            seen.add(parent)
            top = parent
        tops[slug] = top
    return tops


def _roles_by_node(
    agreement: AgreementRead, node_of: Mapping[str, str] | None
) -> dict[str, set[str]]:
    """The agreement's parties as nodes (rolled up when ``node_of`` is given), with their
    roles."""
    by_node: defaultdict[str, set[str]] = defaultdict(set)
    for party in agreement.parties:
        node = party.organization if node_of is None else node_of[party.organization]
        by_node[node].add(party.role)
    return by_node


def _organization_node(row: OrganizationRow, agreements: int) -> OrganizationNode:
    return OrganizationNode(
        slug=row.slug, name=row.name, kind=row.kind, country=row.country, agreements=agreements
    )


def _agreement_node(agreement: AgreementRead) -> AgreementNode:
    return AgreementNode(
        slug=agreement.slug,
        title=agreement.title,
        type=agreement.type,
        date=agreement.date,
        unnamed_parties=agreement.unnamed_parties,
    )


def to_networkx(graph: CollaborationGraph, *, lists: bool = False) -> nx.Graph[str]:
    """The graph as a networkx graph: nodes and edges in the graph's order, attributes without
    a value left out (GraphML and GEXF have no null). List attributes (an edge's agreements)
    are lists with ``lists``, else their values joined by :data:`SEPARATOR`."""
    import networkx as nx

    built: nx.Graph[str] = nx.Graph()
    nodes: list[OrganizationNode | AgreementNode] = [*graph.organizations, *graph.agreements]
    for node in nodes:
        attributes = node.attributes()
        built.add_node(node.node_id, **{k: v for k, v in attributes.items() if v is not None})
    for edge in graph.partners:
        slugs = list(edge.agreements) if lists else SEPARATOR.join(edge.agreements)
        built.add_edge(edge.source, edge.target, weight=edge.weight, agreements=slugs)
    for party in graph.parties:
        built.add_edge(
            party.organization, AGREEMENT_NODE + party.agreement, role=SEPARATOR.join(party.roles)
        )
    return built


def write_graph(graph: CollaborationGraph, *, graph_format: GraphFormat) -> bytes:
    """The graph as UTF-8 bytes: GraphML or GEXF (1.2) as networkx writes them, or networkx's
    node-link JSON (``nodes`` and ``edges``, keys sorted, two-space indent)."""
    import networkx as nx

    if graph_format == "json":
        data = nx.node_link_data(to_networkx(graph, lists=True), edges="edges")
        return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    buffer = io.BytesIO()
    built = to_networkx(graph)
    if graph_format == "graphml":
        nx.write_graphml(built, buffer, encoding="utf-8", prettyprint=True)
    else:
        nx.write_gexf(built, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()
