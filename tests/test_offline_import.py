"""First loads through Neo4j's offline importer, on a second real server of their own.

The importer replaces a database whole, so these tests never touch the session's server:
they start one on a temporary data dir, import into it, and compare it with the
session's server loaded through Bolt (node for node, property for property) and with
the memory backend (answer for answer).
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit.backends.neo4j.load import offline, plan
from graphkit.backends.neo4j.load.plan import load_paths
from graphkit.backends.neo4j.load.transaction import setup_schema
from graphkit.backends.neo4j.server import manager
from graphkit.backends.neo4j.store import Neo4jStore
from graphkit.cli import cli
from graphkit.errors import GraphkitError, LoadError, SeedError
from graphkit.graph import Graph
from graphkit.ingest.validation import load_seeds
from neo4j_fixture import Neo4jServer, free_port, require_java_and_maven
from tests_support import EDGE, SEEDS, connect, loaded_neo4j, same

#: Every record in seeds/ is one node (sources, agencies, vendors, datasets, agreements):
#: the seeds grow, so the count is theirs, read by the memory backend's loader.
SEED_NODES = sum(len(records) for records in load_seeds(SEEDS).by_kind().values())

pytestmark = pytest.mark.neo4j

STAGED = offline.STAGING


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    require_java_and_maven()
    data_dir = tmp_path_factory.mktemp("offline") / "neo4j"
    password = secrets.token_hex(8)
    uri = manager.start(data_dir, free_port(), password=password)
    yield Neo4jServer(uri, "neo4j", password, "neo4j", data_dir.resolve(), True)
    manager.stop(data_dir)


def _load(server: Neo4jServer, path: Path, mode: str = "import") -> Any:
    summary, _db = load_paths(
        [str(path)],
        lambda: connect(server),
        mode,
        data_dir=server.data_dir,
        password=server.password,
    )
    return summary


def _count(server: Neo4jServer) -> int:
    driver, _database = connect(server)
    with driver:
        return driver.execute_query("MATCH (n:Entity) RETURN count(n) AS n").records[0]["n"]


def _imports(server: Neo4jServer) -> int:
    """How many imports the server's launcher has run (each stops its databases)."""
    log = (server.data_dir / manager.LOG_FILE).read_text()
    return log.count("import: the databases stop")


def _dump(server: Neo4jServer) -> tuple[list[Any], list[Any]]:
    driver, _database = connect(server)
    with driver:
        nodes = driver.execute_query(
            "MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, properties(n) AS p"
        ).records
        rels = driver.execute_query(
            "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, type(r) AS t, b.id AS b, "
            "properties(r) AS p"
        ).records
    node_rows = []
    for row in nodes:
        props = {k: v for k, v in row["p"].items() if k != "load_version"}
        node_rows.append((row["id"], sorted(row["labels"]), props))
    rel_rows = [(r["a"], r["t"], r["b"], sorted(r["p"].items())) for r in rels]
    return sorted(node_rows, key=lambda r: r[0]), sorted(rel_rows, key=repr)


def test_invalid_input_is_refused_before_the_server_is_touched(
    second: Neo4jServer, tmp_path: Path
) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(EDGE, broken)
    (broken / "extra.yaml").write_text(
        "agencies:\n  - id: orphan\n    name: Orphan\n    kind: federal\n    parent: nowhere\n"
    )
    imports = _imports(second)
    with pytest.raises(SeedError):
        _load(second, broken)
    assert _imports(second) == imports  # never stopped
    assert _count(second) == 0
    assert not list(second.data_dir.glob("graphkit-import-*"))  # the staged CSV is gone


def test_a_launcher_that_cannot_import_is_named_with_the_fix(second: Neo4jServer) -> None:
    ready = second.data_dir / manager.READY_FILE
    kept = ready.read_text()
    ready.write_text(kept.split()[0] + "\n")  # what launchers before in-place imports wrote
    try:
        with pytest.raises(GraphkitError, match="started by an older graphkit") as caught:
            _load(second, SEEDS)
    finally:
        ready.write_text(kept)
    assert "graphkit neo4j stop" in str(caught.value)
    assert _count(second) == 0
    assert not (second.data_dir / offline.IMPORT_REQUEST).exists()


def test_auto_imports_a_large_first_load(
    second: Neo4jServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan, "IMPORT_ABOVE_BYTES", 0)
    pid, imports = manager.status(second.data_dir)["pid"], _imports(second)
    summary = _load(second, SEEDS, mode="auto")
    # the importer ran once, inside the server's own JVM (no process was started)
    assert (manager.status(second.data_dir)["pid"], _imports(second)) == (pid, imports + 1)
    assert summary.mode == "import"
    assert summary.note == "auto: offline importer (a first load of large input)"
    assert summary.created == _count(second) == SEED_NODES
    assert set(summary.timings) == {"files", "stop", "import", "start", "finish"}
    driver, database = connect(second)
    with driver:
        meta = Neo4jStore(driver, database).meta() or {}
    assert (meta["status"], meta["mode"], meta["phase"]) == ("complete", "import", "done")


