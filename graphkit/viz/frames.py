"""The slider's data: every node and edge defined once, each date only saying which are
shown and in which of their looks (a node on a path one day, faded context the next).

Positions are computed once, from the union of every date (:mod:`graphkit.viz.dates`),
so nothing jumps when the date moves. The page's script only applies these states
(shows, hides and restyles); it computes nothing about who can obtain what.

Example:
    >>> from graphkit import open_graph
    >>> from graphkit.viz.dates import over_time
    >>> g = open_graph("tests/graphs/edge")
    >>> t = over_time(g, lambda day: (g.reach("d1", as_of=day), None), "2020-03-15")
    >>> data = frames(t)
    >>> len(data["time"]["snapshots"]) == len(t.dates), data["time"]["opening"] == t.opening
    (True, True)
"""

from __future__ import annotations

import json
from typing import Any

from graphkit.viz.dates import Timeline
from graphkit.viz.groups import summarise
from graphkit.viz.marks import legend_keys
from graphkit.viz.model import Scene
from graphkit.viz.network import vis_network

_PLACE = ("x", "y", "xt", "yt", "hidden")


def path_id(snapshot: int | None, group: int, number: int) -> str:
    """The id of a path in the text version (one per date when the page has a slider)."""
    prefix = f"gk-path-{snapshot + 1}-" if snapshot is not None else "gk-path-"
    return f"{prefix}{group}-{number}"


def scene_paths(scene: Scene, snapshot: int | None = None) -> list[dict[str, Any]]:
    """The paths of the text version, with the nodes and edges "Show in diagram" selects."""
    out = []
    for g, group in enumerate(scene.groups, start=1):
        for path in group.paths:
            out.append(
                {
                    "id": path_id(snapshot, g, path.number),
                    "nodes": list(dict.fromkeys(path.nodes)),
                    "edges": list(dict.fromkeys(path.edges)),
                }
            )
    return out


def _look(item: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in item.items() if k not in _PLACE}, sort_keys=True)


class _Items:
    """Nodes (or edges) of every date: the first look of each, and its other looks."""

    def __init__(self) -> None:
        self.base: dict[str, dict[str, Any]] = {}
        self.looks: dict[str, list[str]] = {}
        self.extra: dict[str, list[dict[str, Any] | None]] = {}

    def state(self, item: dict[str, Any], opening: bool) -> int:
        ident = str(item["id"])
        look = _look(item)
        if ident not in self.base:
            self.base[ident] = dict(item, hidden=not opening) if not opening else dict(item)
            self.looks[ident] = [look]
            return 0
        looks = self.looks[ident]
        if look not in looks:
            looks.append(look)
            extra = self.extra.setdefault(ident, [None])
            first = self.base[ident]  # only what differs from the first look
            extra.append({k: v for k, v in item.items() if k not in _PLACE and first.get(k) != v})
        return looks.index(look)


def frames(t: Timeline) -> dict[str, Any]:
    """The page's data for a view over time: nodes, edges, options, paths and, under
    ``time``, each date's states and the variant looks."""
    groups = summarise(t.union.nodes, t.union.edges)  # the same groups on every date
    base_nodes, _edges, options = vis_network(t.union, groups=groups)
    placed = {str(n["id"]): (float(n["x"]), float(n["y"])) for n in base_nodes}
    tall = {str(n["id"]): (float(n["xt"]), float(n["yt"])) for n in base_nodes if "xt" in n}
    order = [t.opening, *(i for i in range(len(t.scenes)) if i != t.opening)]
    nodes, edges = _Items(), _Items()
    states: dict[int, dict[str, Any]] = {}
    paths: list[dict[str, Any]] = []
    for index in order:
        scene = t.scenes[index]
        vis_nodes, vis_edges, _options = vis_network(scene, placed, groups, tall)
        opening = index == t.opening
        shown_paths = scene_paths(scene, index)
        paths += shown_paths
        states[index] = {
            "date": t.dates[index],
            "hash": scene.content_hash,
            "nodes": {str(n["id"]): nodes.state(n, opening) for n in vis_nodes},
            "edges": {str(e["id"]): edges.state(e, opening) for e in vis_edges},
            "paths": [p["id"] for p in shown_paths],
            "legend": legend_keys(scene, any(n.get("gkMembers") for n in vis_nodes)),
            "answer": scene.answer,
        }
    paths.sort(key=lambda p: p["id"])
    node_list = sorted(nodes.base.values(), key=lambda n: str(n["id"]))
    edge_list = list(edges.base.values())
    for state in states.values():  # in the order of the lists: a look, or -1 (not drawn)
        state["nodes"] = [state["nodes"].get(str(n["id"]), -1) for n in node_list]
        state["edges"] = [state["edges"].get(str(e["id"]), -1) for e in edge_list]
    return {
        "nodes": node_list,
        "edges": edge_list,
        "options": options,
        "paths": paths,
        "time": {
            "opening": t.opening,
            "through": t.through,
            "snapshots": [states[i] for i in range(len(t.scenes))],
            "looks": {"nodes": nodes.extra, "edges": edges.extra},
        },
    }
