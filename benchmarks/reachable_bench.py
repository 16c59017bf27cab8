"""Time reach, reachable and path alone on one synthetic graph, as benchmarks/run.py does.

    python benchmarks/reachable_bench.py /tmp/g1M                  # memory only
    NEO4J_URI=... NEO4J_PASSWORD=... python benchmarks/reachable_bench.py /tmp/g1M --neo4j
    python benchmarks/reachable_bench.py /tmp/g1M --answers out.json  # also save answers

The query mix and the percentiles are run.py's (seed: the size in relationships, read
from the directory name such as ``g1M``, or ``--size``). ``--answers`` writes
each answer (``to_dict``, without the question's backend and data lines) so two
versions of the code can be compared answer for answer.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run


def main() -> None:
    """Parse arguments, time the mix on each backend asked for, print p50/p95."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--size", help="the mix's seed, as run.py: 1M (default: the name)")
    parser.add_argument("--hops", default="4,8")
    parser.add_argument("--kinds", default="reach,reachable,path")
    parser.add_argument("--neo4j", action="store_true", help="Neo4j too (NEO4J_URI)")
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--answers", type=Path, help="write every answer to this JSON file")
    args = parser.parse_args()
    from graphkit.backends.memory import MemoryStore
    from graphkit.graph import Graph
    from graphkit.ingest.synth import iter_sizes
    from graphkit.ingest.validation import load_seeds

    start = time.perf_counter()
    memory = Graph(MemoryStore(load_seeds(str(args.path))))
    print(f"memory build {time.perf_counter() - start:.1f} s", flush=True)
    seed = next(iter_sizes(args.size or args.path.name.lstrip("g")))
    kinds = args.kinds.split(",")
    mix = [m for m in run.query_mix(memory, random.Random(seed)) if m[0] in kinds]
    backends = [] if args.no_memory else [memory]
    if args.neo4j:
        from graphkit.backends.neo4j.store import Neo4jStore

        backends.append(Graph(Neo4jStore.connect()))
    answers: dict[str, list] = {}
    for backend in backends:
        for hops in (int(h) for h in args.hops.split(",")):
            for kind, figures in run.latencies(backend, mix, hops).items():
                p50, p95 = figures["p50"] * 1000, figures["p95"] * 1000
                print(f"{backend.name} {kind} {hops} hops: p50 {p50:.0f} ms, p95 {p95:.0f} ms")
            if args.answers:
                answers[f"{backend.name}/{hops}"] = [answer(backend, m, hops) for m in mix]
    if args.answers:
        args.answers.write_text(json.dumps(answers, indent=1, sort_keys=True))


def answer(backend: object, item: tuple[str, tuple], hops: int) -> object:
    """One answer as plain data, or the error it raised."""
    from graphkit import GraphkitError

    kind, params = item
    try:
        result = getattr(backend, kind)(*params, as_of=run.DAY, max_hops=hops).to_dict()
    except GraphkitError as exc:
        return [kind, *params, type(exc).__name__, str(exc)]
    result["question"].pop("backend", None)
    result["question"].pop("data", None)
    return [kind, *params, result]


if __name__ == "__main__":
    main()
