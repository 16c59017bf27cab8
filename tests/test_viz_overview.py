"""The overviews of the seeds read at default zoom, on a desktop and on a phone: the label
of every node the answer draws is on screen, big enough to read, whole, and covering no
other label; what is summarised says how many it holds ("9 more agencies"), and those
counts add up to the nodes it hides. Measured on the drawn label boxes in Chromium.

Screenshots go to ``$GRAPHKIT_SCREENSHOTS`` when set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graphkit import open_graph
from graphkit.viz import all_view, ego_view, reachable_view
from tests.test_viz_browser import DESKTOP, assert_clean, browser, open_page, shots

__all__ = ["browser", "shots"]  # the Chromium fixtures, shared with test_viz_browser

pytestmark = pytest.mark.browser

DAY = "2025-10-01"
PHONE = {"width": 390, "height": 844}
SIZES = {"desktop": DESKTOP, "phone": PHONE}
VIEWS = {
    "reachable-ice": lambda g: reachable_view(g, "ice", as_of=DAY),
    "ego-clearview-ai": lambda g: ego_view(g, "clearview-ai", depth=2, as_of=DAY),
    "all": lambda g: all_view(g, as_of=DAY),
}
#: The smallest label a reader can read without zooming, in CSS pixels of font size.
READABLE_PX = 9.5

#: Every label drawn, in screen pixels, with what it stands for. A node "must be seen"
#: when it is drawn and not faded context; a label is "cut" when it ends in an ellipsis.
MEASURE = """() => {
  const net = window.gkNetwork;
  const data = JSON.parse(document.getElementById('gk-data').textContent);
  const role = {};
  data.nodes.forEach((n) => { role[n.id] = n.role; });
  const box = document.getElementById('gk-network').getBoundingClientRect();
  const scale = net.getScale();
  const labels = [];
  const place = (kind, id, item) => {
    const text = item.options.label || '';
    if (item.options.hidden) return;
    const s = item.labelModule.size;
    const px = item.options.font.size * scale;
    const drawn = !!text.trim() && text !== '\\u200b' && px >= 5 && s.width > 0;
    const a = net.canvasToDOM({x: s.left, y: s.top});
    const b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
    labels.push({kind, id, text, drawn, px, role: role[id] || '',
                 l: box.left + a.x, t: box.top + a.y, r: box.left + b.x, b: box.top + b.y});
  };
  net.body.nodeIndices.forEach((id) => place('node', id, net.body.nodes[id]));
  net.body.edgeIndices.forEach((id) => place('edge', id, net.body.edges[id]));
  const drawn = labels.filter((l) => l.drawn);
  const overlaps = [];
  for (let i = 0; i < drawn.length; i++) {
    for (let j = i + 1; j < drawn.length; j++) {
      const a = drawn[i], b = drawn[j];
      const w = Math.min(a.r, b.r) - Math.max(a.l, b.l);
      const h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
      if (w > 1 && h > 1) overlaps.push([a.text, b.text]);
    }
  }
  const inside = (l) => l.l >= box.left - 1 && l.r <= box.right + 1 &&
                        l.t >= box.top - 1 && l.b <= box.bottom + 1;
  const nodes = labels.filter((l) => l.kind === 'node');
  const must = nodes.filter((l) => l.role !== 'context');
  const groups = (data.groups || []);
  return {
    nodes: nodes.length,
    drawn: drawn.length,
    overlaps,
    missing: must.filter((l) => !l.drawn).map((l) => l.id),
    small: must.filter((l) => l.drawn && l.px < %READABLE%).map((l) => [l.text, l.px]),
    outside: drawn.filter((l) => !inside(l)).map((l) => l.text),
    cut: drawn.filter((l) => /…$/.test(l.text.trim())).map((l) => l.text),
    groups: groups.map((g) => [g.id, g.members.length]),
    hidden: data.nodes.filter((n) => n.gkGroup && net.body.nodes[n.id] &&
                                     net.body.nodes[n.id].options.hidden).length,
    groupLabels: groups.filter((g) => net.body.nodes[g.id] &&
                                      !net.body.nodes[g.id].options.hidden)
                       .map((g) => net.body.nodes[g.id].options.label),
  };
}""".replace("%READABLE%", str(READABLE_PX))


def measure(page: Any) -> dict[str, Any]:
    page.wait_for_selector("html[data-gk-tidy]", state="attached", timeout=30_000)
    found: dict[str, Any] = page.evaluate(MEASURE)
    return found


@pytest.fixture(scope="module")
def overview_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    g = open_graph()
    folder = tmp_path_factory.mktemp("overview pages")
    return {name: make(g).save(folder / f"{name}.html") for name, make in VIEWS.items()}


@pytest.mark.parametrize("size", sorted(SIZES))
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_overview_reads_at_default_zoom(
    browser: Any, overview_pages: dict[str, Path], shots: Path, name: str, size: str
) -> None:
    page, watch = open_page(browser, overview_pages[name], SIZES[size])
    try:
        found = measure(page)
        page.screenshot(path=str(shots / f"overview-{name}-{size}.png"))
        print(
            f"{name} {size}: {found['nodes']} nodes, {found['drawn']} labels drawn, "
            f"{len(found['overlaps'])} overlaps, {len(found['cut'])} cut, "
            f"{len(found['missing'])} must-see unlabelled, {len(found['small'])} too small, "
            f"{len(found['outside'])} outside"
        )
        assert found["missing"] == []
        assert found["small"] == []
        assert found["overlaps"] == []
        assert found["outside"] == []
        assert found["cut"] == []
        assert_clean(watch, overview_pages[name])
    finally:
        page.close()
