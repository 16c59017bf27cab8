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

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.client import Neo4jClient, out_of_memory
from graphkit.backends.neo4j.load.batches import Writer, node_statements, rel_statements
from graphkit.backends.neo4j.load.input import (
    Snapshot,
    changed_message,
    entities,
    records,
    snapshot,
    stream_version,
)
from graphkit.backends.neo4j.load.lock import LoadLock
from graphkit.backends.neo4j.load.reload import write_marked
from graphkit.backends.neo4j.load.state import LoadState
from graphkit.backends.neo4j.load.summary import LoadSummary
from graphkit.backends.neo4j.load.transaction import setup_schema
from graphkit.backends.neo4j.rows import entity_relationships, node_row
from graphkit.backends.neo4j.unchanged import Unchanged
from graphkit.errors import InputChanged, LoadError
from graphkit.model.schema import KINDS, REL_TYPES, Source

#: Seconds a load waits, once it has marked a complete graph incomplete, before it changes
#: anything: a question that began on the complete graph finishes on it.
READERS_GRACE = 2.0

Row = dict[str, Any]


def load_bulk(
    paths: list[str],
    driver: Any,
    database: str,
    batch: int = 10_000,
    progress: Callable[[int, int], None] | None = None,
    index: Any = None,
    taken: Snapshot | None = None,
    wait: float = 0,
    break_lock: bool = False,
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

    One load at a time: the load holds the database's lock
    (:class:`~graphkit.backends.neo4j.load.lock.LoadLock`) from before it reads the meta
    node to the end, waiting up to ``wait`` seconds for another holder; ``break_lock``
    takes over the lock of a load that is gone. Every progress write names this load, so
    a load whose lock was taken over stops, and never marks the database complete.

    Raises:
        LoadLocked: another load holds the database (nothing was written), or took the
            lock over (this load stopped).
        InputChanged: the input changed since it was validated (the load stays incomplete).
        LoadError: a batch did not fit in the server's memory (the message says what to do).
    """
    from graphkit.ingest.validation import check_stream

    if taken is None:
        taken = snapshot(paths)
    if index is None:
        index = check_stream(*paths)  # raises SeedError: then nothing is sent
    client = Neo4jClient(driver, database)
    setup_schema(driver, database)
    with LoadLock.take(driver, database, wait, break_lock) as lock:
        summary = _load(client, lock.load, taken, index, batch, progress)
    if lock.broke is not None:
        summary.note = f"took over the lock of {lock.broke.name}; " + (summary.note or "")
    return summary


def _load(
    client: Neo4jClient,
    load: str,
    taken: Snapshot,
    index: Any,
    batch: int,
    progress: Callable[[int, int], None] | None,
) -> LoadSummary:
    """:func:`load_bulk`'s work, while ``load`` holds the lock."""
    driver, database, version = client.driver, client.database, taken.version
    total_records = len(index.kinds)
    node_batches = -(-total_records // batch)
    before = LoadState.read(client.execute)
    summary = LoadSummary(data_version=version, mode="bulk")
    for kind, count in _kind_counts(index).items():
        summary.by_kind[kind] = count
    if before.resumable(version, batch):
        phase, fresh, selective = before.phase, before.fresh, before.selective
        done_batches = before.done_batches
        summary.note = f"resumed an interrupted load (phase {phase}, {done_batches} batches done)"
    else:
        if before.status == "incomplete":
            summary.note = "started over: the interrupted load read " + before.differs(
                version, batch
            )
        fresh = _entity_count(client) == 0
        # After a complete load of rows of this shape, only the relationships of changed
        # records are rebuilt; else all of them (they are derived from the records).
        selective = not fresh and before.selective_after()
        phase, done_batches = ("nodes" if fresh or selective else "deleting"), 0
        LoadState.bulk_started(
            client.execute,
            load,
            version,
            fresh=fresh,
            selective=selective,
            batch=batch,
            phase=phase,
            node_batches=node_batches,
        )
        if before.complete and READERS_GRACE > 0:
            time.sleep(READERS_GRACE)  # questions already under way finish on the old graph
    plan = _Plan(batch, fresh, selective, done_batches, node_batches, load)
    try:
        if phase == "deleting":
            # Relationships are rebuilt from the records: drop the old ones, in batches. A
            # load killed here resumes here: the deletion runs again until it has finished.
            _auto(
                driver, database, q.DELETE_RELATIONSHIPS_BATCHED, types=list(REL_TYPES), load=load
            )
            LoadState.phase_begins(client.execute, load, "nodes", 0, node_batches)
        _write(taken, client, plan, summary, progress)
        changed = stream_version(list(taken.paths)) != version
        if changed:
            raise InputChanged(changed_message("the files under " + ", ".join(taken.paths)))
        if not fresh:
            LoadState.phase_begins(client.execute, load, "removing", 0, 1)
            if not selective:  # marks left by an interrupted selective load: all rebuilt
                _auto(driver, database, q.CLEAR_ALL_PENDING, load=load)
            _auto(driver, database, q.REMOVE_STALE_FLOWS_BATCHED, version=version, load=load)
            removed = _auto(driver, database, q.REMOVE_STALE_BATCHED, version=version, load=load)
            summary.removed = removed[0]["n"] if removed else 0
    except InputChanged as exc:
        error = "the input changed while it was being loaded"
        LoadState.stopped(client.execute, load, error)
        exc.state = LoadState(status="incomplete", mode="bulk", phase=phase, error=error)
        raise exc from None
    except Exception as exc:
        if not out_of_memory(exc):
            raise
        error = "a batch did not fit in the server's memory"
        LoadState.stopped(client.execute, load, error)
        state = LoadState(status="incomplete", mode="bulk", error=error)
        raise LoadError(memory_message(exc, database, batch), state=state) from None
    LoadState.bulk_done(client.execute, load)
    if progress:
        progress(total_records, total_records)
    return summary


@dataclass(frozen=True)
class _Plan:
    """How a bulk load writes: ``batch`` rows per transaction; ``fresh`` (an empty
    database: nodes created), ``selective`` (a reload: only the relationships of changed
    records rebuilt); batches up to ``skip`` were committed by an interrupted run."""

    batch: int
    fresh: bool
    selective: bool
    skip: int
    node_batches: int
    load: str  # the id of the lock the load holds


def _write(
    taken: Snapshot,
    client: Neo4jClient,
    plan: _Plan,
    summary: LoadSummary,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Pass 1 writes the nodes, pass 2 the relationships, in batches of exactly ``batch``
    rows (the last one smaller) numbered in order; batches up to ``skip`` were committed
    by an interrupted run of the same load and are not sent again.

    In a selective reload a changed record's node is written with its old relationships
    deleted and a mark, in one transaction; pass 2 writes the relationships of the
    marked records only, clearing their marks in the same transaction (so a resumed
    reload knows which are left), whole records per batch."""
    total_records = sum(summary.by_kind.values())
    done = rel_total = 0
    batch, fresh = plan.batch, plan.fresh
    writer = Writer(client.driver, client.database, skip=plan.skip, load=plan.load)
    # Nodes may be left as they are only if the last complete load wrote rows of this shape.
    same_shape = not fresh and LoadState.read(client.execute).same_rows()
    held = Unchanged.read(client.driver, client.database) if same_shape else Unchanged()
    defined: dict[str, int] = {}  # relationships per record (selective: to count batches)
    try:
        rows: dict[str, list[Row]] = {}
        same: list[str] = []
        pending = 0

        def send() -> None:
            # the records whose relationships are rebuilt: sources define none, and a
            # record that only moved (another file or line) keeps its own
            changed = [
                row["id"]
                for lab, group in rows.items()
                if lab != "Source"
                for row in group
                if not held.same_record(row)
            ]
            statements = []
            if plan.selective and changed:
                statements += [(query, {"ids": changed}) for query in q.DELETE_DEFINED]
            statements += node_statements(rows, fresh)
            if plan.selective and changed:
                statements.append((q.MARK_PENDING, {"ids": changed}))
            statements += [Unchanged.statement(same, taken.version)] if same else []
            writer.send(statements, "nodes", writer.number + 1, plan.node_batches)
            summary.created += pending - len(same)
            summary.unchanged += len(same)

        for kind, record, origin in records(taken):
            lab = KINDS[kind][1]
            row = node_row(record, lab, origin)
            if writer.number >= writer.skip and held.same(row):  # (skipped: written before)
                same.append(row["id"])
            else:
                row["load_version"] = taken.version
                rows.setdefault(lab, []).append(row)
            pending += 1
            if not isinstance(record, Source):
                count = sum(1 for _ in entity_relationships(record))
                rel_total += count
                if plan.selective:
                    defined[record.id] = count
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
        if plan.selective:
            ticks = (lambda: progress(done, total_records)) if progress else None
            write_marked(taken, client, writer, batch, defined, summary, ticks)
            summary.relationships = rel_total
            return
        rel_batches = -(-rel_total // batch)
        rels: dict[str, list[Row]] = {}
        pending = number = 0
        for record in entities(taken):
            for rel, row in entity_relationships(record):
                rels.setdefault(rel, []).append(row)
                pending += 1
                if pending == batch:
                    number += 1
                    writer.send(rel_statements(rels), "relationships", number, rel_batches)
                    summary.relationships += pending
                    rels, pending = {}, 0
                    if progress:
                        progress(done, total_records)
        if pending:
            writer.send(rel_statements(rels), "relationships", number + 1, rel_batches)
            summary.relationships += pending
        writer.wait()
    finally:
        writer.close()


def memory_message(exc: BaseException, database: str, batch: int) -> str:
    """Why a bulk load stopped for lack of memory, and what to change."""
    detail = getattr(exc, "message", None) or str(exc)
    return (
        f"the load into {database} stopped: a batch of {batch} rows did not fit in the Neo4j "
        f"server's memory ({getattr(exc, 'code', type(exc).__name__)}: {detail}). Load with "
        f"smaller batches (`graphkit load --batch {max(1, batch // 4)}`: it starts over), or give "
        "Neo4j more memory (GRAPHKIT_NEO4J_HEAP=4g for `graphkit neo4j start`; "
        "server.memory.heap.max_size and db.memory.transaction.total.max in neo4j.conf "
        "otherwise) and load again. Until a load finishes, questions refuse to answer."
    )


def _entity_count(client: Neo4jClient) -> int:
    return int(client.execute(q.ENTITY_COUNT)[0]["n"])


def _auto(driver: Any, database: str, query: str, **params: Any) -> list[dict[str, Any]]:
    """Run in an auto-commit transaction (``CALL ... IN TRANSACTIONS`` needs one)."""
    with driver.session(database=database) as session:
        return [record.data() for record in session.run(query, params)]


def _kind_counts(index: Any) -> dict[str, int]:
    counts: dict[str, int] = {kind: 0 for kind in KINDS}
    for kind in index.kinds.values():
        counts[kind] += 1
    return counts
