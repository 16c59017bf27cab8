"""Batches written in order on one background thread, each in its own transaction, and
the statements a batch is made of.

:mod:`graphkit.backends.neo4j.load.bulk` reads and converts the next batch while this
thread writes the previous one. Each transaction also records the batch's number in
the load's meta node, so a load that is killed resumes after the last batch committed.

Example (needs a running Neo4j):
    >>> writer = Writer(driver, "neo4j")                 # doctest: +SKIP
    >>> writer.send([("CREATE (:Entity {id: 'x'})", {})])  # doctest: +SKIP
    >>> writer.wait(); writer.close()                    # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import queue
import threading
from typing import Any

from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.client import out_of_memory
from graphkit.backends.neo4j.load.state import LoadState

_STOP = None


class Writer:
    """Write batches in order on one background thread, one transaction each.

    ``send`` numbers every batch; batches numbered up to ``skip`` were committed by an
    interrupted run and are not sent again. Each transaction also records its number
    in the meta node, if the load ``load`` still holds the lock (else it rolls back). A
    failure on the thread is raised in the caller at its next ``send``/``wait``;
    ``close`` stops the thread without sending what is queued.
    """

    def __init__(
        self, driver: Any, database: str, skip: int = 0, depth: int = 2, load: str = ""
    ) -> None:
        self.driver, self.database, self.skip, self.load = driver, database, skip, load
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
        meta = {"phase": phase, "k": k, "t": t, "load": self.load}
        self._put((self.number, statements, meta))

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
                    session.execute_write(write_batch, statements, number, meta)
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


def write_batch(
    tx: Any, statements: list[tuple[str, dict[str, Any]]], number: int, meta: dict[str, Any]
) -> None:
    """One batch and its number in the meta node, in one transaction."""
    try:
        for statement, params in statements:
            tx.run(statement, params).consume()
        LoadState.batch_done(tx, number, **meta)
    except Exception as exc:
        if out_of_memory(exc):
            raise _NoRetry(exc) from exc
        raise


def node_statements(
    rows: dict[str, list[dict[str, Any]]], fresh: bool = False
) -> list[tuple[str, dict[str, Any]]]:
    """The statements that write node ``rows`` by label. Into an empty database
    (``fresh``) nodes are created (nothing to match, nothing to relabel)."""
    build = q.create_nodes if fresh else q.merge_nodes
    return [(build(lab), {"rows": group}) for lab, group in rows.items()]


def rel_statements(rels: dict[str, list[dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    """The statements that create relationship ``rels`` by type."""
    return [(q.create_relationships(rel), {"rows": group}) for rel, group in rels.items()]
