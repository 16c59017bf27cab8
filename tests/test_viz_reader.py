"""Views as a reader meets them: the date asked is the date shown, a header with the
answer in one line, a legend for exactly what is drawn on each date, and embeds that
size themselves in an article page (Chromium, ``-m browser``, except the first tests)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphkit import open_graph
from graphkit.viz import all_view, reach_view
from graphkit.viz.marks import MARKS, edge_mark
from graphkit.viz.model import VizEdge
from tests.test_viz import page_data
from tests.test_viz_browser import DESKTOP, Watch, assert_clean, browser, open_page, shots

__all__ = ["browser", "shots"]  # the Chromium fixtures, shared with test_viz_browser

IRS = "irs-taxpayer-addresses"
ARTICLE = Path(__file__).resolve().parent / "fixtures" / "article" / "article.html"
PHONE_TALL = {"width": 390, "height": 844}
LEVELS = ("evidenced", "presumed", "declared", "uncertain", "undated", "blocked")


# ------------------------------------------------------------------ no browser
def flow(**kw: Any) -> VizEdge:
    return VizEdge("e", "a", "b", "FLOWS", "MOU", **kw)


def test_every_level_and_status_has_its_own_mark() -> None:
    assert edge_mark(flow(evidence="evidenced")) == "evidenced"
    assert edge_mark(flow(evidence="presumed")) == "presumed"
    assert edge_mark(flow(evidence="declared")) == "declared"
    assert edge_mark(flow(carries=False, status="uncertain")) == "uncertain"
    assert edge_mark(flow(carries=False, status="undated")) == "undated"
    assert edge_mark(flow(carries=False, status="enjoined")) == "blocked"
    assert edge_mark(flow(carries=False, status="not_started")) == "blocked"
    assert edge_mark(VizEdge("h", "d", "a", "CUSTODIAN_OF", "holds")) == "link"
    # Apart without colour (greyscale, colour-blind readers): dash pattern and width
    # differ for every pair; and each has its own colour too.
    looks = {(str(MARKS[k].dashes), MARKS[k].width) for k in (*LEVELS, "link")}
    assert len(looks) == len(LEVELS) + 1
    assert len({MARKS[k].color for k in LEVELS}) == len(LEVELS)


def test_each_date_lists_its_own_legend_and_answer() -> None:
    page = reach_view(open_graph(), IRS, as_of="2025-08-01")
    snaps = {s["date"]: s for s in page_data(page)["time"]["snapshots"]}
    assert "evidenced" in snaps["2025-08-01"]["legend"]
    assert "blocked" not in snaps["2025-08-01"]["legend"]
    assert "blocked" in snaps["2025-11-21"]["legend"]  # the injunction
    assert "evidenced" not in snaps["2025-11-21"]["legend"]
    assert snaps["2025-08-01"]["answer"] == (
        "1 party can obtain it on this date: U.S. Immigration and Customs Enforcement."
    )
    assert snaps["2025-11-21"]["answer"] == (
        "No party other than the custodian can obtain it on this date (1 blocked: listed below)."
    )
    # Every entry any date needs is in the page (shown without JavaScript).
    for key in ("evidenced", "blocked", "faded_flow"):
        assert f'data-gk-mark="{key}"' in page.html
    assert page_data(page)["time"]["through"] is None
    bounded = reach_view(open_graph(), IRS, as_of="2025-08-01", date_to="2025-12-31")
    assert page_data(bounded)["time"]["through"] == "2025-12-31"


def test_the_answer_line_counts_declared_permissions_apart() -> None:
    """ICE is named for Medicaid enrollee data only by a published routine use."""
    page = reach_view(open_graph(), "medicaid-enrollee-data", as_of="2025-12-15")
    [snap] = [s for s in page_data(page)["time"]["snapshots"] if s["date"] == "2025-12-15"]
    assert snap["answer"] == (
        "1 party can obtain it on this date: Department of Homeland Security. 1 more only "
        "by a published permission (declared): U.S. Immigration and Customs Enforcement. "
        "1 agreement is blocked."
    )


# --------------------------------------------------------------------- browser
@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    g = open_graph()
    folder = tmp_path_factory.mktemp("reader views")
    made = {
        "irs": reach_view(g, IRS, as_of="2025-08-01"),
        "irs-late": reach_view(g, IRS, as_of="2025-12-15"),
        "irs-to": reach_view(g, IRS, as_of="2025-08-01", date_to="2025-12-31"),
        "all": all_view(g, as_of="2025-08-01"),
    }
    return {name: page.save(folder / f"{name}.html") for name, page in made.items()}


def opened_at(browser: Any, path: Path, fragment: str, viewport: dict[str, int] = DESKTOP) -> Any:
    page = browser.new_page(viewport=viewport)
    page.goto(path.as_uri() + fragment)
    page.wait_for_selector("html[data-gk-drawn]", state="attached", timeout=20_000)
    return page


def when(page: Any) -> str:
    return str(page.locator("#gk-when").text_content())


@pytest.mark.browser
def test_the_date_asked_is_the_date_shown(browser: Any, views: dict[str, Path]) -> None:
    page = opened_at(browser, views["irs"], "#2025-12-15")
    try:
        assert when(page) == "As of 2025-12-15 (no change since 2025-11-21)"
        assert page.title().endswith(" · as of 2025-12-15 (no change since 2025-11-21)")
        assert page.evaluate("window.gkTime.date") == "2025-11-21"  # the answer drawn
        assert page.evaluate("location.hash") == "#2025-12-15"  # the link is kept
    finally:
        page.close()
    page = opened_at(browser, views["irs-late"], "#2025-08-01")  # the README's example
    try:
        assert when(page) == "As of 2025-08-01 (no change since 2025-07-01)"
        page.locator("#gk-slider").focus()
        page.keyboard.press("ArrowRight")  # the next change: the injunction
        assert when(page) == "As of 2025-11-21"
        assert page.evaluate("location.hash") == "#2025-11-21"
    finally:
        page.close()
    page = opened_at(browser, views["irs"], "#2024-01-01")
    try:
        assert when(page) == (
            "As of 2025-04-07 (this page's first date: it does not go back to 2024-01-01)"
        )
    finally:
        page.close()
    page = opened_at(browser, views["irs-to"], "#2026-02-01")
    try:
        assert when(page) == (
            "As of 2025-12-31 (no change since 2025-11-21; this page ends on 2025-12-31, "
            "before 2026-02-01)"
        )
    finally:
        page.close()


@pytest.mark.browser
def test_header_gives_the_answer_and_the_footer_the_version(
    browser: Any, views: dict[str, Path]
) -> None:
    page, watch = open_page(browser, views["irs"])
    try:
        head = page.locator("header.gk-head")
        assert page.locator("#gk-answer").text_content() == (
            "1 party can obtain it on this date: U.S. Immigration and Customs Enforcement."
        )
        assert head.locator("h1").text_content() == (
            "Who can obtain IRS taxpayer last-known addresses (irs-taxpayer-addresses)"
        )
        assert head.locator("a[href='#gk-sources-h']").is_visible()
        assert "backend" not in str(head.text_content())
        version = str(page.locator("footer #gk-version").text_content())
        assert re.match(r"graphkit \S+ · memory backend · content [0-9a-f]{12}\b", version)
        page.evaluate("location.hash = '#2025-12-15'")
        page.wait_for_function("window.gkTime.date === '2025-11-21'")
        assert page.locator("#gk-answer").text_content() == (
            "No party other than the custodian can obtain it on this date "
            "(1 blocked: listed below)."
        )
        later = str(page.locator("footer #gk-version").text_content())
        assert later != version and later.startswith("graphkit ")
        assert_clean(watch, views["irs"])
    finally:
        page.close()


LEGEND_VS_DRAWN = """() => {
  const shown = [...document.querySelectorAll('#gk-legend li[data-gk-mark]')]
    .filter((li) => li.offsetParent !== null).map((li) => li.dataset.gkMark);
  const edges = window.gkNetwork.body.data.edges.get({filter: (e) => !e.hidden});
  const drawn = [...new Set(edges.map((e) => e.mark))].sort();
  return {shown: shown, drawn: drawn};
}"""


def marks_at(page: Any, day: str) -> tuple[set[str], set[str]]:
    page.evaluate(f"location.hash = '#{day}'")
    page.wait_for_function(f"window.gkTime.shown === '{day}'")
    got = page.evaluate(LEGEND_VS_DRAWN)
    shown = set(got["shown"]) & {*LEVELS, "link"}
    return shown, set(got["drawn"])


@pytest.mark.browser
def test_legend_matches_what_is_drawn_on_each_date(browser: Any, views: dict[str, Path]) -> None:
    page, watch = open_page(browser, views["irs"])
    try:
        assert marks_at(page, "2025-08-01") == ({"evidenced", "link"}, {"evidenced", "link"})
        assert marks_at(page, "2025-12-15") == ({"blocked", "link"}, {"blocked", "link"})
        faded = page.locator("#gk-legend li[data-gk-mark='faded_flow']")
        assert faded.is_visible()  # the enjoined MOU is drawn faded, off every path
        assert_clean(watch, views["irs"])
    finally:
        page.close()
    page, watch = open_page(browser, views["all"])
    try:
        early = {"evidenced", "uncertain", "undated", "blocked", "link"}
        assert marks_at(page, "2018-01-01") == (early, early)
        late = {"evidenced", "presumed", "declared", "undated", "blocked", "link"}
        assert marks_at(page, "2025-12-01") == (late, late)
        assert_clean(watch, views["all"])
    finally:
        page.close()


def article(folder: Path, snippet: str) -> Path:
    page = folder / "article.html"
    text = ARTICLE.read_text(encoding="utf-8").replace("<!-- graphkit embed -->", snippet)
    page.write_text(text, encoding="utf-8")
    return page


@contextlib.contextmanager
def embedded(
    browser: Any,
    views: dict[str, Path],
    folder: Path,
    src: str,
    resize: bool = True,
    viewport: dict[str, int] = DESKTOP,
) -> Iterator[tuple[Any, Any]]:
    """The IRS view saved in ``folder``, embedded in the article by its snippet for
    ``src`` (with the host script that sizes it, or not), open in Chromium once drawn:
    ``(page, the view's frame)``. After the block, nothing went wrong on the page."""
    view = folder / "irs.html"
    view.write_bytes(views["irs"].read_bytes())
    snippet = reach_view(open_graph(), IRS, as_of="2025-08-01").iframe(src, resize=resize)
    host = article(folder, snippet)
    page = browser.new_page(viewport=viewport)
    watch = Watch(page)
    try:
        page.goto(host.as_uri())
        page.frame_locator("iframe").locator("html[data-gk-drawn]").wait_for(state="attached")
        yield page, page.frames[1]
        assert_clean(watch, host, view)
    finally:
        page.close()


FRAME_HEIGHT = "document.querySelector('iframe').getBoundingClientRect().height"
CONTENT = "Math.ceil(document.body.getBoundingClientRect().height)"


def settled(page: Any, frame: Any) -> tuple[float, float]:
    """The iframe's height once it follows the frame's content."""
    page.wait_for_function(
        f"(h) => Math.abs({FRAME_HEIGHT} - h) <= 1", arg=frame.evaluate(CONTENT), timeout=10_000
    )
    return float(page.evaluate(FRAME_HEIGHT)), float(frame.evaluate(CONTENT))


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_TALL], ids=["1280x800", "390x844"])
def test_embed_sizes_its_frame_to_the_content(
    browser: Any, views: dict[str, Path], tmp_path: Path, shots: Path, viewport: dict[str, int]
) -> None:
    src = "irs.html#2025-08-01"  # the date asked, in the address
    with embedded(browser, views, tmp_path, src, viewport=viewport) as (page, frame):
        height, content = settled(page, frame)
        assert height > 600  # taller than the old fixed frame: the citations are in the article
        assert frame.evaluate("document.documentElement.scrollHeight <= innerHeight + 1")
        after = page.locator("#after").bounding_box()
        assert after and after["y"] >= height  # the article goes on below the whole view
        # The title wraps (never cut) and nothing is wider than the frame.
        title = frame.locator("h1")
        assert title.evaluate("(h) => h.scrollHeight <= h.clientHeight + 1")
        assert frame.evaluate("document.documentElement.scrollWidth <= innerWidth")
        if viewport is PHONE_TALL:
            line = title.evaluate("(h) => parseFloat(getComputedStyle(h).lineHeight)")
            assert title.evaluate("(h) => h.clientHeight") > 1.5 * line
        page.screenshot(path=str(shots / f"article-{viewport['width']}.png"), full_page=True)
        # Stepping the slider changes the text version: the frame follows.
        frame.locator("#gk-slider").focus()
        page.keyboard.press("ArrowRight")
        assert frame.evaluate("window.gkTime.date") == "2025-11-21"
        later, content_later = settled(page, frame)
        assert content_later != content and abs(later - content_later) <= 1


@pytest.mark.browser
def test_embed_without_host_script_keeps_its_fixed_height(
    browser: Any, views: dict[str, Path], tmp_path: Path
) -> None:
    with embedded(browser, views, tmp_path, "irs.html", resize=False) as (page, frame):
        assert page.evaluate(FRAME_HEIGHT) == 600
        assert frame.evaluate("document.documentElement.scrollHeight > innerHeight")  # it scrolls
        assert frame.locator("#gk-network canvas").is_visible()
