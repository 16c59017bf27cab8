"""The read-only console (``graphkit cypher``) and the server it talks to, under attack.

Every attack runs through the real command against the session's real Neo4j. What is
tested is the outcome: no file content, no password, no outgoing request, no other
session's transaction stopped, bounded rows and time; not Neo4j's wording.
"""

from __future__ import annotations

import http.server
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit.backends.neo4j import console
from graphkit.backends.neo4j.client import Neo4jClient
from graphkit.backends.neo4j.console import Refused, run_read_only
from graphkit.backends.neo4j.store import Neo4jStore
from graphkit.cli import cli
from graphkit.errors import LimitError, Neo4jError
from tests_support import ROOT, SEEDS, connect, loaded_neo4j, server_env

pytestmark = pytest.mark.neo4j

# Slow but bounded: ~2e9 rows counted one by one, minutes of work, constant memory.
SLOW = "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS {marker}"


def run_cli(server: Any, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["cypher", *map(str, args)], env=server_env(server))
    assert "Traceback" not in result.output, result.output
    assert server.password not in result.output
    return result.exit_code, result.output


@contextmanager
def http_listener() -> Iterator[tuple[int, list[str]]]:
    """A tiny HTTP server on 127.0.0.1 that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"secret,row\n")

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield int(server.server_address[1]), hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def transactions(server: Any, marker: str) -> list[str]:
    """Ids of the running transactions whose query holds ``marker`` (not this look-up)."""
    driver, database = connect(server)
    with driver:
        records = driver.execute_query(
            "SHOW TRANSACTIONS YIELD transactionId AS id, currentQuery AS query "
            "WHERE query CONTAINS $marker AND NOT query CONTAINS 'SHOW TRANSACTIONS' "
            "AND NOT query STARTS WITH 'EXPLAIN' "
            "RETURN id",
            marker=marker,
            database_=database,
        ).records
    return [r["id"] for r in records]


def wait_for(check: Any, seconds: float) -> Any:
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


# --------------------------------------------------------------------------- item 7: files, URLs

FILE_ATTACKS = [
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l LIMIT 3",
    "load csv from 'file:///proc/self/environ' as l return l",
    "CALL { LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l } RETURN l",
    "RETURN 1 AS l UNION LOAD CSV FROM 'file:///proc/self/environ' AS r RETURN r AS l",
    "/* hi */ LOAD\nCSV WITH HEADERS FROM $url AS l RETURN l",
]


@pytest.mark.parametrize("query", FILE_ATTACKS)
def test_load_csv_reads_no_file(neo4j_server: Any, query: str) -> None:
    code, out = run_cli(neo4j_server, query, "--param", "url=file:///etc/passwd")
    assert code == 1 and "LOAD CSV is refused" in out
    assert "root:" not in out and "NEO4J_PASSWORD" not in out


@pytest.mark.parametrize(
    "template",
    [
        "LOAD CSV FROM 'http://127.0.0.1:{port}/x.csv' AS l RETURN l",
        "CALL {{ LOAD CSV FROM 'http://localhost:{port}/x.csv' AS l RETURN l }} RETURN l",
        "LOAD CSV FROM $url AS l RETURN l",
    ],
)
def test_load_csv_makes_no_request(neo4j_server: Any, template: str) -> None:
    with http_listener() as (port, hits):
        code, out = run_cli(
            neo4j_server, template.format(port=port), "--param", f"url=http://127.0.0.1:{port}/"
        )
        time.sleep(0.3)
    assert code == 1 and "refused" in out and "secret" not in out
    assert hits == []


def test_the_server_itself_reads_no_file_and_fetches_no_url(neo4j_server: Any) -> None:
    """Past the console (straight through the driver, in a write session), Neo4j refuses
    file URLs and blocks every address: the launcher's settings."""
    if neo4j_server.data_dir is None:
        pytest.skip("the session's Neo4j was not started by graphkit")
    from neo4j.exceptions import Neo4jError as DriverNeo4jError

    imports = neo4j_server.data_dir / "import"
    assert imports.is_dir() and not any(imports.iterdir())
    driver, database = connect(neo4j_server)
    with driver, http_listener() as (port, hits):
        for url in (
            "file:///etc/passwd",
            "file:///proc/self/environ",
            "file:///launcher.log",  # would be inside the import directory
            f"http://127.0.0.1:{port}/x.csv",
            f"http://localhost:{port}/x.csv",
        ):
            with pytest.raises(DriverNeo4jError) as caught:
                driver.execute_query(
                    "LOAD CSV FROM $url AS l RETURN l", url=url, database_=database
                )
            assert "root:" not in str(caught.value)
            assert neo4j_server.password not in str(caught.value)
        time.sleep(0.3)
    assert hits == []


