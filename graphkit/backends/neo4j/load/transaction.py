"""Load validated data into Neo4j in one transaction: readers see the old graph or the
new one, never a mix.

Constraints first, then batched ``UNWIND ... MERGE`` (statements in
:mod:`graphkit.backends.neo4j.queries`). Loading twice gives the same graph; entities
removed from the seeds are removed from the database (only nodes graphkit owns,
labelled ``Entity``). The relationships graphkit derives (``FLOWS`` and the rest) are
rebuilt from the records on every load, so they always match them. Large inputs go
through :mod:`graphkit.backends.neo4j.load.bulk`.

Example (needs a running Neo4j):
    >>> from graphkit.ingest.validation import load_seeds
    >>> summary = load(load_seeds(), driver, "neo4j")   # doctest: +SKIP
    >>> summary.created                                  # doctest: +SKIP
    0
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit import __version__
from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.rows import ROW_FORMAT, data_version, node_row, relationship_rows
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
    #: In a reload that rebuilt only the relationships of changed records: how many
    #: (None: all of them were written).
    relationships_rebuilt: int | None = None
    data_version: str = ""
    mode: str = "transaction"
    by_kind: dict[str, int] = field(default_factory=dict)
    #: How a bulk load began: resumed an interrupted one, or started over (and why); why
    #: ``auto`` chose its mode.
    note: str = ""
    #: Seconds per step of an offline import (files, stop, import, start, finish).
    timings: dict[str, float] = field(default_factory=dict)

    def __str__(self) -> str:
        if self.mode == "import":
            steps = ", ".join(f"{k} {v:.1f} s" for k, v in self.timings.items())
            note = f"; {self.note}" if self.note else ""
            return (
                f"imported {self.created} nodes and {self.relationships} relationships with "
                f"Neo4j's offline importer ({steps}); data version {self.data_version}{note}"
            )
        if self.mode == "bulk":
            note = f" ({self.note})" if self.note else ""
            same = f" ({self.unchanged} unchanged, left as they were)" if self.unchanged else ""
            rels = f"{self.relationships} relationships"
            if self.relationships_rebuilt is not None:
                kept = self.relationships - self.relationships_rebuilt
                rels = f"{self.relationships_rebuilt} relationships ({kept} unchanged, kept)"
            return (
                f"wrote {self.created} nodes{same} and {rels} in batches, removed "
                f"{self.removed} nodes; data version {self.data_version}{note}"
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
        tx.run(
            q.META_TRANSACTION_DONE,
            version=summary.data_version,
            gk=__version__,
            row_format=ROW_FORMAT,
        ).consume()
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


def out_of_memory(exc: BaseException) -> bool:
    """The server refused or failed a transaction for lack of memory."""
    code = str(getattr(exc, "code", "") or "")
    text = str(getattr(exc, "message", "") or exc)
    return any(m in code for m in ("OutOfMemory", "MemoryLimit", "MemoryPool")) or (
        "threshold reached" in text or "memory.transaction" in text
    )


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


def _answering(driver: Any, database: str) -> str:
    """What questions answer from after a transaction load failed (best effort)."""
    try:
        records, _, _ = driver.execute_query(q.META, database_=database)
    except Exception:
        return "questions answer from the graph loaded before, as they did."
    meta = dict(records[0]["meta"]) if records else {}
    if meta.get("status") == "complete":
        version = meta.get("data_version")
        return f"questions still answer from the previous load (data version {version})."
    if meta:
        return "the load before it did not finish either: questions refuse until one finishes."
    return "the database holds no graphkit data yet."


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
    data_dir: Path | None = None,
    password: str | None = None,
) -> tuple[LoadSummary, str]:
    """Validate the seed files under ``paths``, then load them: what ``graphkit load`` does.

    ``mode`` is ``transaction`` (one transaction), ``bulk`` (resumable batches, see
    :mod:`graphkit.backends.neo4j.load.bulk`), ``import`` (Neo4j's offline importer, for a
    first load into the empty database of the server graphkit runs on ``data_dir``, see
    :mod:`graphkit.backends.neo4j.load.offline`) or ``auto``: ``import`` for a first load of
    more than 20 MB when ``data_dir`` names the running server, else ``bulk`` above
    10 MB of input, else ``transaction``. ``summary.note`` says what ``auto`` chose and
    why. ``connect`` gives ``(driver, database)``; nothing is written before the input is
    valid (``auto``, for large input with ``data_dir``, first reads whether the database
    is empty). The driver is closed at the end.

    Raises:
        SeedError: the input has problems (nothing was sent).
        GraphkitError: the load failed; the message says what state it left.
    """
    from neo4j import exceptions

    from graphkit.backends.neo4j.load.bulk import load_bulk
    from graphkit.backends.neo4j.load.offline import IMPORT_ABOVE_BYTES, load_offline
    from graphkit.ingest.read import default_seed_paths, seed_files
    from graphkit.ingest.validation import check_stream, load_seeds

    paths = list(paths)
    if mode not in ("auto", "transaction", "bulk", "import"):
        raise GraphkitError(f"mode {mode!r} is not one of auto, transaction, bulk, import", "mode")
    if batch < 1:
        raise GraphkitError(f"batch {batch} is out of range; use 1 or more", "batch")
    note = ""
    if mode == "auto":
        size = sum(f.stat().st_size for f in seed_files(default_seed_paths(paths)))
        mode = "bulk" if size > BULK_ABOVE_BYTES else "transaction"
        if size > IMPORT_ABOVE_BYTES and data_dir is not None:
            mode, note = _first_load(connect, data_dir)
        elif mode == "bulk":
            note = "auto: bulk, for input above 10 MB"
    if mode == "import":
        if data_dir is None:
            raise GraphkitError(
                "the offline importer needs the server's data dir: pass --data-dir (or set "
                "GRAPHKIT_NEO4J_HOME) to the folder `graphkit neo4j start` runs on",
                "data_dir",
            )
        try:
            summary = load_offline(paths, data_dir, connect, password)
        except (exceptions.Neo4jError, exceptions.DriverError) as exc:
            detail = getattr(exc, "message", None) or str(exc)
            raise GraphkitError(
                f"the offline import into neo4j failed ({type(exc).__name__}: {detail}). "
                "Questions refuse to answer until a load finishes; run the same load again."
            ) from None
        summary.note = note or summary.note
        return summary, "neo4j"
    taken = snapshot(paths) if mode == "bulk" else None  # before validation: see load_bulk
    data = load_seeds(*paths) if mode == "transaction" else None
    index = check_stream(*paths) if mode == "bulk" else None
    driver, database = connect()
    try:
        if data is not None:
            return load(data, driver, database, progress), database
        summary = load_bulk(paths, driver, database, batch, progress, index, taken)
        summary.note = summary.note or note
        return summary, database
    except (exceptions.Neo4jError, exceptions.DriverError) as exc:
        detail = getattr(exc, "message", None) or str(exc)
        if data is not None:
            state = "Nothing was changed (one transaction): " + _answering(driver, database)
        else:
            state = (
                "The load is left incomplete: questions refuse to answer until it finishes. "
                "Run the load again with the same input and --batch to resume it."
            )
            if isinstance(exc, exceptions.ServiceUnavailable | exceptions.SessionExpired):
                state += (
                    " If the server stopped, look in its logs for an OutOfMemoryError: then "
                    "load with a smaller --batch or give Neo4j more heap (GRAPHKIT_NEO4J_HEAP)."
                )
        raise GraphkitError(
            f"the load into {database} failed ({type(exc).__name__}: {detail}). {state}"
        ) from None
    finally:
        driver.close()


def _first_load(connect: Callable[[], tuple[Any, str]], data_dir: Path) -> tuple[str, str]:
    """``auto``'s choice for large input when graphkit may run the server: the offline
    importer when that server runs and its database holds no graphkit data, else bulk."""
    from neo4j import exceptions

    from graphkit.backends.neo4j.server import manager

    if not manager.status(data_dir)["running"]:
        return "bulk", f"auto: bulk (no server started by graphkit runs on {data_dir})"
    try:
        driver, database = connect()
        try:
            held = driver.execute_query(q.NODES_BESIDES_META, database_=database).records[0]
        finally:
            driver.close()
    except (exceptions.Neo4jError, exceptions.DriverError) as exc:
        detail = getattr(exc, "message", None) or str(exc)
        raise GraphkitError(f"cannot read the database ({type(exc).__name__}: {detail})") from None
    if database != "neo4j":
        return (
            "bulk",
            f"auto: bulk (the importer loads only the database 'neo4j', not {database!r})",
        )
    if held["n"]:
        return "bulk", "auto: bulk (the database already holds data: incremental)"
    return "import", "auto: offline importer (a first load of large input)"


@dataclass(frozen=True)
class Snapshot:
    """The input as it was before validation: its files, each file's digest, and the
    version (content hash) the meta node records. Writing checks against it."""

    paths: tuple[str, ...]
    files: tuple[Path, ...]
    digests: tuple[str, ...]
    version: str


def snapshot(paths: list[str]) -> Snapshot:
    """Take the input's fingerprint: call it before validating, so that the bytes
    validated are the bytes written (a change in between stops the load)."""
    from graphkit.ingest.read import default_seed_paths, seed_files

    roots = [str(p) for p in default_seed_paths(paths)]
    files = tuple(seed_files(roots))
    digests = tuple(file_digest(f) for f in files)
    return Snapshot(tuple(roots), files, digests, stream_version(roots))


def file_digest(path: Path) -> str:
    """The SHA-256 of one file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def stream_version(paths: list[str]) -> str:
    """A hash of the input files' names and bytes (cheap for large inputs)."""
    from graphkit.ingest.locate import content_hash
    from graphkit.ingest.read import default_seed_paths

    return "b" + content_hash(default_seed_paths(paths))[:11]
