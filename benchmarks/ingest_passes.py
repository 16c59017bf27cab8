"""How often one load reads its input, and what each reading costs (no Neo4j needed).

    graphkit synth /tmp/g1M --relationships 1M
    python benchmarks/ingest_passes.py /tmp/g1M

For each reading of the input that ``graphkit validate`` and ``graphkit load`` make, the
wall time and the CPU time (the CPU time is the steadier figure on a shared machine):

- ``validate``: :func:`~graphkit.ingest.validation.load_seeds`, what ``graphkit validate``
  and a transaction load read (once, holding every record);
- ``snapshot``: the bytes, for the digests a bulk or offline load checks against;
- ``parse``: reading every record and nothing else (the floor of any reading);
- ``index``: the first streaming pass (ids, kinds, links);
- ``check_stream``: the bulk load's validation (the index pass, then the checking pass);
- ``records``: the bulk load's row source (each record read and built again);
- ``files``: the offline importer's files step (the index pass, then validation and CSV
  on every core; its CPU includes the worker processes').
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(label: str, step: Callable[[], Any]) -> Any:
    """Run ``step``; print its wall and CPU seconds (children's included)."""

    def cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    wall, used = time.perf_counter(), cpu()
    result = step()
    print(f"{label:13} wall {time.perf_counter() - wall:6.2f} s   cpu {cpu() - used:6.2f} s")
    return result


def main() -> None:
    from graphkit.backends.neo4j.importfiles import write_import_files
    from graphkit.backends.neo4j.load.input import records, snapshot
    from graphkit.ingest.read import read_file, seed_files
    from graphkit.ingest.validation import check_stream, index_files, load_seeds

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--workers", type=int, default=None, help="files step (default: cores)")
    args = parser.parse_args()
    files = seed_files([args.path])
    timed("validate", lambda: load_seeds(args.path))
    taken = timed("snapshot", lambda: snapshot([args.path]))
    timed("parse", lambda: sum(1 for f in files for _ in read_file(f, [])))
    timed("index", lambda: index_files(files, []))
    timed("check_stream", lambda: check_stream(args.path))
    timed("records", lambda: sum(1 for _ in records(taken)))
    folder = Path(tempfile.mkdtemp(prefix="graphkit-passes-"))
    try:
        timed("files", lambda: write_import_files([args.path], folder, taken.version, args.workers))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB (the validate step's, which holds every record)")


if __name__ == "__main__":
    main()
