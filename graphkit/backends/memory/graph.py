"""The networkx graph of a graph's records: entities as nodes, typed edges, FLOWS for data.

Nodes are entities (``label``: Agency, Vendor, Dataset, Agreement, Source); edges
carry a ``type`` from the schema's relationship types. ``FLOWS`` edges (one per
agreement, provider and recipient, keyed by the agreement id) hold the datasets
the agreement moves and the date windows in which it carries them.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graphkit.model.data import GraphData
from graphkit.model.schema import KINDS, Agreement, Dataset
from graphkit.model.semantics import flows

#: A FLOWS edge: (from, to, agreement id, the graph's attribute dict).
Edge = tuple[str, str, str, dict[str, Any]]


def build_graph(data: GraphData, flow_edges: list[Edge] | None = None) -> nx.MultiDiGraph:
    """The networkx graph of ``data``: entities as nodes, typed edges, FLOWS for data.

    ``flow_edges``, when given, receives every FLOWS edge as ``(source, target, agreement,
    attributes)`` (the graph's own attribute dict), in the order added.

    Example:
        >>> from graphkit.ingest.validation import load_seeds
        >>> added: list = []
        >>> g = build_graph(load_seeds(), added)
        >>> any(d["type"] == "FLOWS" for _, _, d in g.edges(data=True))
        True
        >>> len(added) == sum(1 for *_, d in g.edges(data=True) if d["type"] == "FLOWS")
        True
    """
    graph = nx.MultiDiGraph()
    for kind, records in data.by_kind().items():
        label = KINDS[kind][1]
        graph.add_nodes_from((ident, {"label": label}) for ident in records)
    for entity in data.entities():
        for source in set(entity.sources):
            graph.add_edge(entity.id, source, type="CITES")
        parent = getattr(entity, "parent", None)
        if parent:
            graph.add_edge(entity.id, parent, type="PART_OF")
        if isinstance(entity, Dataset):
            graph.add_edge(entity.custodian, entity.id, type="CUSTODIAN_OF")
            for origin in entity.derived_from:
                graph.add_edge(entity.id, origin, type="DERIVED_FROM")
        if isinstance(entity, Agreement):
            for party in entity.parties:
                graph.add_edge(party.party, entity.id, type="PARTY_TO", role=party.role)
            for dataset in set(entity.datasets):
                graph.add_edge(entity.id, dataset, type="COVERS")
            for flow in flows(entity):
                graph.add_edge(
                    flow.source,
                    flow.target,
                    key=flow.agreement,
                    type="FLOWS",
                    datasets=frozenset(flow.datasets),
                    windows=flow.windows,
                )
                if flow_edges is not None:
                    attrs = graph.get_edge_data(flow.source, flow.target, flow.agreement)
                    flow_edges.append((flow.source, flow.target, flow.agreement, attrs))
    return graph
