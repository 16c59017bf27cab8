"""One Neo4j client: the driver, the database, and the one map from the driver's errors
to graphkit's.

The store, the console and the loaders talk to Neo4j through :class:`Neo4jClient`, and
every error the driver raises goes through :func:`mapped` (in the spirit of httpx's
``map_httpcore_exceptions``): no other module catches ``neo4j.exceptions``. A caller
says in words what failed with an ``explain`` function that reads a :class:`Failure`,
so each place keeps its own message while the driver's classes are read here alone.

Example:
    >>> from graphkit.errors import Neo4jError
    >>> from neo4j.exceptions import ServiceUnavailable
    >>> try:
    ...     with mapped():
    ...         raise ServiceUnavailable("gone")
    ... except Neo4jError as exc:
    ...     print(exc)
    Neo4j query failed (ServiceUnavailable): gone
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graphkit.errors import GraphkitError, Neo4jError

#: What a driver error is, as graphkit words it.
KINDS = (
    "auth",  # the server refused the credentials
    "unavailable",  # the server cannot be reached, or the connection was lost
    "no-database",  # the database named does not exist
    "timeout",  # the server stopped a transaction that ran past its timeout
    "forbidden",  # the server refused a write (read access only)
    "memory",  # the server refused or failed a transaction for lack of memory
    "config",  # the driver refused its settings (a bad URI...)
    "server",  # any other error the server reported
    "driver",  # any other error of the driver
)


@dataclass(frozen=True)
class Failure:
    """A driver error, read once: its class name, the server's status code (``""`` for
    the driver's own errors), its message, and its :data:`KINDS` entry.

    Example:
        >>> from neo4j.exceptions import SessionExpired
        >>> f = failure(SessionExpired("lost"))
        >>> (f.kind, f.name, f.detail, f.lost)
        ('unavailable', 'SessionExpired', 'lost', True)
    """

    kind: str
    name: str
    code: str
    detail: str
    error: BaseException

    @property
    def lost(self) -> bool:
        """The server could not be reached or the connection to it was lost."""
        return self.kind == "unavailable"

    def __str__(self) -> str:
        return str(self.error)


def failure(exc: BaseException) -> Failure | None:
    """``exc`` read as a driver failure; None when it is none (graphkit's own errors, a
    bug): those are not mapped.

    Example:
        >>> failure(KeyError("x")) is None
        True
    """
    from neo4j import exceptions

    if isinstance(exc, GraphkitError):
        return None
    name = type(exc).__name__
    if isinstance(exc, exceptions.Neo4jError):
        code = str(exc.code or "")
        detail = str(getattr(exc, "message", None) or exc)
        if isinstance(exc, exceptions.AuthError):
            kind = "auth"
        elif "DatabaseNotFound" in code:
            kind = "no-database"
        elif "TransactionTimedOut" in code:
            kind = "timeout"
        elif out_of_memory(exc):
            kind = "memory"
        elif "Forbidden" in code or "AccessMode" in code or "write" in detail.lower():
            kind = "forbidden"
        else:
            kind = "server"
        return Failure(kind, name, code, detail, exc)
    if isinstance(exc, exceptions.DriverError | OSError):
        detail = str(getattr(exc, "message", None) or exc)
        if isinstance(exc, exceptions.ServiceUnavailable | exceptions.SessionExpired | OSError):
            kind = "unavailable"
        elif isinstance(exc, exceptions.ConfigurationError):
            kind = "config"
        else:
            kind = "driver"
        return Failure(kind, name, "", detail, exc)
    return None


def out_of_memory(exc: BaseException) -> bool:
    """The server refused or failed a transaction for lack of memory.

    Example:
        >>> out_of_memory(RuntimeError("The allocation of 80 MiB would exceed the "
        ...     "memory.transaction.total.max threshold"))
        True
    """
    code = str(getattr(exc, "code", "") or "")
    text = str(getattr(exc, "message", "") or exc)
    return any(m in code for m in ("OutOfMemory", "MemoryLimit", "MemoryPool")) or (
        "threshold reached" in text or "memory.transaction" in text
    )


def query_failed(f: Failure) -> GraphkitError:
    """The default wording: ``Neo4j query failed (ClassName): message``."""
    return Neo4jError(f"Neo4j query failed ({f.name}): {f.detail}")


@contextlib.contextmanager
def mapped(
    explain: Callable[[Failure], GraphkitError] = query_failed, chain: bool = False
) -> Iterator[None]:
    """Raise every driver error inside the block as the graphkit error ``explain`` words
    for it (``from`` the driver's error when ``chain``, else from nothing: the driver's
    traceback says nothing a user can act on). graphkit's own errors and bugs pass."""
    try:
        yield
    except Exception as exc:
        read = failure(exc)
        if read is None:
            raise
        error = explain(read)
        if chain:
            raise error from exc
        raise error from None


class Neo4jClient:
    """A driver and the database it talks to: what the store, the console and the
    loaders share. ``errors`` is :func:`mapped`, the one map from driver errors.

    Example:
        >>> from graphkit.backends.neo4j.connection import connect_client
        >>> client = connect_client()            # doctest: +SKIP
        >>> client.execute("RETURN $x AS x", x=1)  # doctest: +SKIP
        [{'x': 1}]
    """

    errors = staticmethod(mapped)

    def __init__(self, driver: Any, database: str) -> None:
        self.driver = driver
        self.database = database

    def execute(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run ``query`` in its own managed transaction; the records as dicts."""
        records, _summary, _keys = self.driver.execute_query(query, params, database_=self.database)
        return [record.data() for record in records]

    def read(self, query: str, params: dict[str, Any], timeout: float) -> list[dict[str, Any]]:
        """Run a read query, routed to a reader, that the server stops after ``timeout`` s."""
        import neo4j

        records, _summary, _keys = self.driver.execute_query(
            neo4j.Query(query, timeout=timeout),
            params,
            database_=self.database,
            routing_=neo4j.RoutingControl.READ,
        )
        return [record.data() for record in records]

    def auto(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run in an auto-commit transaction (``CALL ... IN TRANSACTIONS`` needs one)."""
        with self.driver.session(database=self.database) as session:
            return [record.data() for record in session.run(query, params)]

    def address(self) -> str:
        """The Bolt address of the server the driver reaches (``bolt://host:port``)."""
        where = self.driver.get_server_info().address
        host = f"[{where.host}]" if ":" in str(where.host) else where.host
        return f"bolt://{host}:{where.port}"

    def session(self, **config: Any) -> Any:
        """A driver session on the client's database."""
        return self.driver.session(database=self.database, **config)

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()

    def __enter__(self) -> Neo4jClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
