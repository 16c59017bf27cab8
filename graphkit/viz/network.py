"""vis-network's nodes, edges and options for a scene: colours, shapes, labels, tooltips, physics.

Positions come from :mod:`graphkit.viz.layout`; pyvis assembles the nodes and edges;
:mod:`graphkit.viz.page` writes them into the page as JSON. Labels and tooltips are cut
short and stripped of direction overrides here; the full text goes in ``lines``.
"""

from __future__ import annotations

import math
from typing import Any

from graphkit.present.words import clip
from graphkit.text import BIDI
from graphkit.viz import layout
from graphkit.viz.groups import Group, Groups, summarise
from graphkit.viz.marks import MARKS, edge_mark
from graphkit.viz.model import KIND_STYLE, Scene, VizEdge, VizNode

#: Above this many nodes the browser runs no physics: the Python layout is final.
PHYSICS_MAX = 200
#: Neighbourhoods (ego, all) of at most this many nodes get a cell of room for each name.
OVERVIEW_CELLS = 40
#: Above this many edges, edge labels are left to the tooltip (drawing them is slow).
EDGE_LABELS_MAX = 600
#: A node's name is wrapped to lines of this many characters, at most LABEL_LINES of them.
LABEL_CHARS = 24
LABEL_LINES = 3
TIP_CHARS = 240

#: Labels of links drawn against their relation's direction (see :func:`_data_direction`).
DRAWN_LABEL = {"CUSTODIAN_OF": "held by", "DERIVED_FROM": "derived into"}


def canvas_text(text: str, limit: int) -> str:
    """A label for the canvas: cut short, direction overrides removed so one right-to-left
    name cannot reverse what is drawn after it."""
    return clip(BIDI.sub("", " ".join(text.split())), limit)


