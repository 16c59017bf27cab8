"""The state of the last load into a database: the one owner of the ``GraphkitMeta`` node.

Every load records what it reads and how far it got in one node (``GraphkitMeta {id:
'load'}``); questions refuse to answer until it says ``complete``. :class:`LoadState`
alone reads it and writes it (through the ``META_*`` statements of
:mod:`graphkit.backends.neo4j.queries`): the store asks it why answers would be
partial, the loaders whether a load may resume, and a failed load reports it.

Example:
    >>> state = LoadState.from_meta({"status": "incomplete", "mode": "bulk",
    ...                              "phase": "nodes", "phase_done": 3, "phase_batches": 9})
    >>> state.complete, state.where
    (False, 'phase nodes, batch 3 of 9')
    >>> LoadState.from_meta(None).exists
    False
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphkit import __version__
from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.rows import ROW_FORMAT

#: The phases of a bulk load, in order, as the meta node names them.
PHASES = ("deleting", "nodes", "relationships", "removing")

Run = Callable[..., list[dict[str, Any]]]


@dataclass(frozen=True)
class LoadState:
    """What the meta node says of the last load: ``status`` (``complete``,
    ``incomplete`` or ``""`` when nothing was ever loaded), ``mode`` (``transaction``,
    ``bulk``, ``import``), the input's ``data_version``, the ``phase`` reached and its
    batches, and why it stopped (``error``) when it knows. ``properties`` is the node
    as read."""

    status: str = ""
    mode: str = ""
    data_version: str = ""
    graphkit_version: str = ""
    row_format: int | None = None
    phase: str = ""
    batch: int | None = None
    done_batches: int = 0
    phase_done: int = 0
    phase_batches: int | None = None
    fresh: bool = False
    selective: bool = False
    error: str = ""
    started: str = ""
    finished: str = ""
    properties: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    # ------------------------------------------------------------------ reading
    @classmethod
    def from_meta(cls, meta: dict[str, Any] | None) -> LoadState:
        """The state the meta node's properties ``meta`` describe (None: no node)."""
        meta = dict(meta or {})

        def text(key: str) -> str:
            value = meta.get(key)
            return "" if value is None else str(value)

        batches = meta.get("phase_batches")
        return cls(
            status=text("status"),
            mode=text("mode"),
            data_version=text("data_version"),
            graphkit_version=text("graphkit_version"),
            row_format=meta.get("row_format"),
            phase=text("phase"),
            batch=meta.get("batch"),
            done_batches=int(meta.get("done_batches") or 0),
            phase_done=int(meta.get("phase_done") or 0),
            phase_batches=None if batches is None else int(batches),
            fresh=bool(meta.get("fresh")),
            selective=bool(meta.get("selective")),
            error=text("error"),
            started=text("started"),
            finished=text("finished"),
            properties=meta,
        )

    @classmethod
    def read(cls, run: Run) -> LoadState:
        """Read the meta node with ``run(query, **params) -> rows`` (a
        :class:`~graphkit.backends.neo4j.client.Neo4jClient`'s ``execute``, a store's
        ``run``)."""
        rows = run(q.META)
        return cls.from_meta(rows[0]["meta"] if rows else None)

    @property
    def exists(self) -> bool:
        """Something was ever loaded (the meta node exists)."""
        return bool(self.properties)

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    @property
    def where(self) -> str:
        """How far the load got: ``phase nodes, batch 3 of 9``."""
        where = f"phase {self.phase or 'unknown'}"
        if self.phase_batches is not None:
            where += f", batch {self.phase_done} of {self.phase_batches}"
        return where

    def unfinished(self, database: str) -> str | None:
        """Why answers from ``database`` would be partial: the last load did not finish
        (it is running, was killed, or stopped on an error). None when it finished or
        nothing was loaded."""
        if not self.exists or self.complete:
            return None
        text = (
            f"the last load into {database} did not finish ({self.where}): answers would be "
            "partial. Run `graphkit load` again with the same input to finish it"
        )
        if self.mode == "import":
            text = (
                f"the offline import into {database} did not finish ({self.where}): its "
                "indexes may be missing. Run the same `graphkit load --mode import` again to "
                "finish it (other input: --mode bulk), or, for an import run by hand, "
                "after-import.cypher"
            )
        if self.error:
            text += f" (it stopped because {self.error})"
        return text + "."

    def answering(self) -> str:
        """What questions answer from, in this state (after a transaction load failed)."""
        if self.complete:
            return (
                "questions still answer from the previous load "
                f"(data version {self.data_version or None})."
            )
        if self.exists:
            return "the load before it did not finish either: questions refuse until one finishes."
        return "the database holds no graphkit data yet."

    def resumable(self, version: str, batch: int) -> bool:
        """An interrupted bulk load of the same input, batch size, graphkit and a known
        phase: a bulk load resumes it."""
        return (
            self.status == "incomplete"
            and self.mode == "bulk"
            and self.data_version == version
            and self.batch == batch
            and self.graphkit_version == __version__
            and self.phase in PHASES
        )

    def differs(self, version: str, batch: int) -> str:
        """What the interrupted load read, that this one does not."""
        if self.mode != "bulk":
            return "nothing this loader can resume"
        if self.data_version != version:
            return f"other input (data version {self.properties.get('data_version')})"
        if self.batch != batch:
            return f"batches of {self.properties.get('batch', 'unknown')} rows, not {batch}"
        return "with another graphkit version"

    def same_rows(self) -> bool:
        """The last load wrote rows of the shape this graphkit writes."""
        return self.row_format == ROW_FORMAT

    def selective_after(self) -> bool:
        """A reload after this state may rebuild only the relationships of changed
        records: the last load completed, with rows of this shape, by this graphkit."""
        return self.complete and self.same_rows() and self.graphkit_version == __version__

    def imported(self, version: str) -> bool:
        """An offline import of input ``version`` that stopped before its indexes."""
        return (self.mode, self.status, self.data_version) == ("import", "incomplete", version)

    # ------------------------------------------------------------------ writing
    # Each takes ``run(query, **params)``: a client's ``execute``, or a transaction's.

    @staticmethod
    def transaction_done(tx: Any, version: str) -> None:
        """A one-transaction load wrote input ``version`` (in its transaction ``tx``)."""
        tx.run(
            q.META_TRANSACTION_DONE, version=version, gk=__version__, row_format=ROW_FORMAT
        ).consume()

    @staticmethod
    def bulk_started(
        run: Run,
        version: str,
        *,
        fresh: bool,
        selective: bool,
        batch: int,
        phase: str,
        node_batches: int,
    ) -> None:
        """A bulk load starts (or starts over): the meta node says ``incomplete``."""
        run(
            q.META_BULK_STARTED,
            version=version,
            fresh=fresh,
            selective=selective,
            row_format=ROW_FORMAT,
            gk=__version__,
            batch=batch,
            phase=phase,
            node_batches=node_batches,
        )

    @staticmethod
    def batch_done(tx: Any, number: int, phase: str = "", k: int = 0, t: int = 0) -> None:
        """Batch ``number`` (the ``k``-th of ``t`` of ``phase``), in its transaction ``tx``."""
        tx.run(q.META_BATCH_DONE, n=number, phase=phase, k=k, t=t).consume()

    @staticmethod
    def phase_begins(run: Run, phase: str, k: int = 0, t: int = 1) -> None:
        """A phase that is not made of batches begins."""
        run(q.META_PHASE, phase=phase, k=k, t=t)

    @staticmethod
    def stopped(run: Run, error: str) -> None:
        """Say why the load stopped (best effort: the server may be gone)."""
        with contextlib.suppress(Exception):
            run(q.META_ERROR, error=error)

    @staticmethod
    def bulk_done(run: Run) -> None:
        run(q.META_BULK_DONE, row_format=ROW_FORMAT)

    @staticmethod
    def import_done(run: Run, nodes: int, relationships: int) -> None:
        run(q.META_IMPORT_DONE, nodes=nodes, rels=relationships, row_format=ROW_FORMAT)


def left_by(run: Run) -> LoadState | None:
    """The state a failed load left, read when the server still answers, else None."""
    try:
        return LoadState.read(run)
    except Exception:  # best effort: the server may be gone
        return None
