"""How fast every view of the README builds (Python) and draws (Chromium), and a 2,000-node one.

For each view of the README's "Graph views for articles" on the seeds, and a synthetic
2,000-node view (``graphkit.viz.demo.synthetic_view``):

* **build**: the view's library call and writing its file, in this process (the graph
  is opened once before, and is not counted; the first build, which also imports pyvis
  and reads the templates, is reported apart as "cold"), wall-clock and CPU time (the
  process's own: on a machine shared with other work, the wall-clock time includes the
  waits for a core);
* **drawn**: in headless Chromium (``$GRAPHKIT_CHROMIUM`` or ``chromium``, through
  playwright), from navigation start to the diagram's first drawing: the page sets
  ``data-gk-drawn`` on ``<html>`` to ``performance.now()`` at vis-network's first
  ``afterDrawing``, and ``performance.now()`` counts from navigation start;
* **settled**: to the picture a reader is left with: physics stopped
  (``data-gk-stabilized``) and the labels measured and decluttered (``data-gk-tidy``,
  for pages of up to 200 nodes, which declutter their labels).

The embed row opens the article page (``tests/fixtures/article/article.html``) holding
the IRS view's ``--embed`` snippet, and counts from the article's navigation start to
the framed view's first drawing. Each figure is the median and the max of ``--runs``
builds or loads (each load in a new browser context). Targets (issue 25): every seeds
view builds in under 1 s and draws in under 1 s; the 2,000-node view, under 2 s each.

Run:
    python benchmarks/views.py                       # 5 runs each, 1280x800
    python benchmarks/views.py --runs 3 --viewport 390x844
    python benchmarks/views.py --only irs --runs 1 --json /tmp/views.json
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "fixtures" / "article" / "article.html"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SEEDS_TARGET = 1.0  # seconds, build and draw, every seeds view
BIG_TARGET = 2.0  # seconds, build and draw, the 2,000-node view
BIG = 2000
IRS = "irs-taxpayer-addresses"


def views() -> dict[str, tuple[str, Callable[[Any], Any]]]:
    """Name -> (the README's command, a function of the graph building that view)."""
    from graphkit.viz import all_view, ego_view, page_for, path_view, reach_view, reachable_view
    from graphkit.viz.demo import synthetic_view

    return {
        "irs": (
            "reach irs-taxpayer-addresses --as-of 2025-08-01",
            lambda g: reach_view(g, IRS, as_of="2025-08-01"),
        ),
        "ice": (
            "reachable ice --as-of 2025-10-01",
            lambda g: reachable_view(g, "ice", as_of="2025-10-01"),
        ),
        "utility": (
            "path nctue ice --as-of 2021-06-01",
            lambda g: path_view(g, "nctue", "ice", as_of="2021-06-01"),
        ),
        "clearview": ("ego clearview-ai --depth 2", lambda g: ego_view(g, "clearview-ai", depth=2)),
        "everything": ("all", lambda g: all_view(g)),
        "big": (f"synthetic view, {BIG:,} nodes", lambda g: page_for(synthetic_view(BIG))),
    }


def spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "max": max(values), "runs": len(values)}


def build(
    name: str, make: Callable[[Any], Any], graph: Any, folder: Path, runs: int
) -> dict[str, Any]:
    """Build and write the view ``runs`` times after a first, cold one."""
    seconds = []
    cpu = []
    page = None
    for _ in range(runs + 1):
        start, start_cpu = time.perf_counter(), time.process_time()
        page = make(graph)
        path = page.save(folder / f"{name}.html", force=True)
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    assert page is not None
    return {
        "nodes": page.nodes,
        "edges": page.edges,
        "dates": len(page.stats.get("dates") or [page.scene.as_of if page.scene else ""]),
        "bytes": path.stat().st_size,
        "cold_s": seconds[0],
        "build_s": spread(seconds[1:]),
        "build_cpu_s": spread(cpu[1:]),
        "path": path,
        "page": page,
    }


SETTLED = """() => {
  const root = document.documentElement;
  if (!root.hasAttribute('data-gk-drawn') || !root.hasAttribute('data-gk-stabilized')) return false;
  const nodes = JSON.parse(document.getElementById('gk-data').textContent).nodes.length;
  return nodes > 200 || root.hasAttribute('data-gk-tidy');
}"""
TIMES = """() => {
  const d = document.documentElement.dataset;
  return {origin: performance.timeOrigin, drawn: Number(d.gkDrawn),
          settled: Math.max(Number(d.gkDrawn), Number(d.gkStabilized), Number(d.gkTidy || 0))};
}"""