def wrap_label(text: str, width: int = LABEL_CHARS, most: int = LABEL_LINES) -> str:
    """A node's label: the whole name on up to ``most`` lines of about ``width`` characters
    (cut, with an ellipsis, only past them), direction overrides removed.

    Example:
        >>> print(wrap_label("U.S. Immigration and Customs Enforcement"))
        U.S. Immigration and
        Customs Enforcement
    """
    words_left = [
        long[i : i + width]
        for long in canvas_text(text, width * most * 2).split(" ")
        for i in range(0, max(len(long), 1), width)
    ]
    lines: list[str] = []
    for word in words_left:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        last = lines[-1]
        lines[-1] = last + "…" if len(last) < width else last[: width - 1] + "…"
    return "\n".join(lines)


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
        "label": wrap_label(node.name),
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
    scene: Scene,
    placed: dict[str, tuple[float, float]] | None = None,
    groups: Groups | None = None,
    tall: dict[str, tuple[float, float]] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Lay the scene out (or use ``placed``, positions already computed: every date of a
    view keeps its nodes where they are) and let pyvis assemble vis-network's nodes,
    edges and options. A big overview is summarised (:mod:`graphkit.viz.groups`, or the
    ``groups`` given, the same for every date): its group nodes and the links to them are
    drawn, their members are in the data, folded (``gkHide``) until a group is opened.
    An overview also has a picture for a tall frame (``xt``, ``yt``; ``tall`` when placed)."""
    from pyvis.network import Network

    found = groups if groups is not None else summarise(scene.nodes, scene.edges)
    nodes = sorted(scene.nodes.values(), key=lambda n: n.id)
    ids = [n.id for n in nodes]
    present = {gid: [m for m in g.members if m in scene.nodes] for gid, g in found.groups.items()}
    present = {gid: members for gid, members in present.items() if members}
    if placed is not None:
        pos = {i: placed[i] for i in [*ids, *present]}
        upright = {i: tall[i] for i in [*ids, *present]} if tall else {}
    else:
        pos, upright = _place(scene, found, ids)
    for node in nodes:
        node.x, node.y = pos[node.id]
    big = len(nodes) > PHYSICS_MAX
    physics = False  # the Python layout is final: the same picture on the page and in SVG
    labels = len(scene.edges) <= EDGE_LABELS_MAX
    net = Network(directed=True, height="100%", width="100%")
    for node in nodes:
        opts = _node_options(node, big)
        if node.id in found.of and found.of[node.id] in present:
            opts.update(gkGroup=found.of[node.id], gkHide=True)
        if upright:
            opts.update(xt=upright[node.id][0], yt=upright[node.id][1])
        net.add_node(node.id, opts.pop("label"), opts.pop("shape"), opts.pop("color"), **opts)
    for gid, members in present.items():
        opts = _group_options(found.groups[gid], members, scene, pos[gid])
        if upright:
            opts.update(xt=upright[gid][0], yt=upright[gid][1])
        net.add_node(gid, opts.pop("label"), opts.pop("shape"), opts.pop("color"), **opts)
    known = set(ids)
    folded: dict[tuple[str, str, _Cond], list[VizEdge]] = {}
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
            when = {found.of[n]: True for n in (source, target) if found.of.get(n) in present}
            if when:
                opts.update(gkWhen=when, gkHide=True)
            net.add_edge(source, target, **opts)
            for key in _folded_ends(source, target, found, present):
                folded.setdefault(key, []).append(edge)
    for (source, target, cond), links in folded.items():
        net.add_edge(source, target, **_folded_options(source, target, cond, links, scene))
    vis_nodes = [dict(n) for n in net.nodes]
    vis_edges = [dict(e) for e in net.edges]
    _smooth(vis_edges, pos, scene.layout == "layered")
    vis_nodes.sort(key=lambda n: str(n["id"]))
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


# ------------------------------------------------------------------ groups
_Cond = tuple[tuple[str, bool], ...]
Pos = dict[str, tuple[float, float]]


def _place(scene: Scene, found: Groups, ids: list[str]) -> tuple[Pos, Pos]:
    """The layout of what is drawn with every group folded (a group is one node), and
    each group's members in a ring around it, where a click on the group draws them.
    A summarised view, or a small neighbourhood, gets a cell of room for every name, in
    a wide picture and a tall one (:func:`graphkit.viz.layout.overview`)."""
    unit = found.unit
    units = sorted({unit(i) for i in ids})
    pairs, primary = [], []
    for edge in scene.edges:
        a, b = _data_direction(edge)
        if a in scene.nodes and b in scene.nodes and unit(a) != unit(b):
            pairs.append((unit(a), unit(b)))
            if edge.on_path:
                primary.append((unit(a), unit(b)))
    roots = list(dict.fromkeys(unit(r) for r in scene.roots if r in scene.nodes))
    small = scene.view in ("ego", "all") and len(units) <= OVERVIEW_CELLS
    tall: Pos = {}
    if found.groups or small:
        pos, tall = layout.overview(scene.layout, units, pairs, roots, primary)
    else:
        pos = layout.compute(scene.layout, units, pairs, roots, primary)
    for gid, group in found.groups.items():
        members = [m for m in group.members if m in scene.nodes]
        if gid not in pos or not members:
            continue
        for picture in (pos, tall) if tall else (pos,):
            gx, gy = picture[gid]
            radius = max(90.0, len(members) * 70.0 / math.tau)
            for i, member in enumerate(members):
                theta = math.tau * i / len(members) - math.pi / 2
                x, y = gx + radius * math.cos(theta), gy + radius * math.sin(theta)
                picture[member] = (round(x, 1), round(y, 1))
    return pos, tall


def _group_options(
    group: Group, members: list[str], scene: Scene, at: tuple[float, float]
) -> dict[str, Any]:
    style = KIND_STYLE.get(group.kind, KIND_STYLE["other"])
    color = style["color"]
    shown = Group(group.id, group.hub, group.kind, members)  # the count on this date
    hub = scene.nodes[group.hub].name if group.hub in scene.nodes else group.hub
    names = sorted(scene.nodes[m].name for m in members)
    head = f"{shown.label}, nearest to {hub}"  # linked to it, or through others
    more = [f"and {len(names) - 8} more"] if len(names) > 8 else []
    return {
        "label": wrap_label(shown.label),
        "shape": style["shape"],
        "color": {
            "background": _rgba(color, 0.18),
            "border": color,
            "highlight": {"background": _rgba(color, 0.4), "border": "#000000"},
            "hover": {"background": _rgba(color, 0.4), "border": "#000000"},
        },
        "borderWidth": 2,
        "shapeProperties": {"borderDashes": [5, 3]},
        "size": 18,
        "font": {
            "size": 14,
            "color": "#111111",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
            "face": "system-ui, sans-serif",
        },
        "x": at[0],
        "y": at[1],
        "tip": [tip_text(head), *(tip_text(n) for n in names[:8]), *more, "Click to show them"],
        "lines": [head, *names],
        "cites": [],
        "role": "group",
        "kind": group.kind,
        "gkMembers": members,
    }


def _folded_ends(
    source: str, target: str, found: Groups, present: dict[str, list[str]]
) -> list[tuple[str, str, _Cond]]:
    """The links that stand for ``source → target`` while one of its ends is folded into
    a group: to the group, on the condition that it is folded (and the other end's group,
    if any, open or folded)."""
    ga = found.of.get(source) if found.of.get(source) in present else None
    gb = found.of.get(target) if found.of.get(target) in present else None
    if (ga is None and gb is None) or ga == gb:
        return []
    ends_a = [(ga, False), (source, True)] if ga else [(source, None)]
    ends_b = [(gb, False), (target, True)] if gb else [(target, None)]
    out = []
    for a, open_a in ends_a:
        for b, open_b in ends_b:
            if open_a is not False and open_b is not False:
                continue  # every group open: the link itself
            ends = ((ga, open_a), (gb, open_b))
            cond = {g: o for g, o in ends if g is not None and o is not None}
            out.append((str(a), str(b), tuple(sorted(cond.items()))))
    return out


def _folded_options(
    source: str, target: str, cond: _Cond, members: list[VizEdge], scene: Scene
) -> dict[str, Any]:
    """One link standing for ``members`` (links to nodes folded into a group): the
    strongest of their marks, their agreements in the tooltip and the details."""
    order = list(MARKS)
    best = min((edge_mark(e) for e in members), key=order.index)
    mark = MARKS[best]
    on_path = any(e.on_path for e in members)
    color = mark.color if on_path else _rgba(mark.color, 0.4)
    width = mark.width if on_path else max(1.0, mark.width - 1.0)
    what = list(
        dict.fromkeys(e.agreement_name or DRAWN_LABEL.get(e.type, e.label) for e in members)
    )
    count = len(members)
    head = f"{count} link{'s' if count != 1 else ''} to the group"
    key = ",".join(f"{g}={int(o)}" for g, o in cond)
    return {
        "id": f"gk-fold:{source}:{target}:{key}",
        "label": "",
        "color": {"color": color, "highlight": "#000000", "hover": "#000000", "inherit": False},
        "width": width,
        "dashes": mark.dashes,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
        "font": {"size": 13, "color": "#333333", "strokeWidth": 3, "strokeColor": "#ffffff"},
        "tip": [tip_text(head), *(tip_text(w) for w in what[:8])],
        "lines": [head, *what],
        "cites": sorted({c for e in members for c in e.cites}),
        "kind": "FOLDED",
        "carries": any(e.carries for e in members),
        "onPath": on_path,
        "mark": best,
        "gkWhen": dict(cond),
        "gkHide": any(o for _g, o in cond),
    }
