"""Loads that fail part-way: killed, resumed (also with another batch size), a reload
killed while it deletes, input that changes under the loader, a server out of memory,
and questions asked meanwhile. Every resumed load must answer exactly like a clean load
of the same input; every question on an unfinished load is refused, never partial."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.load import batches, bulk
from graphkit.backends.neo4j.load.bulk import load_bulk
from graphkit.backends.neo4j.load.input import snapshot
from graphkit.backends.neo4j.load.plan import load_paths
from graphkit.backends.neo4j.load.transaction import load
from graphkit.backends.neo4j.store import Neo4jStore
from graphkit.cli import cli
from graphkit.errors import GraphkitError, InputChanged, Neo4jError
from graphkit.graph import Graph
from graphkit.ingest.synth import generate
from graphkit.ingest.validation import load_seeds
from tests_support import EDGE, connect, meta, server_env, wipe

pytestmark = pytest.mark.neo4j

DAY = "2020-06-01"
REFUSED = "did not finish"
RUNNING = "is running (load "


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("faults")
    generate(out, relationships=2_000, seed=13)
    return out


def snapshot_answers(server: Any, graph_dir: Path) -> dict[str, Any]:
    """Reach of several datasets, stats counts and relationships by type."""
    datasets = sorted(load_seeds(graph_dir).datasets)[::12][:8]
    driver, database = connect(server)
    with driver:
        g = Graph(Neo4jStore(driver, database))
        reach = {}
        for dataset in datasets:
            answer = g.reach(dataset, as_of=DAY, max_hops=5, max_paths=3).to_dict()
            answer["question"].pop("data")
            reach[dataset] = answer
        stats = g.stats(as_of=DAY)
        records = driver.execute_query(q.RELATIONSHIP_COUNTS, database_=database).records
        rels = {r["type"]: r["n"] for r in records}
    assert stats.load_warning is None
    return {"reach": reach, "counts": stats.counts, "flows": stats.flows, "rels": rels}


@pytest.fixture(scope="module")
def clean(neo4j_server: Any, graph_dir: Path) -> dict[str, Any]:
    """The answers of a clean load of the input, into an empty database."""
    wipe(neo4j_server)
    driver, database = connect(neo4j_server)
    with driver:
        load_bulk([str(graph_dir)], driver, database, batch=200)
    answers = snapshot_answers(neo4j_server, graph_dir)
    assert sum(answers["rels"].values()) > 2_000
    return answers


def killer(at: int) -> Any:
    calls = {"n": 0}

    def progress(done: int, total: int) -> None:
        calls["n"] += 1
        if calls["n"] == at:
            raise KeyboardInterrupt  # as if the process were killed between batches

    return progress


def cli_run(server: Any, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], env=server_env(server))
    assert "Traceback" not in result.output, result.output
    assert server.password not in result.output
    return result.exit_code, result.output


def assert_refused(server: Any, graph_dir: Path) -> None:
    """Every question refuses with the message, exit 1; stats answers and warns."""
    dataset = sorted(load_seeds(graph_dir).datasets)[0]
    for args in (
        ["reach", dataset, "--as-of", DAY],
        ["reachable", "fed-0", "--as-of", DAY],
        ["path", "fed-0", "fed-1", "--as-of", DAY],
        ["show", dataset],
        ["search", "fed"],
    ):
        code, out = cli_run(server, *args, "--backend", "neo4j")
        assert code == 1, (args, out)
        assert f"the last load into {server.database} did not finish (phase" in out, out
        assert "answers would be partial" in out and "Run `graphkit load` again" in out
    code, out = cli_run(server, "stats", "--backend", "neo4j", "--as-of", DAY)
    assert code == 0 and "load status: incomplete" in out, out


# (when to kill: progress call number; the relationship pass starts after the 4th batch)
POINTS = {"node pass": 2, "relationship pass": 7, "last batches": 14}


@pytest.mark.parametrize("point", list(POINTS))
@pytest.mark.parametrize("resume_batch", [200, 170])
def test_a_killed_bulk_load_resumes_to_the_clean_answers(
    neo4j_server: Any, graph_dir: Path, clean: dict[str, Any], point: str, resume_batch: int
) -> None:
    driver, database = connect(neo4j_server)
    with driver:
        load(load_seeds(EDGE), driver, database)  # a different graph was there before
        with pytest.raises(KeyboardInterrupt):
            load_bulk([str(graph_dir)], driver, database, batch=200, progress=killer(POINTS[point]))
    state = meta(neo4j_server)
    assert state["status"] == "incomplete" and state["batch"] == 200
    assert state["phase"] == ("nodes" if point == "node pass" else "relationships"), state
    assert_refused(neo4j_server, graph_dir)
    driver, database = connect(neo4j_server)
    with driver:
        summary = load_bulk([str(graph_dir)], driver, database, batch=resume_batch)
    word = "resumed" if resume_batch == 200 else "started over"
    assert summary.note.startswith(word), summary.note
    assert meta(neo4j_server)["status"] == "complete"
    assert snapshot_answers(neo4j_server, graph_dir) == clean


def test_a_reload_killed_while_deleting_deletes_again_on_resume(
    neo4j_server: Any, graph_dir: Path, clean: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    driver, database = connect(neo4j_server)
    real = bulk._auto

    def half_then_die(driver: Any, database: str, query: str, **params: Any) -> Any:
        if query == q.DELETE_RELATIONSHIPS_BATCHED:  # delete some, then the process dies
            real(driver, database, "MATCH (:Entity)-[r]->(:Entity) WITH r LIMIT 700 DELETE r")
            raise KeyboardInterrupt
        return real(driver, database, query, **params)

    with driver:
        load_bulk([str(graph_dir)], driver, database, batch=200)  # complete: a reload follows
        driver.execute_query(  # rows of another shape: the reload rebuilds every relationship
            "MATCH (m:GraphkitMeta {id: 'load'}) SET m.row_format = 1", database_=database
        )
        monkeypatch.setattr(bulk, "READERS_GRACE", 0)
        monkeypatch.setattr(bulk, "_auto", half_then_die)
        with pytest.raises(KeyboardInterrupt):
            load_bulk([str(graph_dir)], driver, database, batch=200)
        monkeypatch.setattr(bulk, "_auto", real)
        assert meta(neo4j_server)["phase"] == "deleting"
        assert_refused(neo4j_server, graph_dir)
        summary = load_bulk([str(graph_dir)], driver, database, batch=200)
    assert summary.note.startswith("resumed")
    assert snapshot_answers(neo4j_server, graph_dir) == clean  # nothing twice


def test_input_changed_between_validation_and_writing_is_refused(
    neo4j_server: Any, graph_dir: Path, clean: dict[str, Any], tmp_path: Path
) -> None:
    work = tmp_path / "input"
    work.mkdir()
    for path in graph_dir.iterdir():
        (work / path.name).write_bytes(path.read_bytes())
    agreements = work / "agreements.jsonl"
    original = agreements.read_bytes()

    def truncate(done: int, total: int) -> None:  # after validation, while writing
        if agreements.read_bytes() == original:
            lines = original.splitlines(keepends=True)
            agreements.write_bytes(b"".join(lines[: len(lines) // 3]))

    def connected() -> tuple[Any, str]:
        return connect(neo4j_server)

    with pytest.raises(InputChanged, match="the input changed while it was being loaded"):
        load_paths([str(work)], connected, "bulk", 200, truncate)
    state = meta(neo4j_server)
    assert state["status"] == "incomplete" and "input changed" in state["error"]
    assert_refused(neo4j_server, graph_dir)
    code, out = cli_run(neo4j_server, "reach", "fed-0-d0", "--backend", "neo4j")
    assert code == 1 and "the input changed while it was being loaded" in out
    agreements.write_bytes(original)
    code, out = cli_run(neo4j_server, "load", str(work), "--mode", "bulk", "--batch", "200")
    assert code == 0 and "Loaded into" in out, out
    assert snapshot_answers(neo4j_server, graph_dir) == clean
    # Changed before the writing began (between validate and load): refused too.
    agreements.write_bytes(original[: len(original) // 2].rsplit(b"\n", 1)[0] + b"\n")
    taken = snapshot([str(work)])
    agreements.write_bytes(original)
    driver, database = connect(neo4j_server)
    with driver, pytest.raises(InputChanged):
        load_bulk([str(work)], driver, database, 200, taken=taken)
    assert_refused(neo4j_server, graph_dir)
    code, out = cli_run(neo4j_server, "load", str(work), "--mode", "bulk", "--batch", "200")
    assert code == 0, out
    assert snapshot_answers(neo4j_server, graph_dir) == clean


def memory_error() -> Exception:
    from neo4j.exceptions import Neo4jError as DriverNeo4jError

    return DriverNeo4jError._hydrate_neo4j(
        code="Neo.TransientError.General.MemoryPoolOutOfMemoryError",
        message="The allocation of an extra 2.0 MiB would use more than the limit 1.0 MiB. "
        "dbms.memory.transaction.total.max threshold reached",
    )


def test_a_batch_that_does_not_fit_explains_what_to_do(
    neo4j_server: Any, graph_dir: Path, clean: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batches.write_batch
    tries = {"n": 0}

    class Full:  # a server whose transaction memory is full
        def run(self, *_args: Any, **_params: Any) -> Any:
            tries["n"] += 1
            raise memory_error()

    def too_big(tx: Any, statements: Any, number: int, meta: Any) -> None:
        real(Full() if number == 6 else tx, statements, number, meta)

    monkeypatch.setattr(batches, "write_batch", too_big)
    monkeypatch.setattr(bulk, "READERS_GRACE", 0)
    wipe(neo4j_server)  # a first load: every batch is written (batch 6 among them)
    code, out = cli_run(neo4j_server, "load", graph_dir, "--mode", "bulk", "--batch", "200")
    assert code == 1, out
    assert "did not fit in the Neo4j server's memory" in out
    assert "--batch 50" in out and "GRAPHKIT_NEO4J_HEAP" in out
    assert tries["n"] == 1  # not retried: it would fail the same way
    assert "memory" in meta(neo4j_server)["error"]
    assert_refused(neo4j_server, graph_dir)
    monkeypatch.setattr(batches, "write_batch", real)
    code, out = cli_run(neo4j_server, "load", graph_dir, "--mode", "bulk", "--batch", "50")
    assert code == 0 and "started over" in out, out
    assert snapshot_answers(neo4j_server, graph_dir) == clean


def test_a_failed_transaction_load_leaves_the_previous_graph_answering(
    neo4j_server: Any, graph_dir: Path, clean: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    driver, database = connect(neo4j_server)
    with driver:
        load_bulk([str(graph_dir)], driver, database, batch=200)
    monkeypatch.setattr(q, "create_relationships", lambda rel: "THIS IS NOT CYPHER")

    def connected() -> tuple[Any, str]:
        return connect(neo4j_server)

    with pytest.raises(GraphkitError, match="Nothing was changed") as caught:
        load_paths([str(EDGE)], connected, "transaction")
    assert "questions still answer from the previous load" in str(caught.value)
    monkeypatch.undo()
    assert meta(neo4j_server)["status"] == "complete"
    assert snapshot_answers(neo4j_server, graph_dir) == clean


def test_questions_during_a_load_are_whole_or_refused(
    neo4j_server: Any, graph_dir: Path, clean: dict[str, Any]
) -> None:
    """A reload runs in a thread; questions asked meanwhile answer from the complete graph
    or are refused, never partially."""
    dataset = next(iter(clean["reach"]))
    driver, database = connect(neo4j_server)
    with driver:
        load_bulk([str(graph_dir)], driver, database, batch=200)
    errors: list[BaseException] = []

    def slow(done: int, total: int) -> None:
        time.sleep(0.05)

    def reload() -> None:
        d, db = connect(neo4j_server)
        try:
            with d:
                load_bulk([str(graph_dir)], d, db, batch=100, progress=slow)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=reload)
    seen = {"whole": 0, "refused": 0}
    driver, database = connect(neo4j_server)
    with driver:
        g = Graph(Neo4jStore(driver, database))
        thread.start()
        deadline = time.monotonic() + 120
        for _ in range(200):
            if not thread.is_alive() or time.monotonic() > deadline:
                break
            try:
                answer = g.reach(dataset, as_of=DAY, max_hops=5, max_paths=3).to_dict()
            except Neo4jError as exc:
                assert RUNNING in str(exc), exc  # a live load: ask again after
                seen["refused"] += 1
                continue
            answer["question"].pop("data")
            assert answer == clean["reach"][dataset]  # never a partial answer
            seen["whole"] += 1
        thread.join(timeout=300)
    assert not errors and not thread.is_alive()
    assert seen["refused"] > 0, seen
    assert snapshot_answers(neo4j_server, graph_dir) == clean
