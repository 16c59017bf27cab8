"""Load large inputs into Neo4j in many small transactions, streaming and resumable.

Python reads and converts the next batch while Neo4j writes the previous one (one
writer thread keeps the batches in order). Progress is recorded in the
``GraphkitMeta`` node in the same transaction as each batch, so a load that is killed
part-way resumes where it stopped when run again with the same input.

Example (needs a running Neo4j):
    >>> summary = load_bulk(["/tmp/g100k"], driver, "neo4j")   # doctest: +SKIP
    >>> summary.mode                                           # doctest: +SKIP
    'bulk'
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any

from graphkit import __version__
from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.load import LoadSummary, setup_schema
from graphkit.backends.neo4j.rows import entity_relationships, node_row
from graphkit.model.schema import KINDS, Source


def load_bulk(
    paths: list[str],
    driver: Any,
    database: str,
    batch: int = 10_000,
    progress: Callable[[int, int], None] | None = None,
    index: Any = None,
) -> LoadSummary:
    """Load large inputs in many small transactions, streaming: memory stays O(ids).

    Python reads and converts the next batch while Neo4j writes the previous one (a
    single writer thread keeps the batches in order). Into a database that holds no
    graphkit entities, nodes are written with ``CREATE`` (nothing to match).

    Progress is recorded in the ``GraphkitMeta`` node in the same transaction as each
    batch, so a load that is killed part-way resumes where it stopped when run again
    with the same input. Until it finishes, the meta node says ``incomplete`` and
    ``graphkit stats`` warns that the data may be incomplete.
    """
    from graphkit.ingest.validation import check_stream, iter_records

    if index is None:
        index = check_stream(*paths)  # raises SeedError: then nothing is sent
    version = _stream_version(paths)
    setup_schema(driver, database)
    total_records = len(index.kinds)
    meta = _meta(driver, database)
    resume = (
        meta.get("status") == "incomplete"
        and meta.get("data_version") == version
        and meta.get("mode") == "bulk"
    )
    done_batches = int(meta.get("done_batches", 0)) if resume else 0
    fresh = bool(meta.get("fresh")) if resume else _entity_count(driver, database) == 0
    summary = LoadSummary(data_version=version, mode="bulk")
    for kind, count in _kind_counts(index).items():
        summary.by_kind[kind] = count
    if not resume:
        driver.execute_query(
            q.META_BULK_STARTED,
            version=version,
            fresh=fresh,
            gk=__version__,
            database_=database,
        )
        if not fresh:
            # Relationships are rebuilt from the records: drop the old ones, in batches.
            _auto(driver, database, q.DELETE_RELATIONSHIPS_BATCHED, types=list(q.REL_TYPES))
    done = 0
    writer = _Writer(driver, database, skip=done_batches)
    try:
        # Pass 1: nodes, grouped by label within each batch.
        rows: dict[str, list[dict[str, Any]]] = {}
        pending = 0
        for kind, record, origin in iter_records(*paths):
            lab = KINDS[kind][1]
            row = node_row(record, lab, origin)
            row["load_version"] = version
            rows.setdefault(lab, []).append(row)
            pending += 1
            if pending >= batch:
                writer.send(_node_statements(rows, fresh))
                done += pending
                summary.created += pending
                rows, pending = {}, 0
                if progress:
                    progress(done, total_records)
        if pending:
            writer.send(_node_statements(rows, fresh))
            done += pending
            summary.created += pending
        writer.wait()  # every node exists before a relationship refers to it
        # Pass 2: relationships.
        rels: dict[str, list[dict[str, Any]]] = {}
        pending = 0
        for _kind, record, _origin in iter_records(*paths):
            if isinstance(record, Source):
                continue
            for rel, row in entity_relationships(record):
                rels.setdefault(rel, []).append(row)
                pending += 1
            if pending >= batch:
                writer.send(_rel_statements(rels))
                summary.relationships += pending
                rels, pending = {}, 0
                if progress:
                    progress(done, total_records)
        if pending:
            writer.send(_rel_statements(rels))
            summary.relationships += pending
        writer.wait()
    finally:
        writer.close()
    if not fresh:
        removed = _auto(driver, database, q.REMOVE_STALE_BATCHED, version=version)
        summary.removed = removed[0]["n"] if removed else 0
    driver.execute_query(q.META_BULK_DONE, database_=database)
    if progress:
        progress(total_records, total_records)
    return summary


_STOP = None


class _Writer:
    """Write batches in order on one background thread, one transaction each.

    ``send`` numbers every batch; batches numbered up to ``skip`` were committed by an
    interrupted run and are not sent again. Each transaction also records its number
    in the meta node. A failure on the thread is raised in the caller at its next
    ``send``/``wait``; ``close`` stops the thread without sending what is queued.
    """

    def __init__(self, driver: Any, database: str, skip: int = 0, depth: int = 2) -> None:
        self.driver, self.database, self.skip = driver, database, skip
        self.number = 0
        self.error: BaseException | None = None
        self.stopping = threading.Event()
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=depth)
        self.thread = threading.Thread(target=self._run, name="graphkit-writer", daemon=True)
        self.thread.start()

    def send(self, statements: list[tuple[str, dict[str, Any]]]) -> None:
        self.number += 1
        if self.number <= self.skip:
            return
        self._put((self.number, statements))

    def wait(self) -> None:
        """Block until everything sent so far is committed."""
        self.queue.join()  # the thread marks every item done, even after a failure
        self._check()

    def close(self) -> None:
        self.stopping.set()
        with contextlib.suppress(queue.Empty):
            while True:  # drop what is queued; the batch in flight commits or not
                self.queue.get_nowait()
                self.queue.task_done()
        self.queue.put(_STOP)
        self.thread.join()

    def _put(self, item: Any) -> None:
        while True:
            self._check()
            try:
                self.queue.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def _check(self) -> None:
        if self.error is not None:
            raise self.error

    def _run(self) -> None:
        with self.driver.session(database=self.database) as session:
            while True:
                item = self.queue.get()
                try:
                    if item is _STOP or self.stopping.is_set() or self.error is not None:
                        if item is _STOP:
                            return
                        continue
                    number, statements = item
                    session.execute_write(_write_batch, statements, number)
                except BaseException as exc:  # handed to the caller's thread
                    self.error = exc
                finally:
                    self.queue.task_done()


def _write_batch(tx: Any, statements: list[tuple[str, dict[str, Any]]], number: int) -> None:
    for statement, params in statements:
        tx.run(statement, params).consume()
    tx.run(q.META_BATCH_DONE, n=number).consume()


def _entity_count(driver: Any, database: str) -> int:
    records, _, _ = driver.execute_query(q.ENTITY_COUNT, database_=database)
    return int(records[0]["n"])


def _node_statements(
    rows: dict[str, list[dict[str, Any]]], fresh: bool = False
) -> list[tuple[str, dict[str, Any]]]:
    """Into an empty database nodes are created (nothing to match, nothing to relabel)."""
    build = q.create_nodes if fresh else q.merge_nodes
    return [(build(lab), {"rows": group}) for lab, group in rows.items()]


def _rel_statements(rels: dict[str, list[dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    return [(q.create_relationships(rel), {"rows": group}) for rel, group in rels.items()]


def _auto(driver: Any, database: str, query: str, **params: Any) -> list[dict[str, Any]]:
    """Run in an auto-commit transaction (``CALL ... IN TRANSACTIONS`` needs one)."""
    with driver.session(database=database) as session:
        return [record.data() for record in session.run(query, params)]


def _meta(driver: Any, database: str) -> dict[str, Any]:
    records, _, _ = driver.execute_query(q.META, database_=database)
    return dict(records[0]["meta"]) if records else {}


def _kind_counts(index: Any) -> dict[str, int]:
    counts: dict[str, int] = {kind: 0 for kind in KINDS}
    for kind in index.kinds.values():
        counts[kind] += 1
    return counts


def _stream_version(paths: list[str]) -> str:
    """A hash of the input files' bytes (cheap for large inputs)."""
    from graphkit.ingest.locate import content_hash
    from graphkit.ingest.read import default_seed_paths

    return "b" + content_hash(default_seed_paths(paths))[:11]
