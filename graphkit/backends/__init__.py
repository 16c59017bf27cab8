"""Backends: where the questions run. ``memory`` (networkx, the default) or ``neo4j``."""

from __future__ import annotations

import os
from typing import Any

from graphkit import GraphkitError
from graphkit.backends.base import Backend

BACKENDS = ("memory", "neo4j")


def open_backend(*paths: Any, backend: str | None = None, **options: Any) -> Backend:
    """Open the backend named (or ``$GRAPHKIT_BACKEND``, or memory).

    Example:
        >>> open_backend(backend="memory").name
        'memory'
    """
    name = (backend or os.environ.get("GRAPHKIT_BACKEND") or "memory").strip().lower()
    if name == "memory":
        from graphkit.backends.memory import MemoryBackend
        from graphkit.validation import load_seeds

        return MemoryBackend(load_seeds(*paths))
    if name == "neo4j":
        from graphkit.backends.neo4j import Neo4jBackend

        return Neo4jBackend.connect(**options)
    raise GraphkitError(f"unknown backend {name!r}; use one of {', '.join(BACKENDS)}")
