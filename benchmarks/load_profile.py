"""Where the time of a Neo4j bulk load goes: Python's share and the server's share.

    graphkit synth /tmp/g1M --relationships 1M
    python benchmarks/load_profile.py /tmp/g1M

It times, one after the other, on the same input:

1. validation (``check_stream``: two streaming passes);
2. Python alone: reading the records and building every node and relationship row
   (what ``load_bulk`` does besides sending);
3. the server alone: the same rows, built beforehand and held in memory, written
   into an emptied database with the statements ``load_bulk`` sends (``CREATE`` nodes,
   ``MATCH``/``CREATE`` relationships, 10,000 rows a transaction), so the figure is
   the floor that any Bolt loader pays on this machine;
4. ``load_bulk`` itself (validation excluded), where 2 and 3 overlap.

Needs NEO4J_URI / NEO4J_PASSWORD. It empties the database.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rows(path: str) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[dict[str, Any]]]]:
    from graphkit.backends.neo4j.rows import entity_relationships, node_row
    from graphkit.ingest.validation import iter_records
    from graphkit.model.schema import KINDS, Source

    nodes: dict[str, list[dict[str, Any]]] = {}
    rels: dict[str, list[dict[str, Any]]] = {}
    for kind, record, origin in iter_records(path):
        label = KINDS[kind][1]
        nodes.setdefault(label, []).append(node_row(record, label, origin))
        if not isinstance(record, Source):
            for rel, row in entity_relationships(record):
                rels.setdefault(rel, []).append(row)
    return nodes, rels


def main() -> None:
    from graphkit.backends.neo4j.load.batches import node_statements, rel_statements
    from graphkit.backends.neo4j.load.bulk import _auto, load_bulk
    from graphkit.backends.neo4j.load.transaction import setup_schema
    from graphkit.backends.neo4j.store import connect_driver
    from graphkit.ingest.validation import check_stream

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--batch", type=int, default=10_000)
    args = parser.parse_args()

    start = time.perf_counter()
    index = check_stream(args.path)
    validate_s = time.perf_counter() - start

    start = time.perf_counter()
    nodes, rels = rows(args.path)
    python_s = time.perf_counter() - start
    n_nodes = sum(map(len, nodes.values()))
    n_rels = sum(map(len, rels.values()))

    driver, database = connect_driver()
    with driver:

        def empty() -> None:
            _auto(driver, database, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS")
            setup_schema(driver, database)

        def write(statements: list[tuple[str, dict[str, Any]]]) -> None:
            with driver.session(database=database) as session:
                for statement, params in statements:
                    session.execute_write(lambda tx, s=statement, p=params: tx.run(s, p).consume())

        empty()
        start = time.perf_counter()
        for label, group in nodes.items():
            for i in range(0, len(group), args.batch):
                write(node_statements({label: group[i : i + args.batch]}, fresh=True))
        server_nodes_s = time.perf_counter() - start
        start = time.perf_counter()
        for rel, group in rels.items():
            for i in range(0, len(group), args.batch):
                write(rel_statements({rel: group[i : i + args.batch]}))
        server_rels_s = time.perf_counter() - start
        del nodes, rels

        empty()
        start = time.perf_counter()
        load_bulk([args.path], driver, database, batch=args.batch, index=index)
        load_s = time.perf_counter() - start

    def line(name: str, seconds: float, what: str) -> None:
        print(f"{name:<44} {seconds:7.1f} s  {what}")

    print(f"{args.path}: {n_nodes:,} nodes, {n_rels:,} relationships")
    line("1. validation", validate_s, f"{n_rels / validate_s:,.0f} rels/s")
    line("2. Python: read records, build rows", python_s, f"{n_rels / python_s:,.0f} rels/s")
    line("3a. server alone: nodes", server_nodes_s, f"{n_nodes / server_nodes_s:,.0f} nodes/s")
    line("3b. server alone: relationships", server_rels_s, f"{n_rels / server_rels_s:,.0f} rels/s")
    floor = server_nodes_s + server_rels_s
    line("3. server alone, total", floor, f"{n_rels / floor:,.0f} rels/s")
    line("4. load_bulk (2 and 3 overlapped)", load_s, f"{n_rels / load_s:,.0f} rels/s")
    total = validate_s + load_s
    line("   graphkit load --mode bulk (1 + 4)", total, f"{n_rels / total:,.0f} rels/s")


if __name__ == "__main__":
    main()
