"""The HTML page: one self-contained file, safe with any data, readable without JavaScript.

pyvis assembles the vis-network nodes and edges (:mod:`graphkit.viz.network`);
graphkit's own template (``graphkit/templates/viz.html.j2``) lays out the page around
them. Everything is inline (the vis-network script that ships inside pyvis, graphkit's
script and styles), so opening the file makes no network request, and a Content Security
Policy that only allows those exact scripts (by hash) backs that up. Strings from the data
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
from graphkit.present import words
from graphkit.present.words import clip
from graphkit.viz.dates import Timeline
from graphkit.viz.frames import frames, scene_paths
from graphkit.viz.marks import legend_entries, legend_keys, legend_union
from graphkit.viz.model import Scene
from graphkit.viz.network import PHYSICS_MAX, vis_network
from graphkit.viz.textdates import text_blocks

VIS_VERSION = "9.1.2"
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"


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


#: The host page's side of a resizing embed: graphkit's pages post their height (a
#: number, nothing else) to the page framing them; this sizes each graphkit frame to it.
#: Without it (or without JavaScript) the frame keeps its fixed height and scrolls.
HOST_SCRIPT = (
    "<script>/* graphkit: size each graphkit view's iframe to its content */\n"
    'window.addEventListener("message", function (e) {\n'
    '  var d = e.data, h = d && d.type === "graphkit:height" ? Math.ceil(Number(d.height)) : 0;\n'
    '  var frames = document.querySelectorAll("iframe[data-graphkit]");\n'
    "  for (var i = 0; h > 0 && h < 100000 && i < frames.length; i++) {\n"
    '    if (frames[i].contentWindow === e.source) { frames[i].style.height = h + "px"; }\n'
    "  }\n"
    "});\n"
    "</script>"
)


def embed_snippet(src: str, title: str, height: int | str = 600, resize: bool = True) -> str:
    """An ``<iframe>`` to paste into a web page, every attribute escaped, and (with
    ``resize``) the few lines of host script that size it to the page's content; without
    script the frame keeps ``height`` and scrolls.

    Example:
        >>> print(embed_snippet("graphkit-reach-d1.html", 'Who can obtain "D1"', resize=False))
        <iframe src="graphkit-reach-d1.html" title="Who can obtain &quot;D1&quot;" width="100%" \
height="600" style="border:0;width:100%;max-width:100%" loading="lazy" \
referrerpolicy="no-referrer" sandbox="allow-scripts allow-popups \
allow-popups-to-escape-sandbox" data-graphkit="view"></iframe>
        >>> embed_snippet("a.html", "A").endswith("</script>")
        True
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
        "data-graphkit": "view",
    }
    text = " ".join(f'{key}="{html.escape(value, quote=True)}"' for key, value in attrs.items())
    frame = f"<iframe {text}></iframe>"
    return f"{frame}\n{HOST_SCRIPT}" if resize else frame


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
    #: The scene the page opens at and the page's sources: what :meth:`picture` draws.
    scene: Scene | None = field(default=None, repr=False)
    notes: list[Any] = field(default_factory=list, repr=False)
    #: Every date the page carries (with the slider), as :mod:`graphkit.viz.dates` asked them.
    time: Timeline | None = field(default=None, repr=False)
    #: The nodes and edges the page draws at load, where it draws them: the picture's too.
    drawn: tuple[list[dict[str, Any]], list[dict[str, Any]]] | None = field(
        default=None, repr=False
    )

    def default_filename(self) -> str:
        """``graphkit-<view>-<ids>.html``, ids cut to safe file-name characters."""
        parts = ["graphkit", self.view, *self.subject]
        name = "-".join(re.sub(r"[^A-Za-z0-9._-]+", "_", p).strip("._") or "x" for p in parts)
        return clip(name, 120).replace("…", "") + ".html"

    def save(self, path: str | Path | None = None, *, force: bool = False) -> Path:
        """Write the page (to :meth:`default_filename` when no path is given), whole or not
        at all; an existing file is replaced only with ``force`` (:mod:`graphkit.files`)."""
        from graphkit.files import write_text

        return write_text(
            Path(path) if path else Path(self.default_filename()), self.html, force=force
        )

    def picture(self, fmt: str = "svg", size: tuple[int, int] = (1200, 800)) -> str:
        """The view as an SVG (the date it opens at; see :mod:`graphkit.viz.svg`).

        Example:
            >>> from graphkit import open_graph
            >>> from graphkit.viz import reach_view
            >>> page = reach_view(open_graph("tests/graphs/edge"), "d1", as_of="2020-03-15")
            >>> page.picture(size=(800, 500)).startswith('<svg xmlns="http://www.w3.org/2000/svg"')
            True
        """
        from graphkit.viz.svg import svg_of

        if self.scene is None or fmt != "svg":
            raise GraphkitError(f"no {fmt} picture of this page; use fmt='svg'", "format")
        return svg_of(self.scene, size[0], size[1], self.notes, self.drawn)

    def save_picture(
        self,
        path: str | Path | None = None,
        fmt: str = "svg",
        size: tuple[int, int] = (1200, 800),
        *,
        force: bool = False,
    ) -> Path:
        """Write the view as ``svg`` or ``png`` (headless Chromium), whole or not at all."""
        from graphkit.files import staged, write_text
        from graphkit.viz.svg import png_of

        svg = self.picture("svg", size)
        target = Path(path) if path else Path(self.default_filename()).with_suffix(f".{fmt}")
        if fmt == "svg":
            return write_text(target, svg, force=force)
        if fmt != "png":
            raise GraphkitError(f"--format {fmt} is not one of html, svg, png", "format")
        with staged(target, force=force) as tmp:
            png_of(svg, size[0], size[1], tmp)
        return target

    def iframe(self, src: str, height: int | str = 600, resize: bool = True) -> str:
        """An ``<iframe>`` snippet showing this page saved at ``src``, with the host script
        that sizes it to its content (see :func:`embed_snippet`)."""
        return embed_snippet(src, self.title, height, resize)

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
    from jinja2 import DictLoader, Environment, StrictUndefined

    names = ("viz.html.j2", "viz_text.html.j2", "story.html.j2")
    loader = DictLoader({name: _read("graphkit", f"templates/{name}") for name in names})
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined, trim_blocks=True)
    env.lstrip_blocks = True
    env.globals["words"] = words  # the views' headings are graphkit.present.words'
    return env


