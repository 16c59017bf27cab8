"""One answer as a networkx graph: parties and datasets are nodes, each agreement moving
data an edge from provider to recipient (its id, name, kind, dates, status on the date,
evidence, confidence and sources); custody, derivation and parent links are edges too.

What every export writes from (:mod:`graphkit.interop.export`, the CSV record tables,
``Graph.export``).

Example:
    >>> from graphkit import open_graph
    >>> g = answer_graph(open_graph().view(as_of="2025-08-01"))
    >>> g.nodes["irs"]["kind"], g.edges["irs", "ice", "irs-ice-mou-2025"]["status"]
    ('agency', 'active')
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graphkit.model.registry import ID_SCHEMES
from graphkit.questions.results import AgreementOnDate, GraphView, PathResult, Ref

#: A node attribute per identifier scheme (``uei``, ``duns``, ``wikidata``...): a party's
#: values of it joined by ";" (a value never holds one: each follows its scheme's pattern),
#: empty for the other nodes and for a party with none.
ID_ATTRS: tuple[str, ...] = tuple(scheme.name for scheme in ID_SCHEMES)


def _flat(values: list[str] | None) -> str:
    return ";".join(values or [])


def _agreement_attrs(ag: AgreementOnDate, carries: bool) -> dict[str, Any]:
    return {
        "agreement": ag.id,
        "agreement_name": ag.name,
        "agreement_kind": ag.kind,
        "signed": ag.signed or "",
        "effective_from": ag.effective_from or "",
        "effective_to": ag.effective_to or "",
        "status": ag.status,
        "status_since": ag.status_since or "",
        "carries": carries,
        "evidence": ag.evidence or "",
        "last_evidenced": ag.last_evidenced or "",
        "confidence": ag.confidence,
        "sources": _flat(ag.sources),
    }


def _add_node(graph: nx.MultiDiGraph, node: Ref, subkind: str | None, sources: list[str]) -> None:
    attrs = {
        "name": node.name,
        "kind": node.kind,
        "subkind": subkind or "",
        "sources": _flat(sources),
    }
    if node.id in graph:
        for key, value in attrs.items():
            graph.nodes[node.id][key] = graph.nodes[node.id].get(key) or value
    else:
        graph.add_node(node.id, label=node.name, **attrs)


def answer_graph(answer: Any, store: Any = None) -> nx.MultiDiGraph:
    """A networkx graph of a view (``Graph.view``) or of a reach / reachable / path answer;
    with ``store`` (the graph's :class:`~graphkit.questions.store.Store`), each party
    carries its identifiers, one attribute per scheme (:data:`ID_ATTRS`)."""
    graph = _answer_graph(answer)
    for _node, attrs in graph.nodes(data=True):
        attrs.update(dict.fromkeys(ID_ATTRS, ""))
    parties = [n for n, a in graph.nodes(data=True) if a.get("kind") in ("agency", "vendor")]
    records = store.records(parties) if store is not None and parties else {}
    for ident, record in records.items():
        values: dict[str, list[str]] = {}
        for identifier in getattr(record, "identifiers", []):
            values.setdefault(identifier.scheme, []).append(identifier.value)
        graph.nodes[ident].update({k: _flat(v) for k, v in values.items()})
    return graph


def _answer_graph(answer: Any) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.graph.update(
        {
            "as_of": answer.question.as_of,
            "question": answer.question.command,
            "data": answer.question.data,
        }
    )
    if isinstance(answer, GraphView):
        for node in answer.nodes:
            _add_node(graph, Ref(node.id, node.name, node.kind), node.subkind, node.sources)
        for edge in answer.edges:
            attrs: dict[str, Any] = {"relation": edge.type}
            key = edge.type
            if edge.agreement is not None:
                attrs |= _agreement_attrs(edge.agreement, edge.carries)
                attrs |= {"datasets": _flat(edge.datasets), "via": _flat(edge.via)}
                key = edge.agreement.id
            graph.add_edge(edge.source, edge.target, key=key, **attrs)
        return graph
    if hasattr(answer, "custodian") and hasattr(answer, "dataset"):  # reach: who holds it
        _add_node(graph, answer.custodian, None, [])
        _add_node(graph, answer.dataset, None, [])
        key = "CUSTODIAN_OF"
        graph.add_edge(answer.custodian.id, answer.dataset.id, key=key, relation=key)
    for path in _paths(answer):
        for hop in path.hops:
            for ref in (hop.source, hop.target, *hop.via):
                _add_node(graph, ref, None, [])
            for dataset in hop.datasets:
                _add_node(graph, dataset, None, [])
            attrs = {"relation": "FLOWS", **_agreement_attrs(hop.agreement, True)}
            attrs |= {
                "datasets": _flat([d.id for d in hop.datasets]),
                "via": _flat([v.id for v in hop.via]),
            }
            graph.add_edge(hop.source.id, hop.target.id, key=hop.agreement.id, **attrs)
    return graph


def _paths(answer: Any) -> list[PathResult]:
    if hasattr(answer, "everyone"):  # reach, reachable: flows and declared permissions
        return [p for item in answer.everyone() for p in item.paths]
    if hasattr(answer, "every_path"):  # path: the same
        return list(answer.every_path())
    if hasattr(answer, "results"):
        return [p for item in answer.results for p in item.paths]
    return list(answer.paths)
