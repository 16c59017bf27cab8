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
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphkit import __version__
from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.rows import ROW_FORMAT
from graphkit.errors import LoadLocked

#: The phases of a bulk load, in order, as the meta node names them.
PHASES = ("deleting", "nodes", "relationships", "removing")

Run = Callable[..., list[dict[str, Any]]]
#: Seconds a load's lock holder may go without progress before its lock counts as stale
#: (each batch, phase and step of a load is progress): 30 minutes.
STALE_AFTER = 30 * 60


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
        return cls.from_meta(
            {**rows[0]["meta"], "lock_idle": rows[0].get("idle")} if rows else None
        )

    @property
    def exists(self) -> bool:
        """Something was ever loaded (the meta node has a status: a load that only asked
        for the lock, and was refused, leaves none)."""
        return bool(self.status)

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
        holder = Holder.of(self)
        gone = holder.stale() if holder else None
        if holder is not None and not gone:
            return (
                f"a load into {database} is running ({holder.name}; {self.where}): answers "
                "would be partial. Ask again once it has finished (`graphkit stats "
                "--backend neo4j` shows how far it got); another load meanwhile is refused."
            )
        if holder is not None:
            return (
                f"the last load into {database} did not finish ({self.where}) and its "
                f"holder is gone: {holder.name}, but {gone}. Answers would be partial. Run "
                "`graphkit load --break-lock` with the same input to finish it."
            )
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
    # Each takes ``run(query, **params)`` (a client's ``execute``) or a transaction ``tx``,
    # and the ``load`` id of the lock the load holds: once another load holds it they
    # change nothing and raise LoadLocked (a batch's transaction then rolls back).

    @staticmethod
    def transaction_done(tx: Any, load: str, version: str) -> None:
        """A one-transaction load wrote input ``version`` (in its transaction ``tx``);
        the lock is released with it."""
        rows = tx.run(
            q.META_TRANSACTION_MINE,
            load=load,
            version=version,
            gk=__version__,
            row_format=ROW_FORMAT,
        ).data()
        _mine(rows, "mark the load complete")

    @staticmethod
    def bulk_started(
        run: Run,
        load: str,
        version: str,
        *,
        fresh: bool,
        selective: bool,
        batch: int,
        phase: str,
        node_batches: int,
    ) -> None:
        """A bulk load starts (or starts over): the meta node says ``incomplete``."""
        rows = run(
            q.META_BULK_STARTED,
            load=load,
            version=version,
            fresh=fresh,
            selective=selective,
            row_format=ROW_FORMAT,
            gk=__version__,
            batch=batch,
            phase=phase,
            node_batches=node_batches,
        )
        _mine(rows, "start")

    @staticmethod
    def batch_done(
        tx: Any, number: int, phase: str = "", k: int = 0, t: int = 0, load: str = ""
    ) -> None:
        """Batch ``number`` (the ``k``-th of ``t`` of ``phase``), in its transaction ``tx``."""
        rows = tx.run(q.META_BATCH_DONE, load=load, n=number, phase=phase, k=k, t=t).data()
        _mine(rows, f"record batch {number}")

    @staticmethod
    def phase_begins(run: Run, load: str, phase: str, k: int = 0, t: int = 1) -> None:
        """A phase that is not made of batches begins."""
        _mine(run(q.META_PHASE, load=load, phase=phase, k=k, t=t), f"begin phase {phase}")

    @staticmethod
    def stopped(run: Run, load: str, error: str) -> None:
        """Say why the load stopped (best effort: the server may be gone)."""
        with contextlib.suppress(Exception):
            run(q.META_ERROR, load=load, error=error)

    @staticmethod
    def bulk_done(run: Run, load: str) -> None:
        """The bulk load finished: complete, and the lock released."""
        _mine(run(q.META_BULK_DONE, load=load, row_format=ROW_FORMAT), "mark the load complete")

    @staticmethod
    def import_done(run: Run, load: str, nodes: int, relationships: int) -> None:
        """The offline import finished: complete, and the lock released."""
        rows = run(
            q.META_IMPORT_DONE, load=load, nodes=nodes, rels=relationships, row_format=ROW_FORMAT
        )
        _mine(rows, "mark the import complete")


def _mine(rows: list[dict[str, Any]], what: str) -> None:
    """A progress write changed the meta node; else another load took the lock over."""
    if not rows or not rows[0]["n"]:
        raise LoadLocked(
            f"this load could not {what}: it no longer holds the database's lock (another "
            "load broke it as stale, or took it after it was released). Nothing more was "
            "written by this load; `graphkit stats --backend neo4j` says which load holds "
            "the database now",
            "lock",
        )


def left_by(run: Run) -> LoadState | None:
    """The state a failed load left, read when the server still answers, else None."""
    try:
        return LoadState.read(run)
    except Exception:  # best effort: the server may be gone
        return None


@dataclass(frozen=True)
class Holder:
    """Who holds a database's load lock, as its meta node says
    (:mod:`~graphkit.backends.neo4j.load.lock`).

    Example:
        >>> holder = Holder.of(LoadState.from_meta({"lock": "ab12cd34ef", "lock_pid": 7,
        ...     "lock_host": "elsewhere", "lock_since": "2026-01-02T03:04:05Z", "lock_idle": 5}))
        >>> holder.name, holder.stale()
        ('load ab12cd34 (pid 7 on elsewhere, since 2026-01-02T03:04:05Z)', None)
        >>> Holder.of(LoadState.from_meta({"status": "complete"})) is None
        True
    """

    load: str
    host: str
    pid: int | None
    since: str
    idle: int | None

    @classmethod
    def of(cls, state: LoadState) -> Holder | None:
        """The holder of the lock in ``state``, or None when the lock is free."""
        meta = state.properties
        if not meta.get("lock"):
            return None
        pid = meta.get("lock_pid")
        idle = meta.get("lock_idle")
        return cls(
            str(meta["lock"]),
            str(meta.get("lock_host") or "?"),
            int(pid) if pid is not None else None,
            str(meta.get("lock_since") or "?"),
            int(idle) if idle is not None else None,
        )

    @property
    def name(self) -> str:
        """``load ab12cd34 (pid 7 on host, since 2026-01-02T03:04:05Z)``."""
        return f"load {self.load[:8]} (pid {self.pid} on {self.host}, since {self.since})"

    def stale(self) -> str | None:
        """Why the holder is gone (its process ended, or it made no progress for too
        long), or None when it may still be running."""
        if self.host == socket.gethostname() and self.pid is not None and not _alive(self.pid):
            return f"its process (pid {self.pid}) no longer runs on {self.host}"
        if self.idle is not None and self.idle > STALE_AFTER:
            return f"it has made no progress for {self.idle} s (over {STALE_AFTER} s)"
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it runs
        return True
    return True
