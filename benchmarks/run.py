"""The graphkit benchmark: one command, one table.

    python benchmarks/run.py                   # 10k, 100k, 1M relationships
    python benchmarks/run.py --sizes 10k       # a smoke run (what the tests run)

For each size it generates a synthetic graph (graphkit.ingest.synth, deterministic), then
measures: the embedded build (time, peak memory, in a child process); the Neo4j
bulk load rate against a naive loader (one MERGE per row in its own transaction,
timed on a sample because it is slow); reach, reachable and path latency (p50, p95
over a fixed mix of 50 queries, max-hops 4 and 8) on both backends; the HTML view
at 500 and 2,000 nodes; and ``graphkit --help`` cold start. The Neo4j loads (the
offline importer, Bolt first and incremental loads, and the peers: LOAD CSV with CALL
IN TRANSACTIONS, naive MERGE) run on a Neo4j server the benchmark starts on a scratch
data dir (benchmarks/neo4j_loads.py; --no-neo4j leaves them out). Results go to
stdout and, with --markdown FILE, to a Markdown table.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DAY = "2024-06-01"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def embedded_build(path: Path) -> dict[str, float]:
    """Build the memory backend in a child process: wall time and peak RSS."""
    code = (
        "import time, resource, sys; t = time.perf_counter();"
        "from graphkit.ingest.validation import load_seeds;"
        "from graphkit.backends.memory import MemoryStore;"
        f"g = MemoryStore(load_seeds({str(path)!r}));"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
        " g.graph.number_of_edges())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    return {"build_s": float(out[0]), "peak_mb": int(out[1]) / 1024, "edges": int(out[2])}


def query_mix(graph: Any, rng: random.Random, n: int = 50) -> list[tuple[str, tuple]]:
    data = graph.store.data
    datasets = sorted(data.datasets)
    parties = sorted([*data.agencies, *data.vendors])
    mix = []
    for i in range(n):
        kind = ("reach", "reachable", "path")[i % 3]
        if kind == "reach":
            mix.append((kind, (rng.choice(datasets),)))
        elif kind == "reachable":
            mix.append((kind, (rng.choice(parties),)))
        else:
            mix.append((kind, (rng.choice(parties), rng.choice(parties))))
    return mix


def latencies(backend: Any, mix: list[tuple[str, tuple]], hops: int) -> dict[str, dict]:
    from graphkit import GraphkitError

    times: dict[str, list[float]] = {"reach": [], "reachable": [], "path": []}
    for kind, args in mix:
        start = time.perf_counter()
        # Same party twice, or too many paths: still a timed answer.
        with contextlib.suppress(GraphkitError):
            getattr(backend, kind)(*args, as_of=DAY, max_hops=hops)
        times[kind].append(time.perf_counter() - start)
    return {k: {"p50": pct(v, 0.5), "p95": pct(v, 0.95)} for k, v in times.items() if v}


def help_cold_start(runs: int = 5) -> float:
    best = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "graphkit", "--help"], capture_output=True, check=True
        )
        best.append(time.perf_counter() - start)
    return statistics.median(best)


def viz_figures(browser: bool = True) -> dict[str, str]:
    """Generation time and size of the HTML view at 500 and 2,000 nodes, and (with
    Chromium) the time until the diagram is first drawn (benchmarks/viz_bench.py)."""
    import importlib.util
    import shutil

    spec = importlib.util.spec_from_file_location("viz_bench", ROOT / "benchmarks" / "viz_bench.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    folder = Path(tempfile.mkdtemp(prefix="graphkit-viz-"))
    rows = [bench.generate(n, folder) for n in (500, 2000)]
    chromium = os.environ.get("GRAPHKIT_CHROMIUM") or shutil.which("chromium")
    if browser and chromium:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            page_browser = pw.chromium.launch(executable_path=chromium, args=bench.ARGS)
            bench.measure(page_browser, rows[0]["path"])  # warm up
            for row in rows:
                runs = [bench.measure(page_browser, row["path"]) for _ in range(3)]
                row["drawn_ms"] = statistics.median(r["drawn_ms"] for r in runs)
            page_browser.close()
    out = {}
    for row in rows:
        text = f"generated in {row['generate_s']:.2f} s, {row['bytes'] / 1e6:.2f} MB"
        if "drawn_ms" in row:
            text += f", drawn in Chromium in {row['drawn_ms'] / 1000:.2f} s"
        text += f" ({row['nodes']:,} nodes in the page, groups included)"
        out[f"HTML view, {row['asked']:,} nodes"] = text
    return out


def main() -> None:
    from graphkit.ingest.synth import generate, iter_sizes

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M")
    parser.add_argument("--no-neo4j", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--naive-sample", type=int, default=2000)
    parser.add_argument("--markdown", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    use_neo4j = not args.no_neo4j
    rows = []
    work = Path(tempfile.mkdtemp(prefix="graphkit-bench-"))
    # Every graph generated and its embedded build timed first, with no Neo4j running:
    # an embedded user runs none (a server idle after questions still slows it ~2 s).
    builds = {}
    for size in iter_sizes(args.sizes):
        counts = generate(work / f"g{size}", size)
        builds[size] = {"size": size, "records": sum(counts.values())}
        builds[size].update(embedded_build(work / f"g{size}"))
    server = None
    if use_neo4j:
        from neo4j_loads import Server

        server = Server(work / "neo4j")
    try:
        for size in iter_sizes(args.sizes):
            rows.append(measure(builds[size], work / f"g{size}", args, server))
    finally:
        if server is not None:
            server.stop()
    extra = {"help_s": help_cold_start(), "viz": viz_figures(not args.no_browser)}
    text = table(rows, extra)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, **extra}, indent=2))


def measure(
    build: dict[str, Any], path: Path, args: argparse.Namespace, server: Any
) -> dict[str, Any]:
    """Every other figure for the graph at ``path`` (``build``: its size and build)."""
    size = build["size"]
    row: dict[str, Any] = dict(build)
    from graphkit.backends.memory import MemoryStore
    from graphkit.graph import Graph
    from graphkit.ingest.validation import load_seeds

    memory = Graph(MemoryStore(load_seeds(path)))
    mix = query_mix(memory, random.Random(size))
    for hops in (4, 8):
        row[f"memory_h{hops}"] = latencies(memory, mix, hops)
    if server is not None:
        from neo4j_loads import loads

        from graphkit.backends.neo4j.store import Neo4jStore

        row["neo4j_load"] = loads(server, path, args.naive_sample)
        # The databases were just opened again by the import: their first questions plan
        # each query shape and read pages from disk. Another mix of 50 runs first (at 4 hops,
        # timed and reported as the first 50 after a restart; then at 8 hops); then the
        # measured mix, on a new store (no record cache).
        cold = Graph(Neo4jStore(*server.connect()))
        other = query_mix(memory, random.Random(size + 1))
        row["neo4j_cold_h4"] = latencies(cold, other, 4)
        latencies(cold, other, 8)  # the 8-hop shapes, planned too (not reported)
        cold.close()
        neo = Graph(Neo4jStore(*server.connect()))
        for hops in (4, 8):
            row[f"neo4j_h{hops}"] = latencies(neo, mix, hops)
        neo.close()
    print(json.dumps(row), flush=True)
    return row


def table(rows: list[dict[str, Any]], extra: dict[str, Any]) -> str:
    def ms(x: float) -> str:
        return f"{x * 1000:.0f} ms" if x >= 0.001 else f"{x * 1000:.2f} ms"

    head = ["metric", *(f"{r['size']:,} rels" for r in rows)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]

    def add(name: str, values: list[str]) -> None:
        lines.append("| " + " | ".join([name, *values]) + " |")

    add("records (nodes)", [f"{r['records']:,}" for r in rows])
    add("embedded build", [f"{r['build_s']:.1f} s" for r in rows])
    add("embedded peak memory", [f"{r['peak_mb']:,.0f} MB" for r in rows])
    if all("neo4j_load" in r for r in rows):
        loads = [r["neo4j_load"] for r in rows]

        def rate(key: str) -> list[str]:
            return [f"{x[key]:,.0f} rels/s" for x in loads]

        add(
            "Neo4j first load, offline importer (validate + CSV + import + indexes)",
            rate("import_rate"),
        )
        add("... of which the importer alone", rate("importer_rate"))
        add(
            "... steps (s)",
            [", ".join(f"{k} {v:.1f}" for k, v in x["import_steps"].items()) for x in loads],
        )
        add("Neo4j store on disk after the import", [f"{x['store_mb']:,.0f} MB" for x in loads])
        add("Neo4j first load through Bolt (validate + write)", rate("bolt_first_rate"))
        add("Neo4j first load through Bolt, writing only", rate("bolt_write_rate"))
        add("Neo4j incremental Bolt load (same input again)", rate("incremental_rate"))
        add("... with 1% of the agreements edited", rate("edited_rate"))
        rebuilt = [f"{x['edited_rebuilt']:,}" for x in loads]
        add("... relationships written again (1% edited)", rebuilt)
        add("... every relationship rebuilt (rows of another shape)", rate("rebuild_rate"))
        add("peer: LOAD CSV + CALL IN TRANSACTIONS (CSV + load)", rate("load_csv_rate"))
        add("peer: LOAD CSV, server only", rate("load_csv_server_rate"))
        add("peer: naive MERGE per row", rate("naive_rate"))
        add("first load / LOAD CSV", [f"{x['vs_load_csv']:.1f}x" for x in loads])
        add("first load / naive", [f"{x['vs_naive']:.0f}x" for x in loads])
        add("Bolt first load / naive", [f"{x['bolt_vs_naive']:.0f}x" for x in loads])
    for backend in ("memory", "neo4j", "neo4j_cold"):
        for hops in (4, 8):
            key = f"{backend}_h{hops}"
            if not all(key in r for r in rows):
                continue
            for question in ("reach", "reachable", "path"):
                name = "neo4j, first 50 after the import," if backend == "neo4j_cold" else backend
                add(
                    f"{name} {question} p50/p95, {hops} hops",
                    [
                        f"{ms(r[key][question]['p50'])} / {ms(r[key][question]['p95'])}"
                        for r in rows
                    ],
                )
    lines.append("")
    lines.append(f"`graphkit --help` cold start: {extra['help_s'] * 1000:.0f} ms (median of 5)")
    for name, value in (extra.get("viz") or {}).items():
        lines.append(f"{name}: {value}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
