"""The visualizer in headless Chromium: it draws, requests nothing, runs no hostile data,
works in an iframe and on a phone.

Needs Debian's ``chromium`` (``apt-get install -y chromium``) and ``playwright`` (pip);
never ``playwright install``. The browser is ``$GRAPHKIT_CHROMIUM`` or ``chromium`` on
PATH. Without one these tests skip, except in CI (``$CI`` set), where they fail.
Screenshots go to a temporary folder (``$GRAPHKIT_SCREENSHOTS`` to keep them).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphkit import open_graph
from graphkit.viz import (
    VizPage,
    all_view,
    ego_view,
    page_for,
    path_view,
    reach_view,
    reachable_view,
)
from graphkit.viz.demo import synthetic_view

pytestmark = pytest.mark.browser

GRAPHS = Path(__file__).resolve().parent / "graphs"
DAY = "2020-03-15"
HOSTILE_DAY = "2021-06-01"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}


def chromium_path() -> str | None:
    found = os.environ.get("GRAPHKIT_CHROMIUM") or shutil.which("chromium")
    return found if found and Path(found).exists() else None


def need(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where the browser must be there."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run the browser tests)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium_path()
    if path is None:
        need("no Chromium: apt-get install -y chromium, or set GRAPHKIT_CHROMIUM")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need("playwright is not installed: pip install playwright")
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=path, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    keep = os.environ.get("GRAPHKIT_SCREENSHOTS")
    folder = Path(keep) if keep else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    edge = open_graph(GRAPHS / "edge")
    hostile = open_graph(GRAPHS / "hostile")
    made: dict[str, VizPage] = {
        "reach": reach_view(edge, "d1", as_of=DAY),
        "reachable": reachable_view(edge, "f", as_of=DAY),
        "path": path_view(edge, "a", "f", as_of=DAY),
        "ego": ego_view(edge, "a", depth=2, as_of=DAY),
        "all": all_view(edge, as_of=DAY),
        "hostile-reach": reach_view(hostile, "hx-data", as_of=HOSTILE_DAY),
        "hostile-ego": ego_view(hostile, "hx-agency", depth=2, as_of=HOSTILE_DAY),
        "hostile-all": all_view(hostile, as_of=HOSTILE_DAY),
        "big": page_for(synthetic_view(600)),
    }
    folder = tmp_path_factory.mktemp("viz pages")  # a space in the path, on purpose
    return {name: page.save(folder / f"{name}.html") for name, page in made.items()}


class Watch:
    """What a page did: console errors, requests, dialogs."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on(
            "console",
            lambda m: (
                self.errors.append(f"{m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def open_page(browser: Any, path: Path, viewport: dict[str, int] = DESKTOP) -> tuple[Any, Watch]:
    page = browser.new_page(viewport=viewport)
    watch = Watch(page)
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-gk-drawn]", state="attached", timeout=20_000)
    page.wait_for_selector("html[data-gk-stabilized]", state="attached", timeout=20_000)
    return page, watch


def assert_clean(watch: Watch, *allowed: Path) -> None:
    assert watch.errors == []
    assert watch.dialogs == []
    assert sorted(set(watch.requests)) == sorted({p.as_uri() for p in allowed})


@pytest.mark.parametrize(
    "name", ["reach", "reachable", "path", "ego", "all", "hostile-reach", "hostile-all", "big"]
)
def test_each_view_draws_without_errors_or_requests(
    browser: Any, pages: dict[str, Path], shots: Path, name: str
) -> None:
    page, watch = open_page(browser, pages[name])
    try:
        drawn = page.evaluate("window.gkNetwork.body.data.nodes.length")
        assert drawn > 1
        assert page.locator("#gk-network canvas").count() == 1
        box = page.locator("#gk-network canvas").bounding_box()
        assert box and box["width"] > 300 and box["height"] > 300
        assert page.evaluate("window.__pwned") is None
        page.screenshot(path=str(shots / f"{name}-desktop.png"))
        assert_clean(watch, pages[name])
    finally:
        page.close()


def click_node(page: Any, ident: str) -> None:
    point = page.evaluate(
        """(id) => {
          const net = window.gkNetwork;
          const p = net.getPositions([id])[id];
          const dom = net.canvasToDOM(p);
          const box = document.getElementById('gk-network').getBoundingClientRect();
          return {x: box.left + dom.x, y: box.top + dom.y};
        }""",
        ident,
    )
    page.mouse.move(point["x"], point["y"])
    page.wait_for_timeout(300)  # the tooltip shows on hover
    page.mouse.click(point["x"], point["y"])


@pytest.mark.parametrize("name", ["hostile-reach", "hostile-ego", "hostile-all"])
def test_hostile_payloads_never_run(
    browser: Any, pages: dict[str, Path], shots: Path, name: str
) -> None:
    page, watch = open_page(browser, pages[name])
    try:
        for ident in ("hx-agency", "hx-vendor", "hx-href", "hx-rtl"):
            if page.evaluate("(id) => !!window.gkNetwork.body.nodes[id]", ident):
                click_node(page, ident)
                assert page.locator("#gk-details").is_visible()
        # Every link's details too (agreement names, notes, source titles), as a click shows.
        details = page.locator("#gk-details")
        for edge in page.evaluate("window.gkNetwork.body.data.edges.getIds()"):
            page.evaluate(
                "(id) => window.gkNetwork.body.emitter.emit('click', {nodes: [], edges: [id]})",
                edge,
            )
            assert details.is_visible()
            assert details.locator("img, svg, iframe, script, b").count() == 0
        tip = page.locator("div.vis-tooltip")
        assert tip.locator("img, svg, iframe, script, a").count() == 0
        assert page.locator("body img, main svg, main iframe, main b").count() == 0
        assert page.evaluate("window.__pwned") is None
        assert page.evaluate("document.querySelectorAll('script').length") == 3
        page.screenshot(path=str(shots / f"{name}-clicked.png"))
        assert_clean(watch, pages[name])
    finally:
        page.close()


def test_details_show_hostile_text_as_text(browser: Any, pages: dict[str, Path]) -> None:
    page, watch = open_page(browser, pages["hostile-reach"])
    try:
        click_node(page, "hx-agency")
        heading = page.locator("#gk-details h2").text_content()
        assert heading == "<script>window.__pwned=6;alert(1)</script>"
        links = page.locator("#gk-details a.gk-url")
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
        assert page.evaluate("window.__pwned") is None
        assert_clean(watch, pages["hostile-reach"])
    finally:
        page.close()


def test_highlighted_path_and_text_version(browser: Any, pages: dict[str, Path]) -> None:
    page, watch = open_page(browser, pages["reach"])
    try:
        text = page.locator("#gk-text")
        assert "Agency F" in text.inner_text()
        assert page.locator("#gk-text .gk-hop").count() >= 9
        assert page.locator("#gk-sources-h").is_visible() is not None
        for ident in ("d1", "a", "b", "c", "e", "f", "l", "k"):
            assert page.evaluate("(id) => !!window.gkNetwork.body.nodes[id]", ident)
        # The text of the date shown (the page carries every date; the rest is hidden).
        item = page.locator("li.gk-path:visible", has_text="Agency E → Agency F")
        button = item.locator("button.gk-show")
        assert button.is_visible()
        button.click()
        selected = set(page.evaluate("window.gkNetwork.getSelectedNodes()"))
        assert {"d1", "a", "b", "c", "e", "f"} <= selected
        assert "g" not in selected
        assert "gk-active" in (item.get_attribute("class") or "")
        page.locator("#gk-reset").click()
        assert page.evaluate("window.gkNetwork.getSelectedNodes()") == []
        assert_clean(watch, pages["reach"])
    finally:
        page.close()


def test_text_version_works_without_javascript(browser: Any, pages: dict[str, Path]) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    watch = Watch(page)
    try:
        page.goto(pages["reach"].as_uri())
        assert page.locator("noscript").count() == 1
        assert "Agency A → Agency B" in page.locator("#gk-text").inner_text()
        assert page.locator("#gk-src-1 a").get_attribute("href") == "https://example.org/s1"
        assert page.locator("button.gk-show:visible").count() == 0  # no dead controls
        assert_clean(watch, pages["reach"])
    finally:
        context.close()


def test_works_inside_an_iframe(
    browser: Any, pages: dict[str, Path], tmp_path: Path, shots: Path
) -> None:
    target = pages["reach"]
    snippet = page_for(open_graph(GRAPHS / "edge").reach("d1", as_of=DAY)).iframe(
        target.as_uri(), height=500
    )
    wrapper = tmp_path / "wrapper.html"
    wrapper.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>host</title></head>"
        f"<body><h1>Host page</h1><div style='width:700px'>{snippet}</div></body></html>",
        encoding="utf-8",
    )
    page = browser.new_page(viewport=DESKTOP)
    watch = Watch(page)
    try:
        page.goto(wrapper.as_uri())
        frame = page.frame_locator("iframe")
        frame.locator("html[data-gk-drawn]").wait_for(state="attached", timeout=20_000)
        box = frame.locator("#gk-network canvas").bounding_box()
        assert box and 500 < box["width"] <= 700
        assert frame.locator("#gk-text").count() == 1
        page.screenshot(path=str(shots / "iframe.png"))
        assert watch.errors == [] and watch.dialogs == []
        assert sorted(set(watch.requests)) == sorted({wrapper.as_uri(), target.as_uri()})
    finally:
        page.close()