# --------------------------------------------------------------------------- item 8: commands

COMMANDS = [
    "SHOW TRANSACTIONS",
    "SHOW TRANSACTIONS YIELD transactionId AS t, currentQuery AS q "
    "WHERE q CONTAINS 'victim' TERMINATE TRANSACTIONS t YIELD transactionId RETURN *",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "CYPHER 5 SHOW SETTINGS",
    "SHOW PROCEDURES",
    "SHOW USERS",
    "SHOW DATABASES",
    "CREATE INDEX graphkit_console_test FOR (n:X) ON (n.y)",
    "DROP INDEX graphkit_entity_name",
    "DROP CONSTRAINT graphkit_entity_id",
    "CALL dbms.listConfig()",
    "CALL dbms.components() YIELD name RETURN name",
    "MATCH (n) CALL (n) { CALL dbms.listConfig() YIELD name RETURN name } RETURN name LIMIT 1",
    "USE system CALL dbms.showCurrentUser()",
    "CREATE (x:Hacked {id: 'x'})",
    "MATCH (n:Entity) SET n.hacked = true",
    "PROFILE MATCH (n) RETURN count(n)",
]


@pytest.mark.parametrize("query", COMMANDS)
def test_commands_procedures_and_writes_are_refused(neo4j_server: Any, query: str) -> None:
    code, out = run_cli(neo4j_server, query)
    assert code == 1 and "graphkit cypher reads the graph only" in out, out


@pytest.mark.parametrize("query", [*FILE_ATTACKS[:3], *COMMANDS[:-1]])
def test_the_plan_check_refuses_on_its_own(
    neo4j_server: Any, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the text screen off, the plan (EXPLAIN) still refuses every attack."""
    monkeypatch.setattr(console, "check_text", lambda query: None)
    driver, database = connect(neo4j_server)
    with driver, pytest.raises(Refused, match="reads the graph only"):
        run_read_only(Neo4jClient(driver, database), query, {})


def test_another_sessions_transaction_survives(neo4j_server: Any) -> None:
    """The SHOW ... TERMINATE TRANSACTIONS attack leaves another session's query running."""
    marker = "victim_" + os.urandom(4).hex()
    driver, database = connect(neo4j_server)
    outcome: dict[str, Any] = {}

    def victim() -> None:
        try:
            with (
                driver.session(database=database) as session,
                session.begin_transaction(timeout=60) as tx,
            ):
                tx.run(SLOW.format(marker=marker)).consume()
        except Exception as exc:  # stopped below, by the test itself
            outcome["error"] = exc

    thread = threading.Thread(target=victim, daemon=True)
    thread.start()
    try:
        running = wait_for(lambda: transactions(neo4j_server, marker), 30)
        assert running, "the victim query never showed up"
        for attack in (
            "SHOW TRANSACTIONS YIELD transactionId AS t, currentQuery AS q "
            f"WHERE q CONTAINS '{marker}' TERMINATE TRANSACTIONS t YIELD transactionId RETURN *",
            f"TERMINATE TRANSACTIONS '{running[0]}'",
        ):
            code, out = run_cli(neo4j_server, attack)
            assert code == 1 and "refused" in out
        time.sleep(0.5)
        assert transactions(neo4j_server, marker) == running
        assert "error" not in outcome
    finally:
        with driver.session(database=database) as session:
            session.run("TERMINATE TRANSACTIONS $ids", ids=running or []).consume()
        thread.join(30)
        driver.close()


# --------------------------------------------------------------------------- item 9: limits


def test_the_row_limit_cuts_and_says_so(neo4j_server: Any) -> None:
    code, out = run_cli(neo4j_server, "UNWIND range(1, 3000000) AS x RETURN x")
    assert code == 0
    assert "(first 1000 rows; more exist: raise --limit)" in out
    assert "\n1000\n" in out and "\n1001\n" not in out

    code, out = run_cli(
        neo4j_server, "UNWIND range(1, 3000000) AS x RETURN x", "--limit", 5, "--json"
    )
    answer = json.loads(out)
    assert code == 0 and [r["x"] for r in answer["rows"]] == [1, 2, 3, 4, 5]
    assert answer["truncated"] is True and "raise --limit" in answer["note"]

    code, out = run_cli(neo4j_server, "UNWIND range(1, 5) AS x RETURN x", "--limit", 5, "--json")
    answer = json.loads(out)
    assert code == 0 and len(answer["rows"]) == 5 and answer["truncated"] is False
    code, out = run_cli(neo4j_server, "UNWIND range(1, 5) AS x RETURN x", "--limit", 5)
    assert code == 0 and "(5 rows)" in out and "more exist" not in out

    code, out = run_cli(neo4j_server, "RETURN 1", "--limit", 0)
    assert code == 2 and "--limit" in out


def test_the_timeout_stops_the_query_on_the_server(neo4j_server: Any) -> None:
    marker = "slow_" + os.urandom(4).hex()
    started = time.monotonic()
    code, out = run_cli(neo4j_server, SLOW.format(marker=marker), "--timeout", 1)
    assert code == 1 and "--timeout" in out and "stopped" in out
    assert time.monotonic() - started < 30
    assert wait_for(lambda: not transactions(neo4j_server, marker), 10)


def test_ctrl_c_stops_the_query_at_once(neo4j_server: Any) -> None:
    marker = "interrupted_" + os.urandom(4).hex()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graphkit",
            "cypher",
            SLOW.format(marker=marker),
            "--timeout",
            "300",
        ],
        env={**os.environ, **server_env(neo4j_server)},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert wait_for(lambda: transactions(neo4j_server, marker), 60), "the query never ran"
        pressed = time.monotonic()
        process.send_signal(signal.SIGINT)  # one press
        out, err = process.communicate(timeout=20)
        assert time.monotonic() - pressed < 10
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130, (out, err)
    assert "Traceback" not in err and "Interrupted" in err and out == ""
    assert wait_for(lambda: not transactions(neo4j_server, marker), 5)


