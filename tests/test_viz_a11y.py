"""Accessibility of the README's views in Chromium: axe-core finds no serious or critical
violation (desktop and phone, on opening and after a step of the slider with the details
panel open), and a keyboard alone reaches and works the legend, the date slider, the
change strip and the text version.

axe-core is injected by ``tests/axe_check.py`` (pinned in ``tests/js``; a context with
``bypass_csp=True``, since the views' CSP refuses any injected script).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphkit import open_graph
from graphkit.viz import all_view, ego_view, path_view, reach_view, reachable_view
from tests.axe_check import axe_context, describe, serious_violations, violations
from tests.test_viz_browser import DESKTOP, Watch, assert_clean, browser

__all__ = ["browser"]  # the Chromium fixture, shared with test_viz_browser

pytestmark = pytest.mark.browser

ARTICLE = Path(__file__).resolve().parent / "fixtures" / "article" / "article.html"
PHONE_TALL = {"width": 390, "height": 844}
SIZES = [DESKTOP, PHONE_TALL]
SIZE_IDS = ["1280x800", "390x844"]
IRS = "irs-taxpayer-addresses"


@pytest.fixture(scope="module")
def readme(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every view of the README's "Graph views for articles", as its commands write them,
    and the article page embedding the IRS view with the ``--embed`` snippet."""
    g = open_graph()
    folder = tmp_path_factory.mktemp("a11y views")
    made = {
        "irs": reach_view(g, IRS, as_of="2025-08-01"),
        "ice": reachable_view(g, "ice", as_of="2025-10-01"),
        "utility": path_view(g, "nctue", "ice", as_of="2021-06-01"),
        "clearview": ego_view(g, "clearview-ai", depth=2),
        "everything": all_view(g),
    }
    saved = {name: page.save(folder / f"{name}.html") for name, page in made.items()}
    host = ARTICLE.read_text(encoding="utf-8")
    host = host.replace("<!-- graphkit embed -->", made["irs"].iframe("irs.html"))
    saved["embed"] = folder / "article.html"
    saved["embed"].write_text(host, encoding="utf-8")
    return saved


@pytest.fixture(params=SIZES, ids=SIZE_IDS)
def context(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    made = axe_context(browser, request.param)
    yield made
    made.close()


def opened(context: Any, path: Path) -> tuple[Any, Watch]:
    page = context.new_page()
    watch = Watch(page)
    page.goto(path.as_uri())
    drawn = page.frame_locator("iframe") if path.name == "article.html" else page
    drawn.locator("html[data-gk-drawn]").wait_for(state="attached", timeout=20_000)
    return page, watch


def focused(page: Any) -> str:
    """The focused element, as ``tag#id.class`` (enough to tell the stops apart)."""
    return str(
        page.evaluate(
            """() => { const e = document.activeElement;
              return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                (e.className && typeof e.className === 'string' ? '.' + e.className : ''); }"""
        )
    )


def tab_to(page: Any, selector: str, limit: int = 80) -> list[str]:
    """Press Tab until the focus is on ``selector``; the stops passed on the way."""
    stops: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(focused(page))
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return stops
    raise AssertionError(f"Tab never reached {selector}; stops: {stops}")


def when(page: Any) -> str:
    return str(page.locator("#gk-when").text_content())


# ------------------------------------------------------------------ the checker
def test_the_check_finds_serious_violations_in_a_page_and_in_its_frames(
    browser: Any, tmp_path: Path
) -> None:
    """So that "none found" means something: a button without a name (critical), grey on
    white text (serious) and a sandboxed frame with a nameless button are all reported."""
    inner = tmp_path / "inner.html"
    inner.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>in</title></head>'
        "<body><main><button></button></main></body></html>",
        encoding="utf-8",
    )
    outer = tmp_path / "outer.html"
    outer.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>out</title>'
        '<meta http-equiv="Content-Security-Policy" content="script-src \'none\'"></head>'
        '<body><main><p style="color:#bbb;background:#fff">Faint words</p>'
        '<iframe src="inner.html" title="inner" sandbox="allow-scripts"></iframe>'
        "</main></body></html>",
        encoding="utf-8",
    )
    context = axe_context(browser)
    try:
        page = context.new_page()
        page.goto(outer.as_uri())
        page.frame_locator("iframe").locator("button").wait_for(state="attached")
        found = {(v["id"], v["impact"], Path(v["url"]).name) for v in serious_violations(page)}
        assert found == {
            ("color-contrast", "serious", "outer.html"),
            ("button-name", "critical", "inner.html"),
        }
        assert {"color-contrast", "button-name"} <= {v["id"] for v in violations(page)}
    finally:
        context.close()