@pytest.mark.parametrize("name", ["reach", "hostile-reach", "ego"])
def test_phone_sized_viewport(browser: Any, pages: dict[str, Path], shots: Path, name: str) -> None:
    page, watch = open_page(browser, pages[name], PHONE)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        box = page.locator("#gk-network canvas").bounding_box()
        assert box and box["width"] >= 300 and box["height"] >= 250
        assert page.locator("#gk-legend").get_attribute("open") is None  # folded on a phone
        page.screenshot(path=str(shots / f"{name}-phone.png"))
        page.screenshot(path=str(shots / f"{name}-phone-full.png"), full_page=True)
        assert_clean(watch, pages[name])
    finally:
        page.close()


def test_phone_turns_an_answer_top_to_bottom_and_fits_its_labels(
    browser: Any, pages: dict[str, Path], shots: Path
) -> None:
    """Upright on a phone, an answer runs top to bottom; every node and label is in view."""
    for viewport, turned in ((PHONE, "1"), (DESKTOP, None)):
        page, watch = open_page(browser, pages["hostile-reach"], viewport)
        try:
            assert page.evaluate("document.documentElement.dataset.gkTurned") == turned
            outside = page.evaluate(
                """() => {
                  const net = window.gkNetwork;
                  const c = document.getElementById('gk-network');
                  const w = c.clientWidth, h = c.clientHeight;
                  return net.body.data.nodes.getIds().filter((id) => {
                    const b = net.getBoundingBox(id);
                    const a = net.canvasToDOM({x: b.left, y: b.top});
                    const z = net.canvasToDOM({x: b.right, y: b.bottom});
                    return a.x < -1 || a.y < -1 || z.x > w + 1 || z.y > h + 1;
                  });
                }"""
            )
            assert outside == []
            page.screenshot(path=str(shots / f"hostile-reach-fit-{viewport['width']}.png"))
            assert_clean(watch, pages["hostile-reach"])
        finally:
            page.close()


