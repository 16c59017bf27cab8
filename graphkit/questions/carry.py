"""Which data a chain of flows carries end to end: what makes a ``path`` a data flow.

A chain of hops from FROM to TO **carries** a dataset X when X leaves FROM on the first
hop and, at every party after, what arrived moves on: the next hop carries the same
dataset, or a dataset derived from it (through its ``derived_from`` chain) that this
party holds as custodian: it made the derived dataset from what arrived. A chain whose
data changes along the way (Medicaid data into DHS, then IDENT photos out of it) is a
connection, not a data flow.

Both stores hand the same chains in the same order, and this module decides from the
records alone (the datasets each agreement lists, each dataset's custodian and
derivation), so both backends give the same answers.

Example:
    >>> hops = (("ag1", "a", "b"), ("ag2", "b", "c"))
    >>> moves = {"ag1": ["x"], "ag2": ["z"]}
    >>> carried_along(hops, moves, {"z": "b"}, {"x": {"x": ("x",), "z": ("x", "z")}})
    [(('x', 'z'), ('x', 'z'))]
    >>> carried_along(hops, moves, {"z": "elsewhere"}, {"x": {"x": ("x",), "z": ("x", "z")}})
    []
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from graphkit.evidence.filters import Filters, best_first, keep_filtered
from graphkit.model.schema import SENDING_ROLES, Agreement, Dataset
from graphkit.questions import explain
from graphkit.questions.explain import ref
from graphkit.questions.limits import check_ceiling
from graphkit.questions.order import RawHop, RawPath, path_key
from graphkit.questions.results import ChainResult, PathResult
from graphkit.questions.store import Store

#: One data flow along a chain: (the datasets as the data moves, the first leaving FROM
#: and each later one derived from the one before, intermediate derivations included;
#: the dataset each hop carries).
Flow = tuple[tuple[str, ...], tuple[str, ...]]
Chain = tuple[RawHop, ...]


def carried_along(
    hops: Chain,
    moves: Mapping[str, Iterable[str]],
    custodian: Mapping[str, str],
    closures: Mapping[str, Mapping[str, tuple[str, ...]]],
) -> list[Flow]:
    """Every data flow along ``hops``: fewest derivation steps first, then by ids.

    ``moves`` gives each agreement's datasets, ``custodian`` each dataset's, ``closures``
    each dataset's derived datasets with their shortest derivation chain (as
    :meth:`~graphkit.questions.store.Store.derived_closures`). Of the flows that leave
    with the same dataset and carry the same one on a hop, the fewest derivation steps
    (then smallest ids) are kept.
    """
    if not hops:
        return []
    flows: dict[tuple[str, str], Flow] = {
        (d, d): ((d,), (d,)) for d in sorted(set(moves[hops[0][0]]))
    }
    for agreement, party, _to in hops[1:]:
        here = sorted(set(moves[agreement]))
        nxt: dict[tuple[str, str], Flow] = {}
        for (start, current), (chain, per_hop) in sorted(flows.items()):
            derived = closures.get(current, {})
            for dataset in here:
                if dataset == current:
                    option: Flow = (chain, (*per_hop, dataset))
                elif dataset in derived and custodian.get(dataset) == party:
                    option = ((*chain, *derived[dataset][1:]), (*per_hop, dataset))
                else:
                    continue
                key = (start, dataset)
                if key not in nxt or _flow_key(option) < _flow_key(nxt[key]):
                    nxt[key] = option
        flows = nxt
        if not flows:
            return []
    return sorted(flows.values(), key=_flow_key)


def _flow_key(flow: Flow) -> tuple[int, tuple[str, ...], tuple[str, ...]]:
    return (len(flow[0]), flow[0], flow[1])


class Carriage:
    """The chains a ``path`` answer lists, and the data each carries, with the records
    :func:`carried_along` needs read from the store as chains come in.

    ``only``: chains that carry that dataset on every hop (the store finds just those).
    ``any_data``: every chain of flows, also those whose data changes along the way.
    """

    def __init__(self, store: Store, only: str | None = None, any_data: bool = False) -> None:
        self.store = store
        self.only = only
        self.any_data = any_data
        self.moves: dict[str, list[str]] = {}
        self.custodian: dict[str, str] = {}
        self.closures: dict[str, dict[str, tuple[str, ...]]] = {}

    def chains(
        self, source: str, target: str, day: str | None, max_hops: int, limit: int | None
    ) -> list[Chain]:
        """The first ``limit`` chains (all when None) from ``source`` to ``target`` along
        flows carrying on ``day`` (any date when None), in chain order.

        By default only chains that carry data end to end: one search for each dataset X
        that ``source`` sends and whose family (X and the datasets derived from it) reaches
        ``target``, along flows that carry one of the family, keeping the chains that carry
        X end to end. When that drops some, the store is asked for more (four times as
        many each round) until ``limit`` are kept or no more exist. Each search's first
        ``limit`` hold the first ``limit`` of all; both stores return at least the first
        chains asked for, in the same order, so the chains kept are the same.
        """
        if self.only or self.any_data:
            only = [self.only] if self.only else None
            found = self.store.party_paths(source, target, day, max_hops, only, limit)
            return _first(sorted(found, key=chain_key), limit)
        kept: dict[Chain, None] = {}
        for start, family in self._starts(source, target):
            asked = limit
            while True:
                found = self.store.party_paths(source, target, day, max_hops, family, asked)
                found = sorted(found, key=chain_key)
                looked = _first(found, asked)
                flows = self.flows(looked)
                carrying = [h for h, f in zip(looked, flows, strict=True) if _starts_with(f, start)]
                if asked is None or limit is None or len(found) < asked or len(carrying) >= limit:
                    break
                asked *= 4
            kept.update(dict.fromkeys(_first(carrying, limit)))
        return _first(sorted(kept, key=chain_key), limit)

    def _starts(self, source: str, target: str) -> list[tuple[str, list[str]]]:
        """Each dataset ``source`` sends whose family ``target`` receives, with the family."""
        linked = self.store.records(sorted(self.store.related(source))).values()
        sent = {
            d
            for ag in linked
            if isinstance(ag, Agreement)
            and any(p.party == source and p.role in SENDING_ROLES for p in ag.parties)
            for d in ag.datasets
        }
        into = self.store.records(self.store.agreements_to([target])).values()
        received = {d for ag in into if isinstance(ag, Agreement) for d in ag.datasets}
        self._closures(sent)
        return [
            (d, sorted(self.closures[d])) for d in sorted(sent) if received & set(self.closures[d])
        ]

    def _closures(self, datasets: Iterable[str]) -> None:
        missing = sorted(set(datasets) - set(self.closures))
        if missing:
            self.closures.update(self.store.derived_closures(missing))

    def flows(self, chains: list[Chain]) -> list[list[Flow]]:
        """The data flows along each chain (an empty list: connectivity only)."""
        if self.only:
            return [[((self.only,), (self.only,) * len(hops))] for hops in chains]
        agreements = {a for hops in chains for a, _s, _t in hops} - set(self.moves)
        for record in self.store.records(sorted(agreements)).values():
            assert isinstance(record, Agreement)
            self.moves[record.id] = sorted(set(record.datasets))
        self._closures(d for a in agreements for d in self.moves[a])
        derived = {d for c in self.closures.values() for d in c} - set(self.custodian)
        for record in self.store.records(sorted(derived)).values():
            assert isinstance(record, Dataset)
            self.custodian[record.id] = record.custodian
        return [carried_along(h, self.moves, self.custodian, self.closures) for h in chains]


def _first(chains: list[Chain], limit: int | None) -> list[Chain]:
    return chains if limit is None else chains[:limit]


def _starts_with(flows: list[Flow], start: str) -> bool:
    return any(chain[0] == start for chain, _per_hop in flows)


def chain_key(hops: Chain) -> tuple[object, ...]:
    """The order of chains: :func:`~graphkit.questions.order.path_key` (fewest hops, ids)."""
    return path_key(("", (), hops))


def labelled(store: Store, paths: list[PathResult], flows: list[list[Flow]]) -> list[PathResult]:
    """Each explained path with the data it carries; a hop of a data-carrying path names
    only the carried datasets it moves; a path with no flow is ``connectivity_only``."""
    ids = {d for path_flows in flows for chain, _per_hop in path_flows for d in chain}
    records = store.records(sorted(ids))
    out: list[PathResult] = []
    for path, path_flows in zip(paths, flows, strict=True):
        hops = path.hops
        if path_flows:
            hops = []
            for i, hop in enumerate(path.hops):
                carried = {per_hop[i] for _chain, per_hop in path_flows}
                moved = [d for d in hop.datasets if d.id in carried]
                hops.append(dataclasses.replace(hop, datasets=moved))
        carries = [[ref(records[d]) for d in chain] for chain, _per_hop in path_flows]
        fields = {f.name: getattr(path, f.name) for f in dataclasses.fields(path)}
        fields["hops"] = hops
        out.append(ChainResult(**fields, carries=carries, connectivity_only=not path_flows))
    return out


def paths_between(
    store: Store,
    source: str,
    target: str,
    day: dt.date,
    max_hops: int,
    max_paths: int,
    only: str | None,
    any_data: bool,
    filters: Filters,
    sources: dict[str, dict[str, Any]],
) -> tuple[list[ChainResult], bool, set[str]]:
    """``path``'s answer: the first ``max_paths`` chains (filtered, explained, labelled
    with what they carry, evidenced first), whether there are more, and the agreements on
    the first ``max_paths`` chains of the same kind on any date (for blocked and undated).
    The sources the paths cite join ``sources``."""
    limit = None if filters.active() else max_paths + 1
    carriage = Carriage(store, only, any_data)
    raw = carriage.chains(source, target, day.isoformat(), max_hops, limit)
    found: dict[str, list[RawPath]] = {target: [("", (), hops) for hops in raw]}
    paths = sorted(keep_filtered(store, found, day, filters).get(target, []), key=path_key)
    check_ceiling(min(len(paths), max_paths))
    kept = paths[:max_paths]
    explained = explain.explain_from(store, kept, day, sources, False, only)
    chains = labelled(store, explained, carriage.flows([p[2] for p in kept]))
    shown = best_first(chains)[0] if chains else []
    ever = carriage.chains(source, target, None, max_hops, max_paths)
    on_chains = {agreement for hops in ever for agreement, _s, _t in hops}
    return [p for p in shown if isinstance(p, ChainResult)], len(paths) > max_paths, on_chains