def _page_template() -> Any:
    return _template().get_template("viz.html.j2")


def _text_macros() -> Any:
    return _template().get_template("viz_text.html.j2").module


@functools.lru_cache(maxsize=1)
def view_policy(extra_script: str | None = None) -> str:
    """The Content-Security-Policy of every view page: only its own inline scripts (by
    hash) run, and nothing is fetched. ``graphkit serve`` sends it as a header too; a
    story page adds its own script (``extra_script``) by hash.

    Example:
        >>> view_policy().startswith("default-src 'none'; script-src 'sha256-")
        True
    """
    parts = assets()
    return (
        "default-src 'none'; "
        f"script-src {_csp_hash(parts['vis'])} {_csp_hash(parts['app'])}"
        f"{' ' + _csp_hash(extra_script) if extra_script else ''}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


# ------------------------------------------------------------------------ page
def render_scene(
    scene: Scene, time: Timeline | None = None, story: dict[str, Any] | None = None
) -> VizPage:
    """The page for a scene (see :mod:`graphkit.viz.build`); with ``time`` (see
    :mod:`graphkit.viz.dates`), the page for every date of it, opening at ``scene``'s;
    with ``story`` (see :mod:`graphkit.viz.story`), told step by step."""
    whole_time = time
    notes_listed = scene.notes
    blocks = None
    if time is not None and len(time.scenes) > 1:
        scene = time.scenes[time.opening]
        notes_listed = time.notes
        data = frames(time)
        blocks, data["paths"], shown = text_blocks(time, _text_macros())
        for snapshot, ids in zip(data["time"]["snapshots"], shown, strict=True):
            snapshot["paths"] = ids
        vis_nodes = [n for n in data["nodes"] if not n.get("hidden")]
        vis_edges = [e for e in data["edges"] if not e.get("hidden")]
        options = data["options"]
    else:
        time = None
        vis_nodes, vis_edges, options = vis_network(scene)
        data = {"nodes": vis_nodes, "edges": vis_edges, "options": options}
        data["paths"] = scene_paths(scene)
    physics = bool(options["physics"]["enabled"])
    grouped = any(n.get("gkMembers") for n in data["nodes"])
    data["notes"] = {str(n.number): n.to_json() for n in notes_listed}
    data["focus"] = scene.subject_ids
    data["view"] = scene.view
    parts = assets()
    version = f"graphkit {__version__} · {scene.backend} backend · content"
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
    csp = view_policy(story["js"] if story else None)
    page_html = _page_template().render(
        scene=scene,
        title=clip(story["title"] if story else scene.title, 200),
        story=story,
        version=version,
        vis_version=VIS_VERSION,
        summary=summary,
        legend=legend_entries(
            legend_union(time.scenes, grouped) if time else legend_keys(scene, grouped)
        ),
        notes=notes_listed,
        note_of={n.number: n for n in notes_listed},
        blocks=blocks,
        snapshots=time.scenes if time else [scene],
        opening=time.opening if time else None,
        ticks=time.ticks if time else [],
        span=(time.dates[0], time.dates[-1]) if time else None,
        data_json=script_json(data),
        vis_js=parts["vis"],
        app_js=parts["app"],
        css=parts["css"],
        csp=csp,
        big=len(vis_nodes) > PHYSICS_MAX,
        physics=physics,
    )
    return VizPage(
        html=page_html,
        view=scene.view,
        subject=scene.subject_ids,
        title=clip(scene.title, 200),
        nodes=len(vis_nodes),
        edges=len(vis_edges),
        physics=physics,
        stats={
            "context_dropped": scene.context_dropped,
            "layout": scene.layout,
            "dates": time.dates if time else [scene.as_of],
        },
        scene=scene,
        notes=notes_listed,
        time=whole_time,
        drawn=(vis_nodes, vis_edges),
    )
