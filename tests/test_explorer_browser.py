"""The explorer in headless Chromium, walked with the keyboard only, as a journalist
would: search, an entity page, a question, a change of date, the embed snippet. Nothing
is logged to the console, and nothing is asked of any address but the explorer's.

Needs Debian's ``chromium`` and ``playwright``, as tests/test_viz_browser.py does (its
launch is reused). Screenshots go to a temporary folder (``$GRAPHKIT_SCREENSHOTS`` to
keep them).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_viz_browser import DESKTOP, Watch, browser, shots  # noqa: F401  (fixtures)

from tests_support import ROOT, SEEDS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served() -> Iterator[str]:
    """``graphkit serve`` on the seeds, on a free port of 127.0.0.1: its address."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    args = [sys.executable, "-m", "graphkit", "serve", "--port", str(port), "--seeds", str(SEEDS)]
    server = subprocess.Popen(args, cwd=ROOT, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(base + "/", timeout=5) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def tab_to(page: Any, test: str, most: int = 80) -> None:
    """Press Tab until the focused element passes ``test`` (JavaScript, on ``el``)."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {test}; }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {test}")


def test_keyboard_walk_from_search_to_an_embeddable_answer(
    browser: Any,  # noqa: F811
    served: str,
    shots: Path,  # noqa: F811
) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="en-US")
    page = context.new_page()
    watch = Watch(page)
    try:
        page.goto(served + "/")
        tab_to(page, "el.id === 'gx-q'")
        page.keyboard.type("taxpayer")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search?q=taxpayer")
        page.screenshot(path=str(shots / "explorer-search.png"))

        tab_to(page, "el.getAttribute('href') === '/dataset/irs-taxpayer-addresses'")
        page.keyboard.press("Enter")
        page.wait_for_url("**/dataset/irs-taxpayer-addresses")
        assert page.locator("h1").inner_text() == "IRS taxpayer last-known addresses"
        page.screenshot(path=str(shots / "explorer-dataset.png"), full_page=True)

        tab_to(page, "el.textContent === 'Who can obtain it'")
        page.keyboard.press("Enter")
        page.wait_for_url("**/reach/irs-taxpayer-addresses")

        tab_to(page, "el.id === 'gx-as_of'")
        page.keyboard.type("08012025")  # the date field, as en-US types it: mm dd yyyy
        tab_to(page, "el.type === 'submit' && el.closest('form.gx-ask') !== null")
        page.keyboard.press("Enter")
        page.wait_for_url("**/reach/irs-taxpayer-addresses?as_of=2025-08-01")
        assert "U.S. Immigration and Customs Enforcement" in page.locator(".gx-text").inner_text()
        frame = page.frame_locator("iframe.gx-view")
        frame.locator("html[data-gk-drawn]").wait_for(state="attached", timeout=30_000)

        tab_to(page, "el.id === 'gx-embed'")
        snippet = page.locator("#gx-embed").input_value()
        view = f"{served}/view/reach/irs-taxpayer-addresses.html?as_of=2025-08-01"
        assert snippet.startswith(f'<iframe src="{view}"')
        tab_to(page, "el.classList.contains('gx-copy')")
        page.screenshot(path=str(shots / "explorer-reach.png"), full_page=True)

        assert watch.errors == [] and watch.dialogs == [], watch.requests
        elsewhere = [u for u in watch.requests if not u.startswith(served + "/")]
        assert elsewhere == []
        assert any(u.startswith(view) for u in watch.requests)  # the view was loaded
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/search?q=ice",
        "/party/ice",
        "/dataset/irs-taxpayer-addresses",
        "/agreement/irs-ice-mou-2025",
        "/source/src-ap-medicaid-ice",
        "/path/irs/ice?as_of=2025-08-01",
        "/diff?from=2025-08-01&to=2025-12-15&subject=ice",
        "/timeline/irs-ice-mou-2025",
        "/party/no-such-party",
    ],
)
def test_every_page_type_is_clean_and_labelled(
    browser: Any,  # noqa: F811
    served: str,
    path: str,
) -> None:
    page = browser.new_page(viewport=DESKTOP)
    watch = Watch(page)
    try:
        page.goto(served + path)
        page.wait_for_load_state("load")
        assert page.locator("html[lang='en']").count() == 1
        assert page.locator("h1").count() == 1
        unlabelled = page.evaluate(
            """[...document.querySelectorAll('input, select, textarea')]
               .filter(el => el.type !== 'hidden' && !(el.labels && el.labels.length))
               .map(el => el.name)"""
        )
        assert unlabelled == []
        own = "error: Failed to load resource: the server responded with a status of 404"
        errors = [e for e in watch.errors if not (path.startswith("/party/no-") and own in e)]
        assert errors == [] and watch.dialogs == []  # a 404 page reports only its own 404
        assert [u for u in watch.requests if not u.startswith(served + "/")] == []
    finally:
        page.close()


def test_the_view_downloads_as_png(browser: Any, served: str) -> None:  # noqa: F811
    """Drawn by the Chromium the browser fixture finds (it skips or fails without one)."""
    url = f"{served}/view/reach/irs-taxpayer-addresses.png?as_of=2025-08-01"
    with urllib.request.urlopen(url, timeout=300) as reply:
        assert reply.headers["content-type"] == "image/png"
        assert "attachment" in reply.headers["content-disposition"]
        assert reply.read(8) == b"\x89PNG\r\n\x1a\n"
