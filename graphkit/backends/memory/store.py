"""The embedded default: questions' primitives answered by walking a networkx graph.

Example:
    >>> from graphkit.ingest.validation import load_seeds
    >>> store = MemoryStore(load_seeds())
    >>> store.graph.nodes["irs"]["label"]
    'Agency'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from graphkit.backends.memory import paths
from graphkit.backends.memory.graph import Edge, build_graph
from graphkit.backends.memory.stats import compute_stats
from graphkit.model.data import GraphData
from graphkit.model.identifiers import identifier_names
from graphkit.model.registry import DRAWN_LABELS
from graphkit.model.schema import Agreement, Dataset, Entity
from graphkit.questions.explain import kind_of, sources_in
from graphkit.questions.order import derived_holding
from graphkit.questions.results import SearchHit, Stats
from graphkit.questions.search import rank_search
from graphkit.questions.store import RawEdge, RawHop, RawPath, Record
from graphkit.runtime import paused_gc


def _names_of(entity: Entity) -> list[str]:
    """What finds an entity by name: its name, aliases and (a party's) identifiers."""
    return [entity.name, *entity.aliases, *identifier_names(entity)]


class MemoryStore:
    """The records of one :class:`~graphkit.model.data.GraphData`, in this process."""

    name = "memory"

    def __init__(self, data: GraphData) -> None:
        with paused_gc(freeze=True):  # millions of long-lived objects, no garbage cycles
            self.data = data
            flow_edges: list[Edge] = []
            self.graph = build_graph(data, flow_edges)
            self._out = paths.flow_steps(flow_edges, forward=True)
            self._in = paths.flow_steps(flow_edges, forward=False)
            self._records: dict[str, Record] = {}
            for records in data.by_kind().values():
                self._records.update(records)
            self._names: dict[str, list[str]] = {}
            for entity in data.entities():
                for name in {n.casefold() for n in _names_of(entity)}:
                    self._names.setdefault(name, []).append(entity.id)
            self._out_by_dataset = paths.dataset_steps(self._out)
            self._in_by_dataset = paths.dataset_steps(self._in)
            self._children: dict[str, list[str]] = {}
            self._held: dict[str, list[str]] = {}
            for dataset in data.datasets.values():
                self._held.setdefault(dataset.custodian, []).append(dataset.id)
                for origin in dataset.derived_from:
                    self._children.setdefault(origin, []).append(dataset.id)
            self._covering: dict[str, set[str]] = {}
            self._to: dict[str, set[str]] = {}
            for agreement in data.agreements.values():
                for ident in agreement.datasets:
                    self._covering.setdefault(ident, set()).add(agreement.id)
                for party in agreement.parties:
                    if party.role == "recipient":
                        self._to.setdefault(party.party, set()).add(agreement.id)

    def provenance(self, strict: bool = True) -> str:
        return self.data.provenance  # read whole and validated: never partial

    def close(self) -> None:
        """Nothing to release in memory."""

    def records(self, ids: Iterable[str]) -> dict[str, Record]:
        return {i: self._records[i] for i in ids if i in self._records}

    def match_names(self, text: str) -> list[str]:
        return sorted(set(self._names.get(text.strip().casefold(), [])))

    def search(self, text: str, limit: int) -> list[SearchHit]:
        needle = text.strip().casefold()
        entities = (
            (e.id, kind_of(e), e.name, [*e.aliases, *identifier_names(e)])
            for e in self.data.entities()
            if any(needle in c.casefold() for c in (e.id, *_names_of(e)))
        )
        sources = (  # a source by its id, title or publisher
            (s.id, "source", s.title, [s.publisher])
            for s in self.data.sources.values()
            if any(needle in c.casefold() for c in (s.id, s.title, s.publisher))
        )
        return rank_search(needle, [*entities, *sources], limit)

    def derived_closures(self, dataset_ids: list[str]) -> dict[str, dict[str, tuple[str, ...]]]:
        return {d: self._derived_closure(d) for d in dataset_ids}

    def _derived_closure(self, dataset_id: str) -> dict[str, tuple[str, ...]]:
        """The dataset and each dataset derived from it: the shortest, then smallest, chain."""
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
        """Paths one length at a time, as the Neo4j store finds them with SHORTEST GROUPS,
        each party keeping its first ``limit`` in key order."""
        out: list[RawPath] = []
        for dataset, chain in closure.items():
            record = self._records[dataset]
            assert isinstance(record, Dataset)
            origin = record.custodian
            held = derived_holding(dataset, chain, origin, targets)
            out += [held] if held else []
            ok = paths.usable(dataset, day)
            ahead = self._out_by_dataset.get(dataset, {})
            behind = self._in_by_dataset.get(dataset, {})
            for hops in paths.paths_by_length(ahead, behind, origin, ok, max_hops, targets, limit):
                out.append((dataset, chain, hops))
        return out

    def datasets_reaching(self, parties: list[str], day: str, max_hops: int) -> set[str]:
        """Exactly the datasets that reach ``parties`` or are held by them, and their
        ancestors: one backward search over (party, dataset) pairs."""
        members = set(parties)
        hops = paths.hops_to(self._in, self._in_by_dataset, members, day, max_hops)
        found = set(self.held_by(parties))
        for dataset, seen in hops.items():
            record = self._records[dataset]
            assert isinstance(record, Dataset)
            if record.custodian in seen:
                found.add(dataset)
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
        return sorted(d for party in set(parties) for d in self._held.get(party, ()))

    def party_paths(
        self,
        source: str,
        target: str,
        day: str | None,
        max_hops: int,
        datasets: list[str] | None,
        limit: int | None,
    ) -> list[tuple[RawHop, ...]]:
        ok = paths.usable(None, day)
        if datasets is None:
            return paths.party_paths(self._out, self._in, source, target, ok, max_hops, limit)
        out = paths.merged_steps(self._out_by_dataset, datasets)
        into = paths.merged_steps(self._in_by_dataset, datasets)
        return paths.party_paths(out, into, source, target, ok, max_hops, limit)

    def data_ids(self, kind: str) -> list[str]:
        return sorted(r.id for r in self._records.values() if kind_of(r) == kind)

    def agreements_covering(self, dataset_ids: list[str]) -> list[str]:
        return sorted({a for d in dataset_ids for a in self._covering.get(d, ())})

    def agreements_to(self, parties: list[str]) -> list[str]:
        return sorted({a for p in parties for a in self._to.get(p, ())})

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

    def citing(self, source_id: str) -> dict[str, Record]:
        return {e.id: e for e in self.data.entities() if source_id in sources_in(e)}

    def origin(self, ident: str) -> dict[str, Any] | None:
        where = self.data.origin.get(ident)
        return {"file": where[0], "line": where[1]} if where else None

    def neighbourhood(self, center: str | None, depth: int) -> tuple[set[str], list[RawEdge]]:
        graph = self.graph
        drawn = set(DRAWN_LABELS)
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

    def stats(self, day: str) -> Stats:
        return compute_stats(self.data, dt.date.fromisoformat(day), self.name)
