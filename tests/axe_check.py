"""An accessibility check for pages in headless Chromium: axe-core, from npm, pinned.

axe-core (``tests/js/package.json`` and its ``package-lock.json``: an exact version) is
injected into a playwright page and run on the page and on each of its frames; the
result is axe's violations, each with its impact (minor, moderate, serious, critical).

The views' Content-Security-Policy lets only their own two scripts run (by hash), so an
injected ``<script>`` is refused: open the pages to check in a context made with
``bypass_csp=True`` (``axe_context(browser)`` below). That switch only lets the check's
own script in; the page is the same page, drawn by the same scripts.

Where ``tests/js/node_modules/axe-core/axe.min.js`` is missing, the first check runs
``npm ci --prefix tests/js`` once. Without npm (or if that fails) the test skips with the
command to run, except in CI (``$CI`` set), where it fails: CI runs that command first.

    context = axe_context(browser, {"width": 390, "height": 844})
    page = context.new_page()
    page.goto(path.as_uri())
    assert serious_violations(page) == []
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

JS = Path(__file__).resolve().parent / "js"
AXE = JS / "node_modules" / "axe-core" / "axe.min.js"
INSTALL = "npm ci --prefix tests/js"
SERIOUS = ("serious", "critical")
_tried: list[str] = []  # the install's outcome, so it runs at most once per test run


def _missing(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where the check must run."""
    message = f"{reason}; run `{INSTALL}` (needs Node.js and npm)"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI must run the accessibility check)")
    pytest.skip(message)


def axe_source() -> str:
    """The text of axe.min.js, installing it from the lock file once if it is missing."""
    if not AXE.exists() and not _tried:
        npm = shutil.which("npm")
        if npm is None:
            _tried.append("npm is not installed")
        else:
            done = subprocess.run(
                [npm, "ci", "--prefix", str(JS), "--no-audit", "--no-fund"],
                capture_output=True,
                text=True,
                timeout=600,
            )
            _tried.append("" if done.returncode == 0 else f"npm ci failed: {done.stderr[-400:]}")
    if not AXE.exists():
        _missing(f"axe-core is not installed ({(_tried or [''])[0] or 'no axe.min.js'})")
    return AXE.read_text(encoding="utf-8")


def axe_context(browser: Any, viewport: dict[str, int] | None = None) -> Any:
    """A browser context where axe can be injected: ``bypass_csp=True`` (see above)."""
    return browser.new_context(viewport=viewport or {"width": 1280, "height": 800}, bypass_csp=True)


_RUN = """async () => {
  const result = await axe.run(document, {iframes: false, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    url: location.href,
    nodes: v.nodes.map((n) => ({target: n.target, html: n.html, summary: n.failureSummary})),
  }));
}"""


def violations(page: Any) -> list[dict[str, Any]]:
    """axe's violations on the page and in every frame it holds (each frame run apart,
    so a sandboxed, cross-origin frame is checked as well), in the order found."""
    source = axe_source()
    found: list[dict[str, Any]] = []
    for frame in page.frames:
        if frame.is_detached() or frame.url in ("", "about:blank"):
            continue
        hint = (
            f"axe-core could not be injected into {frame.url}: open the page in "
            "axe_context(browser), a context with bypass_csp=True"
        )
        try:
            frame.add_script_tag(content=source)
        except Exception as error:  # the page's CSP refused the script
            raise RuntimeError(f"{hint} ({str(error).splitlines()[0][:160]})") from error
        if not frame.evaluate("typeof axe === 'object'"):
            raise RuntimeError(hint)
        found.extend(frame.evaluate(_RUN))
    return found


def serious_violations(page: Any) -> list[dict[str, Any]]:
    """The serious and critical violations only: what the browser tests require to be none.

    Each is a dict: ``id`` (axe's rule), ``impact``, ``help``, ``url`` (the frame) and
    ``nodes`` (``target`` selectors, ``html``, ``summary``).
    """
    return [v for v in violations(page) if v["impact"] in SERIOUS]


def describe(found: list[dict[str, Any]]) -> str:
    """A short report of violations for an assertion message."""
    lines = []
    for v in found:
        targets = "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:4])
        lines.append(f"{v['impact']} {v['id']} ({len(v['nodes'])}): {v['help']} at {targets}")
    return "\n".join(lines)
