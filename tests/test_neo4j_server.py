"""The local Neo4j server (graphkit.backends.neo4j.server) against a real Neo4j 5.26.

The session server comes from ``neo4j_fixture.neo4j_server`` (NEO4J_URI, or one started on a
temporary data dir). The lifecycle test starts and stops a second server of its own.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner
from neo4j import exceptions

from graphkit.backends.neo4j.server import manager, memory
from graphkit.cli.server import neo4j as neo4j_cli
from neo4j_fixture import Neo4jServer, free_port, require_java_and_maven

pytestmark = pytest.mark.neo4j


def _driver(uri: str, user: str, password: str) -> neo4j.Driver:
    return neo4j.GraphDatabase.driver(uri, auth=(user, password), connection_timeout=10)


def _answers(uri: str, password: str) -> int:
    with _driver(uri, "neo4j", password) as driver:
        return int(driver.execute_query("RETURN 1 AS one").records[0]["one"])


def _our_server(server: Neo4jServer) -> Path:
    """The data dir of a session server run by graphkit's launcher (else skip, saying why)."""
    if server.data_dir is None:
        pytest.skip(
            "NEO4J_URI names a server not started by `graphkit neo4j start` with "
            "GRAPHKIT_NEO4J_HOME set, so its pid and logs are unknown"
        )
    return server.data_dir


def _texts_under(data_dir: Path) -> Iterator[tuple[Path, bytes]]:
    yield data_dir / manager.LOG_FILE, (data_dir / manager.LOG_FILE).read_bytes()
    for path in sorted((data_dir / "logs").glob("*")):
        if path.is_file():
            yield path, path.read_bytes()


def _cmdline(pid: int) -> bytes:
    return Path(f"/proc/{pid}/cmdline").read_bytes()


# (a) real queries --------------------------------------------------------------------


def test_real_query_result(neo4j_server: Neo4jServer) -> None:
    with _driver(neo4j_server.uri, neo4j_server.user, neo4j_server.password) as driver:
        records = driver.execute_query(
            "UNWIND range(1, 10) AS x RETURN sum(x) AS total, collect(x)[0..3] AS first",
            database_=neo4j_server.database,
        ).records
        assert records[0]["total"] == 55
        assert records[0]["first"] == [1, 2, 3]

        token = secrets.token_hex(8)
        try:
            driver.execute_query(
                "CREATE (:GraphkitServerTest {token: $token, n: 41})",
                token=token,
                database_=neo4j_server.database,
            )
            read = driver.execute_query(
                "MATCH (t:GraphkitServerTest {token: $token}) RETURN t.n + 1 AS answer",
                token=token,
                database_=neo4j_server.database,
                routing_=neo4j.RoutingControl.READ,
            ).records
            assert [r["answer"] for r in read] == [42]
        finally:
            driver.execute_query(
                "MATCH (t:GraphkitServerTest {token: $token}) DETACH DELETE t",
                token=token,
                database_=neo4j_server.database,
            )


def test_server_is_neo4j_5_26_community(neo4j_server: Neo4jServer) -> None:
    _our_server(neo4j_server)
    with _driver(neo4j_server.uri, neo4j_server.user, neo4j_server.password) as driver:
        record = driver.execute_query("CALL dbms.components()").records[0]
    assert record["name"] == "Neo4j Kernel"
    assert record["versions"][0].startswith("5.26.")
    assert record["edition"] == "community"


# (b) auth ----------------------------------------------------------------------------


def test_wrong_password_is_refused_by_the_server(neo4j_server: Neo4jServer) -> None:
    wrong = neo4j_server.password + "-wrong"
    with (
        _driver(neo4j_server.uri, neo4j_server.user, wrong) as driver,
        pytest.raises(exceptions.AuthError) as caught,
    ):
        driver.execute_query("RETURN 1")
    assert caught.value.code == "Neo.ClientError.Security.Unauthorized"
    # and the right one still works afterwards
    assert _answers(neo4j_server.uri, neo4j_server.password) == 1


