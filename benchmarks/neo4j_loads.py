"""Neo4j load figures for benchmarks/run.py: graphkit's loads and their peers, one run.

On a Neo4j server of its own (started here with ``graphkit``'s manager, on a scratch
data dir, with ``LOAD CSV`` allowed to read its import folder), for one synthetic graph:

- **first load, offline importer**: ``graphkit load --mode import`` (validation and CSV
  on both cores, ``neo4j-admin database import full``, restart, indexes), end to end;
  the importer's own time beside it, as the ceiling;
- **incremental Bolt load**: the same input loaded again into the loaded database
  (``load_bulk``: unchanged nodes and their relationships kept, stale ones removed);
  then with 1% of the agreements edited (their nodes and relationships written again);
  then with every relationship rebuilt (rows of another shape, as after an upgrade);
- **first load through Bolt**: ``load_bulk`` into an emptied database;
- **peer: LOAD CSV**: what Neo4j's documentation recommends to its users, ``LOAD CSV``
  with ``CALL { ... } IN TRANSACTIONS OF 10000 ROWS``, constraints first, reading the
  same CSV files (so its time includes writing them, as graphkit's does);
- **peer: naive**: one ``MERGE`` per relationship in its own transaction, timed on a
  sample (at its rate a full load would take hours).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.connection import connect_driver
from graphkit.backends.neo4j.server import manager

EMPTY = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


class Server:
    """A scratch Neo4j for the benchmark (stopped by :meth:`stop`)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.password = secrets.token_hex(12)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        opts = os.environ.get("GRAPHKIT_NEO4J_JAVA_OPTS", "")
        os.environ["GRAPHKIT_NEO4J_JAVA_OPTS"] = f"{opts} -Dgraphkit.csv_import=on".strip()
        self.uri = manager.start(data_dir, port, password=self.password)

    def connect(self) -> tuple[Any, str]:
        return connect_driver(self.uri, "neo4j", self.password, "neo4j")

    def run(self, query: str, **params: Any) -> list[dict[str, Any]]:
        driver, database = self.connect()
        with driver, driver.session(database=database) as session:
            return [r.data() for r in session.run(query, params)]

    def empty(self) -> None:
        self.run(EMPTY)

    def stop(self) -> None:
        manager.stop(self.data_dir)


def loads(server: Server, path: Path, naive_sample: int) -> dict[str, Any]:
    """Every load figure for the graph at ``path``; leaves it loaded (by the importer)."""
    from graphkit.backends.neo4j.load.bulk import load_bulk
    from graphkit.backends.neo4j.load.plan import load_paths
    from graphkit.ingest.validation import check_stream

    out: dict[str, Any] = {}
    server.empty()
    # Graph loaded through Bolt first, emptied, then the peers, then the importer last,
    # so the questions that follow run on the imported database.
    driver, database = server.connect()
    try:
        start = time.perf_counter()
        index = check_stream(str(path))
        validated = time.perf_counter()
        summary = load_bulk([str(path)], driver, database, index=index)
        done = time.perf_counter()
        rels = summary.relationships
        out["rels"] = rels
        out["bolt_first_s"] = done - start
        out["bolt_first_rate"] = rels / (done - start)
        out["bolt_write_rate"] = rels / (done - validated)
        start = time.perf_counter()
        load_bulk([str(path)], driver, database, index=check_stream(str(path)))
        out["incremental_s"] = time.perf_counter() - start
        out["incremental_rate"] = rels / out["incremental_s"]
        # 1% of the agreements edited in place (one dataset fewer): their nodes and
        # relationships are written again, the rest kept
        with edited_agreements(path, every=100):
            start = time.perf_counter()
            summary = load_bulk([str(path)], driver, database, index=check_stream(str(path)))
            out["edited_s"] = time.perf_counter() - start
        out["edited_rate"] = summary.relationships / out["edited_s"]
        out["edited_rebuilt"] = summary.relationships_rebuilt
        # rows of another shape (as after an upgrade): every relationship is rebuilt
        driver.execute_query(
            "MATCH (m:GraphkitMeta {id: 'load'}) SET m.row_format = -1", database_=database
        )
        start = time.perf_counter()
        load_bulk([str(path)], driver, database, index=check_stream(str(path)))
        out["rebuild_s"] = time.perf_counter() - start
        out["rebuild_rate"] = rels / out["rebuild_s"]
        out["naive_rate"] = naive_rate(driver, database, path, naive_sample)
    finally:
        driver.close()
    server.empty()
    out.update(load_csv_peer(server, path, rels))
    server.empty()
    start = time.perf_counter()
    summary, _db = load_paths(
        [str(path)], server.connect, "import", data_dir=server.data_dir, password=server.password
    )
    out["import_s"] = time.perf_counter() - start
    out["import_rate"] = rels / out["import_s"]
    out["import_steps"] = summary.timings
    out["imported_rels"] = sum(r["n"] for r in server.run(q.RELATIONSHIP_COUNTS))
    store = server.data_dir / "data" / "databases" / "neo4j"
    out["store_mb"] = sum(f.stat().st_size for f in store.rglob("*") if f.is_file()) / 1e6
    out["importer_rate"] = rels / summary.timings["import"]
    out["rate"] = out["import_rate"]
    out["vs_load_csv"] = out["import_rate"] / out["load_csv_rate"]
    out["vs_naive"] = out["import_rate"] / out["naive_rate"]
    out["bolt_vs_naive"] = out["bolt_first_rate"] / out["naive_rate"]
    return out


