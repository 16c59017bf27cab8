"""The HTML page: one self-contained file, safe with any data, readable without JavaScript.

pyvis assembles the vis-network nodes and edges; graphkit's own template
(``graphkit/templates/viz.html.j2``) lays out the page around them. Everything is
inline (the vis-network script that ships inside pyvis, graphkit's script and
styles), so opening the file makes no network request, and a Content Security Policy
that only allows those exact scripts (by hash) backs that up. Strings from the data
reach the page only as escaped HTML text or as JSON escaped for a ``<script>`` block;
tooltips and details are built with ``textContent``, never as HTML.

Example:
    >>> from graphkit import open_graph
    >>> from graphkit.viz.build import scene_for
    >>> answer = open_graph("tests/graphs/edge").reach("d1", as_of="2020-03-15")
    >>> page = render_scene(scene_for(answer))
    >>> page.default_filename(), "<script src=" in page.html
    ('graphkit-reach-d1.html', False)
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from graphkit import __version__
from graphkit.errors import GraphkitError
from graphkit.viz import layout
from graphkit.viz.model import KIND_STYLE, Scene, VizEdge, VizNode, clip

#: Above this many nodes the browser runs no physics: the Python layout is final.
PHYSICS_MAX = 200
#: Above this many edges, edge labels are left to the tooltip (drawing them is slow).
EDGE_LABELS_MAX = 600
LABEL_CHARS = 28
TIP_CHARS = 240
VIS_VERSION = "9.1.2"
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"

#: Labels of links drawn against their relation's direction (see :func:`_data_direction`).
DRAWN_LABEL = {"CUSTODIAN_OF": "held by", "DERIVED_FROM": "derived into"}

_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element: ``<``, ``>``, ``&``, U+2028 and
    U+2029 are written as ``\\u`` escapes, so no string can close the element or open
    a comment.

    Example:
        >>> script_json({"name": "</script><!--"})
        '{"name":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for raw, escaped in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def canvas_text(text: str, limit: int) -> str:
    """A label for the canvas: cut short, direction overrides removed so one right-to-left
    name cannot reverse what is drawn after it."""
    return clip(_BIDI.sub("", " ".join(text.split())), limit)


def tip_text(text: str) -> str:
    """A tooltip line: cut short, direction overrides removed (as on the canvas); the
    details panel and the text version show the full text, isolated."""
    return clip(_BIDI.sub("", text), TIP_CHARS)


def embed_snippet(src: str, title: str, height: int | str = 600) -> str:
    """An ``<iframe>`` to paste into a web page, every attribute escaped.

    Example:
        >>> print(embed_snippet("graphkit-reach-d1.html", 'Who can obtain "D1"'))
        <iframe src="graphkit-reach-d1.html" title="Who can obtain &quot;D1&quot;" width="100%" \