# (c) status --------------------------------------------------------------------------


def test_status_reports_the_running_server(neo4j_server: Neo4jServer) -> None:
    data_dir = _our_server(neo4j_server)
    info = manager.status(data_dir)
    assert info["running"] is True
    assert info["uri"] == neo4j_server.uri
    assert isinstance(info["pid"], int)
    assert b"graphkit.launcher.Launcher" in _cmdline(info["pid"])

    result = CliRunner().invoke(neo4j_cli, ["status", "--data-dir", str(data_dir)])
    assert result.exit_code == 0, result.output
    assert f"running: pid {info['pid']}, {neo4j_server.uri}" in result.output


def test_status_reports_not_running(tmp_path: Path) -> None:
    assert manager.status(tmp_path) == {
        "running": False,
        "pid": None,
        "uri": None,
        "data_dir": str(tmp_path.resolve()),
        "log": str(tmp_path.resolve() / manager.LOG_FILE),
        "memory": None,
    }
    # a stale pid file naming a live process that is not a launcher (pid reuse)
    (tmp_path / manager.PID_FILE).write_text(f"{os.getpid()}\n")
    assert manager.status(tmp_path)["running"] is False
    assert manager.stop(tmp_path) is False
    assert not (tmp_path / manager.PID_FILE).exists()

    result = CliRunner().invoke(neo4j_cli, ["status", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0
    assert result.output.startswith("not running")


# (d) the password stays secret -------------------------------------------------------


def test_password_not_in_logs_nor_command_line(neo4j_server: Neo4jServer) -> None:
    data_dir = _our_server(neo4j_server)
    secret = neo4j_server.password.encode()
    for path, text in _texts_under(data_dir):
        leaked = secret in text  # (asserted as a bool: a failure must not print it)
        assert not leaked, f"the password is in {path}"
    pid = manager.status(data_dir)["pid"]
    cmdline = _cmdline(pid)
    assert b"graphkit.launcher.Launcher" in cmdline
    leaked = secret in cmdline
    assert not leaked, "the password is on the java command line"


def test_cli_start_on_running_server_prints_env_but_not_password(
    neo4j_server: Neo4jServer,
) -> None:
    data_dir = _our_server(neo4j_server)
    port = neo4j_server.uri.rsplit(":", 1)[1]
    result = CliRunner().invoke(
        neo4j_cli,
        ["start", "--data-dir", str(data_dir), "--port", port],
        env={"NEO4J_PASSWORD": neo4j_server.password},
    )
    assert result.exit_code == 0, result.output
    assert "already running" in result.output
    assert f"export NEO4J_URI={neo4j_server.uri}" in result.output
    assert "export NEO4J_USER=neo4j" in result.output
    leaked = neo4j_server.password in result.output
    assert not leaked, "start printed the password"


def test_cli_start_without_password_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        neo4j_cli, ["start", "--data-dir", str(tmp_path)], env={"NEO4J_PASSWORD": None}
    )
    assert result.exit_code == 1
    assert "set NEO4J_PASSWORD" in result.output
    assert "Traceback" not in result.output


# lifecycle: start, already running, stop, restart with a new password ----------------


def _recommended() -> tuple[int, int]:
    """Neo4j's recommendation for this machine, from its own code."""
    from graphkit.backends.neo4j.server.build import build_launcher, find_java

    return memory.recommended(find_java(), build_launcher(), memory.machine_memory())


def test_neo4j_recommends_for_a_machine_what_its_admin_command_does() -> None:
    """``neo4j-admin server memory-recommendation --memory=8g`` prints
    ``server.memory.heap.max_size=3600m`` and ``server.memory.pagecache.size=2g`` (Neo4j
    5.26.30, run by hand through ``org.neo4j.cli.AdminTool`` on the launcher's class path)."""
    require_java_and_maven()
    from graphkit.backends.neo4j.server.build import build_launcher, find_java

    heap, pagecache = memory.recommended(find_java(), build_launcher(), 8 << 30)
    assert (heap, pagecache) == (3600 << 20, 2 << 30)


def test_lifecycle_and_password_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    require_java_and_maven()
    data_dir = tmp_path / "server"
    port = free_port()
    first = "first-" + secrets.token_hex(8)
    second = "second-" + secrets.token_hex(8)
    monkeypatch.delenv(memory.HEAP_ENV)  # the first start: sized to the machine
    monkeypatch.delenv(memory.PAGECACHE_ENV)
    try:
        uri = manager.start(data_dir, port, password=first)
        assert uri == f"bolt://127.0.0.1:{port}"
        info = manager.status(data_dir)
        assert info["running"] is True
        assert info["uri"] == uri
        heap, pagecache = _recommended()
        assert f"-Xmx{heap >> 20}m".encode() in _cmdline(info["pid"]).split(b"\0")
        assert f"pagecache={pagecache >> 20}m" in (data_dir / manager.LOG_FILE).read_text()
        assert "Neo4j's recommendation for" in info["memory"]
        assert int((data_dir / manager.PID_FILE).read_text()) == info["pid"]
        assert _answers(uri, first) == 1

        # already running: same server, same URI, no second process
        assert manager.start(data_dir, port, password=first) == uri
        assert manager.status(data_dir)["pid"] == info["pid"]

        assert manager.stop(data_dir) is True
        assert manager.status(data_dir)["running"] is False
        assert not (data_dir / manager.PID_FILE).exists()
        assert not Path(f"/proc/{info['pid']}").exists() or b"Launcher" not in _cmdline(info["pid"])
        assert manager.stop(data_dir) is False

        # the same data dir with a new password: the new one works, the old one is refused;
        # and sizes from the environment
        monkeypatch.setenv(memory.HEAP_ENV, "700m")
        monkeypatch.setenv(memory.PAGECACHE_ENV, "96m")
        assert manager.start(data_dir, port, password=second) == uri
        info = manager.status(data_dir)
        assert b"-Xmx700m" in _cmdline(info["pid"]).split(b"\0")
        assert (data_dir / manager.LOG_FILE).read_text().rstrip().count("pagecache=96m") == 1
        assert info["memory"].startswith(
            f"heap 700.0 MiB ({memory.HEAP_ENV}), page cache 96.0 MiB ({memory.PAGECACHE_ENV})"
        )
        result = CliRunner().invoke(neo4j_cli, ["status", "--data-dir", str(data_dir)])
        assert f"memory: {info['memory']}" in result.output
        assert _answers(uri, second) == 1
        with pytest.raises(exceptions.AuthError):
            _answers(uri, first)
        cmdline = _cmdline(manager.status(data_dir)["pid"])
        for path, text in _texts_under(data_dir):
            leaked = [pw in text for pw in (first.encode(), second.encode())]
            assert leaked == [False, False], f"a password is in {path}"
        leaked = [pw in cmdline for pw in (first.encode(), second.encode())]
        assert leaked == [False, False], "a password is on the java command line"
    finally:
        manager.stop(data_dir)
    assert manager.status(data_dir)["running"] is False


def test_start_error_names_the_fix_not_the_password(tmp_path: Path) -> None:
    secret = "too-short"[:7]
    with pytest.raises(manager.Neo4jServerError) as caught:
        manager.start(tmp_path, free_port(), password=secret)
    assert "at least 8 characters" in str(caught.value)
    leaked = secret in str(caught.value)
    assert not leaked, "the error message names the password"


def test_port_in_use_is_a_clear_error(neo4j_server: Neo4jServer, tmp_path: Path) -> None:
    _our_server(neo4j_server)
    port = int(neo4j_server.uri.rsplit(":", 1)[1])
    with pytest.raises(manager.Neo4jServerError, match=f"Port {port} on 127.0.0.1 is already"):
        manager.start(tmp_path, port, password=neo4j_server.password)
    assert not (tmp_path / manager.PID_FILE).exists()