def test_jupyter_shows_a_view_inline(browser: Any, tmp_path: Path, shots: Path) -> None:
    """IPython's own display formatter, as a notebook calls it, gives HTML that draws
    the view inline (a sandboxed srcdoc frame), hostile data included, requesting nothing."""
    from IPython.core.formatters import DisplayFormatter

    view = reach_view(open_graph(GRAPHS / "hostile"), "hx-data", as_of=HOSTILE_DAY)
    data, _metadata = DisplayFormatter().format(view)
    cell = data["text/html"]
    notebook = tmp_path / "notebook.html"
    notebook.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>notebook</title></head>"
        "<body><div class='output_html' style='width:900px'></div>"
        "<script>document.querySelector('.output_html').innerHTML = "
        f"{json_string(cell)};</script></body></html>",
        encoding="utf-8",
    )
    page = browser.new_page(viewport=DESKTOP)
    watch = Watch(page)
    try:
        page.goto(notebook.as_uri())
        frame = page.frame_locator("iframe")
        frame.locator("html[data-gk-drawn]").wait_for(state="attached", timeout=20_000)
        box = frame.locator("#gk-network canvas").bounding_box()
        assert box and box["width"] > 500
        assert frame.locator("#gk-text li").count() >= 1
        page.screenshot(path=str(shots / "jupyter.png"))
        assert watch.errors == [] and watch.dialogs == []
        assert page.evaluate("window.__pwned") is None
        assert set(watch.requests) <= {notebook.as_uri(), "about:srcdoc"}
    finally:
        page.close()


