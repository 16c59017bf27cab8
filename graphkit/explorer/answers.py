"""Asking the graph from the explorer: in a worker thread, within the time limit, and
remembered (an answer is kept while the data it came from is the same).

Example:
    >>> import anyio
    >>> from graphkit import open_graph
    >>> asker = Asker(open_graph(), time_limit=5)
    >>> hits = anyio.run(asker.get, ("search", "ice"), lambda g: g.search("ice"))
    >>> hits[0].id
    'ice'
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import anyio
import anyio.to_thread

from graphkit.errors import GraphkitError


class TooSlow(GraphkitError):
    """A question ran past the explorer's time limit (the page says how to narrow it)."""


class Asker:
    """Answers questions of one graph for the explorer's pages.

    ``time_limit`` (seconds): a question still running then is answered with
    :class:`TooSlow` (its worker finishes in the background and its answer is kept for
    the next ask). ``cache_size``: how many answers are remembered, per data version.
    """

    def __init__(self, graph: Any, time_limit: float, cache_size: int = 512) -> None:
        self.graph = graph
        self.time_limit = time_limit
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, Hashable], Any] = OrderedDict()
        self._lock = threading.Lock()
        self._working: dict[tuple[str, Hashable], threading.Lock] = {}

    def _cached(self, at: tuple[str, Hashable]) -> tuple[bool, Any]:
        with self._lock:
            if at in self._cache:
                self._cache.move_to_end(at)
                return True, self._cache[at]
            return False, None

    def _compute(self, key: Hashable, ask: Callable[[Any], Any]) -> Any:
        at = (self.graph.store.provenance(), key)
        found, value = self._cached(at)
        if found:
            return value
        with self._lock:  # one worker answers a question; the others asking it wait
            working = self._working.setdefault(at, threading.Lock())
        with working:
            found, value = self._cached(at)
            if found:
                return value
            try:
                value = ask(self.graph)
                with self._lock:
                    self._cache[at] = value
                    while len(self._cache) > self.cache_size:
                        self._cache.popitem(last=False)
            finally:
                with self._lock:
                    self._working.pop(at, None)
        return value

    async def get(
        self, key: Hashable, ask: Callable[[Any], Any], time_limit: float | None = None
    ) -> Any:
        """The answer of ``ask(graph)``, known by ``key``; raises :class:`TooSlow` past
        the time limit (``time_limit``, else the asker's), and whatever the question
        raises."""
        limit = time_limit or self.time_limit
        try:
            with anyio.fail_after(limit):
                return await anyio.to_thread.run_sync(
                    self._compute, key, ask, abandon_on_cancel=True
                )
        except TimeoutError:
            raise TooSlow(
                f"the question took longer than the explorer's limit of {limit:g} s; "
                "narrow it: a lower max_hops or max_paths, a stricter evidence filter, or one "
                "subject instead of the whole graph"
            ) from None
