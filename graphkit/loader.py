"""Load validated data into Neo4j: constraints first, then batched ``UNWIND ... MERGE``.

A seed-size load is one transaction: readers see the old graph or the new one,
never a mix. Loading twice gives the same graph; entities removed from the seeds
are removed from the database (only nodes graphkit owns, labelled ``Entity``).
The relationships graphkit derives (``FLOWS`` and the rest) are rebuilt from the
records on every load, so they always match them.

Example (needs a running Neo4j):
    >>> from graphkit.validation import load_seeds
    >>> summary = load(load_seeds(), driver, "neo4j")   # doctest: +SKIP
    >>> summary.created                                  # doctest: +SKIP
    0
"""

from __future__ import annotations

import contextlib
import hashlib
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graphkit import __version__
from graphkit import cypher as q
from graphkit.data import GraphData
from graphkit.schema import (
    KINDS,
    LABELS,
    PARTY_LABELS,
    Agreement,
    Dataset,
    Entity,
    Source,
    neo4j_constraints,
)
from graphkit.semantics import flows

BATCH = 5_000


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


def _cited_counts(record: Entity) -> tuple[int, int]:
    items: list[Any] = [record, *record.claims]
    if isinstance(record, Agreement):
        items += [*record.status, *record.amounts]
    return len(items), sum(1 for item in items if not item.sources)


def node_row(record: Source | Entity, label: str, origin: tuple[str, int | None] | None) -> dict:
    """The properties stored on a node: the record as JSON, plus fields for Cypher users."""
    text = record.model_dump_json(exclude_none=True)
    props: dict[str, Any] = {
        "id": record.id,
        "label": label,
        "record": text,
        "hash": hashlib.sha1(text.encode()).hexdigest()[:16],
        "origin_file": origin[0] if origin else None,
        "origin_line": origin[1] if origin else None,
    }
    if isinstance(record, Source):
        props.update(
            name=record.title,
            name_lower=record.title.casefold(),
            aliases=[],
            aliases_lower=[],
            publisher=record.publisher,
            title=record.title,
            date=str(record.date) if record.date else None,
            url=record.url,
            kind_name="source",
        )
        return props
    total, unsourced = _cited_counts(record)
    props.update(
        name=record.name,
        name_lower=record.name.casefold(),
        aliases=list(record.aliases),
        aliases_lower=[a.casefold() for a in record.aliases],
        confidence=record.confidence,
        sources=list(record.sources),
        description=record.description,
        claims_total=total,
        claims_unsourced=unsourced,
        kind=getattr(record, "kind", None),
        kind_name={
            "Agency": "agency",
            "Vendor": "vendor",
            "Dataset": "dataset",
            "Agreement": "agreement",
        }[label],
    )
    if isinstance(record, Dataset):
        props.update(custodian=record.custodian, fields=list(record.fields))
    if isinstance(record, Agreement):
        events = list(record.status)
        dates = [
            str(d)
            for d in (record.signed, record.effective_from, record.effective_to)
            if d is not None
        ] + [str(e.date) for e in events]
        props.update(
            signed=_s(record.signed),
            effective_from=_s(record.effective_from),
            effective_to=_s(record.effective_to),
            start=record.effective_from.first.isoformat() if record.effective_from else None,
            until=_day_after(record.effective_to.last) if record.effective_to else None,
            status_starts=[e.date.first.isoformat() for e in events],
            status_dates=[str(e.date) for e in events],
            status_values=[e.status for e in events],
            datasets=list(record.datasets),
            amount_values=[a.value for a in record.amounts],
            amount_kinds=[a.kind for a in record.amounts],
            amount_currencies=[a.currency for a in record.amounts],
            dates=dates,
        )
    return props


def _s(value: object) -> str | None:
    return None if value is None else str(value)


def _day_after(day: Any) -> str:
    import datetime as dt

    return (day + dt.timedelta(days=1)).isoformat()


def relationship_rows(data: GraphData) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every relationship graphkit derives from the records: (type, row)."""
    for entity in data.entities():
        yield from entity_relationships(entity)


def entity_relationships(entity: Entity) -> Iterator[tuple[str, dict[str, Any]]]:
    """The relationships one entity's record defines: (type, row)."""
    for source in dict.fromkeys(entity.sources):
        yield "CITES", {"a": entity.id, "b": source, "props": {}}
    parent = getattr(entity, "parent", None)
    if parent:
        yield "PART_OF", {"a": entity.id, "b": parent, "props": {}}
    if isinstance(entity, Dataset):
        yield "CUSTODIAN_OF", {"a": entity.custodian, "b": entity.id, "props": {}}
        for origin in dict.fromkeys(entity.derived_from):
            yield "DERIVED_FROM", {"a": entity.id, "b": origin, "props": {}}
    if isinstance(entity, Agreement):
        for party in entity.parties:
            yield "PARTY_TO", {"a": party.party, "b": entity.id, "props": {"role": party.role}}
        for dataset in dict.fromkeys(entity.datasets):
            yield "COVERS", {"a": entity.id, "b": dataset, "props": {}}
        for flow in flows(entity):
            yield (
                "FLOWS",
                {
                    "a": flow.source,
                    "b": flow.target,
                    "props": {
                        "agreement": flow.agreement,
                        "datasets": list(flow.datasets),
                        "via": list(flow.via),
                        "carry_from": [lo for lo, _ in flow.windows],
                        "carry_until": [hi or q.OPEN_END for _, hi in flow.windows],
                    },
                },
            )