def test_imported_database_equals_a_bolt_load(second: Neo4jServer, neo4j_server: Any) -> None:
    loaded_neo4j(neo4j_server, SEEDS)  # the session's server, through Bolt
    imported, bolt = _dump(second), _dump(neo4j_server)
    assert len(imported[0]) == SEED_NODES
    irs = next(row for row in imported[0] if row[0] == "irs")
    assert irs[1] == ["Agency", "Entity", "Party"]
    assert "aliases" not in next(r for r in imported[0] if r[2].get("aliases") is None)[2]
    assert imported == bolt


def test_imported_database_answers_like_memory(second: Neo4jServer) -> None:
    from graphkit.backends.memory import MemoryStore
    from graphkit.ingest.validation import load_seeds

    memory = Graph(MemoryStore(load_seeds(SEEDS)))
    driver, database = connect(second)
    with Graph(Neo4jStore(driver, database)) as neo:
        same(
            memory.reach("irs-taxpayer-addresses", as_of="2025-08-01"),
            neo.reach("irs-taxpayer-addresses", as_of="2025-08-01"),
        )
        day = "2025-08-01"
        same(memory.reachable("ice", as_of=day), neo.reachable("ice", as_of=day))
        same(memory.path("irs", "ice", as_of=day), neo.path("irs", "ice", as_of=day))
        hits = [h.id for h in neo.search("palantir", limit=5)]
        assert hits == [h.id for h in memory.search("palantir", limit=5)]


def test_an_import_stopped_before_its_indexes_is_finished_by_loading_again(
    second: Neo4jServer,
) -> None:
    driver, database = connect(second)
    with driver:
        driver.execute_query(
            "MATCH (m:GraphkitMeta {id: 'load'}) SET m.status = 'incomplete', m.phase = 'indexing'",
            database_=database,
        )
        with Graph(Neo4jStore(driver, database)) as neo, pytest.raises(GraphkitError):
            neo.reach("irs-taxpayer-addresses", as_of="2025-08-01")
    imports = _imports(second)
    summary = _load(second, SEEDS)
    assert summary.note == "finished an import that had stopped before its indexes"
    assert _imports(second) == imports  # nothing imported again
    driver, database = connect(second)
    with driver:
        meta = Neo4jStore(driver, database).meta() or {}
    assert (meta["status"], meta["phase"]) == ("complete", "done")


