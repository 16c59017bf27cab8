"""Load validated data into Neo4j in one transaction: readers see the old graph or the
new one, never a mix.

Constraints first, then batched ``UNWIND ... MERGE`` (statements in
:mod:`graphkit.backends.neo4j.queries`). Loading twice gives the same graph; entities
removed from the seeds are removed from the database (only nodes graphkit owns,
labelled ``Entity``). The relationships graphkit derives (``FLOWS`` and the rest) are
rebuilt from the records on every load, so they always match them. Large inputs go
through :mod:`graphkit.backends.neo4j.bulk`.

Example (needs a running Neo4j):
    >>> from graphkit.ingest.validation import load_seeds
    >>> summary = load(load_seeds(), driver, "neo4j")   # doctest: +SKIP
    >>> summary.created                                  # doctest: +SKIP
    0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graphkit import __version__
from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.rows import data_version, node_row, relationship_rows
from graphkit.errors import GraphkitError
from graphkit.model.data import GraphData
from graphkit.model.schema import KINDS

BATCH = 5_000
#: ``mode="auto"`` loads input larger than this in bulk batches.
BULK_ABOVE_BYTES = 10_000_000


@dataclass
class LoadSummary:
    """What a load changed."""

    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    relationships: int = 0
    data_version: str = ""
    mode: str = "transaction"
    by_kind: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        if self.mode == "bulk":
            return (
                f"wrote {self.created} nodes and {self.relationships} relationships in "
                f"batches, removed {self.removed} nodes; data version {self.data_version}"
            )
        return (
            f"created {self.created}, updated {self.updated}, removed {self.removed}, "
            f"unchanged {self.unchanged} nodes; {self.relationships} relationships; "
            f"data version {self.data_version}"
        )


def load(
    data: GraphData, driver: Any, database: str, progress: Callable[[int, int], None] | None = None
) -> LoadSummary:
    """Write ``data`` into Neo4j in one transaction and report what changed."""
    setup_schema(driver, database)
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
        tx.run(q.DELETE_RELATIONSHIPS, types=list(q.REL_TYPES)).consume()
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
        tx.run(q.META_TRANSACTION_DONE, version=summary.data_version, gk=__version__).consume()
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


def load_paths(
    paths: Iterable[str],
    connect: Callable[[], tuple[Any, str]],
    mode: str = "auto",
    batch: int = 10_000,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[LoadSummary, str]:
    """Validate the seed files under ``paths``, then load them: what ``graphkit load`` does.

    ``mode`` is ``transaction`` (one transaction), ``bulk`` (resumable batches, see
    :mod:`graphkit.backends.neo4j.bulk`) or ``auto`` (bulk above 10 MB of input).
    ``connect`` gives ``(driver, database)``; it is called only once the input is
    valid, so nothing is sent for invalid input. The driver is closed at the end.

    Raises:
        SeedError: the input has problems (nothing was sent).
        GraphkitError: the load failed; the message says what state it left.
    """
    from neo4j import exceptions

    from graphkit.backends.neo4j.bulk import load_bulk
    from graphkit.ingest.read import default_seed_paths, seed_files
    from graphkit.ingest.validation import check_stream, load_seeds

    paths = list(paths)
    if mode not in ("auto", "transaction", "bulk"):
        raise GraphkitError(f"mode {mode!r} is not one of auto, transaction, bulk", "mode")
    if batch < 1:
        raise GraphkitError(f"batch {batch} is out of range; use 1 or more", "batch")
    if mode == "auto":
        size = sum(f.stat().st_size for f in seed_files(default_seed_paths(paths)))
        mode = "bulk" if size > BULK_ABOVE_BYTES else "transaction"
    data = load_seeds(*paths) if mode == "transaction" else None
    index = check_stream(*paths) if mode == "bulk" else None
    driver, database = connect()
    try:
        if data is not None:
            return load(data, driver, database, progress), database
        return load_bulk(paths, driver, database, batch, progress, index), database
    except (exceptions.Neo4jError, exceptions.DriverError) as exc:
        detail = getattr(exc, "message", None) or str(exc)
        state = (
            "Nothing was changed (one transaction)."
            if data is not None
            else "Run the load again with the same input to resume it."
        )
        raise GraphkitError(
            f"the load into {database} failed ({type(exc).__name__}: {detail}). {state}"
        ) from None
    finally:
        driver.close()
