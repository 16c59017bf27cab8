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
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graphkit import __version__
from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.load.batches import Writer
from graphkit.backends.neo4j.load.transaction import (
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
        selective = bool(meta.get("selective"))
        done_batches = int(meta.get("done_batches", 0))
        summary.note = f"resumed an interrupted load (phase {phase}, {done_batches} batches done)"
    else:
        if meta.get("status") == "incomplete":
            summary.note = "started over: the interrupted load read " + _differs(
                meta, version, batch
            )
        fresh = _entity_count(driver, database) == 0
        # After a complete load of rows of this shape, only the relationships of changed
        # records are rebuilt; else all of them (they are derived from the records).
        selective = (
            not fresh
            and meta.get("status") == "complete"
            and meta.get("row_format") == ROW_FORMAT
            and meta.get("graphkit_version") == __version__
        )
        phase, done_batches = ("nodes" if fresh or selective else "deleting"), 0
        driver.execute_query(
            q.META_BULK_STARTED,
            version=version,
            fresh=fresh,
            selective=selective,
            row_format=ROW_FORMAT,
            gk=__version__,
            batch=batch,
            phase=phase,
            node_batches=node_batches,
            database_=database,
        )
        if meta.get("status") == "complete" and READERS_GRACE > 0:
            time.sleep(READERS_GRACE)  # questions already under way finish on the old graph
    plan = _Plan(batch, fresh, selective, done_batches, node_batches)
    try:
        if phase == "deleting":
            # Relationships are rebuilt from the records: drop the old ones, in batches. A
            # load killed here resumes here: the deletion runs again until it has finished.
            _auto(driver, database, q.DELETE_RELATIONSHIPS_BATCHED, types=list(q.REL_TYPES))
            driver.execute_query(
                q.META_PHASE, phase="nodes", k=0, t=node_batches, database_=database
            )
        _write(taken, driver, database, plan, summary, progress)
        changed = stream_version(list(taken.paths)) != version
        if changed:
            raise InputChanged(_changed_message("the files under " + ", ".join(taken.paths)))
        if not fresh:
            driver.execute_query(q.META_PHASE, phase="removing", k=0, t=1, database_=database)
            if not selective:  # marks left by an interrupted selective load: all rebuilt
                _auto(driver, database, q.CLEAR_ALL_PENDING)
            _auto(driver, database, q.REMOVE_STALE_FLOWS_BATCHED, version=version)
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


def _write(
    taken: Snapshot,
    driver: Any,
    database: str,
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
    writer = Writer(driver, database, skip=plan.skip)
    # Nodes may be left as they are only if the last complete load wrote rows of this shape.
    same_shape = not fresh and _meta(driver, database).get("row_format") == ROW_FORMAT
    held = Unchanged.read(driver, database) if same_shape else Unchanged()
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
            statements += _node_statements(rows, fresh)
            if plan.selective and changed:
                statements.append((q.MARK_PENDING, {"ids": changed}))
            statements += [Unchanged.statement(same, taken.version)] if same else []
            writer.send(statements, "nodes", writer.number + 1, plan.node_batches)
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
            _write_marked(taken, driver, database, writer, batch, defined, summary, ticks)
            summary.relationships = rel_total
            return
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


def _write_marked(
    taken: Snapshot,
    driver: Any,
    database: str,
    writer: Writer,
    batch: int,
    defined: dict[str, int],
    summary: LoadSummary,
    tick: Callable[[], None] | None,
) -> None:
    """Pass 2 of a selective reload: the relationships of the records marked pending
    (``tick`` is called after each batch sent)."""
    marked = {r["id"] for r in driver.execute_query(q.PENDING, database_=database).records}
    writer.skip = writer.number  # the marks, not batch numbers, say what is left
    total = -(-sum(defined.get(ident, 0) for ident in marked) // batch)
    rels: dict[str, list[Row]] = {}
    ids: list[str] = []
    pending = number = written = 0

    def send() -> None:
        nonlocal number
        number += 1
        statements = [*_rel_statements(rels), (q.CLEAR_PENDING, {"ids": ids})]
        writer.send(statements, "relationships", number, max(total, number))

    for record in _entities(taken):
        if record.id not in marked:
            continue
        ids.append(record.id)
        for rel, row in entity_relationships(record):
            rels.setdefault(rel, []).append(row)
            pending += 1
        if pending >= batch:
            send()
            written += pending
            rels, ids, pending = {}, [], 0
            if tick:
                tick()
    if ids:
        send()
        written += pending
    writer.wait()
    summary.relationships_rebuilt = written


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
