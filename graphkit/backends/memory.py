"""The embedded default: an in-memory networkx graph built from seed files.

Nodes are entities (``label``: Agency, Vendor, Dataset, Agreement, Source); edges
carry a ``type`` from the schema's relationship types. ``FLOWS`` edges (one per
agreement, provider and recipient, keyed by the agreement id) hold the datasets
the agreement moves and the date windows in which it carries them; the searches
walk only those.

Example:
    >>> from graphkit.validation import load_seeds
    >>> g = MemoryBackend(load_seeds())
    >>> g.graph.nodes["irs"]["label"]
    'Agency'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graphkit import GraphkitError
from graphkit.backends.base import (
    PATH_BUDGET,
    Backend,
    RawHop,
    RawPath,
    Record,
    _kind,
    rank_search,
)
from graphkit.data import GraphData
from graphkit.dates import parse_as_of
from graphkit.schema import KINDS, Agreement, Dataset
from graphkit.semantics import carries_on, flows, status_on


def build_graph(data: GraphData) -> nx.MultiDiGraph:
    """The networkx graph of ``data``: entities as nodes, typed edges, FLOWS for data.

    Example:
        >>> from graphkit.validation import load_seeds
        >>> g = build_graph(load_seeds())
        >>> any(d["type"] == "FLOWS" for _, _, d in g.edges(data=True))
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
    return graph


