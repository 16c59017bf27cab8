"""The example story in headless Chromium (``-m browser``): Previous, Next and the keys
step through it, each step's date on the slider, its highlights drawn in full and the rest
faded, ``#step-3`` opening step 3, on a phone and inside an article page; no console
error, no request but the file itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graphkit import open_graph
from graphkit.viz.story import FADED, story_page
from tests.test_story import hostile_story
from tests.test_viz_browser import DESKTOP, Watch, assert_clean, browser, open_page, shots
from tests.test_viz_reader import PHONE_TALL, article, settled

__all__ = ["browser", "shots"]  # the Chromium fixtures, shared with test_viz_browser

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parent.parent / "stories" / "irs-ice-mou.yaml"
DATES = ["2025-04-07", "2025-05-12", "2025-07-01", "2025-11-21"]
FLOW = "FLOWS:irs-ice-mou-2025:irs:ice:0"
CUSTODY = "CUSTODIAN_OF:irs:irs-taxpayer-addresses"
#: Every node and link of the IRS view, and what each step draws in full (by hand, from
#: stories/irs-ice-mou.yaml: its nodes, its agreement, the custody link between two of them).
NODES = {
    "ice",
    "irs",
    "irs-audit-trail-records",
    "irs-individual-master-file",
    "irs-taxpayer-addresses",
    "treasury",
}
FULL = {
    1: ({"irs", "ice", "irs-taxpayer-addresses"}, {FLOW, CUSTODY}),
    2: ({"irs", "ice"}, {FLOW}),
    3: ({"irs", "ice", "irs-taxpayer-addresses"}, {FLOW, CUSTODY}),
    4: ({"irs", "ice"}, {FLOW}),
}

OPACITY = """() => {
  const body = window.gkNetwork.body;
  const nodes = {}, edges = {};
  body.nodeIndices.forEach((id) => { nodes[id] = body.nodes[id].options.opacity; });
  body.edgeIndices.forEach((id) => { edges[id] = body.edges[id].options.color.opacity; });
  return { nodes: nodes, edges: edges };
}"""


@pytest.fixture(scope="module")
def story_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("story")
    return story_page(open_graph(), EXAMPLE).save(folder / "irs-ice-mou.html")


def state(page: Any) -> dict[str, Any]:
    """The step shown: its number, the slider's date, the fragment, the panel's card."""
    return {
        "step": page.evaluate("window.gkStory.step"),
        "slider": page.evaluate("window.gkTime.date"),
        "output": page.locator("#gk-slider-date").text_content(),
        "hash": page.evaluate("location.hash"),
        "card": page.locator(".gk-story-step:not([hidden]) .gk-story-when").text_content(),
    }


def check_step(page: Any, n: int) -> None:
    shown = state(page)
    date = DATES[n - 1]
    assert shown == {
        "step": n,
        "slider": date,
        "output": date,
        "hash": f"#step-{n}",
        "card": f"Step {n} of 4 · {date}",
    }
    drawn = page.evaluate(OPACITY)
    nodes, edges = FULL[n]
    assert set(drawn["nodes"]) == NODES
    assert {i for i, o in drawn["nodes"].items() if o == 1} == nodes
    assert {i for i, o in drawn["nodes"].items() if o == pytest.approx(FADED)} == NODES - nodes
    assert {i for i, o in drawn["edges"].items() if o == 1} == edges
    assert all(o == pytest.approx(FADED) for i, o in drawn["edges"].items() if i not in edges)


def test_next_previous_and_the_keys_step_through_the_story(
    browser: Any, story_file: Path, shots: Path
) -> None:
    page, watch = open_page(browser, story_file)
    try:
        assert page.evaluate("window.gkStory.step") == 1
        assert page.locator("#gk-story-prev").is_disabled()
        drawn = page.evaluate(OPACITY)
        assert {i for i, o in drawn["nodes"].items() if o == 1} == FULL[1][0]
        page.click("#gk-story-next")
        check_step(page, 2)
        page.click("#gk-story-next")
        check_step(page, 3)
        page.screenshot(path=str(shots / "story-step-3-desktop.png"))
        page.keyboard.press("n")
        check_step(page, 4)
        assert page.locator("#gk-story-next").is_disabled()
        # The keyboard's place is kept: focus moves from Next, now disabled, to Previous.
        assert page.evaluate("document.activeElement.id") == "gk-story-prev"
        page.keyboard.press("n")  # the last step stays
        check_step(page, 4)
        page.keyboard.press("p")
        check_step(page, 3)
        page.click("#gk-story-prev")
        page.click("#gk-story-prev")
        check_step(page, 1)
        # The arrow keys stay the slider's: they move the date, not the step.
        page.locator("#gk-slider").focus()
        page.keyboard.press("ArrowRight")
        assert page.evaluate("window.gkTime.date") == DATES[1]
        assert page.evaluate("window.gkStory.step") == 1
        # and the reader's own date shows every node in full again
        assert set(page.evaluate(OPACITY)["nodes"].values()) == {1}
        page.keyboard.press("n")  # N from the slider: the story goes on from step 1
        check_step(page, 2)
        assert_clean(watch, story_file)
    finally:
        page.close()


def test_a_step_permalink_opens_that_step(browser: Any, story_file: Path) -> None:
    page = browser.new_page(viewport=DESKTOP)
    watch = Watch(page)
    try:
        page.goto(story_file.as_uri() + "#step-3")
        page.wait_for_selector("html[data-gk-drawn]", state="attached", timeout=20_000)
        check_step(page, 3)
        assert page.locator("#gk-when time").text_content() == DATES[2]
        page.evaluate("location.hash = '#step-4'")
        page.wait_for_function("window.gkStory.step === 4")
        check_step(page, 4)
        # "Show step 1" in the text version goes back to step 1.
        page.click("button.gk-story-show[data-gk-step='1']")
        check_step(page, 1)
        assert_clean(watch, story_file)
    finally:
        page.close()


def test_the_story_reads_on_a_phone(browser: Any, story_file: Path, shots: Path) -> None:
    page, watch = open_page(browser, story_file, PHONE_TALL)
    try:
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        for button in ("#gk-story-prev", "#gk-story-next"):
            box = page.locator(button).bounding_box()
            assert box and box["height"] >= 36 and box["x"] + box["width"] <= 390
        caption = page.locator(".gk-story-step:not([hidden]) .gk-story-caption")
        assert caption.evaluate("(c) => parseFloat(getComputedStyle(c).fontSize)") >= 15
        assert caption.evaluate("(c) => c.scrollWidth <= c.clientWidth")
        # The step's sources start folded to their publishers; one tap opens them.
        sources = page.locator(".gk-story-step:not([hidden]) details.gk-story-src")
        assert not sources.evaluate("(d) => d.open")
        assert "Sources (3): American Oversight; JURIST" in str(
            sources.locator("summary").text_content()
        )
        sources.locator("summary").click()
        assert sources.locator("a.gk-url").first.is_visible()
        page.click("#gk-story-next")
        check_step(page, 2)
        page.screenshot(path=str(shots / "story-phone.png"))
        assert_clean(watch, story_file)
    finally:
        page.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE_TALL], ids=["1280x800", "390x844"])
def test_the_embedded_story_sizes_its_frame_as_it_steps(
    browser: Any, story_file: Path, tmp_path: Path, viewport: dict[str, int]
) -> None:
    view = tmp_path / "story.html"
    view.write_bytes(story_file.read_bytes())
    snippet = story_page(open_graph(), EXAMPLE).iframe("story.html")
    host = article(tmp_path, snippet)
    page = browser.new_page(viewport=viewport)
    watch = Watch(page)
    try:
        page.goto(host.as_uri())
        page.frame_locator("iframe").locator("html[data-gk-drawn]").wait_for(state="attached")
        frame = page.frames[1]
        height, content = settled(page, frame)
        assert height > 600
        frame.locator("#gk-story-next").click()  # step 2: a shorter caption, other text
        assert frame.evaluate("window.gkStory.step") == 2
        later, content_later = settled(page, frame)
        assert content_later != content and abs(later - content_later) <= 1
        assert_clean(watch, host, view)
    finally:
        page.close()


def test_a_hostile_story_runs_nothing(browser: Any, tmp_path: Path) -> None:
    hostile = open_graph(Path(__file__).resolve().parent / "graphs" / "hostile")
    path = story_page(hostile, hostile_story(tmp_path)).save(tmp_path / "hostile.html")
    page, watch = open_page(browser, path)
    try:
        assert page.evaluate("window.gkStory.step") == 1
        assert page.evaluate("window.__pwned") is None
        caption = page.locator(".gk-story-step:not([hidden]) .gk-story-caption")
        assert "<script>window.__pwned=9</script>" in str(caption.text_content())
        assert page.locator(".gk-story script, .gk-story img").count() == 0
        assert_clean(watch, path)
    finally:
        page.close()