def data_version(data: GraphData) -> str:
    """A short hash of all records: changes whenever any fact changes."""
    digest = hashlib.sha1()
    for kind, records in data.by_kind().items():
        for ident in sorted(records):
            digest.update(kind.encode())
            digest.update(records[ident].model_dump_json().encode())
    return digest.hexdigest()[:12]


def _batches(rows: list[Any], size: int = BATCH) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def setup_schema(driver: Any, database: str) -> None:
    """Create the constraints and indexes derived from the schema (idempotent)."""
    for statement in neo4j_constraints():
        driver.execute_query(statement, database_=database)


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
        before = {
            r["id"]: r["hash"]
            for r in tx.run("MATCH (n:`Entity`) RETURN n.id AS id, n.hash AS hash")
        }
        removed = tx.run(
            "MATCH (n:`Entity`) WHERE NOT n.id IN $ids DETACH DELETE n RETURN count(*) AS n",
            ids=all_ids,
        ).single()
        summary.removed = removed["n"] if removed else 0
        tx.run(
            "MATCH (:`Entity`)-[r]->(:`Entity`) WHERE type(r) IN $types DELETE r",
            types=list(q.REL_TYPES),
        ).consume()
        others = ":".join(q.label(lab) for lab in LABELS if lab != "Entity")
        for lab, rows in node_rows.items():
            extra = ":`Party`" if lab in PARTY_LABELS else ""
            statement = (
                "UNWIND $rows AS row MERGE (n:`Entity` {id: row.id}) "
                f"REMOVE n:{others} SET n = row, n:{q.label(lab)}{extra}"
            )
            for batch in _batches(rows):
                tx.run(statement, rows=batch).consume()
                done += len(batch)
                if progress:
                    progress(done, total)
        for rel, rows in rel_rows.items():
            statement = (
                "UNWIND $rows AS row MATCH (a:`Entity` {id: row.a}), (b:`Entity` {id: row.b}) "
                f"CREATE (a)-[r:{q.rel_type(rel)}]->(b) SET r = row.props"
            )
            for batch in _batches(rows):
                tx.run(statement, rows=batch).consume()
                done += len(batch)
                summary.relationships += len(batch)
                if progress:
                    progress(done, total)
        tx.run(
            "MERGE (m:`GraphkitMeta` {id: 'load'}) SET m.status = 'complete', "
            "m.finished = toString(datetime()), m.data_version = $version, "
            "m.graphkit_version = $gk, m.mode = 'transaction'",
            version=summary.data_version,
            gk=__version__,
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
    from graphkit.validation import check_stream, iter_records

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
            "MERGE (m:`GraphkitMeta` {id: 'load'}) SET m.status = 'incomplete', "
            "m.mode = 'bulk', m.data_version = $version, m.done_batches = 0, "
            "m.fresh = $fresh, m.started = toString(datetime()), m.graphkit_version = $gk",
            version=version,
            fresh=fresh,
            gk=__version__,
            database_=database,
        )
        if not fresh:
            # Relationships are rebuilt from the records: drop the old ones, in batches.
            _auto(
                driver,
                database,
                "MATCH (:`Entity`)-[r]->(:`Entity`) WHERE type(r) IN $types "
                "CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS",
                types=list(q.REL_TYPES),
            )
    others = ":".join(q.label(lab) for lab in LABELS if lab != "Entity")
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
                writer.send(_node_statements(rows, others, fresh))
                done += pending
                summary.created += pending
                rows, pending = {}, 0
                if progress:
                    progress(done, total_records)
        if pending:
            writer.send(_node_statements(rows, others, fresh))
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
        removed = _auto(
            driver,
            database,
            "MATCH (n:`Entity`) WHERE n.load_version <> $version OR n.load_version IS NULL "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS "
            "RETURN count(*) AS n",
            version=version,
        )
        summary.removed = removed[0]["n"] if removed else 0
    driver.execute_query(
        "MATCH (m:`GraphkitMeta` {id: 'load'}) SET m.status = 'complete', "
        "m.finished = toString(datetime())",
        database_=database,
    )
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
    tx.run("MATCH (m:`GraphkitMeta` {id: 'load'}) SET m.done_batches = $n", n=number).consume()


def _entity_count(driver: Any, database: str) -> int:
    records, _, _ = driver.execute_query(
        "MATCH (n:`Entity`) RETURN count(n) AS n", database_=database
    )
    return int(records[0]["n"])


def _node_statements(
    rows: dict[str, list[dict[str, Any]]], others: str, fresh: bool = False
) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for lab, group in rows.items():
        labels = f"{q.label(lab)}:`Party`" if lab in PARTY_LABELS else q.label(lab)
        if fresh:  # an empty database: nothing to match, nothing to relabel
            statement = f"UNWIND $rows AS row CREATE (n:`Entity`:{labels}) SET n = row"
        else:
            statement = (
                "UNWIND $rows AS row MERGE (n:`Entity` {id: row.id}) "
                f"REMOVE n:{others} SET n = row, n:{labels}"
            )
        out.append((statement, {"rows": group}))
    return out


def _rel_statements(rels: dict[str, list[dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (
            "UNWIND $rows AS row MATCH (a:`Entity` {id: row.a}), (b:`Entity` {id: row.b}) "
            f"CREATE (a)-[r:{q.rel_type(rel)}]->(b) SET r = row.props",
            {"rows": group},
        )
        for rel, group in rels.items()
    ]


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
    from graphkit.validation import default_seed_paths

    return "b" + content_hash(default_seed_paths(paths))[:11]


__all__ = [
    "LoadSummary",
    "data_version",
    "load",
    "load_bulk",
    "node_row",
    "relationship_rows",
    "setup_schema",
]