height="600" style="border:0;width:100%;max-width:100%" loading="lazy" \
referrerpolicy="no-referrer" sandbox="allow-scripts allow-popups \
allow-popups-to-escape-sandbox"></iframe>
    """
    attrs = {
        "src": quote(src, safe="/:._-~%?&=#+,"),
        "title": title,
        "width": "100%",
        "height": str(height),
        "style": "border:0;width:100%;max-width:100%",
        "loading": "lazy",
        "referrerpolicy": "no-referrer",
        "sandbox": SANDBOX,
    }
    text = " ".join(f'{key}="{html.escape(value, quote=True)}"' for key, value in attrs.items())
    return f"<iframe {text}></iframe>"


@dataclass
class VizPage:
    """A written page: ``.html`` is the whole file; ``.save()`` writes it.

    In Jupyter the page shows inline (an ``<iframe srcdoc>``, sandboxed).

    Example:
        >>> from graphkit import open_graph
        >>> from graphkit.viz import ego_view
        >>> page = ego_view(open_graph("tests/graphs/edge"), "a", depth=1, as_of="2020-03-15")
        >>> page.view, page.nodes > 1, page.html.startswith("<!DOCTYPE html>")
        ('ego', True, True)
    """

    html: str
    view: str
    subject: list[str]
    title: str
    nodes: int
    edges: int
    physics: bool
    stats: dict[str, Any] = field(default_factory=dict)

    def default_filename(self) -> str:
        """``graphkit-<view>-<ids>.html``, ids cut to safe file-name characters."""
        parts = ["graphkit", self.view, *self.subject]
        name = "-".join(re.sub(r"[^A-Za-z0-9._-]+", "_", p).strip("._") or "x" for p in parts)
        return clip(name, 120).replace("…", "") + ".html"

    def save(self, path: str | Path | None = None) -> Path:
        """Write the page (to :meth:`default_filename` when no path is given)."""
        target = Path(path) if path else Path(self.default_filename())
        try:
            if target.parent != Path():
                target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.html, encoding="utf-8")
        except OSError as exc:
            raise GraphkitError(f"cannot write {target}: {exc.strerror or exc}") from None
        return target

    def iframe(self, src: str, height: int | str = 600) -> str:
        """An ``<iframe>`` snippet showing this page saved at ``src``."""
        return embed_snippet(src, self.title, height)

    def _repr_html_(self) -> str:
        doc = html.escape(self.html, quote=True)
        title = html.escape(self.title, quote=True)
        return (
            f'<iframe srcdoc="{doc}" title="{title}" sandbox="{SANDBOX}" '
            'style="width:100%;height:600px;border:0" loading="lazy"></iframe>'
        )


# ---------------------------------------------------------------------- assets
def _read(package: str, *candidates: str) -> str:
    root = resources.files(package)
    for name in candidates:
        item = root.joinpath(name)
        if item.is_file():
            return item.read_text(encoding="utf-8")
    raise GraphkitError(f"{package} lacks {candidates[0]}; reinstall it (pip install {package})")


@functools.lru_cache(maxsize=1)
def assets() -> dict[str, str]:
    """The inline scripts and styles: vis-network from pyvis, graphkit's own from its templates."""
    vis = _read(
        "pyvis",
        f"lib/vis-{VIS_VERSION}/vis-network.min.js",
        f"templates/lib/vis-{VIS_VERSION}/vis-network.min.js",
    )
    app = _read("graphkit", "templates/viz.js")
    css = _read("graphkit", "templates/viz.css")
    for name, text in (("vis-network", vis), ("viz.js", app)):
        if re.search(r"</script|<!--", text, re.IGNORECASE):
            raise GraphkitError(f"{name} holds text that would end its <script> element")
    if "</style" in css.lower():
        raise GraphkitError("viz.css holds text that would end its <style> element")
    return {"vis": vis, "app": app, "css": css}


def _csp_hash(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


@functools.lru_cache(maxsize=1)
def _template() -> Any:
    from jinja2 import Environment, StrictUndefined

    source = _read("graphkit", "templates/viz.html.j2")
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True)
    env.lstrip_blocks = True
    return env.from_string(source)


# ----------------------------------------------------------------- vis options
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
    flow = edge.type == "FLOWS"
    dashes: list[int] | bool
    if flow and not edge.carries:
        color, width, dashes = "#9a9a9a", 1.5, [7, 5]
    elif flow and edge.on_path:
        color, width, dashes = "#222222", 2.5, False
    elif flow:
        color, width, dashes = "#b8b8b8", 1.0, False
    else:
        color, width, dashes = ("#666666" if edge.on_path else "#c4c4c4"), 1.0, [2, 4]
    faded = not edge.on_path
    text = DRAWN_LABEL.get(edge.type, edge.label)
    lines = edge.details or [text]
    return {
        "id": edge.id,
        "label": canvas_text(text, 40) if labels and text else "",
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
    }


