"""Summaries for overviews too big to read whole: labelled groups that say how many they hold.

A view with more than :data:`OVERVIEW_MAX` parties and datasets to name is drawn as its
best-linked nodes (*hubs*: what was asked about first, then by number of links, ties by
id) and, for each hub, one group per kind of the nodes that link to it and to no better
hub ("9 more agencies"). A group is one node on the diagram, linked where its members
are; a click (or Enter on the group's button) draws its members instead. Smaller views
only fold the nodes with a single link, when three or more of one kind share it.

Everything here is deterministic: the same scene gives the same groups. Faded context is
grouped like the rest: a group may hold nodes near the answer as well as on it.

Example:
    >>> from graphkit.viz.model import VizEdge, VizNode
    >>> nodes = {n: VizNode(n, n.upper(), "agency") for n in ["hub", "a", "b", "c"]}
    >>> edges = [VizEdge(f"e{n}", n, "hub", "FLOWS", "") for n in "abc"]
    >>> found = summarise(nodes, edges)
    >>> [(g.id, g.members, g.label) for g in found.groups.values()]
    [('gk-group:hub:agency', ['a', 'b', 'c'], '3 more agencies')]
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graphkit.viz.model import VizEdge, VizNode

#: Most named parties and datasets an overview draws before it summarises by hub.
OVERVIEW_MAX = 18
#: Fewest single-link nodes of one kind folded into a group in a smaller view.
LEAF_GROUP_MIN = 3
#: Kinds as a group's label counts them.
PLURAL = {"agency": ("agency", "agencies"), "vendor": ("vendor", "vendors")}


@dataclass
class Group:
    """Nodes of one kind drawn as one node beside their hub until expanded."""

    id: str
    hub: str
    kind: str
    members: list[str]

    @property
    def label(self) -> str:
        """``9 more agencies``: how many the group holds, and of what kind."""
        one, many = PLURAL.get(self.kind, (self.kind, self.kind + "s"))
        count = len(self.members)
        return f"{count} more {one if count == 1 else many}"


@dataclass
class Groups:
    """The groups of a view and, for each member, its group's id."""

    groups: dict[str, Group] = field(default_factory=dict)
    of: dict[str, str] = field(default_factory=dict)

    def unit(self, node: str) -> str:
        """What stands for ``node`` while every group is folded: its group, or itself."""
        return self.of.get(node, node)


def _neighbours(nodes: Mapping[str, VizNode], edges: Iterable[VizEdge]) -> dict[str, set[str]]:
    near: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        a, b = edge.source, edge.target
        if a != b and a in nodes and b in nodes:
            near[a].add(b)
            near[b].add(a)
    return near


def _make(keyed: dict[tuple[str, str], list[str]], least: int) -> Groups:
    out = Groups()
    for (hub, kind), members in sorted(keyed.items()):
        if len(members) >= least:
            ident = f"gk-group:{hub}:{kind}"
            out.groups[ident] = Group(ident, hub, kind, sorted(members))
            out.of.update((m, ident) for m in members)
    return out


def _by_hub(
    ranked: list[str], near: dict[str, set[str]], nodes: Mapping[str, VizNode], k: int
) -> Groups:
    """The ``k`` best-ranked nodes (and the best of each part of the graph they do not
    reach) as hubs; every other node joins the nearest hub (the better-ranked at equal
    distance), in a group of its kind there when it has company."""
    wanted = set(ranked)
    hubs = ranked[:k]
    owner: dict[str, str] = {}
    # breadth first from every hub at once, in rank order
    queue = deque(h for h in hubs)
    for hub in hubs:
        owner[hub] = hub
    extra = [n for n in ranked if n not in owner]
    while True:
        while queue:
            here = queue.popleft()
            for there in sorted(near[here]):
                if there in wanted and there not in owner:
                    owner[there] = owner[here]
                    queue.append(there)
        extra = [n for n in extra if n not in owner]
        if not extra:
            break
        owner[extra[0]] = extra[0]
        hubs.append(extra[0])
        queue.append(extra[0])
    keyed: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node in ranked:
        if owner[node] != node:
            keyed[(owner[node], nodes[node].kind)].append(node)
    return _make(keyed, 2)


def _units(names: list[str], found: Groups) -> int:
    return len(names) - len(found.of) + len(found.groups)


def summarise(
    nodes: Mapping[str, VizNode], edges: Iterable[VizEdge], most: int = OVERVIEW_MAX
) -> Groups:
    """The groups that keep a view to about ``most`` named things (see the module).

    Example:
        >>> from graphkit.viz.model import VizNode
        >>> summarise({"a": VizNode("a", "A", "agency")}, []).groups
        {}
    """
    edges = list(edges)
    near = _neighbours(nodes, edges)
    names = sorted(nodes)
    leaves: dict[tuple[str, str], list[str]] = defaultdict(list)
    for node in names:
        if nodes[node].role != "subject" and len(near[node]) == 1:
            (hub,) = near[node]
            leaves[(hub, nodes[node].kind)].append(node)
    found = _make(leaves, LEAF_GROUP_MIN)
    if _units(names, found) <= most:
        return found
    ranked = sorted(names, key=lambda n: (nodes[n].role != "subject", -len(near[n]), n))
    # More hubs name more nodes but group fewer: the most hubs that keep to ``most``.
    low, high = 1, len(ranked)
    best = _by_hub(ranked, near, nodes, 1)
    while low <= high:
        k = (low + high) // 2
        trial = _by_hub(ranked, near, nodes, k)
        if _units(names, trial) <= most:
            best, low = trial, k + 1
        else:
            high = k - 1
    return best
