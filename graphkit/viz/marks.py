"""The marks a view draws for its links and the legend that explains them.

Every agreement drawn has one mark: its evidence level while it carries data on the
date (evidenced, presumed, declared) or why it does not (uncertain, undated, blocked).
Each mark differs by dash pattern and width as well as colour (Okabe-Ito colours), so
the marks stay apart in greyscale and for colour-blind readers. The legend lists the
marks and node kinds drawn; with a date slider, each date says which of them it draws
(:func:`legend_keys`), so the legend always matches the diagram.

Example:
    >>> from graphkit.viz.model import VizEdge
    >>> edge = VizEdge("e", "a", "b", "FLOWS", "MOU", carries=False, status="enjoined")
    >>> edge_mark(edge), MARKS["blocked"].dashes
    ('blocked', [7, 5])
"""

from __future__ import annotations

from dataclasses import dataclass

from graphkit.model.registry import EVIDENCE_ORDER
from graphkit.viz.model import KIND_STYLE, Scene, VizEdge


@dataclass(frozen=True)
class Mark:
    """How one kind of link is drawn (vis-network ``dashes``: False or a dash pattern)."""

    color: str
    width: float
    dashes: list[int] | bool
    label: str


#: The marks, in the order the legend lists them.
MARKS: dict[str, Mark] = {
    "evidenced": Mark("#1a1a1a", 3.0, False, "Evidenced: a source shows data carried"),
    "presumed": Mark("#0072B2", 2.5, [12, 4], "Presumed: evidenced earlier, no end reported since"),
    "declared": Mark(
        "#CC79A7", 2.0, [12, 4, 2, 4], "Declared: a published permission, no data shown"
    ),
    "uncertain": Mark(
        "#E69F00", 2.0, [6, 3, 2, 3, 2, 3], "Uncertain: the sources do not settle this date"
    ),
    "undated": Mark("#7a7a7a", 1.5, [2, 6], "Undated: reported, with no date"),
    "blocked": Mark(
        "#D55E00", 1.5, [7, 5], "Blocked: not in force on the date (enjoined, ended, not started…)"
    ),
    "link": Mark("#666666", 1.0, [2, 3], "Held by, derived into, part of"),
}

#: Node-side entries of the legend (besides the kinds of :data:`KIND_STYLE`).
NODE_ENTRIES = {
    "subject": "Asked about (thick border)",
    "context": "Faded: nearby, not on a path",
    "group": "Group: how many it stands for (click it, or its button, to show them)",
}
FADED_FLOW = "Faded link: near the answer, not on a path (same marks, lighter)"


def edge_mark(edge: VizEdge) -> str:
    """The mark of a link: its evidence level when it carries data on the date, else
    uncertain, undated or blocked; ``link`` for custody, derivation and part-of.

    Example:
        >>> from graphkit.viz.model import VizEdge
        >>> edge_mark(VizEdge("e", "a", "b", "FLOWS", "MOU", evidence="presumed"))
        'presumed'
        >>> edge_mark(VizEdge("e", "a", "b", "FLOWS", "MOU", carries=False, status="undated"))
        'undated'
    """
    if edge.type != "FLOWS":
        return "link"
    if edge.carries:
        return edge.evidence if edge.evidence in EVIDENCE_ORDER else "evidenced"
    if edge.status in ("uncertain", "undated"):
        return str(edge.status)
    return "blocked"


def legend_keys(scene: Scene, grouped: bool = False) -> list[str]:
    """What a scene draws, as legend entries: node kinds, roles, marks (in legend order);
    ``grouped`` when the diagram summarises some nodes in groups (:mod:`graphkit.viz.groups`).

    Example:
        >>> from graphkit import open_graph
        >>> from graphkit.viz.build import scene_for
        >>> scene = scene_for(open_graph().reach("irs-taxpayer-addresses", as_of="2025-12-15"))
        >>> legend_keys(scene)
        ['agency', 'dataset', 'subject', 'link']
    """
    kinds = {n.kind if n.kind in KIND_STYLE else "other" for n in scene.nodes.values()}
    roles = {n.role for n in scene.nodes.values()} | ({"group"} if grouped else set())
    marks = {edge_mark(e) for e in scene.edges}
    faded = any(e.type == "FLOWS" and not e.on_path for e in scene.edges)
    keys = [k for k in KIND_STYLE if k in kinds]
    keys += [k for k in NODE_ENTRIES if k in roles]
    keys += [k for k in MARKS if k in marks]
    return keys + (["faded_flow"] if faded else [])


def legend_union(scenes: list[Scene], grouped: bool = False) -> list[str]:
    """Every legend entry any of ``scenes`` draws, in legend order (a page with a slider
    lists them all; each date shows its own, :func:`legend_keys`)."""
    order = [*KIND_STYLE, *NODE_ENTRIES, *MARKS, "faded_flow"]
    seen = {key for scene in scenes for key in legend_keys(scene, grouped)}
    return [key for key in order if key in seen]


def legend_entries(keys: list[str]) -> list[dict[str, object]]:
    """The legend's rows for ``keys`` (see :func:`legend_keys`): what the template draws.

    Example:
        >>> [e["label"] for e in legend_entries(["agency", "blocked"])][0]
        'Agency'
    """
    out: list[dict[str, object]] = []
    for key in keys:
        entry: dict[str, object] = {"key": key, "node": "", "line": "", "width": 1.5}
        if key in KIND_STYLE:
            style = KIND_STYLE[key]
            entry.update(node=style["shape"], color=style["color"], label=style["label"])
        elif key in NODE_ENTRIES:
            entry.update(node=key, color=KIND_STYLE["agency"]["color"], label=NODE_ENTRIES[key])
        elif key in MARKS:
            mark = MARKS[key]
            entry.update(line=_dasharray(mark.dashes), color=mark.color, width=mark.width)
            entry["label"] = mark.label
        else:
            entry.update(color="#c4c4c4", label=FADED_FLOW)
        out.append(entry)
    return out


def _dasharray(dashes: list[int] | bool) -> str:
    return " ".join(str(d) for d in dashes) if isinstance(dashes, list) else ""
