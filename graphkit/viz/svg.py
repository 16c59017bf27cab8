"""A static picture of a view: SVG written by graphkit, PNG through headless Chromium.

The picture is drawn from the same deterministic layout as the page
(:func:`graphkit.viz.network.vis_network`), on the date the page opens at, with the
title, the date, the one-line answer, a legend of what is drawn and a source line: for
print and social cards. Every string from the data is XML-escaped and stripped of
direction overrides; the SVG holds no script, no link and no external reference.

Example:
    >>> from graphkit import open_graph
    >>> from graphkit.viz.build import scene_for
    >>> scene = scene_for(open_graph("tests/graphs/edge").reach("d1", as_of="2020-03-15"))
    >>> text = svg_of(scene, 800, 500)
    >>> text.startswith("<svg "), "<script" in text, 'stroke-dasharray="2 3"' in text
    (True, False, True)
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from graphkit import __version__
from graphkit.errors import GraphkitError
from graphkit.present import words
from graphkit.viz.marks import legend_entries, legend_keys
from graphkit.viz.model import Note, Scene
from graphkit.viz.network import canvas_text, vis_network

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
#: Picture sizes graphkit accepts, in pixels.
MIN_SIZE, MAX_SIZE = 320, 4000


def _x(text: str) -> str:
    return html.escape(canvas_text(text, 400), quote=True)


def _lines(text: str, width: float, size: float, most: int) -> list[str]:
    """``text`` wrapped to ``width`` pixels at font ``size`` (about 0.55 em a character)."""
    chars = max(12, int(width / (size * 0.55)))
    lines = textwrap.wrap(canvas_text(text, 2000), chars) or [""]
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: max(0, chars - 1)].rstrip() + "…"
    return lines


def _text(x: float, y: float, lines: list[str], size: float, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if i == 0 else size * 1.25:.1f}">{html.escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:.1f}"{extra}>{spans}</text>'


def _shape(shape: str, x: float, y: float, r: float, fill: str, stroke: str, sw: float) -> str:
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{sw:.1f}"'
    if shape == "dot":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" {paint}/>'
    if shape == "square":
        side = f'width="{2 * r:.1f}" height="{2 * r:.1f}"'
        return f'<rect x="{x - r:.1f}" y="{y - r:.1f}" {side} {paint}/>'
    if shape == "diamond":
        pts = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y:.1f} {x:.1f},{y + r:.1f} {x - r:.1f},{y:.1f}"
    else:
        pts = f"{x:.1f},{y - r:.1f} {x + r:.1f},{y + r:.1f} {x - r:.1f},{y + r:.1f}"
    return f'<polygon points="{pts}" {paint}/>'


def _dash(dashes: Any) -> str:
    return f' stroke-dasharray="{" ".join(str(d) for d in dashes)}"' if dashes else ""


def _legend(scene: Scene, grouped: bool, x: float, y: float, width: float) -> tuple[str, float]:
    """The legend of what the scene draws, in rows from (x, y); returns it and its height."""
    out, cx, cy, row = [], x, y, 20.0
    for entry in legend_entries(legend_keys(scene, grouped)):
        label = str(entry["label"])
        size = 38 + len(label) * 6.2
        if cx + size > x + width and cx > x:
            cx, cy = x, cy + row
        mid = cy + 7
        if entry["node"]:
            hollow = entry["node"] in ("subject", "group")
            shape = {"subject": "dot", "context": "dot", "group": "dot"}.get(
                str(entry["node"]), str(entry["node"])
            )
            fill = "#ffffff" if hollow else str(entry["color"])
            stroke = "#111111" if hollow else "none"
            opacity = ' opacity="0.35"' if entry["node"] == "context" else ""
            out.append(f"<g{opacity}>{_shape(shape, cx + 12, mid, 6, fill, stroke, 2.5)}</g>")
        else:
            dash = f' stroke-dasharray="{entry["line"]}"' if entry["line"] else ""
            out.append(
                f'<line x1="{cx:.1f}" y1="{mid:.1f}" x2="{cx + 26:.1f}" y2="{mid:.1f}" '
                f'stroke="{entry["color"]}" stroke-width="{entry["width"]}"{dash}/>'
            )
        out.append(_text(cx + 32, mid + 4, [label], 11, fill="#333333"))
        cx += size
    return "".join(out), cy + row - y


def _sources(notes: list[Note]) -> str:
    names = list(dict.fromkeys(n.publisher for n in notes))
    if not names:
        return words.NO_SOURCE_SHOWN
    return "Sources: " + "; ".join(names) + "."


def svg_of(
    scene: Scene,
    width: int = 1200,
    height: int = 800,
    notes: list[Note] | None = None,
    drawn: tuple[list[dict[str, Any]], list[dict[str, Any]]] | None = None,
) -> str:
    """The scene as a standalone SVG of ``width`` by ``height`` pixels: header (title,
    date, answer), the diagram fitted in between, legend and source line at the foot.
    ``drawn``: the page's nodes and edges at load (:attr:`VizPage.drawn`), so the picture
    has the page's layout and groups; without it, the scene is laid out afresh."""
    if drawn is None:
        drawn = vis_network(scene)[:2]
    nodes, edges = drawn
    if not (MIN_SIZE <= width <= MAX_SIZE and MIN_SIZE <= height <= MAX_SIZE):
        raise GraphkitError(
            f"--size {width}x{height} is out of range; use {MIN_SIZE} to {MAX_SIZE} "
            "pixels each way, as WIDTHxHEIGHT (1200x800)",
            "size",
        )
    pad = 24.0
    inner = width - 2 * pad
    title = _lines(scene.title, inner, 22, 3)
    head: list[str] = [_text(pad, pad + 20, title, 22, font_weight="700", fill="#111111")]
    y = pad + 20 + 27.5 * (len(title) - 1) + 26
    head.append(_text(pad, y, [f"As of {scene.as_of}"], 15, font_weight="600", fill="#111111"))
    y += 20
    if scene.answer:
        answer = _lines(scene.answer, inner, 14, 2)
        head.append(_text(pad, y, answer, 14, fill="#222222"))
        y += 17.5 * len(answer)
    grouped = any(n.get("gkMembers") for n in nodes)
    legend, legend_h = _legend(scene, grouped, pad, 0, inner)
    source = _lines(_sources(notes if notes is not None else scene.notes), inner, 11, 2)
    meta = f"graphkit {__version__} · {scene.backend} backend · content {scene.content_hash}"
    foot_h = legend_h + 14 * len(source) + 24
    top, bottom = y + 8, height - pad - foot_h
    body = _diagram(scene, (nodes, edges), pad, top, inner, max(60.0, bottom - top))
    foot_y = height - pad - foot_h + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{html.escape(FONT)}" role="img">',
        f"<title>{_x(scene.title)} · as of {scene.as_of}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        *head,
        body,
        f'<g transform="translate(0 {foot_y:.1f})">{legend}</g>',
        _text(pad, foot_y + legend_h + 8, source, 11, fill="#444444"),
        _text(pad, height - pad + 8, [meta], 10, fill="#777777"),
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def _diagram(
    scene: Scene,
    drawn: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    left: float,
    top: float,
    width: float,
    height: float,
) -> str:
    # What the page draws at load: every group folded, its members and their links left
    # out; a tall picture takes the page's tall layout, as a phone held upright does.
    upright = height > width
    nodes = [
        dict(n, x=n["xt"], y=n["yt"]) if upright and "xt" in n else n
        for n in drawn[0]
        if not n.get("gkHide") and not n.get("hidden")
    ]
    edges = [e for e in drawn[1] if not e.get("gkHide") and not e.get("hidden")]
    if not nodes:
        return _text(left, top + 20, [scene.empty or words.NOTHING_TO_DRAW], 14, fill="#444444")
    xs = [float(n["x"]) for n in nodes]
    ys = [float(n["y"]) for n in nodes]
    span_x = max(max(xs) - min(xs), 1.0)
    span_y = max(max(ys) - min(ys), 1.0)
    # Room for the widest label, half each side (about 0.58 em a character), so none is cut.
    label_room = (
        max(
            max(len(line) for line in str(n["label"]).split("\n")) * float(n["font"]["size"])
            for n in nodes
        )
        * 0.58
        + 8
    )
    scale = min((width - label_room) / span_x, (height - 60) / span_y, 1.6)
    ox = left + (width - span_x * scale) / 2 - min(xs) * scale
    oy = top + 24 + (height - 60 - span_y * scale) / 2 - min(ys) * scale
    at = {str(n["id"]): (float(n["x"]) * scale + ox, float(n["y"]) * scale + oy) for n in nodes}
    colours = sorted({str(e["color"]["color"]) for e in edges})
    defs = "".join(
        f'<marker id="gk-arrow-{i}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" '
        f'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
        f'<path d="M0 0 L10 5 L0 10 Z" fill="{c}"/></marker>'
        for i, c in enumerate(colours)
    )
    out = [f"<defs>{defs}</defs>"]
    shrink = max(0.45, min(1.0, scale * 1.5))  # a crowded picture draws smaller marks
    radius = {str(n["id"]): float(n["size"]) * shrink for n in nodes}
    labels: list[tuple[int, float, float, str, float, dict[str, str]]] = []
    for edge in edges:
        a, b = at[str(edge["from"])], at[str(edge["to"])]
        gap = radius[str(edge["to"])] + 3
        length = max(((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5, 1.0)
        end = (b[0] - (b[0] - a[0]) * gap / length, b[1] - (b[1] - a[1]) * gap / length)
        colour = str(edge["color"]["color"])
        smooth = edge.get("smooth")
        bend = 0.0
        if isinstance(smooth, dict):
            bend = float(smooth["roundness"]) * (1 if smooth["type"] == "curvedCW" else -1)
        mx = (a[0] + end[0]) / 2 - (end[1] - a[1]) * bend
        my = (a[1] + end[1]) / 2 + (end[0] - a[0]) * bend
        out.append(
            f'<path d="M{a[0]:.1f} {a[1]:.1f} Q{mx:.1f} {my:.1f} {end[0]:.1f} {end[1]:.1f}" '
            f'fill="none" stroke="{colour}" stroke-width="{float(edge["width"]):.1f}"'
            f'{_dash(edge["dashes"])} marker-end="url(#gk-arrow-{colours.index(colour)})"/>'
        )
        if edge.get("label"):
            labels.append((2, mx, my - 4, str(edge["label"]), 11.0, {"fill": "#333333"}))
    for node in nodes:
        x, y = at[str(node["id"])]
        colour = node["color"]
        r = radius[str(node["id"])]
        shape = _shape(
            str(node["shape"]),
            x,
            y,
            r,
            str(colour["background"]),
            str(colour["border"]),
            float(node["borderWidth"]),
        )
        out.append(f'<g data-gk-id="{_x(str(node["id"]))}">{shape}</g>')
        font = node["font"]
        rank = {"subject": 0, "path": 1}.get(str(node.get("role")), 3)
        size = float(font["size"])
        labels.append(
            (rank, x, y + r + size + 2, str(node["label"]), size, {"fill": str(font["color"])})
        )
    return "".join(out) + _labels(labels)


def _labels(labels: list[tuple[int, float, float, str, float, dict[str, str]]]) -> str:
    """Labels that cover no label kept before them (what was asked about first, then the
    answer's nodes, its links, the rest); the others are left out, as on the page."""
    kept: list[tuple[float, float, float, float]] = []
    out = []
    for rank, x, y, text, size, paint in sorted(labels, key=lambda item: item[0]):
        lines = text.split("\n")  # a name wrapped on the page is wrapped here too
        half = max(len(line) for line in lines) * size * 0.29
        box = (x - half, y - size, x + half, y + size * (0.3 + 1.25 * (len(lines) - 1)))
        if rank and any(
            box[0] < k[2] and k[0] < box[2] and box[1] < k[3] and k[1] < box[3] for k in kept
        ):
            continue
        kept.append(box)
        out.append(
            _text(
                x,
                y,
                lines,
                size,
                text_anchor="middle",
                paint_order="stroke",
                stroke="#ffffff",
                stroke_width="3",
                **paint,
            )
        )
    return "".join(out)


def parse_size(text: str) -> tuple[int, int]:
    """``1200x800`` as (1200, 800).

    Example:
        >>> parse_size("1200x630")
        (1200, 630)
    """
    try:
        w, h = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise GraphkitError(
            f"--size {text!r} is not WIDTHxHEIGHT; write it as 1200x800", "size"
        ) from None
    return w, h


def chromium() -> str | None:
    """Headless Chromium for PNG: ``$GRAPHKIT_CHROMIUM`` or ``chromium`` on PATH."""
    found = os.environ.get("GRAPHKIT_CHROMIUM") or shutil.which("chromium")
    return found if found and Path(found).exists() else None


def png_of(svg: str, width: int, height: int, out: Path) -> None:
    """Rasterize ``svg`` to ``out`` with headless Chromium (offline: the SVG refers to
    nothing outside itself)."""
    browser = chromium()
    if browser is None:
        raise GraphkitError(
            "--format png needs Chromium: apt-get install -y chromium, or set "
            "GRAPHKIT_CHROMIUM; --format svg needs nothing",
            "format",
        )
    with tempfile.TemporaryDirectory(prefix="graphkit-png-") as folder:
        source = Path(folder) / "view.svg"
        source.write_text(svg, encoding="utf-8")
        shot = Path(folder) / "view.png"
        args = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={folder}/p",
            f"--window-size={width},{height}",
            f"--screenshot={shot}",
            source.as_uri(),
        ]
        done = subprocess.run(args, capture_output=True, timeout=120, check=False)
        if done.returncode != 0 or not shot.is_file():
            raise GraphkitError(
                f"Chromium could not draw the PNG (exit {done.returncode})", "format"
            )
        out.write_bytes(shot.read_bytes())
