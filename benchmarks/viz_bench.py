"""How fast the visualizer writes and how fast Chromium draws big pages.

Builds synthetic views (no seeds needed) of 500 and 2,000 nodes, writes each page,
and reports the generation time and file size; then opens each page in headless
Chromium (Debian's ``chromium`` through playwright, or ``$GRAPHKIT_CHROMIUM``) and
reports when the network was first drawn (vis-network's ``afterDrawing``), when the
page finished loading (DOMContentLoaded: the text version parsed too) and how long
a redraw takes once it is up (a zoom: what "interactive" feels like).

Run:
    python benchmarks/viz_bench.py                 # 500 and 2000 nodes, 3 runs each
    python benchmarks/viz_bench.py --nodes 5000 --runs 1 --keep /tmp/viz-bench
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def generate(nodes: int, folder: Path) -> dict[str, Any]:
    from graphkit.viz import page_for
    from graphkit.viz.demo import synthetic_view

    view = synthetic_view(nodes)
    start = time.perf_counter()
    page = page_for(view)
    path = page.save(folder / f"viz-{nodes}.html")
    seconds = time.perf_counter() - start
    return {
        "asked": nodes,  # the synthetic graph's nodes
        "nodes": page.nodes,  # what the page holds: those, plus any group nodes (viz/groups.py)
        "edges": page.edges,
        "physics": page.physics,
        "generate_s": seconds,
        "bytes": path.stat().st_size,
        "path": path,
    }


def measure(browser: Any, path: Path) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector("html[data-gk-drawn]", state="attached", timeout=60_000)
    timing = page.evaluate(
        """() => {
          const nav = performance.getEntriesByType('navigation')[0];
          return {
            drawn: Number(document.documentElement.dataset.gkDrawn),
            loaded: nav.domContentLoadedEventEnd,
          };
        }"""
    )
    redraw = page.evaluate(
        """() => new Promise((done) => {
          const net = window.gkNetwork;
          const t0 = performance.now();
          net.once('afterDrawing', () => done(performance.now() - t0));
          net.moveTo({scale: net.getScale() * 1.5});
        })"""
    )
    page.close()
    if errors:
        raise RuntimeError(f"{path.name}: {errors[:3]}")
    return {"drawn_ms": timing["drawn"], "loaded_ms": timing["loaded"], "redraw_ms": redraw}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--runs", type=int, default=3, help="Browser loads per size (median).")
    parser.add_argument("--keep", help="Folder to keep the pages in.")
    parser.add_argument("--no-browser", action="store_true", help="Only generate.")
    options = parser.parse_args()
    folder = Path(options.keep or tempfile.mkdtemp(prefix="viz-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = [generate(n, folder) for n in options.nodes]

    browser_path = os.environ.get("GRAPHKIT_CHROMIUM") or shutil.which("chromium")
    if not options.no_browser and browser_path:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=browser_path, args=ARGS)
            measure(browser, results[0]["path"])  # warm up
            for row in results:
                runs = [measure(browser, row["path"]) for _ in range(options.runs)]
                for key in ("drawn_ms", "loaded_ms", "redraw_ms"):
                    row[key] = statistics.median(r[key] for r in runs)
            version = browser.version
            browser.close()
        print(f"Chromium {version}, headless, 1280x800, median of {options.runs} loads")
    elif not options.no_browser:
        print("no Chromium found (apt-get install -y chromium): browser figures left out")

    header = f"{'nodes':>6} {'edges':>6} {'physics':>7} {'generate':>9} {'size':>9}"
    header += f" {'drawn':>8} {'loaded':>8} {'redraw':>7}"
    print(header)
    for row in results:
        line = (
            f"{row['nodes']:>6} {row['edges']:>6} {('on' if row['physics'] else 'off'):>7} "
            f"{row['generate_s']:>8.2f}s {row['bytes'] / 1024 / 1024:>7.2f}MB"
        )
        if "drawn_ms" in row:
            line += (
                f" {row['drawn_ms'] / 1000:>7.2f}s {row['loaded_ms'] / 1000:>7.2f}s"
                f" {row['redraw_ms']:>5.0f}ms"
            )
        print(line)
    print(f"pages in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