def load(browser: Any, path: Path, viewport: dict[str, int], framed: bool) -> dict[str, float]:
    """One load in a new context: seconds from navigation start to drawn and settled."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(path.as_uri())
        if framed:
            page.frame_locator("iframe").locator("html[data-gk-drawn]").wait_for(
                state="attached", timeout=60_000
            )
            frame = page.frames[1]
        else:
            frame = page.main_frame
        frame.wait_for_function(SETTLED, timeout=60_000)
        times = frame.evaluate(TIMES)
        shift = times["origin"] - page.evaluate("performance.timeOrigin")  # the frame's start
        if errors:
            raise RuntimeError(f"{path.name}: {errors[:3]}")
        return {
            "drawn_s": (times["drawn"] + shift) / 1000,
            "settled_s": (times["settled"] + shift) / 1000,
        }
    finally:
        context.close()


def chromium() -> str | None:
    found = os.environ.get("GRAPHKIT_CHROMIUM") or shutil.which("chromium")
    return found if found and Path(found).exists() else None


def measure(rows: dict[str, dict[str, Any]], runs: int, viewport: dict[str, int]) -> str:
    """Add the browser figures to ``rows``; the browser's version."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium(), args=ARGS)
        try:
            first = next(iter(rows.values()))
            load(browser, first["path"], viewport, framed=False)  # warm up the browser
            for row in rows.values():
                loads = [
                    load(browser, row["path"], viewport, row.get("framed", False))
                    for _ in range(runs)
                ]
                row["drawn_s"] = spread([x["drawn_s"] for x in loads])
                row["settled_s"] = spread([x["settled_s"] for x in loads])
            return str(browser.version)
        finally:
            browser.close()


def embed_row(irs: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The article page holding the IRS view's ``--embed`` snippet, beside the view."""
    snippet = irs["page"].iframe(irs["path"].name)
    host = folder / "article.html"
    text = ARTICLE.read_text(encoding="utf-8").replace("<!-- graphkit embed -->", snippet)
    host.write_text(text, encoding="utf-8")
    return {"path": host, "framed": True, "nodes": irs["nodes"], "edges": irs["edges"]}


def target(name: str) -> float:
    return BIG_TARGET if name == "big" else SEEDS_TARGET


def verdict(name: str, row: dict[str, Any]) -> str:
    worst = [row[k]["median"] for k in ("build_s", "drawn_s") if k in row]
    return "ok" if all(x < target(name) for x in worst) else "MISSED"


def fmt(cell: dict[str, float] | None) -> str:
    return f"{cell['median']:.2f} / {cell['max']:.2f}" if cell else "-"


def table(rows: dict[str, dict[str, Any]], commands: dict[str, str]) -> str:
    lines = [
        "| view | nodes | links | dates | build, cold | build (median / max) | build, CPU "
        "| drawn (median / max) | settled (median / max) | target | |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, row in rows.items():
        dates = str(row["dates"]) if "dates" in row else ""
        cold = f"{row['cold_s']:.2f}" if "cold_s" in row else ""
        lines.append(
            f"| {commands[name]} | {row['nodes']:,} | {row['edges']:,} | {dates} | {cold} "
            f"| {fmt(row.get('build_s'))} | {fmt(row.get('build_cpu_s'))} "
            f"| {fmt(row.get('drawn_s'))} | {fmt(row.get('settled_s'))} "
            f"| < {target(name):.0f} s | {verdict(name, row)} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    names = [*views(), "embed"]
    parser.add_argument("--runs", type=int, default=5, help="Builds and loads per view.")
    parser.add_argument("--only", nargs="+", choices=names, help="Only these views.")
    parser.add_argument("--viewport", default="1280x800", help="WxH (default 1280x800).")
    parser.add_argument("--no-browser", action="store_true", help="Only build.")
    parser.add_argument("--keep", help="Folder to keep the pages in.")
    parser.add_argument("--json", help="Also write the figures as JSON here.")
    options = parser.parse_args()
    width, _, height = options.viewport.partition("x")
    viewport = {"width": int(width), "height": int(height)}
    folder = Path(options.keep or tempfile.mkdtemp(prefix="views-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    wanted = options.only or names

    from graphkit import open_graph

    start = time.perf_counter()
    graph = open_graph()
    opened = time.perf_counter() - start
    made = views()
    commands = {name: command for name, (command, _) in made.items()}
    commands["embed"] = "the IRS view's --embed snippet in an article page"
    rows: dict[str, dict[str, Any]] = {}
    for name, (_, make) in made.items():
        if name in wanted or (name == "irs" and "embed" in wanted):
            rows[name] = build(name, make, graph, folder, options.runs)
    if "embed" in wanted:
        rows["embed"] = embed_row(rows["irs"], folder)
        if "irs" not in wanted:
            del rows["irs"]

    version = None
    if not options.no_browser and chromium():
        version = measure(rows, options.runs, viewport)
        print(f"Chromium {version}, headless, {options.viewport}")
    elif not options.no_browser:
        print("no Chromium found (apt-get install -y chromium): browser figures left out")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"seeds opened in {opened:.2f} s (not counted); seconds, {options.runs} runs each")
    print(f"load average at the end (1, 5, 15 min; {os.cpu_count()} cores): {load}")
    print(table(rows, commands))
    print(f"pages in {folder}")
    if options.json:
        out = {
            "runs": options.runs,
            "viewport": options.viewport,
            "chromium": version,
            "load_average": os.getloadavg(),
            "rows": {
                name: {k: v for k, v in row.items() if k not in ("path", "page", "framed")}
                | {"command": commands[name], "verdict": verdict(name, row)}
                for name, row in rows.items()
            },
        }
        Path(options.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
