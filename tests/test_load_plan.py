"""The load's plan, gate, state and error map, without a server: the driver is a fake
that answers or fails as each test needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from neo4j.exceptions import ClientError, ServiceUnavailable, TransientError

from graphkit import LoadError
from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.client import Neo4jClient, failure, mapped
from graphkit.backends.neo4j.load import LoadState, load_paths
from graphkit.backends.neo4j.load import offline as offline_module
from graphkit.backends.neo4j.load.gate import gate
from graphkit.backends.neo4j.load.offline import load_offline
from graphkit.backends.neo4j.server import manager
from graphkit.backends.neo4j.store import Neo4jStore
from graphkit.errors import GraphkitError, LimitError, Neo4jError
from tests_support import EDGE


class Record(dict[str, Any]):
    def data(self) -> dict[str, Any]:
        return dict(self)


class Address:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port


class Info:
    def __init__(self, port: int) -> None:
        self.address = Address("127.0.0.1", port)


class FakeDriver:
    """Answers the meta node with ``meta``; every other statement raises ``error``."""

    def __init__(self, meta: dict[str, Any] | None, error: Exception, port: int = 7001) -> None:
        self.meta, self.error, self.port = meta, error, port
        self.closed = False
        self.ran: list[str] = []

    def execute_query(self, query: Any, *_args: Any, **_kwargs: Any) -> Any:
        self.ran.append(str(query))
        if query == q.META:
            return ([Record(meta=self.meta)] if self.meta else []), None, None
        raise self.error

    def get_server_info(self) -> Info:
        return Info(self.port)

    def close(self) -> None:
        self.closed = True


def server_error(code: str, message: str) -> Exception:
    return ClientError._hydrate_neo4j(code=code, message=message)  # type: ignore[no-any-return]


# ------------------------------------------------------------------ the error map
def test_a_driver_error_inside_the_client_becomes_a_graphkit_error() -> None:
    client = Neo4jClient(FakeDriver(None, ServiceUnavailable("connection refused")), "neo4j")
    with pytest.raises(Neo4jError) as caught, client.errors():
        client.execute("RETURN 1")
    assert str(caught.value) == "Neo4j query failed (ServiceUnavailable): connection refused"
    assert caught.value.__cause__ is None  # the driver's traceback is not the user's


def test_the_map_reads_each_kind_once() -> None:
    timeout = server_error("Neo.ClientError.Transaction.TransactionTimedOut", "too long")
    memory = TransientError._hydrate_neo4j(
        code="Neo.TransientError.General.MemoryPoolOutOfMemoryError", message="full"
    )
    gone = server_error("Neo.ClientError.Database.DatabaseNotFound", "no such database")
    assert [failure(e).kind for e in (timeout, memory, gone)] == [  # type: ignore[union-attr]
        "timeout",
        "memory",
        "no-database",
    ]
    assert failure(KeyError("a bug")) is None  # not the driver's: not mapped
    with pytest.raises(KeyError), mapped():
        raise KeyError("a bug")
    with pytest.raises(LimitError, match="own words"), mapped(lambda f: LimitError("own words")):
        raise timeout


def test_the_store_words_a_server_timeout_as_a_limit() -> None:
    timeout = server_error("Neo.ClientError.Transaction.TransactionTimedOut", "too long")
    store = Neo4jStore(FakeDriver(None, timeout), "neo4j", timeout=5)
    with pytest.raises(LimitError, match="took longer than 5 s on Neo4j"):
        store.run("MATCH (n) RETURN n")


def test_no_module_but_the_client_catches_the_drivers_errors() -> None:
    from tests_support import ROOT

    found = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "graphkit").rglob("*.py"))
        if path.name != "client.py"
        and any(
            text in path.read_text(encoding="utf-8")
            for text in ("neo4j.exceptions", "from neo4j import exceptions")
        )
    ]
    assert found == []


# ------------------------------------------------------------------ the load state
def test_the_state_reads_what_the_meta_node_says() -> None:
    state = LoadState.from_meta(
        {
            "status": "incomplete",
            "mode": "bulk",
            "data_version": "b123",
            "phase": "relationships",
            "phase_done": 2,
            "phase_batches": 7,
            "error": "the input changed while it was being loaded",
        }
    )
    assert state.unfinished("neo4j") == (
        "the last load into neo4j did not finish (phase relationships, batch 2 of 7): answers "
        "would be partial. Run `graphkit load` again with the same input to finish it (it "
        "stopped because the input changed while it was being loaded)."
    )
    assert not state.resumable("b999", 10_000)  # other input
    assert state.differs("b999", 10_000) == "other input (data version b123)"
    assert LoadState.from_meta({"status": "complete", "data_version": "b1"}).unfinished("x") is None
    assert LoadState.from_meta(None).unfinished("x") is None


def test_a_failed_load_carries_the_state_it_left() -> None:
    """A transaction load that fails on the driver: nothing changed, and the error holds
    the state read back, the previous load's (data version b1, complete)."""
    previous = {"id": "load", "status": "complete", "mode": "transaction", "data_version": "b1"}
    busy = TransientError._hydrate_neo4j(
        code="Neo.TransientError.General.DatabaseUnavailable", message="the server is busy"
    )
    driver = FakeDriver(previous, busy)
    with pytest.raises(LoadError) as caught:
        load_paths([str(EDGE)], lambda: (driver, "neo4j"), mode="transaction")
    error = caught.value
    assert isinstance(error, GraphkitError)
    assert error.state is not None
    assert (error.state.status, error.state.data_version) == ("complete", "b1")
    assert str(error) == (
        "the load into neo4j failed (DatabaseUnavailable: the server is busy). Nothing was changed "
        "(one transaction): questions still answer from the previous load (data version b1)."
    )
    assert driver.closed


