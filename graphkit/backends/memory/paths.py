"""Path searches over the networkx graph, along ``FLOWS`` that carry data on a day.

Edges are walked in key order (agreement id, then party id), so paths of one length
come out in :func:`~graphkit.questions.store.path_key` order and each search can stop
collecting for a party once it has enough: work stays bounded by what is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from graphkit.model.semantics import carries_on
from graphkit.questions.store import RawHop

#: Sorted outgoing FLOWS of each node: (agreement id, next node, edge attributes).
Steps = dict[str, list[tuple[str, str, dict[str, Any]]]]


def flow_steps(edges: Iterable[tuple[str, str, str, dict[str, Any]]], forward: bool) -> Steps:
    """Each node's FLOWS edges, out (forward) or in, sorted by (agreement, other end),
    from the FLOWS edges of the graph (as
    :func:`~graphkit.backends.memory.graph.build_graph` lists them)."""
    out: Steps = {}
    for u, v, key, attrs in edges:
        node, other = (u, v) if forward else (v, u)
        out.setdefault(node, []).append((key, other, attrs))
    for steps in out.values():
        steps.sort(key=lambda s: (s[0], s[1]))
    return out


def dataset_steps(steps: Steps) -> dict[str, Steps]:
    """``steps`` split by dataset: for each dataset, each node's flows that name it, in the
    same order. A search about one dataset then walks only the flows that can carry it."""
    out: dict[str, Steps] = {}
    for node, edges in steps.items():
        for edge in edges:
            for dataset in edge[2]["datasets"]:
                out.setdefault(dataset, {}).setdefault(node, []).append(edge)
    return out


def merged_steps(by_dataset: dict[str, Steps], datasets: list[str]) -> Steps:
    """Each node's flows that name any of ``datasets``, once each, in (agreement, other
    end) order: the flows a search about those datasets walks."""
    if len(datasets) == 1:
        return by_dataset.get(datasets[0], {})
    out: Steps = {}
    for dataset in datasets:
        for node, edges in by_dataset.get(dataset, {}).items():
            out.setdefault(node, []).extend(edges)
    for node, edges in out.items():
        unique = {(key, other): (key, other, attrs) for key, other, attrs in edges}
        out[node] = [unique[k] for k in sorted(unique)]
    return out


def usable(dataset: str | None, day: str | None) -> Callable[[dict[str, Any]], bool]:
    """Whether a FLOWS edge carries ``dataset`` (any, when None) on ``day`` (any date, and
    whether or not it ever carries, when None)."""

    def check(attrs: dict[str, Any]) -> bool:
        return (dataset is None or dataset in attrs["datasets"]) and (
            day is None or carries_on(attrs["windows"], day)
        )

    def on_day(attrs: dict[str, Any]) -> bool:
        return carries_on(attrs["windows"], day)  # type: ignore[arg-type]

    if dataset is None:  # the common cases without the tests they do not need
        return (lambda _attrs: True) if day is None else on_day
    return check


def distances(
    steps: Steps, starts: set[str], ok: Callable[[dict[str, Any]], bool], depth: int
) -> dict[str, int]:
    """Hops from ``starts`` along usable flows (``steps`` gives the direction)."""
    dist = dict.fromkeys(starts, 0)
    layer = list(starts)
    for step in range(1, depth + 1):
        layer = _layer(steps, layer, dist, step, ok)
    return dist


def hops_to(
    into: Steps, into_by_dataset: dict[str, Steps], parties: set[str], day: str, max_hops: int
) -> dict[str, dict[str, int]]:
    """For each dataset, the hops from each party (outside ``parties``) to the nearest of
    ``parties`` along flows that carry that dataset on ``day``, up to ``max_hops``: one
    backward search over (party, dataset) pairs. A dataset can reach ``parties`` within
    ``max_hops`` exactly when its custodian is in its map (or is one of ``parties``)."""
    ok = usable(None, day)
    hops: dict[str, dict[str, int]] = {}
    layer: list[tuple[str, str]] = []
    for node in sorted(parties) if max_hops >= 1 else ():
        for _key, prev, attrs in into.get(node, ()):
            if prev in parties or not ok(attrs):
                continue
            for dataset in attrs["datasets"]:
                seen = hops.setdefault(dataset, {})
                if prev not in seen:
                    seen[prev] = 1
                    layer.append((prev, dataset))
    for step in range(2, max_hops + 1):
        nxt = []
        for node, dataset in layer:
            seen = hops[dataset]
            for _key, prev, attrs in into_by_dataset[dataset].get(node, ()):
                if prev not in seen and prev not in parties and ok(attrs):
                    seen[prev] = step
                    nxt.append((prev, dataset))
        layer = nxt
    return hops


def paths_by_length(
    out: Steps,
    into: Steps,
    origin: str,
    ok: Callable[[dict[str, Any]], bool],
    max_hops: int,
    targets: set[str] | None,
    limit: int | None,
) -> list[tuple[RawHop, ...]]:
    """Simple paths from ``origin`` to each party (or each of ``targets``), length after
    length: for each party its first ``limit`` paths in key order (all when None)."""
    # Asked about a few parties: first, cheaply, can the dataset reach them at all?
    if targets is not None and origin not in distances(into, targets, ok, max_hops):
        return []
    reachable = distances(out, {origin}, ok, max_hops)
    pending = {p for p in reachable if p != origin and (targets is None or p in targets)}
    counts: dict[str, int] = {}
    found: list[tuple[RawHop, ...]] = []
    for length in range(1, max_hops + 1):
        active = {p for p in pending if reachable[p] <= length}
        if not active:
            if not pending:
                break
            continue
        to_active = distances(into, active, ok, length)
        visited = {origin}

        def walk(
            node: str,
            hops: tuple[RawHop, ...],
            length: int = length,
            active: set[str] = active,
            to_active: dict[str, int] = to_active,
            visited: set[str] = visited,
        ) -> None:
            for key, nxt, attrs in out.get(node, ()):
                if nxt in visited or len(hops) + 1 + to_active.get(nxt, max_hops + 1) > length:
                    continue
                if not ok(attrs):
                    continue
                path = (*hops, (key, node, nxt))
                if len(path) == length:
                    if nxt in active and (limit is None or counts.get(nxt, 0) < limit):
                        found.append(path)
                        counts[nxt] = counts.get(nxt, 0) + 1
                else:
                    visited.add(nxt)
                    walk(nxt, path)
                    visited.discard(nxt)

        walk(origin, ())
        if limit is not None:
            pending = {p for p in pending if counts.get(p, 0) < limit}
        if not pending:
            break
    return found


def hops_between(
    out: Steps,
    into: Steps,
    source: str,
    target: str,
    ok: Callable[[dict[str, Any]], bool],
    max_hops: int,
) -> tuple[dict[str, int], bool]:
    """Hops to ``target`` from every party on a path of at most ``max_hops`` from ``source``
    (other parties may be left out, or given more hops than they are), and whether the
    search from the target ran to its end (then every party that reaches it is there).

    Searches from both ends, the cheaper frontier first, ``a`` hops out of ``source`` and
    ``b`` into ``target`` with ``a + b = max_hops - 1``: a party on such a path is within
    ``a`` of the source or ``b`` of the target. Those near the source but further from
    the target get their hops layer by layer, through the parties near the source only.
    With hubs (a vendor with thousands of customers) this touches far fewer flows than
    one search of ``max_hops`` from the target.
    """
    ahead, behind = {source: 0}, {target: 0}
    front_a, front_b = [source], [target]
    a = b = 0
    while a + b < max_hops - 1 and front_a and front_b:
        cost_a = sum(len(out.get(n, ())) for n in front_a)
        if cost_a <= sum(len(into.get(n, ())) for n in front_b):
            a += 1
            front_a = _layer(out, front_a, ahead, a, ok)
        else:
            b += 1
            front_b = _layer(into, front_b, behind, b, ok)
    if not front_b:
        return behind, True  # every party that reaches the target, with its hops
    for step in range(b + 1, max_hops + 1):
        new = {}
        for node, hops in ahead.items():
            if hops > max_hops - step or node in behind:
                continue
            for _key, nxt, attrs in out.get(node, ()):
                if behind.get(nxt) == step - 1 and ok(attrs):
                    new[node] = step
                    break
        behind.update(new)
    return behind, False


def _layer(
    steps: Steps,
    front: list[str],
    dist: dict[str, int],
    hops: int,
    ok: Callable[[dict[str, Any]], bool],
) -> list[str]:
    """One more layer of a breadth-first search: the new parties, now in ``dist``."""
    nxt = []
    for node in front:
        for _key, other, attrs in steps.get(node, ()):
            if other not in dist and ok(attrs):
                dist[other] = hops
                nxt.append(other)
    return nxt


def party_paths(
    out: Steps,
    into: Steps,
    source: str,
    target: str,
    ok: Callable[[dict[str, Any]], bool],
    max_hops: int,
    limit: int | None,
) -> list[tuple[RawHop, ...]]:
    """The first ``limit`` paths from ``source`` to ``target`` in key order (all when None).

    Paths are walked one length at a time, so they come out already sorted and the walk
    stops early. Distances to ``target`` (:func:`hops_between`) prune every branch that
    cannot arrive within the length walked; they are found for that length only (few
    flows for short paths), again for the next, until the search from the target is done.
    """
    dist: dict[str, int] = {}
    done = False
    found: list[tuple[RawHop, ...]] = []
    visited = {source}

    def walk(node: str, hops: tuple[RawHop, ...], length: int) -> bool:
        for key, nxt, attrs in out.get(node, ()):
            if nxt not in dist or nxt in visited or not ok(attrs):
                continue
            path = (*hops, (key, node, nxt))
            if len(path) + dist[nxt] > length:
                continue
            if nxt == target:
                if len(path) == length:
                    found.append(path)
                    if limit is not None and len(found) >= limit:
                        return True
                continue
            visited.add(nxt)
            stop = walk(nxt, path, length)
            visited.discard(nxt)
            if stop:
                return True
        return False

    for length in range(1, max_hops + 1):
        if not done:
            dist, done = hops_between(out, into, source, target, ok, length)
        if dist.get(source, length + 1) <= length and walk(source, (), length):
            break
        if done and source not in dist:
            break
    return found