@contextlib.contextmanager
def edited_agreements(path: Path, every: int) -> Iterator[None]:
    """The graph at ``path`` with every ``every``-th agreement that has two datasets or
    more without its first one, in place (the files as they were afterwards)."""
    import json

    file = path / "agreements.jsonl"
    original = file.read_bytes()
    lines = original.decode().splitlines()
    for number, line in enumerate(lines):
        if number % every == 0:
            record = json.loads(line)
            if len(record["datasets"]) > 1:
                record["datasets"] = record["datasets"][1:]
                lines[number] = json.dumps(record)
    file.write_text("\n".join(lines) + "\n")
    try:
        yield
    finally:
        file.write_bytes(original)


def load_csv_peer(server: Server, path: Path, rels: int) -> dict[str, Any]:
    """``LOAD CSV`` + ``CALL { } IN TRANSACTIONS``, constraints first, from the importer's
    CSV files (written into the server's import folder, timed as part of it)."""
    from graphkit.backends.neo4j.importfiles import NODE_TYPES, REL_COLUMNS, write_import_files

    folder = server.data_dir / "import"
    start = time.perf_counter()
    files = write_import_files([str(path)], folder, "peer")
    written = time.perf_counter()
    for statement in q.schema_statements():
        server.run(statement)
    for name, parts in files.nodes.items():
        header = parts[0].read_text().strip().split(",")
        sets = []
        for i, column in enumerate(header[1:], start=1):
            key, kind = column.split(":")
            sets.append(f"n.{key} = {_convert(f'row[{i}]', NODE_TYPES.get(key, kind))}")
        labels = ":".join(["Entity", name, *(["Party"] if name in ("Agency", "Vendor") else [])])
        for part in parts[1:]:
            server.run(
                f"LOAD CSV FROM 'file:///{part.name}' AS row CALL (row) {{ "
                f"CREATE (n:{labels} {{id: row[0]}}) SET {', '.join(sets)} "
                "} IN TRANSACTIONS OF 10000 ROWS"
            )
    for rel, parts in files.relationships.items():
        sets = [
            f"r.{key} = {_convert(f'row[{i}]', kind)}"
            for i, (key, kind) in enumerate(REL_COLUMNS[rel], start=2)
        ]
        set_clause = f" SET {', '.join(sets)}" if sets else ""
        for part in parts[1:]:
            server.run(
                f"LOAD CSV FROM 'file:///{part.name}' AS row CALL (row) {{ "
                "MATCH (a:Entity {id: row[0]}), (b:Entity {id: row[1]}) "
                f"CREATE (a)-[r:{rel}]->(b){set_clause} }} IN TRANSACTIONS OF 10000 ROWS"
            )
    done = time.perf_counter()
    loaded = sum(r["n"] for r in server.run(q.RELATIONSHIP_COUNTS))
    shutil.rmtree(folder)
    folder.mkdir()
    return {
        "load_csv_s": done - start,
        "load_csv_rate": rels / (done - start),
        "load_csv_server_rate": rels / (done - written),
        "load_csv_rels": loaded,
    }


def _convert(cell: str, kind: str) -> str:
    split = f"split({cell}, '\\u001f')"
    return {
        "long": f"toInteger({cell})",
        "boolean": f"({cell} = 'true')",
        "double[]": f"[x IN {split} | toFloat(x)]",
        "string[]": split,
    }.get(kind, cell)


def naive_rate(driver: Any, database: str, path: Path, sample: int) -> float:
    """One MERGE per relationship, each in its own transaction, as people write it first.

    Runs against a scratch label so it does not disturb the loaded graph; timed on
    ``sample`` relationships (at the naive rate a full load would take hours)."""
    from graphkit.backends.neo4j.rows import entity_relationships
    from graphkit.ingest.validation import iter_records

    rows = []
    for _kind, record, _origin in iter_records(str(path)):
        if hasattr(record, "publisher"):
            continue
        for rel, row in entity_relationships(record):
            rows.append((rel, row))
            if len(rows) >= sample:
                break
        if len(rows) >= sample:
            break
    driver.execute_query("MATCH (n:NaiveBench) DETACH DELETE n", database_=database)
    start = time.perf_counter()
    with driver.session(database=database) as session:
        for rel, row in rows:
            session.run(
                "MERGE (a:NaiveBench {id: $a}) MERGE (b:NaiveBench {id: $b}) "
                "MERGE (a)-[r:NAIVE {type: $t}]->(b) SET r += $props",
                a=row["a"],
                b=row["b"],
                t=rel,
                props={k: v for k, v in row["props"].items() if not isinstance(v, dict)},
            ).consume()
    elapsed = time.perf_counter() - start
    driver.execute_query("MATCH (n:NaiveBench) DETACH DELETE n", database_=database)
    return len(rows) / elapsed
