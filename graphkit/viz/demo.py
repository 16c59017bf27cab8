"""Synthetic graph views for benchmarks and tests: no seeds needed.

Example:
    >>> view = synthetic_view(50)
    >>> len(view.nodes), view.question.command
    (50, 'view')
"""

from __future__ import annotations

import random

from graphkit.questions.results import AgreementOnDate, GraphView, Question, ViewEdge, ViewNode

_STATUSES = ["active"] * 7 + ["limited", "rescinded", "enjoined", "expired", "proposed"]
_KINDS = ["contract", "mou", "data_exchange_agreement", "network_access", "commercial_supply"]


def synthetic_view(nodes: int, edges_per_node: float = 1.5, seed: int = 7) -> GraphView:
    """A made-up view of ``nodes`` agencies, vendors and datasets: a few hubs with many
    agreements (as in the real data), custody links, some agreements not in force."""
    rng = random.Random(seed)
    items = []
    for i in range(nodes):
        kind = rng.choices(["agency", "vendor", "dataset"], [5, 2, 3])[0]
        sub = (
            None if kind == "dataset" else rng.choice(["federal", "state", "local", "data_broker"])
        )
        items.append(ViewNode(f"n{i}", f"Synthetic {kind} {i}", kind, sub, [f"src-{i % 40}"]))
    parties = [n.id for n in items if n.kind != "dataset"] or [items[0].id]
    datasets = [n.id for n in items if n.kind == "dataset"]
    hubs = parties[: max(3, len(parties) // 40)]
    edges = []
    for ds in datasets:
        edges.append(ViewEdge(rng.choice(parties), ds, "CUSTODIAN_OF"))
    wanted = int(nodes * edges_per_node) - len(edges)
    for n in range(max(wanted, 0)):
        a = rng.choice(hubs) if rng.random() < 0.5 else rng.choice(parties)
        b = rng.choice(parties)
        if a == b:
            continue
        status = rng.choice(_STATUSES)
        ag = AgreementOnDate(
            id=f"ag-{n}",
            name=f"Synthetic agreement {n}",
            kind=rng.choice(_KINDS),
            signed=f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            effective_from=None,
            effective_to=None,
            status=status,
            status_since="2020-01-01",
            status_note=None,
            sources=[f"src-{n % 40}"],
        )
        carries = status in ("active", "limited")
        moved = rng.sample(datasets, min(2, len(datasets)))
        edges.append(ViewEdge(a, b, "FLOWS", ag, moved, [], carries))
    sources = {
        f"src-{i}": {
            "id": f"src-{i}",
            "publisher": "Synthetic Publisher",
            "title": f"Synthetic source {i}",
            "url": f"https://example.org/src-{i}",
        }
        for i in range(40)
    }
    question = Question("view", [], "2025-01-01", 1, 0, "synthetic")
    return GraphView(question=question, sources=sources, nodes=items, edges=edges)
