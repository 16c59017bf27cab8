"""Import 10,000 Federal Register notices and time ``reach`` over the result.

    python benchmarks/fedreg_bench.py                 # memory, and Neo4j it starts itself
    python benchmarks/fedreg_bench.py --no-neo4j      # memory only
    python benchmarks/fedreg_bench.py --notices 1000  # a smaller run

The notices are copies of a real one (tests/fixtures/federal_register/2019-21885.xml,
GSA/OGP-1, with its API JSON) with their system number, document number and dates
changed (graphkit/interop/federal_register/synth.py): 1,000 systems with 10 versions
each by default, every later version superseding the one before, held by 100
synthetic agencies (10 systems each; ``--agencies``). They are written to a
temporary folder, imported as ``graphkit import federal-register`` does (read, plan,
validate with the existing seeds, write), then loaded into each backend, and ``reach``
is asked of a sample of the systems on several dates. Targets (issue 23): import under
a minute, ``reach`` p95 under 0.2 s on both backends. Prints the figures, the import's
CPU time beside its wall time, and the load average (on a shared machine the wall
time grows with the other work running).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
FIXTURES = ROOT / "tests" / "fixtures" / "federal_register"
DAYS = ["2019-12-01", "2022-06-01", "2025-12-01", "2028-06-01"]


def pct(values: list[float], q: float) -> float:
    """The q-th quantile of values (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def reach_times(graph: object, datasets: list[str]) -> list[float]:
    """Seconds per ``reach`` of each dataset on each of DAYS."""
    times = []
    for dataset in datasets:
        for day in DAYS:
            start = time.perf_counter()
            graph.reach(dataset, as_of=day)  # type: ignore[attr-defined]
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Generate, import, load, ask; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--systems", type=int, default=1_000)
    parser.add_argument("--agencies", type=int, default=100, help="custodians")
    parser.add_argument("--sample", type=int, default=50, help="systems asked about")
    parser.add_argument("--no-neo4j", action="store_true")
    args = parser.parse_args()
    from graphkit.backends.memory import MemoryStore
    from graphkit.graph import Graph
    from graphkit.ingest.validation import load_seeds
    from graphkit.interop.federal_register import plan_federal_register
    from graphkit.interop.federal_register.synth import agency_seeds, write_notices
    from graphkit.interop.seedout import write_plan

    work = Path(tempfile.mkdtemp(prefix="graphkit-fedreg-bench-"))
    try:
        existing = work / "existing"
        shutil.copytree(FIXTURES / "existing", existing)
        agency_seeds(existing / "agencies.yaml", args.agencies, "src-fedreg-fixture")
        start = time.perf_counter()
        files = write_notices(
            FIXTURES / "2019-21885.xml", work / "notices", args.notices, args.systems, args.agencies
        )
        print(f"generated {args.notices} notices in {time.perf_counter() - start:.1f} s")
        start, cpu = time.perf_counter(), time.process_time()
        plan = plan_federal_register(list(files), load_seeds(existing))
        planned, planned_cpu = time.perf_counter() - start, time.process_time() - cpu
        write_plan(plan, work / "out", (existing,))
        took, took_cpu = time.perf_counter() - start, time.process_time() - cpu
        counts = ", ".join(f"{len(v)} {k}" for k, v in plan.records.items() if v)
        print(
            f"import: {took:.1f} s wall, {took_cpu:.1f} s CPU ({planned:.1f} s wall, "
            f"{planned_cpu:.1f} s CPU reading and planning; the rest validating and "
            f"writing; {counts})"
        )
        print(
            f"load average during the run: {os.getloadavg()[0]:.1f} (this machine: "
            f"{os.cpu_count()} cores)"
        )
        data = load_seeds(work / "out", existing)
        rng = random.Random(23)
        sample = rng.sample(sorted(data.datasets), min(args.sample, len(data.datasets)))
        memory = Graph(MemoryStore(data))
        times = reach_times(memory, sample)
        print(
            f"memory reach: p50 {pct(times, 0.5) * 1000:.0f} ms, "
            f"p95 {pct(times, 0.95) * 1000:.0f} ms ({len(times)} questions)"
        )
        if not args.no_neo4j:
            neo4j(work, [work / "out", existing], sample)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def neo4j(work: Path, paths: list[Path], sample: list[str]) -> None:
    """Load into a scratch Neo4j (the bulk load, in batches), time reach there, stop it."""
    from neo4j_loads import Server

    from graphkit.backends.neo4j.load.bulk import load_bulk
    from graphkit.backends.neo4j.store import Neo4jStore
    from graphkit.graph import Graph

    server = Server(work / "neo4j")
    try:
        driver, database = server.connect()
        start = time.perf_counter()
        load_bulk([str(p) for p in paths], driver, database)
        print(f"neo4j load: {time.perf_counter() - start:.1f} s")
        graph = Graph(Neo4jStore(driver, database))
        reach_times(graph, sample[:5])  # warm the page cache and query plans
        times = reach_times(graph, sample)
        print(
            f"neo4j reach: p50 {pct(times, 0.5) * 1000:.0f} ms, "
            f"p95 {pct(times, 0.95) * 1000:.0f} ms ({len(times)} questions)"
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