class MemoryBackend(Backend):
    """Questions answered by walking a networkx graph in this process."""

    name = "memory"

    def __init__(self, data: GraphData) -> None:
        self.data = data
        self.graph = build_graph(data)
        self._records: dict[str, Record] = {}
        for records in data.by_kind().values():
            self._records.update(records)
        self._names: dict[str, list[str]] = {}
        for entity in data.entities():
            for name in {entity.name.casefold(), *(a.casefold() for a in entity.aliases)}:
                self._names.setdefault(name, []).append(entity.id)
        self._children: dict[str, list[str]] = {}
        for dataset in data.datasets.values():
            for origin in dataset.derived_from:
                self._children.setdefault(origin, []).append(dataset.id)

    # -------------------------------------------------------------- primitives
    def provenance(self) -> str:
        return self.data.provenance

    def records(self, ids: Iterable[str]) -> dict[str, Record]:
        return {i: self._records[i] for i in ids if i in self._records}

    def match_names(self, text: str) -> list[str]:
        return sorted(set(self._names.get(text.strip().casefold(), [])))

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        needle = text.strip().casefold()
        if not needle:
            return []
        candidates = (
            (e.id, _kind(e), e.name, e.aliases)
            for e in self.data.entities()
            if any(needle in c.casefold() for c in (e.id, e.name, *e.aliases))
        )
        return rank_search(needle, candidates, limit)

    def derived_closure(self, dataset_id: str) -> dict[str, tuple[str, ...]]:
        chains: dict[str, tuple[str, ...]] = {dataset_id: (dataset_id,)}
        layer = [dataset_id]
        while layer:
            nxt: dict[str, tuple[str, ...]] = {}
            for parent in layer:
                for child in self._children.get(parent, []):
                    if child in chains:
                        continue
                    chain = (*chains[parent], child)
                    if child not in nxt or chain < nxt[child]:
                        nxt[child] = chain
            chains.update(nxt)
            layer = sorted(nxt)
        return chains

    def reach_paths(
        self,
        closure: dict[str, tuple[str, ...]],
        day: str,
        max_hops: int,
        targets: set[str] | None,
        limit: int | None = None,
    ) -> list[RawPath]:
        """Paths one length at a time, as the Neo4j backend finds them with SHORTEST GROUPS.

        For each dataset, a party stops collecting once it has ``limit`` paths, after the
        whole group of paths of the length that got it there. Each walk is pruned by
        the distance to the parties still collecting, so work stays bounded by what is shown.
        """
        out: list[RawPath] = []
        for dataset, chain in closure.items():
            record = self._records[dataset]
            assert isinstance(record, Dataset)
            origin = record.custodian
            if len(chain) > 1 and (targets is None or origin in targets):
                out.append((dataset, chain, ()))
            for hops in self._paths_by_length(origin, dataset, day, max_hops, targets, limit):
                out.append((dataset, chain, hops))
                _check_budget(out)
        return out

    def _usable(self, attrs: dict[str, Any], dataset: str | None, day: str) -> bool:
        return (
            attrs["type"] == "FLOWS"
            and (dataset is None or dataset in attrs["datasets"])
            and carries_on(attrs["windows"], day)
        )

    def _distances(
        self, starts: set[str], dataset: str | None, day: str, depth: int, forward: bool
    ) -> dict[str, int]:
        """Hops from ``starts`` (forward) or to them (backward) along usable flows."""
        adjacency = self.graph.succ if forward else self.graph.pred
        dist = dict.fromkeys(starts, 0)
        layer = list(starts)
        for step in range(1, depth + 1):
            nxt = []
            for node in layer:
                for other, edges in adjacency[node].items():
                    if other not in dist and any(
                        self._usable(a, dataset, day) for a in edges.values()
                    ):
                        dist[other] = step
                        nxt.append(other)
            layer = nxt
        return dist

    def _paths_by_length(
        self,
        origin: str,
        dataset: str | None,
        day: str,
        max_hops: int,
        targets: set[str] | None,
        limit: int | None,
    ) -> list[tuple[RawHop, ...]]:
        """Simple paths from ``origin``, length after length, to parties still collecting."""
        if targets is not None:
            # Asked about a few parties: first, cheaply, can the dataset reach them at all?
            upstream = self._distances(targets, dataset, day, max_hops, forward=False)
            if origin not in upstream:
                return []
        reachable = self._distances({origin}, dataset, day, max_hops, forward=True)
        pending = {p for p in reachable if p != origin and (targets is None or p in targets)}
        counts: dict[str, int] = {}
        out: list[tuple[RawHop, ...]] = []
        succ = self.graph.succ
        for length in range(1, max_hops + 1):
            active = {p for p in pending if reachable[p] <= length}
            if not active:
                if not pending:
                    break
                continue
            to_active = self._distances(active, dataset, day, length, forward=False)
            visited = {origin}

            def walk(
                node: str,
                hops: tuple[RawHop, ...],
                length: int = length,
                active: set[str] = active,
                to_active: dict[str, int] = to_active,
                visited: set[str] = visited,
            ) -> None:
                for nxt, edges in succ[node].items():
                    if nxt in visited or len(hops) + 1 + to_active.get(nxt, max_hops + 1) > length:
                        continue
                    for key, attrs in edges.items():
                        if not self._usable(attrs, dataset, day):
                            continue
                        path = (*hops, (key, node, nxt))
                        if len(path) == length:
                            if nxt in active:
                                out.append(path)
                                counts[nxt] = counts.get(nxt, 0) + 1
                                _check_budget(out)
                        else:
                            visited.add(nxt)
                            walk(nxt, path)
                            visited.discard(nxt)

            walk(origin, ())
            if limit is not None:
                pending = {p for p in pending if counts.get(p, 0) < limit}
            if not pending:
                break
        return out

    def datasets_reaching(self, parties: list[str], day: str, max_hops: int) -> set[str]:
        found = set(self.held_by(parties))
        seen = set(parties)
        layer = list(parties)
        for _ in range(max_hops):
            nxt = []
            for node in layer:
                for prev, edges in self.graph.pred[node].items():
                    for attrs in edges.values():
                        if attrs["type"] == "FLOWS" and carries_on(attrs["windows"], day):
                            found.update(attrs["datasets"])
                            if prev not in seen:
                                seen.add(prev)
                                nxt.append(prev)
            layer = nxt
        stack = list(found)
        while stack:
            record = self._records[stack.pop()]
            assert isinstance(record, Dataset)
            for origin in record.derived_from:
                if origin not in found:
                    found.add(origin)
                    stack.append(origin)
        return found

    def held_by(self, parties: list[str]) -> list[str]:
        members = set(parties)
        return sorted(d.id for d in self.data.datasets.values() if d.custodian in members)

    def party_paths(
        self, source: str, target: str, day: str, max_hops: int, dataset: str | None, limit: int
    ) -> list[tuple[RawHop, ...]]:
        """The first ``limit`` paths in key order, found without listing all of them.

        Distances to ``target`` (a backward search) prune every branch that cannot
        arrive within the hop limit; paths are then walked one length at a time with
        edges in key order, so they come out already sorted and the walk stops early.
        """

        def usable(attrs: dict[str, Any]) -> bool:
            return (
                attrs["type"] == "FLOWS"
                and carries_on(attrs["windows"], day)
                and (dataset is None or dataset in attrs["datasets"])
            )

        dist = {target: 0}
        layer = [target]
        for depth in range(1, max_hops + 1):
            nxt = []
            for node in layer:
                for prev, edges in self.graph.pred[node].items():
                    if prev not in dist and any(usable(a) for a in edges.values()):
                        dist[prev] = depth
                        nxt.append(prev)
            layer = nxt
        if source not in dist:
            return []
        out: list[tuple[RawHop, ...]] = []
        succ = self.graph.succ
        visited = {source}

        def walk(node: str, hops: tuple[RawHop, ...], length: int) -> bool:
            steps = sorted(
                (key, nxt)
                for nxt, edges in succ[node].items()
                if nxt in dist and nxt not in visited
                for key, attrs in edges.items()
                if usable(attrs)
            )
            for key, nxt in steps:
                path = (*hops, (key, node, nxt))
                if len(path) + dist[nxt] > length:
                    continue
                if nxt == target:
                    if len(path) == length:
                        out.append(path)
                        if len(out) >= limit:
                            return True
                    continue
                visited.add(nxt)
                stop = walk(nxt, path, length)
                visited.discard(nxt)
                if stop:
                    return True
            return False

        for length in range(dist[source], max_hops + 1):
            if walk(source, (), length):
                break
        return out

    def components(self, party_id: str) -> list[str]:
        return self.data.components(party_id)

    def related(self, ident: str) -> set[str]:
        out = set()
        for _, other, attrs in self.graph.out_edges(ident, data=True):
            if attrs["type"] not in ("CITES", "FLOWS"):
                out.add(other)
        for other, _, attrs in self.graph.in_edges(ident, data=True):
            if attrs["type"] not in ("CITES", "FLOWS"):
                out.add(other)
        return out

    def origin(self, ident: str) -> dict[str, Any] | None:
        where = self.data.origin.get(ident)
        return {"file": where[0], "line": where[1]} if where else None

    def neighbourhood(
        self, center: str | None, depth: int
    ) -> tuple[set[str], list[tuple[str, str, str, str | None]]]:
        graph = self.graph
        drawn = {"Agency", "Vendor", "Dataset"}
        linking = {"FLOWS", "CUSTODIAN_OF", "DERIVED_FROM", "PART_OF"}
        if center is None:
            nodes = {n for n, d in graph.nodes(data=True) if d["label"] in drawn}
        else:
            record = self._records[center]
            if isinstance(record, Agreement):
                start = {p.party for p in record.parties} | set(record.datasets)
            else:
                start = {center}
            nodes, layer = set(start), set(start)
            for _ in range(depth):
                nxt = set()
                for node in layer:
                    for _u, other, d in graph.out_edges(node, data=True):
                        if d["type"] in linking and other not in nodes:
                            nxt.add(other)
                    for other, _v, d in graph.in_edges(node, data=True):
                        if d["type"] in linking and other not in nodes:
                            nxt.add(other)
                nodes |= nxt
                layer = nxt
        edges = []
        for u, v, key, d in graph.edges(nodes, keys=True, data=True):
            if d["type"] in linking and v in nodes:
                edges.append((u, v, d["type"], key if d["type"] == "FLOWS" else None))
        return nodes, edges

    def stats(self, as_of: str | dt.date | None = None) -> dict[str, Any]:
        return compute_stats(self.data, parse_as_of(as_of), self.name)


