"""graphkit: who can get at whose data.

A graph of agencies, vendors, datasets and the agreements that move data between
them, each claim cited. Query it in memory (networkx) or in Neo4j.

Example:
    >>> from graphkit import open_graph
    >>> g = open_graph()                      # the seeds found (see README), in memory
    >>> result = g.reach("irs-taxpayer-addresses", as_of="2025-08-01")
    >>> "ice" in [item.party.id for item in result.results]
    True
    >>> g.diff("2025-08-01", "2025-12-15", subject="irs-taxpayer-addresses").changes[0].change
    'lost'
    >>> from graphkit import validate
    >>> validate().ok
    True

Every command of the CLI is a call here: ``open_graph`` and the :class:`Graph` methods
(``reach``, ``reachable``, ``path``, ``show``, ``search``, ``stats``, ``view``, ``diff``,
``timeline``, ``export``), :func:`validate` and :func:`load` (into Neo4j). Options after
the required arguments are keyword-only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphkit.errors import (
    Ambiguous,
    DateError,
    GraphkitError,
    InputChanged,
    InputError,
    LimitError,
    LoadError,
    LoadLocked,
    Neo4jError,
    Neo4jServerError,
    NotFound,
    Problem,
    SeedError,
)

__version__ = "0.1.0"
__all__ = [
    "Ambiguous",
    "DateError",
    "Graph",
    "GraphkitError",
    "InputChanged",
    "InputError",
    "LimitError",
    "LoadError",
    "LoadLocked",
    "Neo4jError",
    "Neo4jServerError",
    "NotFound",
    "Problem",
    "SeedError",
    "Validation",
    "__version__",
    "load",
    "open_graph",
    "validate",
]

if TYPE_CHECKING:
    from graphkit.graph import Graph
    from graphkit.tasks import Validation, load, validate


def open_graph(*paths: Any, backend: str | None = None, **options: Any) -> Graph:
    """Open a graph to query: the embedded default, or Neo4j.

    Args:
        paths: seed files or folders to load (default: ``$GRAPHKIT_SEEDS``, else ``./seeds``,
            else the seeds bundled with graphkit; see :mod:`graphkit.ingest.locate`).
            Used by the memory backend; the Neo4j backend queries what was loaded.
        backend: ``"memory"`` or ``"neo4j"`` (default: ``$GRAPHKIT_BACKEND`` or memory).
        options: backend options (Neo4j: ``uri``, ``user``, ``password``, ``database``).

    Example:
        >>> with open_graph() as g:
        ...     g.resolve("Internal Revenue Service").id
        'irs'
    """
    from graphkit.backends import open_store
    from graphkit.graph import Graph

    # open_graph(["a", "b"]) reads as open_graph("a", "b"): a list of paths is a common call
    flat = [p for item in paths for p in (item if isinstance(item, list | tuple) else [item])]
    return Graph(open_store(*flat, backend=backend, **options))


_LAZY = {
    "Graph": "graphkit.graph",
    "Validation": "graphkit.tasks",
    "load": "graphkit.tasks",
    "validate": "graphkit.tasks",
}


def __getattr__(name: str) -> Any:
    """``graphkit.Graph``, ``load``, ``validate`` are imported on first use (the CLI
    starts without them)."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
