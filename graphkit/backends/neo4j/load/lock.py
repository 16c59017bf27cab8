"""One load at a time per database: a lock held in the database itself.

The lock is a set of properties on the meta node (``GraphkitMeta {id: 'load'}``):
``lock`` (the holder's load id), ``lock_host``, ``lock_pid``, ``lock_since`` and
``lock_beat`` (its last progress, by the server's clock). It is taken in one transaction
that first writes the node (so two takers queue on it, on any machine) and then sets
it only if it is free. Every progress write of a load names its load id
(:mod:`graphkit.backends.neo4j.queries`, ``MINE``): once another load holds the lock,
they change nothing, and the batch they belong to is rolled back. The lock is released
when the load ends, whether it finished or failed.

A lock is *stale* when its holder is gone: on this host its process no longer runs, or
it has made no progress for :data:`STALE_AFTER` seconds. Only a stale lock can be broken
(``graphkit load --break-lock``); a live holder is waited for (``--wait SECONDS``) or
the load is refused, saying who holds it and since when.

Example:
    >>> holder = Holder.of(LoadState.from_meta({"lock": "ab12cd34ef", "lock_host": "elsewhere",
    ...     "lock_pid": 7, "lock_since": "2026-01-02T03:04:05Z", "lock_idle": 5}))
    >>> print(refusal("neo4j", holder, holder.stale(), 0, False))  # doctest: +ELLIPSIS
    another load holds neo4j: load ab12cd34 (pid 7 on elsewhere, since ...), last progress 5 s...
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
import uuid
from typing import Any

from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.load.state import STALE_AFTER, Holder, LoadState
from graphkit.errors import LoadLocked

#: Seconds between two tries while a load waits for the lock (``--wait``).
POLL = 0.5


class LoadLock:
    """The lock one load holds on one database: take it with :meth:`take`, use its
    ``load`` id in every progress write, and release it at the end (a ``with`` block
    releases it however the block ends).

    Example (needs a running Neo4j):
        >>> with LoadLock.take(driver, "neo4j") as lock:  # doctest: +SKIP
        ...     LoadState.phase_begins(run, lock.load, "nodes")
    """

    def __init__(self, driver: Any, database: str, load: str, broke: Holder | None) -> None:
        self.driver, self.database, self.load = driver, database, load
        #: the stale holder whose lock this load broke, if it did
        self.broke = broke

    @classmethod
    def take(
        cls, driver: Any, database: str, wait: float = 0, break_lock: bool = False
    ) -> LoadLock:
        """Take the lock of ``database``, waiting up to ``wait`` seconds for a live holder;
        with ``break_lock``, a stale holder's lock is taken over.

        Raises:
            LoadLocked: another load holds it (the message names it, since when, and
                what to do).
        """
        load = uuid.uuid4().hex
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            holder = _try(driver, database, load, None)
            if holder is None:
                return cls(driver, database, load, None)
            why = holder.stale()
            if why and break_lock and _try(driver, database, load, holder.load) is None:
                return cls(driver, database, load, holder)
            if time.monotonic() >= deadline:
                raise LoadLocked(refusal(database, holder, why, wait, break_lock), "lock")
            time.sleep(min(POLL, max(0.0, deadline - time.monotonic())))

    def release(self) -> None:
        """Free the lock if this load still holds it (best effort: the server may be gone)."""
        with contextlib.suppress(Exception):  # else stale once the process has ended
            self.driver.execute_query(  # no bookmarks: an offline import replaced the store
                q.LOCK_RELEASE,  # the driver's bookmarks came from (it would wait for them)
                load=self.load,
                database_=self.database,
                bookmark_manager_=None,
            )

    def __enter__(self) -> LoadLock:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


def _try(driver: Any, database: str, load: str, breaking: str | None) -> Holder | None:
    """One attempt, in one transaction: None when ``load`` now holds the lock, else who
    does."""

    def attempt(tx: Any) -> Holder | None:
        tx.run(q.LOCK_QUEUE).consume()  # a write: the next taker waits for this transaction
        taken = tx.run(
            q.LOCK_TAKE,
            load=load,
            breaking=breaking,
            host=socket.gethostname(),
            pid=os.getpid(),
        ).single()
        if taken is not None:
            return None
        meta = tx.run(q.META).single()
        state = LoadState.from_meta({**meta["meta"], "lock_idle": meta["idle"]})
        return Holder.of(state)

    with driver.session(database=database) as session:
        holder: Holder | None = session.execute_write(attempt)
    return holder


def refusal(database: str, holder: Holder, why: str | None, wait: float, break_lock: bool) -> str:
    """Why a load into ``database`` may not start, and what to do."""
    text = f"another load holds {database}: {holder.name}"
    if why:
        return (
            f"{text}, but {why}: it stopped without finishing. Run the load again with "
            "--break-lock to take its lock over (the same input resumes it, other input "
            "starts over)"
        )
    waited = f"; waited {wait:g} s" if wait else ""
    text += f", last progress {holder.idle} s ago{waited}. One load at a time per database"
    if break_lock:
        text += (
            ": --break-lock takes over only a holder that is gone (its process ended on "
            f"this host, or no progress for {STALE_AFTER} s)"
        )
    return text + ". Wait for it to finish (`graphkit load --wait SECONDS` waits), or stop it"
