"""vis-network's nodes, edges and options for a scene: colours, shapes, labels, tooltips, physics.

Positions come from :mod:`graphkit.viz.layout`; pyvis assembles the nodes and edges;
:mod:`graphkit.viz.page` writes them into the page as JSON. Labels and tooltips are cut
short and stripped of direction overrides here; the full text goes in ``lines``.
"""

from __future__ import annotations

from typing import Any

from graphkit.present.words import clip
from graphkit.text import BIDI
from graphkit.viz import layout
from graphkit.viz.marks import MARKS, edge_mark
from graphkit.viz.model import KIND_STYLE, Scene, VizEdge, VizNode

#: Above this many nodes the browser runs no physics: the Python layout is final.
PHYSICS_MAX = 200
#: Above this many edges, edge labels are left to the tooltip (drawing them is slow).
EDGE_LABELS_MAX = 600
LABEL_CHARS = 28
TIP_CHARS = 240

#: Labels of links drawn against their relation's direction (see :func:`_data_direction`).
DRAWN_LABEL = {"CUSTODIAN_OF": "held by", "DERIVED_FROM": "derived into"}


def canvas_text(text: str, limit: int) -> str:
    """A label for the canvas: cut short, direction overrides removed so one right-to-left
    name cannot reverse what is drawn after it."""
    return clip(BIDI.sub("", " ".join(text.split())), limit)


def tip_text(text: str) -> str:
    """A tooltip line: cut short, direction overrides removed (as on the canvas); the
    details panel and the text version show the full text, isolated."""
    return clip(BIDI.sub("", text), TIP_CHARS)


def _rgba(color: str, alpha: float) -> str:
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _node_options(node: VizNode, big: bool) -> dict[str, Any]:
    style = KIND_STYLE.get(node.kind, KIND_STYLE["other"])
    color = style["color"]
    faded = node.role == "context"
    subject = node.role == "subject"
    background = _rgba(color, 0.28) if faded else color
    kind = node.kind + (f": {node.subkind.replace('_', ' ')}" if node.subkind else "")
    return {
        "label": canvas_text(node.name, LABEL_CHARS),
        "shape": style["shape"],
        "color": {
            "background": background,
            "border": "#111111" if subject else _rgba(color, 0.4) if faded else color,
            "highlight": {"background": color, "border": "#000000"},
            "hover": {"background": color, "border": "#000000"},
        },
        "borderWidth": 4 if subject else 1,
        "size": 24 if subject else 9 if faded else 15,
        "font": {
            "size": 16 if subject else 12 if faded else 14,
            "color": "#8a8a8a" if faded else "#111111",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
            "face": "system-ui, sans-serif",
        },
        "x": node.x,
        "y": node.y,
        "tip": [tip_text(node.name), kind, f"id: {node.id}"]
        + (["not on a path: context"] if faded else []),
        "lines": [node.name, kind, f"id: {node.id}"]
        + (["Shown for context: not on any path of the answer."] if faded else []),
        "cites": node.cites,
        "role": node.role,
        "kind": node.kind,
    }


def _edge_options(edge: VizEdge, big: bool, labels: bool) -> dict[str, Any]:
    mark = MARKS[edge_mark(edge)]
    color, width, dashes = mark.color, mark.width, mark.dashes
    if not edge.on_path:  # context: the same pattern, lighter and thinner
        color = _rgba(color, 0.4) if color.startswith("#") else color
        width = max(1.0, width - 1.0)
    faded = not edge.on_path
    text = DRAWN_LABEL.get(edge.type, edge.label)
    lines = edge.details or [text]
    return {
        "id": edge.id,
        # Only the answer's own links are labelled; faded ones keep theirs in the tooltip.
        "label": canvas_text(text, 40) if labels and text and edge.on_path else "",
        "color": {"color": color, "highlight": "#000000", "hover": "#000000", "inherit": False},
        "width": width,
        "dashes": dashes,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
        "font": {
            "size": 13,
            "color": "#9a9a9a" if faded else "#333333",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
            "background": "rgba(255,255,255,0.85)",
            "align": "horizontal",
        },
        "tip": [tip_text(line) for line in lines[:8]],
        "lines": lines,
        "cites": edge.cites,
        "kind": edge.type,
        "carries": edge.carries,
        "onPath": edge.on_path,
        "mark": edge_mark(edge),
    }


