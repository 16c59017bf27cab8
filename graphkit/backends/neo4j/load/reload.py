"""The selective reload: after a complete load, a bulk reload rebuilds only the
relationships of the records that changed.

Pass 1 (:mod:`~graphkit.backends.neo4j.load.bulk`) writes a changed record's node with
its old relationships deleted and a mark (``rels_pending``), in one transaction. Pass 2,
here, writes the relationships of the marked records only, clearing their marks in the
same transaction, whole records per batch: a resumed reload knows from the marks which
are left.

Example (needs a running Neo4j, after pass 1 of a reload):
    >>> write_marked(taken, client, writer, 10_000, defined, summary, None)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.client import Neo4jClient
from graphkit.backends.neo4j.load.batches import Writer, rel_statements
from graphkit.backends.neo4j.load.input import Snapshot, entities
from graphkit.backends.neo4j.load.summary import LoadSummary
from graphkit.backends.neo4j.rows import entity_relationships

Row = dict[str, Any]


def write_marked(
    taken: Snapshot,
    client: Neo4jClient,
    writer: Writer,
    batch: int,
    defined: dict[str, int],
    summary: LoadSummary,
    tick: Callable[[], None] | None,
) -> None:
    """Pass 2 of a selective reload: the relationships of the records marked pending
    (``tick`` is called after each batch sent)."""
    marked = {row["id"] for row in client.execute(q.PENDING)}
    writer.skip = writer.number  # the marks, not batch numbers, say what is left
    total = -(-sum(defined.get(ident, 0) for ident in marked) // batch)
    rels: dict[str, list[Row]] = {}
    ids: list[str] = []
    pending = number = written = 0

    def send() -> None:
        nonlocal number
        number += 1
        statements = [*rel_statements(rels), (q.CLEAR_PENDING, {"ids": ids})]
        writer.send(statements, "relationships", number, max(total, number))

    for record in entities(taken):
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