def test_the_views_csp_refuses_the_check_without_bypass_csp(
    browser: Any, readme: dict[str, Path]
) -> None:
    """Why the check needs its own context: the page's CSP refuses any injected script."""
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(readme["irs"].as_uri())
        with pytest.raises(RuntimeError, match="bypass_csp=True"):
            serious_violations(page)
        assert page.evaluate("typeof axe") == "undefined"
    finally:
        page.close()


# ---------------------------------------------------------------- every view
@pytest.mark.parametrize("name", ["irs", "embed", "ice", "utility", "clearview", "everything"])
def test_no_serious_violation_on_any_view(context: Any, readme: dict[str, Path], name: str) -> None:
    page, watch = opened(context, readme[name])
    try:
        found = serious_violations(page)
        assert found == [], describe(found)
        # Moderate and minor ones too: none (the diagram and the date controls are
        # labelled regions, so no content is outside a landmark).
        every = violations(page)
        assert every == [], describe(every)
        if name == "embed":
            return
        # A keyboard step of the slider changes the header's date; then the details
        # panel of a node is open, a tick of the change strip focused: still none.
        before = when(page)
        tab_to(page, "#gk-slider")
        page.keyboard.press("ArrowRight")
        assert when(page) != before
        node = page.evaluate("window.gkNetwork.body.data.nodes.getIds()[0]")
        page.evaluate(
            "(id) => window.gkNetwork.body.emitter.emit('click', {nodes: [id], edges: []})", node
        )
        assert page.locator("#gk-details").is_visible()
        page.locator(".gk-tick button").first.focus()
        found = serious_violations(page)
        assert found == [], describe(found)
        assert_clean(watch, readme[name])
    finally:
        page.close()


# ------------------------------------------------------------------ keyboard
def test_keyboard_works_the_legend_the_slider_and_the_change_strip(
    context: Any, readme: dict[str, Path]
) -> None:
    page, watch = opened(context, readme["irs"])
    try:
        page.keyboard.press("Tab")
        assert focused(page) == "a.gk-skip"  # the first stop skips to the text
        # The legend folds and unfolds from the keyboard (Enter, then Space).
        tab_to(page, "#gk-legend > summary")
        legend = page.locator("#gk-legend")
        was = legend.evaluate("(d) => d.open")
        page.keyboard.press("Enter")
        assert legend.evaluate("(d) => d.open") is (not was)
        page.keyboard.press("Space")
        assert legend.evaluate("(d) => d.open") is was
        # The slider: the arrow keys step the date shown in the header and to a reader.
        tab_to(page, "#gk-slider")
        assert when(page) == "As of 2025-08-01"
        page.keyboard.press("ArrowRight")
        assert when(page) == "As of 2025-11-21"  # the injunction, the next change
        slider = page.locator("#gk-slider")
        assert slider.get_attribute("aria-valuetext") == "2025-11-21"
        page.keyboard.press("ArrowLeft")
        assert when(page) == "As of 2025-08-01"
        # The change strip comes next: Enter, or Space, on a tick moves there.
        page.keyboard.press("Tab")
        first = page.evaluate("document.activeElement.dataset.gkDate")
        assert first is not None and first != "2025-08-01"
        page.keyboard.press("Enter")
        assert when(page) == f"As of {first}"
        # (past the sources linked in the tick's events, shown while it has the focus)
        tab_to(page, f".gk-tick button:not([data-gk-date='{first}'])")
        second = page.evaluate("document.activeElement.dataset.gkDate")
        assert second not in (first, "2025-08-01")
        page.keyboard.press("Space")
        assert when(page) == f"As of {second}"
        assert_clean(watch, readme["irs"])
    finally:
        page.close()


def test_keyboard_reaches_the_text_version_and_shows_a_path(
    context: Any, readme: dict[str, Path]
) -> None:
    page, watch = opened(context, readme["irs"])
    try:
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # "Skip to the text version"
        assert focused(page) == "main#gk-text.gk-text"
        # The next stop is inside the text version, past the diagram and its controls.
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('#gk-text')") is True
        page.keyboard.press("Shift+Tab")
        tab_to(page, "#gk-text .gk-show")
        path = page.evaluate("document.activeElement.closest('[data-gk-path]').id")
        assert page.evaluate("window.gkNetwork.getSelectedNodes().length") == 0
        page.keyboard.press("Enter")  # "Show in diagram": the path is selected
        assert page.locator(f"#{path}").evaluate("(li) => li.classList.contains('gk-active')")
        selected = page.evaluate("window.gkNetwork.getSelectedNodes()")
        assert "ice" in selected and IRS in selected
        assert focused(page) == "div#gk-network.gk-network"  # the diagram, to look at it
        assert_clean(watch, readme["irs"])
    finally:
        page.close()
