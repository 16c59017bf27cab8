"""Size and build time of the seed views with the date slider and without it.

Builds each seed view (the ones in docs/viz.md) twice, as one date (``slider=False``)
and with every date where it changes (the default), and reports the number of dates,
the file sizes, their ratio (at most 2 by design) and the build times (median of runs,
in a warm process: pyvis imported and the templates read once first).

Run:
    python benchmarks/viz_slider_bench.py            # 3 runs each
    python benchmarks/viz_slider_bench.py --runs 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any


def views() -> dict[str, Callable[..., Any]]:
    from graphkit.viz import all_view, ego_view, path_view, reach_view, reachable_view

    return {
        "reach irs-taxpayer-addresses 2025-08-01": lambda g, **kw: reach_view(
            g, "irs-taxpayer-addresses", as_of="2025-08-01", **kw
        ),
        "reachable ice 2025-08-01": lambda g, **kw: reachable_view(
            g, "ice", as_of="2025-08-01", **kw
        ),
        "path nctue ice 2021-06-01": lambda g, **kw: path_view(
            g, "nctue", "ice", as_of="2021-06-01", **kw
        ),
        "ego ice --depth 2 2025-08-01": lambda g, **kw: ego_view(
            g, "ice", depth=2, as_of="2025-08-01", **kw
        ),
        "all 2025-08-01": lambda g, **kw: all_view(g, as_of="2025-08-01", **kw),
    }


def timed(make: Callable[[], Any], runs: int) -> tuple[Any, float]:
    seconds = []
    page = None
    for _ in range(runs):
        start = time.perf_counter()
        page = make()
        seconds.append(time.perf_counter() - start)
    return page, statistics.median(seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    from graphkit import open_graph

    graph = open_graph()
    made = views()
    next(iter(made.values()))(graph, slider=False)  # warm up: pyvis, templates
    print(
        f"{'view':<40} {'dates':>5} {'one date':>10} {'slider':>10} {'ratio':>6} "
        f"{'build 1':>8} {'build all':>9}"
    )
    for name, make in made.items():
        single, t1 = timed(lambda m=make: m(graph, slider=False), options.runs)
        page, t2 = timed(lambda m=make: m(graph), options.runs)
        a, b = len(single.html.encode()), len(page.html.encode())
        print(
            f"{name:<40} {len(page.stats['dates']):>5} {a / 1024:>8.0f}KB {b / 1024:>8.0f}KB "
            f"{b / a:>6.2f} {t1:>7.2f}s {t2:>8.2f}s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
