"""Load validated data into Neo4j in one transaction: readers see the old graph or the
new one, never a mix.

Constraints first, then batched ``UNWIND ... MERGE`` (statements in
:mod:`graphkit.backends.neo4j.queries`). Loading twice gives the same graph; entities
removed from the seeds are removed from the database (only nodes graphkit owns,
labelled ``Entity``). The relationships graphkit derives (``FLOWS`` and the rest) are
rebuilt from the records on every load, so they always match them. Large inputs go
through :mod:`graphkit.backends.neo4j.load.bulk`; :func:`.plan.load_paths` chooses.

Example (needs a running Neo4j):
    >>> from graphkit.ingest.validation import load_seeds
    >>> summary = load(load_seeds(), driver, "neo4j")   # doctest: +SKIP
    >>> summary.created                                  # doctest: +SKIP
    0
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.load.lock import LoadLock
from graphkit.backends.neo4j.load.state import LoadState
from graphkit.backends.neo4j.load.summary import LoadSummary
from graphkit.backends.neo4j.rows import data_version, node_row, relationship_rows
from graphkit.model.data import GraphData
from graphkit.model.schema import KINDS, REL_TYPES

BATCH = 5_000


def load(
    data: GraphData,
    driver: Any,
    database: str,
    progress: Callable[[int, int], None] | None = None,
    wait: float = 0,
    break_lock: bool = False,
) -> LoadSummary:
    """Write ``data`` into Neo4j in one transaction and report what changed.

    The load holds the database's lock meanwhile (one load at a time, see
    :mod:`~graphkit.backends.neo4j.load.lock`; ``wait`` and ``break_lock`` as there): its
    transaction commits only if it still holds it, and releases it.

    Raises:
        LoadLocked: another load holds the database (nothing was written).
    """
    setup_schema(driver, database)
    with LoadLock.take(driver, database, wait, break_lock) as lock:
        summary = _load(data, driver, database, progress, lock.load)
    if lock.broke is not None:
        summary.note = f"took over the lock of {lock.broke.name}"
    return summary


def _load(
    data: GraphData,
    driver: Any,
    database: str,
    progress: Callable[[int, int], None] | None,
    lock: str,
) -> LoadSummary:
    node_rows: dict[str, list[dict[str, Any]]] = {}
    for kind, records in data.by_kind().items():
        lab = KINDS[kind][1]
        node_rows[lab] = [node_row(r, lab, data.origin.get(i)) for i, r in records.items()]
    rel_rows: dict[str, list[dict[str, Any]]] = {}
    for rel, row in relationship_rows(data):
        rel_rows.setdefault(rel, []).append(row)
    all_ids = [row["id"] for rows in node_rows.values() for row in rows]
    total = sum(len(r) for r in node_rows.values()) + sum(len(r) for r in rel_rows.values())
    summary = LoadSummary(
        data_version=data_version(data),
        by_kind={kind: len(records) for kind, records in data.by_kind().items()},
    )
    done = 0

    with driver.session(database=database) as session, session.begin_transaction() as tx:
        before = {r["id"]: r["hash"] for r in tx.run(q.ENTITY_HASHES)}
        removed = tx.run(q.REMOVE_ENTITIES_NOT_IN, ids=all_ids).single()
        summary.removed = removed["n"] if removed else 0
        tx.run(q.DELETE_RELATIONSHIPS, types=list(REL_TYPES)).consume()
        for lab, rows in node_rows.items():
            statement = q.merge_nodes(lab)
            for batch in _batches(rows):
                tx.run(statement, rows=batch).consume()
                done += len(batch)
                if progress:
                    progress(done, total)
        for rel, rows in rel_rows.items():
            statement = q.create_relationships(rel)
            for batch in _batches(rows):
                tx.run(statement, rows=batch).consume()
                done += len(batch)
                summary.relationships += len(batch)
                if progress:
                    progress(done, total)
        LoadState.transaction_done(tx, lock, summary.data_version)
        tx.commit()
    for rows in node_rows.values():
        for row in rows:
            old = before.get(row["id"])
            if old is None:
                summary.created += 1
            elif old != row["hash"]:
                summary.updated += 1
            else:
                summary.unchanged += 1
    return summary


def _batches(rows: list[Any], size: int = BATCH) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def setup_schema(driver: Any, database: str) -> None:
    """Create the constraints and indexes derived from the schema (idempotent)."""
    for statement in q.schema_statements():
        driver.execute_query(statement, database_=database)
