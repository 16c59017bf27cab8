"""Connecting to Neo4j: settings from arguments or the environment, a verified driver,
and errors that name the URI but never the password.

Example:
    >>> public_uri("bolt://neo4j:s3cret@db.example:7687")
    'bolt://***@db.example:7687'
"""

from __future__ import annotations

import os
import re
from typing import Any

from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.client import Neo4jClient, failure
from graphkit.errors import Neo4jError

DEFAULT_URI = "bolt://127.0.0.1:7687"
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def settings(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> dict[str, str | None]:
    """Connection settings from the arguments, else the environment, else defaults."""
    return {
        "uri": uri or os.environ.get("NEO4J_URI") or DEFAULT_URI,
        "user": user or os.environ.get("NEO4J_USER") or "neo4j",
        "password": password if password is not None else os.environ.get("NEO4J_PASSWORD"),
        "database": database or os.environ.get("NEO4J_DATABASE") or "neo4j",
    }


def public_uri(uri: str) -> str:
    """The URI as it may be shown: any ``user:password@`` part and any query or fragment
    (``?password=...``) are masked.

    Example:
        >>> public_uri("bolt://neo4j:s3cret@db.example:7687")
        'bolt://***@db.example:7687'
        >>> public_uri("bolt://db.example:7687?password=s3cret")
        'bolt://db.example:7687?***'
    """
    uri = re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", r"\1***@", uri)
    return re.sub(r"[?#].*$", "?***", uri)


def scrubbed(error: Neo4jError, secret: str | None) -> Neo4jError:
    """The error with every occurrence of the password masked, wherever it was put (in
    the host, the user name, a query string...).

    Example:
        >>> str(scrubbed(Neo4jError("cannot reach s3cret-host"), "s3cret"))
        'cannot reach ***-host'
    """
    if not secret or secret not in str(error):
        return error
    return Neo4jError(str(error).replace(secret, "***"), error.argument)


def connect_driver(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> tuple[Any, str]:
    """A verified neo4j driver and the database name. Errors name the URI, never the password."""
    conf = settings(uri, user, password, database)
    try:
        return _connect(conf)
    except Neo4jError as exc:
        raise scrubbed(exc, conf["password"]) from None


def connect_client(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> Neo4jClient:
    """A :class:`~graphkit.backends.neo4j.client.Neo4jClient` on a verified driver."""
    return Neo4jClient(*connect_driver(uri, user, password, database))


def _connect(conf: dict[str, str | None]) -> tuple[Any, str]:
    import neo4j

    address = str(conf["uri"])
    where = public_uri(address)
    if not conf["password"]:
        raise Neo4jError(f"no password for Neo4j at {where}: set NEO4J_PASSWORD (or --password).")
    scheme, _sep, rest = address.partition("://")
    if scheme.lower() not in BOLT_SCHEMES:
        raise Neo4jError(
            f"bad Neo4j URI {where!r}: graphkit talks Bolt; use e.g. {DEFAULT_URI} "
            f"(schemes: {', '.join(BOLT_SCHEMES)})."
        )
    if "@" in rest.partition("/")[0]:
        raise Neo4jError(
            f"bad Neo4j URI {where!r}: put the user and password in NEO4J_USER and "
            "NEO4J_PASSWORD, not in the URI."
        )
    driver = None
    try:
        driver = neo4j.GraphDatabase.driver(
            address,
            auth=(str(conf["user"]), str(conf["password"])),
            connection_timeout=10,
            # The server's hints (an unknown label in an empty database...) are not
            # for graphkit's users: without this the driver logs them to stderr.
            notifications_min_severity="OFF",
        )
        driver.verify_connectivity()
        # verify_connectivity does not check the database: a missing one would only
        # fail later, in the middle of a command.
        driver.execute_query(q.PING, database_=str(conf["database"]))
    except Exception as exc:
        if driver is not None:
            driver.close()
        raise _connection_error(exc, where, conf) from None
    return driver, str(conf["database"])


def _connection_error(exc: Exception, where: str, conf: dict[str, str | None]) -> Exception:
    """A clear message for a failure to connect (never the password), or ``exc`` itself.

    The driver's error is read by :func:`graphkit.backends.neo4j.client.failure`."""
    read = failure(exc)
    kind = read.kind if read is not None else ("config" if isinstance(exc, ValueError) else "")
    if kind == "auth":
        return Neo4jError(
            f"Neo4j at {where} refused the credentials of user {conf['user']!r}. "
            "Check NEO4J_USER and NEO4J_PASSWORD."
        )
    if kind == "unavailable":
        return Neo4jError(
            f"cannot reach Neo4j at {where} ({type(exc).__name__}). Start it with "
            "`graphkit neo4j start` (or `docker compose up -d --wait`), or set NEO4J_URI."
        )
    if kind == "no-database":
        return Neo4jError(
            f"Neo4j at {where} has no database {conf['database']!r}. Set NEO4J_DATABASE "
            "(or --database) to an existing one; Community edition has only 'neo4j'."
        )
    if read is not None and read.code:  # any other error the server reported
        return Neo4jError(f"Neo4j at {where} refused the connection: {read.detail}")
    if kind == "config":
        text = str(exc).replace(str(conf["uri"]), where).replace(str(conf["password"]), "***")
        return Neo4jError(f"bad Neo4j URI {where!r}: {text} Use e.g. {DEFAULT_URI}.")
    return exc
