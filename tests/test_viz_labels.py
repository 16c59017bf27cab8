"""What a page draws around an answer stays readable: a handful of faded nodes chosen by
relevance, and no two labels overlapping in Chromium (`-m browser` for the latter)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graphkit import open_graph
from graphkit.errors import GraphkitError
from graphkit.viz import path_view, reach_view, reachable_view
from tests.test_viz_browser import DESKTOP, PHONE, assert_clean, browser, open_page

__all__ = ["browser"]  # the Chromium fixture, shared with test_viz_browser

SEEDS = {
    "path": lambda g, **kw: path_view(g, "nctue", "ice", as_of="2021-06-01", **kw),
    "reach": lambda g, **kw: reach_view(g, "irs-taxpayer-addresses", as_of="2025-08-01", **kw),
    "reachable": lambda g, **kw: reachable_view(g, "ice", as_of="2025-08-01", **kw),
}


def roles(page: Any) -> dict[str, int]:
    from tests.test_viz import page_data

    out: dict[str, int] = {}
    for node in page_data(page)["nodes"]:
        if not node.get("hidden"):
            out[node["role"]] = out.get(node["role"], 0) + 1
    return out


def test_path_view_draws_a_handful_of_context_nodes() -> None:
    """nctue -> ice drew 34 nodes (every agreement ICE has); now the answer and 8 more."""
    page = SEEDS["path"](open_graph(), slider=False)
    drawn = roles(page)
    assert drawn.get("context", 0) == 8
    assert page.nodes == drawn["subject"] + drawn["path"] + 8
    dropped = page.stats["context_dropped"]
    assert dropped > 10 and f"{dropped} more nearby parties and datasets" in page.html


def test_context_max_is_a_keyword_and_deterministic() -> None:
    g = open_graph()
    none = SEEDS["path"](g, slider=False, context_max=0)
    assert roles(none).get("context", 0) == 0
    three = SEEDS["path"](g, slider=False, context_max=3)
    assert roles(three)["context"] == 3
    again = SEEDS["path"](g, slider=False, context_max=3)
    assert three.html == again.html
    with pytest.raises(GraphkitError, match="--context-max"):
        SEEDS["path"](g, slider=False, context_max=-1)


def test_context_prefers_nodes_linked_to_several_answer_nodes() -> None:
    from graphkit.viz.build import scene_for

    g = open_graph()
    answer = g.path("nctue", "ice", as_of="2021-06-01")
    around = g.view("ice", depth=1, as_of="2021-06-01")
    scene = scene_for(answer, around, 2)
    kept = [n for n in scene.nodes.values() if n.role == "context"]
    answer_ids = {n for n in scene.nodes if scene.nodes[n].role != "context"}
    links = {
        n.id: {e.source if e.target == n.id else e.target for e in around.edges} & answer_ids
        for n in kept
    }
    assert len(kept) == 2
    assert all(len(v) >= 1 for v in links.values())
    assert scene_for(answer, around, 2).nodes.keys() == scene.nodes.keys()


# ----------------------------------------------------------------- in Chromium
LABEL_BOXES = """() => {
  const net = window.gkNetwork;
  const boxes = [];
  const add = (kind, id, item) => {
    const text = item.options.label;
    if (item.options.hidden || !text || !text.trim() || text === '\\u200b') return;
    const s = item.labelModule.size;
    boxes.push({id: kind + ':' + id, text, l: s.left, t: s.top,
                r: s.left + s.width, b: s.top + s.height});
  };
  net.body.nodeIndices.forEach((id) => add('node', id, net.body.nodes[id]));
  net.body.edgeIndices.forEach((id) => add('edge', id, net.body.edges[id]));
  const scale = net.getScale();
  const hits = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const w = (Math.min(a.r, b.r) - Math.max(a.l, b.l)) * scale;
      const h = (Math.min(a.b, b.b) - Math.max(a.t, b.t)) * scale;
      if (w > 1 && h > 1) hits.push([a.id, a.text, b.id, b.text]);
    }
  }
  const shown = net.body.data.nodes.get({filter: (n) => !n.hidden});
  return {boxes: boxes.length, hits, shown: shown.length,
          context: shown.filter((n) => n.role === 'context').length};
}"""


def drawn_labels(page: Any) -> dict[str, Any]:
    page.wait_for_selector("html[data-gk-tidy]", state="attached", timeout=20_000)
    result: dict[str, Any] = page.evaluate(LABEL_BOXES)
    return result


@pytest.fixture(scope="module")
def seed_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    g = open_graph()
    folder = tmp_path_factory.mktemp("seed pages")
    return {name: make(g).save(folder / f"{name}.html") for name, make in SEEDS.items()}


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", sorted(SEEDS))
def test_no_two_drawn_labels_overlap(
    browser: Any, seed_pages: dict[str, Path], name: str, viewport: dict[str, int]
) -> None:
    page, watch = open_page(browser, seed_pages[name], viewport)
    try:
        drawn = drawn_labels(page)
        assert drawn["boxes"] >= 4
        assert drawn["hits"] == []
        assert drawn["context"] <= 8
        if name == "path":  # the answer's five nodes, and at most eight around them
            assert drawn["shown"] <= 5 + 8
        assert_clean(watch, seed_pages[name])
    finally:
        page.close()


@pytest.mark.browser
def test_labels_stay_apart_on_every_date(browser: Any, seed_pages: dict[str, Path]) -> None:
    """Moving the slider re-places the labels of what the new date draws."""
    page, watch = open_page(browser, seed_pages["path"])
    try:
        drawn_labels(page)
        slider = page.locator("#gk-slider")
        slider.focus()
        for _ in range(4):
            page.evaluate("document.documentElement.removeAttribute('data-gk-tidy')")
            page.keyboard.press("ArrowLeft")
            assert drawn_labels(page)["hits"] == []
        assert_clean(watch, seed_pages["path"])
    finally:
        page.close()
