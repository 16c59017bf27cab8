"""Backends: where the questions run. ``memory`` (networkx, the default) or ``neo4j``.

Each backend is one store (:class:`~graphkit.questions.store.Store`) behind the same
:class:`~graphkit.graph.Graph` (which :func:`graphkit.open_graph` puts round the store
:func:`open_store` opens):

| package | what |
|---|---|
| ``memory`` | the networkx graph, its path searches and ``stats`` |
| ``neo4j`` | Cypher, connection, store, loaders, read-only console, local server |
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from graphkit.errors import GraphkitError

if TYPE_CHECKING:
    from graphkit.questions.store import Store

BACKENDS = ("memory", "neo4j")


def open_store(*paths: Any, backend: str | None = None, **options: Any) -> Store:
    """Open the store of the backend named (or ``$GRAPHKIT_BACKEND``, or memory).

    Example:
        >>> open_store(backend="memory").name
        'memory'
    """
    name = (backend or os.environ.get("GRAPHKIT_BACKEND") or "memory").strip().lower()
    if name == "memory":
        from graphkit.backends.memory import MemoryStore
        from graphkit.ingest.validation import load_seeds

        return MemoryStore(load_seeds(*paths))
    if name == "neo4j":
        from graphkit.backends.neo4j.store import Neo4jStore

        return Neo4jStore.connect(**options)
    raise GraphkitError(f"unknown backend {name!r}; use one of {', '.join(BACKENDS)}", "backend")