def test_ordinary_reads_still_work(neo4j_server: Any) -> None:
    loaded_neo4j(neo4j_server, SEEDS)
    code, out = run_cli(
        neo4j_server, "MATCH (a:Agency {id: $id}) RETURN a.name AS n", "--param", "id=ice", "--json"
    )
    assert code == 0 and json.loads(out)["rows"] == [
        {"n": "U.S. Immigration and Customs Enforcement"}
    ]
    code, out = run_cli(neo4j_server, "CALL db.labels() YIELD label RETURN label ORDER BY label")
    assert code == 0 and "Agency" in out and "Dataset" in out
    for query in (
        "CALL db.relationshipTypes()",
        "CALL db.propertyKeys()",
        "CALL db.schema.nodeTypeProperties()",
        "CALL db.schema.visualization() YIELD nodes RETURN size(nodes) AS n",
        # the refused words as data, in strings, names and comments, are just data
        "MATCH (n:Entity) WHERE n.name = 'LOAD CSV' OR n.id = 'SHOW TRANSACTIONS' "
        "RETURN count(n) AS `LOAD CSV` // TERMINATE TRANSACTIONS",
        "WITH 1 AS x CALL (x) { RETURN x + 1 AS y } RETURN y",
        "MATCH p = (:Agency)-[:FLOWS]->(:Agency) RETURN p LIMIT 2",
    ):
        code, out = run_cli(neo4j_server, query)
        assert code == 0, (query, out)


# --------------------------------------------------------------------------- questions' timeout


def test_questions_time_out_with_a_clear_message(
    neo4j_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    driver, database = connect(neo4j_server)
    with driver:
        store = Neo4jStore(driver, database, timeout=0.5)
        with pytest.raises(LimitError, match=r"longer than 0\.5 s.*max_hops"):
            store.run(SLOW.format(marker="question"))
        assert store.run("RETURN 1 AS x") == [{"x": 1}]
        assert Neo4jStore(driver, database).timeout == 60
        monkeypatch.setenv("GRAPHKIT_NEO4J_TIMEOUT", "7")
        assert Neo4jStore(driver, database).timeout == 7
        monkeypatch.setenv("GRAPHKIT_NEO4J_TIMEOUT", "soon")
        with pytest.raises(Neo4jError, match="GRAPHKIT_NEO4J_TIMEOUT"):
            Neo4jStore(driver, database)