def test_a_lost_server_leaves_the_state_the_load_knows() -> None:
    driver = FakeDriver(None, ServiceUnavailable("gone"))
    with pytest.raises(LoadError, match="left incomplete") as caught:
        load_paths([str(EDGE)], lambda: (driver, "neo4j"), mode="bulk")
    assert caught.value.state == LoadState(status="incomplete", mode="bulk")
    assert q.META not in driver.ran  # not read after the connection was lost


# ------------------------------------------------------------------ the safety gate
@pytest.fixture
def running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data dir whose server (as far as the manager knows) runs on port 7000."""
    (tmp_path / manager.READY_FILE).write_text("ready import-in-place\n")
    status = {"running": True, "uri": "bolt://127.0.0.1:7000", "pid": 1}
    monkeypatch.setattr(manager, "status", lambda _data_dir: status)
    return tmp_path


def test_the_gate_lets_through_only_the_server_on_the_data_dir(running: Path) -> None:
    assert gate(running, "bolt://127.0.0.1:7000", "import") == running
    assert gate(running, "bolt://localhost:7000", "auto") == running
    assert gate(running, "bolt://127.0.0.1:7001", "auto") is None  # auto: no importer
    assert gate(running, "bolt://db.example:7000", "auto") is None  # not this machine
    with pytest.raises(LoadError, match="no server started by graphkit on") as caught:
        gate(running, "bolt://neo4j:s3cret@127.0.0.1:7001", "import")
    assert "s3cret" not in str(caught.value)
    assert caught.value.argument == "mode"


def test_the_library_refuses_to_import_into_a_server_it_does_not_reach(
    running: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``load_offline`` from Python checks what ``graphkit load`` checks: the server on
    the data dir must be the one the connection reaches, else nothing is imported."""
    driver = FakeDriver(None, AssertionError("nothing may run"), port=7001)
    asked: list[Any] = []
    monkeypatch.setattr(offline_module, "_import_in_server", lambda *args: asked.append(args))
    with pytest.raises(LoadError, match="no server started by graphkit on"):
        load_offline([str(EDGE)], running, lambda: (driver, "neo4j"), password="pw")
    with pytest.raises(LoadError, match="no server started by graphkit on"):
        load_paths([str(EDGE)], lambda: (driver, "neo4j"), "import", data_dir=running)
    assert asked == []  # the server was never asked to import
    assert driver.ran == []  # nothing ran on the server it does reach
    assert not (running / offline_module.STAGING).exists()


# ------------------------------------------------------------------ the input
def test_the_snapshot_reads_each_file_once_for_digest_and_version(tmp_path: Path) -> None:
    import shutil

    from graphkit.backends.neo4j.load.input import file_digest, snapshot, stream_version
    from graphkit.ingest.read import seed_files

    shutil.copytree(EDGE, tmp_path / "edge")
    roots = [str(tmp_path / "edge"), str(tmp_path / "edge" / sorted(EDGE.iterdir())[0].name)]
    taken = snapshot(roots)
    assert taken.version == stream_version(roots)  # the version the meta node records
    assert taken.digests == tuple(file_digest(path) for path in taken.files)
    assert taken.files == tuple(seed_files(roots)) != ()  # the files validation reads