def _smooth(
    edges: list[dict[str, Any]], pos: dict[str, tuple[float, float]], layered: bool
) -> None:
    """Straight edges, except parallel ones (and, left to right, ones running backwards),
    which curve apart."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for edge in edges:
        key = tuple(sorted((edge["from"], edge["to"])))
        groups.setdefault(key, []).append(edge)  # type: ignore[arg-type]
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


def _network(scene: Scene) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]:
    """Lay the scene out and let pyvis assemble vis-network's nodes, edges and options."""
    from pyvis.network import Network

    nodes = sorted(scene.nodes.values(), key=lambda n: n.id)
    ids = [n.id for n in nodes]
    pairs = [_data_direction(e) for e in scene.edges]
    primary = [_data_direction(e) for e in scene.edges if e.on_path]
    pos = layout.compute(scene.layout, ids, pairs, scene.roots, primary)
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


# ------------------------------------------------------------------------ page
def _legend(scene: Scene) -> dict[str, bool]:
    kinds = {n.kind for n in scene.nodes.values()}
    edges = scene.edges
    return {
        "agency": "agency" in kinds,
        "vendor": "vendor" in kinds,
        "dataset": "dataset" in kinds,
        "other": bool(kinds - {"agency", "vendor", "dataset"}),
        "subject": any(n.role == "subject" for n in scene.nodes.values()),
        "context": any(n.role == "context" for n in scene.nodes.values()),
        "path": any(e.on_path and e.type == "FLOWS" and e.carries for e in edges)
        and scene.view in ("reach", "reachable", "path"),
        "flow": any(e.type == "FLOWS" and e.carries for e in edges),
        "faded_flow": any(e.type == "FLOWS" and e.carries and not e.on_path for e in edges),
        "stopped": any(e.type == "FLOWS" and not e.carries for e in edges),
        "link": any(e.type != "FLOWS" for e in edges),
    }


def render_scene(scene: Scene) -> VizPage:
    """The page for a scene (see :mod:`graphkit.viz.build`)."""
    vis_nodes, vis_edges, options = _network(scene)
    physics = bool(options["physics"]["enabled"])
    paths = []
    for g, group in enumerate(scene.groups, start=1):
        for path in group.paths:
            paths.append(
                {
                    "id": f"gk-path-{g}-{path.number}",
                    "nodes": list(dict.fromkeys(path.nodes)),
                    "edges": list(dict.fromkeys(path.edges)),
                }
            )
    notes = {str(n.number): n.to_json() for n in scene.notes}
    data = {
        "nodes": vis_nodes,
        "edges": vis_edges,
        "options": options,
        "paths": paths,
        "notes": notes,
        "focus": scene.subject_ids,
        "view": scene.view,
    }
    parts = assets()
    version = f"graphkit {__version__} · {scene.backend} backend · content {scene.content_hash}"
    summary = (
        f"Network diagram: {clip(scene.title, 200)}, as of {scene.as_of}. "
        f"{len(vis_nodes)} parties and datasets, {len(vis_edges)} links. "
        + (
            "The same paths are listed as text below the diagram."
            if scene.groups
            else "The same links are listed as a table below the diagram."
            if scene.rows
            else ""
        )
    )
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(parts['vis'])} {_csp_hash(parts['app'])}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    page_html = _template().render(
        scene=scene,
        title=clip(scene.title, 200),
        version=version,
        vis_version=VIS_VERSION,
        summary=summary,
        legend=_legend(scene),
        data_json=script_json(data),
        vis_js=parts["vis"],
        app_js=parts["app"],
        css=parts["css"],
        csp=csp,
        big=len(vis_nodes) > PHYSICS_MAX,
        physics=physics,
        kind_style=KIND_STYLE,
    )
    return VizPage(
        html=page_html,
        view=scene.view,
        subject=scene.subject_ids,
        title=clip(scene.title, 200),
        nodes=len(vis_nodes),
        edges=len(vis_edges),
        physics=physics,
        stats={"context_dropped": scene.context_dropped, "layout": scene.layout},
    )