def test_a_second_import_is_refused_and_auto_goes_incremental(
    second: Neo4jServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    imports = _imports(second)
    with pytest.raises(GraphkitError, match=f"holds {SEED_NODES} nodes"):
        _load(second, SEEDS)
    assert _imports(second) == imports
    monkeypatch.setattr(plan, "IMPORT_ABOVE_BYTES", 0)
    summary = _load(second, SEEDS, mode="auto")
    assert summary.mode == "bulk"
    assert summary.note == "auto: bulk (the database already holds data: incremental)"
    assert _count(second) == SEED_NODES


def test_cli_import_needs_the_server_the_uri_reaches(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["load", str(EDGE), "--mode", "import", "--data-dir", str(tmp_path)],
        env={"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "whatever-long"},
    )
    assert result.exit_code == 2
    assert "no server started by graphkit" in result.output
    assert "whatever-long" not in result.output


def test_python_import_needs_the_server_the_connection_reaches(
    second: Neo4jServer, neo4j_server: Any
) -> None:
    """The gate of ``graphkit load --data-dir`` holds from Python too: a data dir whose
    server is not the one ``connect`` reaches is refused before anything is imported,
    into either server."""
    imports, before = _imports(second), _count(second)
    with pytest.raises(LoadError, match="no server started by graphkit on") as caught:
        load_paths(
            [str(EDGE)],
            lambda: connect(neo4j_server),
            "import",
            data_dir=second.data_dir,
            password=second.password,
        )
    assert caught.value.state is None  # refused: nothing changed
    assert (_imports(second), _count(second)) == (imports, before)
    assert not (second.data_dir / offline.STAGING).exists()


def test_neo4j_admin_export_imports_by_hand(
    second: Neo4jServer, neo4j_server: Any, tmp_path: Path
) -> None:
    """For servers graphkit does not run (Docker): the files, import.sh, after-import."""
    import os
    import subprocess

    from graphkit.backends.neo4j.server.build import build_launcher, find_java
    from graphkit.errors import Neo4jError

    folder = tmp_path / "neo4j-import"
    result = CliRunner().invoke(
        cli, ["export", "--format", "neo4j-admin", "-o", str(folder), "--seeds", str(SEEDS)]
    )
    assert result.exit_code == 0, result.output
    assert {"import.sh", "after-import.cypher", "nodes-Agency-header.csv"} <= {
        p.name for p in folder.iterdir()
    }
    again = CliRunner().invoke(cli, ["export", "--format", "neo4j-admin", "-o", str(folder)])
    assert again.exit_code == 1 and "is not empty" in again.output
    # neo4j-admin, as the distribution's script runs it: the tool on Neo4j's classpath
    shim = tmp_path / "neo4j-admin"
    java_args = build_launcher() / "java.args"
    shim.write_text(f'#!/bin/sh\nexec "{find_java()}" @{java_args} org.neo4j.cli.AdminTool "$@"\n')
    shim.chmod(0o755)
    assert second.data_dir is not None
    manager.stop(second.data_dir)
    env = {**os.environ, "NEO4J_ADMIN": str(shim), "NEO4J_HOME": str(second.data_dir)}
    done = subprocess.run(
        ["bash", str(folder / "import.sh")], env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    manager.start(second.data_dir, int(second.uri.rsplit(":", 1)[1]), password=second.password)
    driver, database = connect(second)
    refused = pytest.raises(Neo4jError, match="offline import into neo4j did not finish")
    with Graph(Neo4jStore(driver, database)) as neo, refused:
        neo.reach("irs-taxpayer-addresses", as_of="2025-08-01")
    driver, database = connect(second)
    with driver, driver.session(database=database) as session:
        for statement in (folder / "after-import.cypher").read_text().split(";\n"):
            if statement.strip():
                session.run(statement).consume()
    assert _dump(second) == _dump(neo4j_server)


def _meta_and_schema(server: Neo4jServer) -> tuple[dict[str, Any], list[str]]:
    """The meta node's properties (but the count of locks taken) and the names of the
    indexes, asked once, with no retry: a database that is unavailable fails here at once."""
    import neo4j

    auth = (server.user, server.password)
    with neo4j.GraphDatabase.driver(server.uri, auth=auth, max_transaction_retry_time=0) as drv:
        meta = drv.execute_query(
            "MATCH (m:GraphkitMeta {id: 'load'}) RETURN properties(m) AS p",
            database_=server.database,
        ).records
        names = drv.execute_query("SHOW INDEXES YIELD name", database_=server.database).records
    props = {k: v for k, v in (meta[0]["p"] if meta else {}).items() if k != "lock_seq"}
    return props, sorted(r["name"] for r in names)


def test_a_failed_import_leaves_the_database_as_it_was_answering_at_once(
    second: Neo4jServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = offline.request_lines

    def broken(nodes: Any, rels: Any, multiline: bool, data_dir: Path) -> list[str]:
        """The request and one more staged file, whose header the importer refuses."""
        bad = data_dir / offline.STAGING / "bad.csv"
        bad.write_text('id:ID(Entity),x:nosuchtype\n"one","1"\n')
        return [*real(nodes, rels, multiline, data_dir), f"nodes=Entity={STAGED}/bad.csv"]

    monkeypatch.setattr(offline, "request_lines", broken)
    driver, database = connect(second)
    with driver:  # a first load again: the importer runs only into an empty database
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
        # what the database held before: a mark on the meta node, which the import would
        # have replaced with its own
        driver.execute_query(
            "MERGE (m:GraphkitMeta {id: 'load'}) SET m.probe = 'before the import'",
            database_=database,
        )
        setup_schema(driver, database)  # as the load will: its constraints are old data too
    before = _meta_and_schema(second)
    imports = _imports(second)
    with pytest.raises(GraphkitError, match="offline importer failed") as caught:
        _load(second, SEEDS)
    assert _imports(second) == imports + 1  # the importer did run, and failed
    assert "the database is as it was" in str(caught.value)
    assert "import.log" in str(caught.value)
    assert second.password not in str(caught.value)
    assert not (second.data_dir / offline.STAGING).exists()
    # the old data answers at once (no retry), the load's lock released from it
    assert _meta_and_schema(second) == before
    assert before[0]["probe"] == "before the import" and before[1]
    assert not (second.data_dir / "import-previous").exists()
    assert _count(second) == 0


def test_a_launcher_killed_during_an_import_puts_the_previous_store_back_on_start(
    second: Neo4jServer,
) -> None:
    """What the launcher finds on its next start after it died in an import: the store it
    had set aside (``import-previous``) and, in its place, what the importer had written."""
    before = _meta_and_schema(second)
    assert before[0]["probe"] == "before the import"  # left by the test above
    port = int(second.uri.rsplit(":", 1)[1])
    manager.stop(second.data_dir)
    kept = second.data_dir / "import-previous"
    kept.mkdir()
    for part in ("databases", "transactions"):
        store = second.data_dir / "data" / part / "neo4j"
        store.rename(kept / part)
        store.mkdir()
        (store / "half-written").write_bytes(b"\0" * 64)
    manager.start(second.data_dir, port, password=second.password)
    assert _meta_and_schema(second) == before
    assert not kept.exists()
    assert (
        "the store it would have replaced is back"
        in (second.data_dir / manager.LOG_FILE).read_text()
    )
