"""A local Neo4j 5.26 Community server on the JDK, without Docker.

Maven fetches Neo4j from Maven Central once; a small embedded launcher serves Bolt on
127.0.0.1 with auth (user ``neo4j``, password from ``NEO4J_PASSWORD``).

Example:
    >>> from pathlib import Path
    >>> from graphkit.backends.neo4j.server import start, stop
    >>> uri = start(Path(".neo4j"), password="a-long-password")  # doctest: +SKIP
    >>> stop(Path(".neo4j"))  # doctest: +SKIP
    True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphkit.backends.neo4j.server.build import build_launcher
    from graphkit.backends.neo4j.server.manager import Neo4jServerError, start, status, stop

__all__ = ["Neo4jServerError", "build_launcher", "start", "status", "stop"]


def __getattr__(name: str) -> Any:
    """Import the build or the manager on first use, so ``graphkit neo4j --help`` stays fast."""
    if name == "build_launcher":
        from graphkit.backends.neo4j.server import build

        return build.build_launcher
    if name in __all__:
        from graphkit.backends.neo4j.server import manager

        return getattr(manager, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
