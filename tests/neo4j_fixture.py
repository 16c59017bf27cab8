"""One real Neo4j server per test session, for the tests marked ``neo4j``.

If ``NEO4J_URI`` is set (CI starts the server before pytest with ``graphkit neo4j start``
and exports ``NEO4J_URI``/``NEO4J_PASSWORD``), that server is used, with ``NEO4J_USER``
(default ``neo4j``), ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE`` (default ``neo4j``); if
``GRAPHKIT_NEO4J_HOME`` names the data dir it runs from, its pid and logs are known too.
Otherwise the fixture starts Neo4j 5.26 with
:func:`graphkit.backends.neo4j.server.manager.start` on a temporary data dir and a free
port, and stops it when the session ends.

Import it from conftest.py: ``from neo4j_fixture import neo4j_server``.

Example:
    >>> def test_one(neo4j_server):  # doctest: +SKIP
    ...     import neo4j
    ...     auth = (neo4j_server.user, neo4j_server.password)
    ...     with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
    ...         assert driver.execute_query("RETURN 1 AS x").records[0]["x"] == 1
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

__all__ = ["Neo4jServer", "free_port", "neo4j_server", "require_java_and_maven"]


@dataclass(frozen=True)
class Neo4jServer:
    """Where the session's Neo4j answers. ``server.uri`` and ``server["uri"]`` both work.

    ``data_dir`` is the graphkit data dir the server runs from (pid file, logs), or None
    for a server started some other way (e.g. docker compose).
    """

    uri: str
    user: str
    password: str
    database: str
    data_dir: Path | None = None
    started_here: bool = False

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def __repr__(self) -> str:  # never show the password in a test report
        return (
            f"Neo4jServer(uri={self.uri!r}, user={self.user!r}, database={self.database!r}, "
            f"data_dir={self.data_dir!r}, started_here={self.started_here})"
        )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def require_java_and_maven() -> None:
    """Skip (fail under CI) when the JDK or Maven needed to run Neo4j is missing."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if missing:
        message = (
            f"{' and '.join(missing)} not on PATH: Neo4j runs on the JDK and is fetched with "
            "Maven (apt-get install -y openjdk-17-jdk-headless maven), or set NEO4J_URI"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """The session's Neo4j: the one at ``NEO4J_URI``, or one started here and stopped after."""
    from graphkit.backends.neo4j.server import manager

    user = os.environ.get("NEO4J_USER") or "neo4j"
    database = os.environ.get("NEO4J_DATABASE") or "neo4j"
    uri = os.environ.get("NEO4J_URI")
    if uri:
        password = os.environ.get("NEO4J_PASSWORD")
        if not password:
            pytest.fail("NEO4J_URI is set but NEO4J_PASSWORD is not: export both")
        home = os.environ.get("GRAPHKIT_NEO4J_HOME")
        data_dir = None
        if home:
            info = manager.status(Path(home))
            if info["running"] and info["uri"] == uri:
                data_dir = Path(info["data_dir"])
        yield Neo4jServer(uri, user, password, database, data_dir, started_here=False)
        return

    require_java_and_maven()
    data_dir = tmp_path_factory.mktemp("neo4j-session")
    password = "test-" + secrets.token_hex(12)
    uri = manager.start(data_dir, free_port(), password=password)
    try:
        yield Neo4jServer(uri, "neo4j", password, "neo4j", data_dir, started_here=True)
    finally:
        manager.stop(data_dir)
