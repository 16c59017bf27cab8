"""A first load through the offline importer, with Neo4j's memory as `graphkit neo4j start`
sizes it against sizes set by hand, in one run (ratios between them hold on a loaded
machine, absolute seconds do not).

    python benchmarks/first_load.py --relationships 1M [--graph DIR] [--json out.json]

For each configuration, in turn: a scratch server started by graphkit's manager on a new
data dir with that configuration's environment, ``load_paths(..., "import")`` timed end
to end with its steps (``files``: validation and the importer's CSV; ``stop``, ``import``,
``start``: the launcher's, ``import`` being Neo4j's importer; ``finish``: indexes and the
load marked complete), the relationship count checked, the server stopped and its data
dir removed. graphkit's share is ``files + finish``; Neo4j's importer is ``import``.
On a machine shared with other work, wall seconds depend on the share of the cores each
process gets, so the CPU seconds are measured too: graphkit's (this process and its
workers: validation, the CSV, the finish's client side) and Neo4j's (the server's JVM:
the importer, and the indexes it builds in the finish). ``--configs`` takes names more
than once (``defaults,tuned,tuned,defaults`` evens out a load that changes).

Configurations: ``defaults`` (no variable set: Neo4j's recommendation for the machine),
``tuned`` (``GRAPHKIT_NEO4J_HEAP=3g GRAPHKIT_NEO4J_PAGECACHE=3g``, the tuned figures of
docs/performance.md) and ``before`` (1g and 64m, the sizes every start got before).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import secrets
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CONFIGS: dict[str, dict[str, str]] = {
    "defaults": {},
    "tuned": {"GRAPHKIT_NEO4J_HEAP": "3g", "GRAPHKIT_NEO4J_PAGECACHE": "3g"},
    "before": {"GRAPHKIT_NEO4J_HEAP": "1g", "GRAPHKIT_NEO4J_PAGECACHE": "64m"},
}
VARIABLES = ("GRAPHKIT_NEO4J_HEAP", "GRAPHKIT_NEO4J_PAGECACHE")


def one_load(graph: Path, work: Path, name: str) -> dict[str, Any]:
    """One configuration's first load, on a server of its own."""
    from graphkit.backends.neo4j import queries as q
    from graphkit.backends.neo4j.connection import connect_driver
    from graphkit.backends.neo4j.load.plan import load_paths
    from graphkit.backends.neo4j.server import manager

    for variable in VARIABLES:
        os.environ.pop(variable, None)
    os.environ.update(CONFIGS[name])
    data_dir = work / f"neo4j-{name}"
    password = secrets.token_hex(12)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    uri = manager.start(data_dir, port, password=password)
    try:

        def connect() -> tuple[Any, str]:
            return connect_driver(uri, "neo4j", password, "neo4j")

        info = manager.status(data_dir)
        jvm, python = _jvm_cpu(info["pid"]), _python_cpu()
        start = time.perf_counter()
        summary, _db = load_paths(
            [str(graph)], connect, "import", data_dir=data_dir, password=password
        )
        total = time.perf_counter() - start
        jvm, python = _jvm_cpu(info["pid"]) - jvm, _python_cpu() - python
        driver, database = connect()
        with driver:
            rows = driver.execute_query(q.RELATIONSHIP_COUNTS, database_=database).records
        steps = dict(summary.timings)
        return {
            "config": name,
            "memory": info["memory"],
            "python_cpu_s": round(python, 1),
            "neo4j_cpu_s": round(jvm, 1),
            "total_s": round(total, 1),
            "steps": steps,
            "graphkit_s": round(steps["files"] + steps["finish"], 1),
            "importer_s": steps["import"],
            "relationships": sum(r["n"] for r in rows),
        }
    finally:
        manager.stop(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)


def _python_cpu() -> float:
    """CPU seconds of this process and of its children that ended (the load's workers)."""
    own, ended = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + ended.ru_utime + ended.ru_stime


def _jvm_cpu(pid: int) -> float:
    """CPU seconds the server's JVM has used (it runs the importer and the indexes)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def table(results: list[dict[str, Any]]) -> str:
    """The results as a Markdown table, each configuration's total against ``tuned``."""
    runs = [r["total_s"] for r in results if r["config"] == "tuned"]
    tuned = sum(runs) / len(runs) if runs else None
    lines = [
        "| configuration | sizes | total | files | stop | import | start | finish "
        "| graphkit (files + finish) / importer, wall | CPU: graphkit / Neo4j "
        "| total / tuned (mean) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        s = r["steps"]
        ratio = f"{r['total_s'] / tuned:.2f}" if tuned else "-"
        lines.append(
            f"| {r['config']} | {r['memory']} | {r['total_s']:.1f} s | {s['files']:.1f} "
            f"| {s['stop']:.1f} | {s['import']:.1f} | {s['start']:.1f} | {s['finish']:.1f} "
            f"| {r['graphkit_s'] / r['importer_s']:.2f} "
            f"| {r['python_cpu_s']:.0f} s / {r['neo4j_cpu_s']:.0f} s | {ratio} |"
        )
    return "\n".join(lines)


def main() -> None:
    from graphkit.ingest.synth import generate, iter_sizes

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--relationships", default="1M")
    parser.add_argument("--graph", type=Path, help="a graph `graphkit synth` wrote (reused)")
    parser.add_argument("--configs", default="defaults,tuned,before")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="graphkit-first-load-"))
    graph = args.graph
    if graph is None or not graph.is_dir():
        graph = graph or work / "graph"
        (size,) = iter_sizes(args.relationships)
        generate(graph, size)
    results = []
    try:
        for name in args.configs.split(","):
            results.append(one_load(graph, work, name.strip()))
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work / "neo4j", ignore_errors=True)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
