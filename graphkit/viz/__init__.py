"""Visualizations: one self-contained, safe, accessible HTML page per question.

Each function asks the graph (any backend) and returns a :class:`VizPage`: save it,
embed it with :meth:`VizPage.iframe`, or let Jupyter show it inline.

Example:
    >>> from graphkit import open_graph
    >>> from graphkit.viz import reach_view
    >>> page = reach_view(open_graph("tests/graphs/edge"), "d1", as_of="2020-03-15")
    >>> page.save("graphkit-reach-d1.html")              # doctest: +SKIP
    PosixPath('graphkit-reach-d1.html')

The layers: :mod:`~graphkit.viz.build` and :mod:`~graphkit.viz.scene` (answers into
scenes: what is drawn, faded, cited), :mod:`~graphkit.viz.layout` (positions, in
Python), :mod:`~graphkit.viz.network` (vis-network's nodes, edges and options),
:mod:`~graphkit.viz.page` (the HTML, from ``graphkit/templates/viz.html.j2``),
:mod:`~graphkit.viz.views` (the questions), :mod:`~graphkit.cli.viz` (``graphkit viz``);
over time (the date slider): :mod:`~graphkit.viz.dates` (the answer on each date where it
changes), :mod:`~graphkit.viz.frames` (per-date states of one set of nodes and edges),
:mod:`~graphkit.viz.textdates` (the text version's pieces, each once with its dates);
told step by step: :mod:`~graphkit.viz.storyfile` (story files, checked) and
:mod:`~graphkit.viz.story` (their pages).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphkit.viz.page import VizPage, embed_snippet
    from graphkit.viz.story import story_page
    from graphkit.viz.views import (
        all_view,
        ego_view,
        page_for,
        path_view,
        reach_view,
        reachable_view,
    )

_HOMES = {"VizPage": "page", "embed_snippet": "page", "story_page": "story"}


def __getattr__(name: str) -> Any:
    """Import on first use, so ``graphkit --help`` never loads the drawing code."""
    if name in __all__:
        import importlib

        module = importlib.import_module(f"graphkit.viz.{_HOMES.get(name, 'views')}")
        return getattr(module, name)
    raise AttributeError(f"module 'graphkit.viz' has no attribute {name!r}")


__all__ = [
    "VizPage",
    "all_view",
    "ego_view",
    "embed_snippet",
    "page_for",
    "path_view",
    "reach_view",
    "reachable_view",
    "story_page",
]
