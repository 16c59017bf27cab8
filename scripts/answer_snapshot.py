"""Snapshot the JSON answers of a fixed set of questions, to compare before and after a change.

A refactor that must not change behaviour is checked by running this before and after it,
on each backend, and comparing the files:

    python scripts/answer_snapshot.py --backend memory -o /tmp/before-memory.json
    ... change the code ...
    python scripts/answer_snapshot.py --backend memory -o /tmp/after-memory.json
    python scripts/answer_snapshot.py --compare /tmp/before-memory.json /tmp/after-memory.json

The questions go through the command line (``--json``), as a user asks them. Answers are
compared whole, except fields that name the backend or the moment (``backend``, timings).
Compare two backends with ``--compare A B --across``. For Neo4j, load the seeds first
(``graphkit load``) and set ``NEO4J_URI`` and the password.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.ingest.validation import load_seeds

DATES = ("2018-06-01", "2021-06-01", "2025-06-20", "2025-08-01", "2025-12-15", "2026-06-01")
#: Fields that differ between backends or runs by design, not by answer.
VOLATILE = {"backend", "elapsed", "elapsed_ms", "cypher"}


def questions() -> list[list[str]]:
    """About 200 questions over the seeds, each as command-line words."""
    data = load_seeds()
    datasets = sorted(data.datasets)
    parties = sorted({*data.agencies, *data.vendors})
    agreements = sorted(data.agreements)
    asked: list[list[str]] = []
    for i, dataset in enumerate(datasets):
        for day in DATES[i % 2 :: 2]:
            asked.append(["reach", dataset, "--as-of", day])
    for dataset in datasets[:8]:
        asked.append(["reach", dataset, "--as-of", "2025-08-01", "--evidence", "evidenced"])
        asked.append(["timeline", dataset])
        asked.append(["diff", "--from", "2025-01-01", "--to", "2026-01-01", dataset])
    for party in ("ice", "dhs", "cbp", "ice-hsi", "fbi"):
        if party in parties:
            for day in DATES[::2]:
                asked.append(["reachable", party, "--as-of", day, "--max-paths", "2"])
    pairs = [("cms", "ice"), ("irs", "ice"), ("nctue", "ice"), ("ssa", "ice"), ("ssa", "dhs")]
    for a, b in pairs:
        for day in ("2021-06-01", "2025-07-20", "2025-12-15"):
            asked.append(["path", a, b, "--as-of", day])
    for agreement in agreements[::2]:
        asked.append(["show", agreement])
    for party in parties[::4]:
        asked.append(["show", party])
    for text in ("medicaid", "ice", "plate", "clearview", "nlets"):
        asked.append(["search", text])
    for day in DATES:
        asked.append(["stats", "--as-of", day])
    asked.append(["diff", "--from", "2025-08-01", "--to", "2025-12-15"])
    return asked


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def snapshot(backend: str) -> dict[str, Any]:
    """Every question's cleaned JSON answer (or its exit code and error text)."""
    runner = CliRunner()
    out: dict[str, Any] = {}
    for words in questions():
        result = runner.invoke(cli, [*words, "--json", "--backend", backend])
        key = " ".join(words)
        if result.exit_code == 0:
            out[key] = _clean(json.loads(result.stdout))
        else:
            out[key] = {"exit": result.exit_code, "error": result.stderr.strip()[:500]}
    return out


def _without_provenance(value: Any) -> Any:
    """The answer without ``question.data`` (which names the seeds or the database)."""
    if isinstance(value, dict):
        return {k: _without_provenance(v) for k, v in value.items() if k != "data"}
    if isinstance(value, list):
        return [_without_provenance(v) for v in value]
    return value


def compare(a: Path, b: Path, across: bool = False) -> int:
    """Print the questions whose answers differ; 0 when none do.

    ``across``: the two files come from different backends, so the provenance line
    (``question.data``: seeds or database) is left out of the comparison.
    """
    left = json.loads(a.read_text(encoding="utf-8"))
    right = json.loads(b.read_text(encoding="utf-8"))
    if across:
        left, right = _without_provenance(left), _without_provenance(right)
    differ = sorted(k for k in left.keys() | right.keys() if left.get(k) != right.get(k))
    for key in differ:
        print(f"differs: {key}")
    print(f"{len(left)} questions, {len(differ)} differ")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="memory", choices=("memory", "neo4j"))
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument(
        "--across", action="store_true", help="with --compare: files from two backends"
    )
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare, across=args.across)
    answers = snapshot(args.backend)
    text = json.dumps(answers, indent=1, sort_keys=True, ensure_ascii=False)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
        print(f"{len(answers)} questions -> {args.output}", file=sys.stderr)
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
