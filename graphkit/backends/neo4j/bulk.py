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
import time
from collections.abc import Callable, Iterator
from typing import Any

from graphkit import __version__
from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.load import (
    LoadSummary,
    Snapshot,
    file_digest,
    memory_message,
    out_of_memory,
    setup_schema,
    snapshot,
    stream_version,
)
from graphkit.backends.neo4j.rows import ROW_FORMAT, entity_relationships, node_row
from graphkit.backends.neo4j.unchanged import Unchanged
from graphkit.errors import GraphkitError
from graphkit.model.schema import KINDS, Entity, Source

#: The phases of a bulk load, in order, as the meta node names them.
PHASES = ("deleting", "nodes", "relationships", "removing")
#: Seconds a load waits, once it has marked a complete graph incomplete, before it changes
#: anything: a question that began on the complete graph finishes on it.
READERS_GRACE = 2.0

Row = dict[str, Any]


class InputChanged(GraphkitError):
    """The input changed between validation and writing: the load stopped, incomplete."""


def load_bulk(
    paths: list[str],
    driver: Any,
    database: str,
    batch: int = 10_000,
    progress: Callable[[int, int], None] | None = None,
    index: Any = None,
    taken: Snapshot | None = None,
) -> LoadSummary:
    """Load large inputs in many small transactions, streaming: memory stays O(ids) plus
    the file being read (each file is read whole).

    Python reads and converts the next batch while Neo4j writes the previous one (a
    single writer thread keeps the batches in order). Into a database that holds no
    graphkit entities, nodes are written with ``CREATE`` (nothing to match).

    The meta node records the input's content hash, the batch size, the phase
    (``deleting``, ``nodes``, ``relationships``, ``removing``) and the batches done, in
    the same transaction as each batch. Run again on the same input with the same batch
    size, a killed load resumes where it stopped (a deletion or removal that had not
    finished runs again: both are idempotent); on other input, another batch size or
    another graphkit version it starts over. Until it finishes, the meta node says
    ``incomplete`` and questions refuse to answer (``graphkit stats`` warns).

    ``taken`` is the input's :func:`snapshot` from before validation (``index``); it is
    taken here when not given. Every file is checked against it as it is read, and the
    whole input once more before the load is marked complete.

    Raises:
        InputChanged: the input changed since it was validated (the load stays incomplete).
        GraphkitError: a batch did not fit in the server's memory (the message says what to do).
    """
    from graphkit.ingest.validation import check_stream

    if taken is None:
        taken = snapshot(paths)
    if index is None:
        index = check_stream(*paths)  # raises SeedError: then nothing is sent
    version = taken.version
    setup_schema(driver, database)
    total_records = len(index.kinds)
    node_batches = -(-total_records // batch)
    meta = _meta(driver, database)
    summary = LoadSummary(data_version=version, mode="bulk")
    for kind, count in _kind_counts(index).items():
        summary.by_kind[kind] = count
    if _resumable(meta, version, batch):
        phase, fresh = str(meta["phase"]), bool(meta.get("fresh"))
        done_batches = int(meta.get("done_batches", 0))
        summary.note = f"resumed an interrupted load (phase {phase}, {done_batches} batches done)"
    else:
        if meta.get("status") == "incomplete":
            summary.note = "started over: the interrupted load read " + _differs(
                meta, version, batch
            )
        fresh = _entity_count(driver, database) == 0
        phase, done_batches = ("nodes" if fresh else "deleting"), 0
        driver.execute_query(
            q.META_BULK_STARTED,
            version=version,
            fresh=fresh,
            gk=__version__,
            batch=batch,
            phase=phase,
            node_batches=node_batches,
            database_=database,
        )
        if meta.get("status") == "complete" and READERS_GRACE > 0:
            time.sleep(READERS_GRACE)  # questions already under way finish on the old graph
    try:
        if phase == "deleting":
            # Relationships are rebuilt from the records: drop the old ones, in batches. A
            # load killed here resumes here: the deletion runs again until it has finished.
            _auto(driver, database, q.DELETE_RELATIONSHIPS_BATCHED, types=list(q.REL_TYPES))
            driver.execute_query(
                q.META_PHASE, phase="nodes", k=0, t=node_batches, database_=database
            )
        _write(taken, driver, database, batch, fresh, done_batches, node_batches, summary, progress)
        changed = stream_version(list(taken.paths)) != version
        if changed:
            raise InputChanged(_changed_message("the files under " + ", ".join(taken.paths)))
        if not fresh:
            driver.execute_query(q.META_PHASE, phase="removing", k=0, t=1, database_=database)
            removed = _auto(driver, database, q.REMOVE_STALE_BATCHED, version=version)
            summary.removed = removed[0]["n"] if removed else 0
    except InputChanged as exc:
        _record_error(driver, database, "the input changed while it was being loaded")
        raise exc from None
    except Exception as exc:
        if not out_of_memory(exc):
            raise
        _record_error(driver, database, "a batch did not fit in the server's memory")
        raise GraphkitError(memory_message(exc, database, batch)) from None
    driver.execute_query(q.META_BULK_DONE, row_format=ROW_FORMAT, database_=database)
    if progress:
        progress(total_records, total_records)
    return summary


def _write(
    taken: Snapshot,
    driver: Any,
    database: str,
    batch: int,
    fresh: bool,
    skip: int,
    node_batches: int,
    summary: LoadSummary,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Pass 1 writes the nodes, pass 2 the relationships, in batches of exactly ``batch``
    rows (the last one smaller) numbered in order; batches up to ``skip`` were committed
    by an interrupted run of the same load and are not sent again."""
    total_records = sum(summary.by_kind.values())
    done = rel_total = 0
    writer = _Writer(driver, database, skip=skip)
    # Nodes may be left as they are only if the last complete load wrote rows of this shape.
    same_shape = not fresh and _meta(driver, database).get("row_format") == ROW_FORMAT
    held = Unchanged.read(driver, database) if same_shape else Unchanged()
    try:
        rows: dict[str, list[Row]] = {}
        same: list[str] = []
        pending = 0

        def send() -> None:
            statements = _node_statements(rows, fresh)
            statements += [Unchanged.statement(same, taken.version)] if same else []
            writer.send(statements, "nodes", writer.number + 1, node_batches)
            summary.created += pending - len(same)
            summary.unchanged += len(same)

        for kind, record, origin in _records(taken):
            lab = KINDS[kind][1]
            row = node_row(record, lab, origin)
            if writer.number >= writer.skip and held.same(row):  # (skipped: written before)
                same.append(row["id"])
            else:
                row["load_version"] = taken.version
                rows.setdefault(lab, []).append(row)
            pending += 1
            if not isinstance(record, Source):
                rel_total += sum(1 for _ in entity_relationships(record))
            if pending == batch:
                send()
                done += pending
                rows, same, pending = {}, [], 0
                if progress:
                    progress(done, total_records)
        if pending:
            send()
            done += pending
        writer.wait()  # every node exists before a relationship refers to it
        rel_batches = -(-rel_total // batch)
        rels: dict[str, list[Row]] = {}
        pending = number = 0
        for record in _entities(taken):
            for rel, row in entity_relationships(record):
                rels.setdefault(rel, []).append(row)
                pending += 1
                if pending == batch:
                    number += 1
                    writer.send(_rel_statements(rels), "relationships", number, rel_batches)
                    summary.relationships += pending
                    rels, pending = {}, 0
                    if progress:
                        progress(done, total_records)
        if pending:
            writer.send(_rel_statements(rels), "relationships", number + 1, rel_batches)
            summary.relationships += pending
        writer.wait()
    finally:
        writer.close()


def _records(taken: Snapshot) -> Iterator[tuple[str, Source | Entity, tuple[str, int | None]]]:
    """``(kind, record, (file, line))`` from the files validated; each file, once read, is
    checked against its digest from before validation."""
    from pydantic import ValidationError

    from graphkit.ingest.read import read_file

    for path, digest in zip(taken.files, taken.digests, strict=True):
        problems: list[Any] = []
        for raw in read_file(path, problems):
            try:
                record = KINDS[raw.kind][0].model_validate(raw.data)
            except ValidationError:
                raise InputChanged(_changed_message(str(path))) from None
            yield raw.kind, record, (raw.file, raw.line())  # type: ignore[misc]
        if problems or file_digest(path) != digest:
            raise InputChanged(_changed_message(str(path)))


def _entities(taken: Snapshot) -> Iterator[Entity]:
    for _kind, record, _origin in _records(taken):
        if not isinstance(record, Source):
            yield record


def _changed_message(what: str) -> str:
    return (
        f"the input changed while it was being loaded ({what} is not what was validated); "
        "the load stopped and is left incomplete, so questions refuse to answer until a load "
        "finishes. Run `graphkit load` again once the input no longer changes: it validates "
        "the input as it is then and starts over."
    )


def _resumable(meta: dict[str, Any], version: str, batch: int) -> bool:
    """An interrupted bulk load of the same input, batch size, graphkit and a known phase."""
    return (
        meta.get("status") == "incomplete"
        and meta.get("mode") == "bulk"
        and meta.get("data_version") == version
        and meta.get("batch") == batch
        and meta.get("graphkit_version") == __version__
        and meta.get("phase") in PHASES
    )


def _differs(meta: dict[str, Any], version: str, batch: int) -> str:
    if meta.get("mode") != "bulk":
        return "nothing this loader can resume"
    if meta.get("data_version") != version:
        return f"other input (data version {meta.get('data_version')})"
    if meta.get("batch") != batch:
        return f"batches of {meta.get('batch', 'unknown')} rows, not {batch}"
    return "with another graphkit version"


def _record_error(driver: Any, database: str, error: str) -> None:
    """Say in the meta node why the load stopped (best effort: the server may be gone)."""
    with contextlib.suppress(Exception):
        driver.execute_query(q.META_ERROR, error=error, database_=database)


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

    def send(
        self, statements: list[tuple[str, dict[str, Any]]], phase: str = "", k: int = 0, t: int = 0
    ) -> None:
        """Queue batch number ``self.number + 1``, the ``k``-th of ``t`` of ``phase``."""
        self.number += 1
        if self.number <= self.skip:
            return
        self._put((self.number, statements, {"phase": phase, "k": k, "t": t}))

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
                    number, statements, meta = item
                    session.execute_write(_write_batch, statements, number, meta)
                except _NoRetry as exc:  # handed to the caller's thread
                    self.error = exc.error
                except BaseException as exc:
                    self.error = exc
                finally:
                    self.queue.task_done()


class _NoRetry(Exception):
    """A batch that did not fit in memory fails the same way each time: not retried."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


def _write_batch(
    tx: Any, statements: list[tuple[str, dict[str, Any]]], number: int, meta: dict[str, Any]
) -> None:
    """One batch and its number in the meta node, in one transaction."""
    try:
        for statement, params in statements:
            tx.run(statement, params).consume()
        tx.run(q.META_BATCH_DONE, n=number, **meta).consume()
    except Exception as exc:
        if out_of_memory(exc):
            raise _NoRetry(exc) from exc
        raise


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