def json_string(text: str) -> str:
    """A JavaScript string literal that is safe inside a <script> element."""
    import json

    return json.dumps(text).replace("</", "<\\/")


# ------------------------------------------------------------------------ time
def shown_paths_reach(page: Any, ident: str) -> bool:
    return page.evaluate("(id) => window.gkTime.paths.some((p) => p.nodes.includes(id))", ident)


def test_slider_moves_the_answer_by_keyboard(browser: Any, tmp_path: Path, shots: Path) -> None:
    """Opened at #2025-08-01, ICE can obtain the IRS addresses (highlighted path, text);
    stepping the slider with the arrow keys to 2025-12-15 removes it from both."""
    seeds = open_graph()
    target = reach_view(seeds, "irs-taxpayer-addresses", as_of="2025-12-15").save(
        tmp_path / "reach-irs.html"
    )
    page = browser.new_page(viewport=DESKTOP)
    watch = Watch(page)
    try:
        page.goto(target.as_uri() + "#2025-08-01")
        page.wait_for_selector("html[data-gk-drawn]", state="attached", timeout=20_000)
        assert "2025-04-07" <= page.locator("#gk-when time").text_content() <= "2025-08-01"
        text = page.locator("#gk-text li.gk-group:visible")
        assert any("Immigration and Customs Enforcement" in t for t in text.all_inner_texts())
        assert shown_paths_reach(page, "ice")
        item = page.locator(
            "#gk-text li.gk-path:visible", has_text="Immigration and Customs Enforcement"
        ).first
        item.locator("button.gk-show").click()
        assert "ice" in page.evaluate("window.gkNetwork.getSelectedNodes()")
        ice = page.evaluate("window.gkNetwork.body.data.nodes.get('ice')")
        assert not ice.get("hidden")
        page.screenshot(path=str(shots / "slider-2025-08-01.png"))

        slider = page.locator("#gk-slider")
        assert slider.is_visible() and slider.get_attribute("aria-valuetext")
        slider.focus()
        for _ in range(20):
            if page.evaluate("window.gkTime.date") >= "2025-12-15":
                break
            page.keyboard.press("ArrowRight")
        date = page.evaluate("window.gkTime.date")
        assert "2025-11-21" <= date <= "2025-12-15"
        assert page.evaluate("location.hash") == f"#{date}"
        assert page.locator("#gk-when time").text_content() == date
        assert not shown_paths_reach(page, "ice")
        groups = page.locator("#gk-text li.gk-group:visible h3").all_inner_texts()
        assert not any("Immigration and Customs Enforcement" in g for g in groups)
        intro = page.locator("#gk-text div.gk-dated:visible").first.inner_text()
        assert f"as of {date}" in intro
        on_path = page.evaluate(
            """() => window.gkNetwork.body.data.edges.get({
                 filter: (e) => !e.hidden && e.to === 'ice' && e.width >= 2.5})"""
        )
        assert on_path == []
        page.screenshot(path=str(shots / "slider-2025-12-15.png"))

        # The change strip: a focusable, labelled tick shows its event and moves the slider.
        tick = page.locator(".gk-tick button[data-gk-date='2025-11-21']")
        tick.focus()
        tip = page.locator("#" + (tick.get_attribute("aria-describedby") or ""))
        assert tip.is_visible() and "enjoined" in tip.inner_text()
        first = page.locator(".gk-tick button").first
        first.click()
        assert page.evaluate("window.gkTime.date") == first.get_attribute("data-gk-date")
        assert_clean(watch, target)
    finally:
        page.close()