def compute_stats(data: GraphData, day: dt.date, backend: str) -> dict[str, Any]:
    """Counts by kind, agreements by kind and status on ``day``, unsourced claims, dates."""
    counts = {kind: len(records) for kind, records in data.by_kind().items()}
    by_status: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    dates = []
    unsourced = 0
    claims = 0
    for entity in data.entities():
        cited: list[Any] = [entity, *entity.claims]
        if isinstance(entity, Agreement):
            cited += [*entity.status, *entity.amounts]
            state = status_on(entity, day).status
            by_status[state] = by_status.get(state, 0) + 1
            by_kind[entity.kind] = by_kind.get(entity.kind, 0) + 1
            for value in (
                entity.signed,
                entity.effective_from,
                entity.effective_to,
                *(e.date for e in entity.status),
            ):
                if value is not None:
                    dates.append(str(value))
        claims += len(cited)
        unsourced += sum(1 for item in cited if not item.sources)
    flows_count = sum(len(flows(a)) for a in data.agreements.values())
    return {
        "backend": backend,
        "as_of": day.isoformat(),
        "counts": counts,
        "flows": flows_count,
        "agreements_by_kind": dict(sorted(by_kind.items())),
        "agreements_by_status": dict(sorted(by_status.items())),
        "claims": claims,
        "claims_without_source": unsourced,
        "date_range": {"first": min(dates), "last": max(dates)} if dates else None,
    }


def _check_budget(out: list[Any]) -> None:
    if len(out) > PATH_BUDGET:
        raise GraphkitError(
            f"more than {PATH_BUDGET} paths match; lower --max-hops or name a dataset"
        )