def _smooth(
    edges: list[dict[str, Any]], pos: dict[str, tuple[float, float]], layered: bool
) -> None:
    """Straight edges, except parallel ones (and, left to right, ones running backwards),
    which curve apart."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for edge in edges:
        key = tuple(sorted((edge["from"], edge["to"])))
        groups.setdefault(key, []).append(edge)
    for group in groups.values():
        for i, edge in enumerate(group):
            back = layered and pos[edge["to"]][0] < pos[edge["from"]][0] - 1
            if len(group) == 1 and not back:
                edge["smooth"] = False
                continue
            roundness = 0.12 + 0.12 * (i // 2) + (0.2 if back else 0.0)
            kind = "curvedCW" if i % 2 == 0 else "curvedCCW"
            edge["smooth"] = {"enabled": True, "type": kind, "roundness": round(roundness, 2)}


def _data_direction(edge: VizEdge) -> tuple[str, str]:
    """The way data moves along an edge: a dataset goes to its holder, to what derives from it."""
    if edge.type in ("CUSTODIAN_OF", "DERIVED_FROM"):
        return edge.target, edge.source
    return edge.source, edge.target


def vis_network(
    scene: Scene, placed: dict[str, tuple[float, float]] | None = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Lay the scene out (or use ``placed``, positions already computed: every date of a
    view keeps its nodes where they are) and let pyvis assemble vis-network's nodes,
    edges and options."""
    from pyvis.network import Network

    nodes = sorted(scene.nodes.values(), key=lambda n: n.id)
    ids = [n.id for n in nodes]
    if placed is None:
        pairs = [_data_direction(e) for e in scene.edges]
        primary = [_data_direction(e) for e in scene.edges if e.on_path]
        pos = layout.compute(scene.layout, ids, pairs, scene.roots, primary)
    else:
        pos = {i: placed[i] for i in ids}
    for node in nodes:
        node.x, node.y = pos[node.id]
    big = len(nodes) > PHYSICS_MAX
    physics = not big and scene.layout != "layered"
    labels = len(scene.edges) <= EDGE_LABELS_MAX
    net = Network(directed=True, height="100%", width="100%")
    for node in nodes:
        opts = _node_options(node, big)
        net.add_node(node.id, opts.pop("label"), opts.pop("shape"), opts.pop("color"), **opts)
    known = set(ids)
    for edge in scene.edges:
        if edge.source in known and edge.target in known:
            # Drawn the way the data moves (a dataset to its holder), so answers read
            # left to right; the label says which way the relation goes.
            source, target = _data_direction(edge)
            opts = _edge_options(edge, big, labels)
            if not edge.details:
                text = DRAWN_LABEL.get(edge.type, edge.label)
                line = f"{scene.nodes[source].name} {text} {scene.nodes[target].name}"
                opts["lines"] = [line]
                opts["tip"] = [tip_text(line)]
            net.add_edge(source, target, **opts)
    vis_nodes = [dict(n) for n in net.nodes]
    vis_edges = [dict(e) for e in net.edges]
    _smooth(vis_edges, pos, scene.layout == "layered")
    options: dict[str, Any] = {
        "autoResize": True,
        "height": "100%",
        "width": "100%",
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -8000,
                "centralGravity": 0.05,
                "springLength": 170,
                "springConstant": 0.02,
                "damping": 0.3,
                "avoidOverlap": 0.6,
            },
            "stabilization": {"enabled": physics, "iterations": 150, "fit": True},
        },
        "interaction": {
            "hover": not big,
            "tooltipDelay": 120,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "navigationButtons": False,
        },
        "nodes": {"shapeProperties": {"interpolation": False}},
        "edges": {"selectionWidth": 1.5, "hoverWidth": 1.0, "smooth": False},
    }
    return vis_nodes, vis_edges, options
