"""One load at a time per database (issue 22, row 1 and deliverable 2): two loads at
once, a load that waits, a load killed with its lock held, progress written under a
wrong load id, and questions asked while a load runs. After each, the answers must equal
the memory backend's for the input that won."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit.backends.memory import MemoryStore
from graphkit.backends.neo4j.client import Neo4jClient
from graphkit.backends.neo4j.load import bulk
from graphkit.backends.neo4j.load.batches import write_batch
from graphkit.backends.neo4j.load.bulk import load_bulk
from graphkit.backends.neo4j.load.lock import LoadLock, refusal
from graphkit.backends.neo4j.load.plan import load_paths
from graphkit.backends.neo4j.load.state import STALE_AFTER, Holder, LoadState
from graphkit.backends.neo4j.store import Neo4jStore
from graphkit.cli import cli
from graphkit.errors import LoadLocked
from graphkit.graph import Graph
from graphkit.ingest.synth import generate
from graphkit.ingest.validation import load_seeds
from tests_support import ROOT, connect, meta, same, server_env, wipe

DAY = "2020-06-01"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two different inputs of the same shape (the attack's "different inputs")."""
    out = {}
    for name, seed in (("a", 21), ("b", 22)):
        folder = tmp_path_factory.mktemp(f"lock-{name}")
        generate(folder, relationships=2_000, seed=seed)
        out[name] = folder
    return out


def assert_answers_like_memory(server: Any, folder: Path) -> None:
    """Reach of eight datasets and the stats' counts (FLOWS among them) equal memory's."""
    data = load_seeds(folder)
    memory = Graph(MemoryStore(data))
    driver, database = connect(server)
    with driver:
        neo = Graph(Neo4jStore(driver, database))
        for dataset in sorted(data.datasets)[::9][:8]:
            same(
                memory.reach(dataset, as_of=DAY, max_hops=5, max_paths=3),
                neo.reach(dataset, as_of=DAY, max_hops=5, max_paths=3),
            )
        left, right = memory.stats(as_of=DAY), neo.stats(as_of=DAY)
        assert right.load_warning is None
        assert (left.counts, left.flows) == (right.counts, right.flows)


def cli_run(server: Any, *args: Any) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], env=server_env(server))
    assert "Traceback" not in result.output, result.output
    assert server.password not in result.output
    return result.exit_code, result.output


def slow(done: int, total: int) -> None:
    time.sleep(0.03)


def in_thread(server: Any, folder: Path, outcome: dict[str, Any], **kwargs: Any) -> Any:
    def run() -> None:
        try:
            summary, _db = load_paths([str(folder)], lambda: connect(server), "bulk", 100, **kwargs)
            outcome[str(folder)] = summary
        except BaseException as exc:
            outcome[str(folder)] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def wait_for_lock(server: Any) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = meta(server)
        if state.get("lock") and state.get("status") == "incomplete":
            return state
        time.sleep(0.02)
    raise AssertionError("the load never took its lock")


# ------------------------------------------------------------------ without a server
def test_a_holder_whose_process_ended_on_this_host_is_stale() -> None:
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    pid = int(ended.stdout)
    here = socket.gethostname()

    def holder(host: str, pid: int, idle: int) -> Holder:
        found = Holder.of(
            LoadState.from_meta(
                {
                    "lock": "0123456789abcdef",
                    "lock_host": host,
                    "lock_pid": pid,
                    "lock_since": "t0",
                    "lock_idle": idle,
                }
            )
        )
        assert found is not None
        return found

    assert holder(here, pid, 3).stale() == f"its process (pid {pid}) no longer runs on {here}"
    assert holder(here, os.getpid(), 3).stale() is None  # this process runs
    assert holder("elsewhere", pid, 3).stale() is None  # another host's pids are not ours
    late = holder("elsewhere", pid, STALE_AFTER + 1)
    assert late.stale() == f"it has made no progress for {STALE_AFTER + 1} s (over {STALE_AFTER} s)"
    text = refusal("neo4j", late, late.stale(), 0, False)
    assert text.startswith("another load holds neo4j: load 01234567 (pid")
    assert "--break-lock" in text
    alive = holder(here, os.getpid(), 3)
    text = refusal("neo4j", alive, None, 5, True)
    assert "last progress 3 s ago; waited 5 s" in text and "--wait SECONDS" in text
    assert "takes over only a holder that is gone" in text


# ------------------------------------------------------------------ on Neo4j
@pytest.mark.neo4j
def test_two_bulk_loads_at_once_one_wins_and_answers_like_memory(
    neo4j_server: Any, inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "READERS_GRACE", 0)
    wipe(neo4j_server)
    outcome: dict[str, Any] = {}
    threads = [in_thread(neo4j_server, inputs[name], outcome, progress=slow) for name in ("a", "b")]
    for thread in threads:
        thread.join(timeout=300)
    won = [name for name in ("a", "b") if not isinstance(outcome[str(inputs[name])], Exception)]
    lost = [name for name in ("a", "b") if name not in won]
    assert len(won) == 1 and len(lost) == 1, outcome
    refused = outcome[str(inputs[lost[0]])]
    assert isinstance(refused, LoadLocked), refused
    assert f"another load holds {neo4j_server.database}: load " in str(refused)
    assert f"on {socket.gethostname()}, since " in str(refused)
    state = meta(neo4j_server)
    winner = outcome[str(inputs[won[0]])]
    assert (state["status"], state["data_version"]) == ("complete", winner.data_version)
    assert "lock" not in state  # released at the end
    assert_answers_like_memory(neo4j_server, inputs[won[0]])


@pytest.mark.neo4j
def test_a_second_load_waits_for_the_first_then_answers_like_memory(
    neo4j_server: Any, inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "READERS_GRACE", 0)
    wipe(neo4j_server)
    outcome: dict[str, Any] = {}
    first = in_thread(neo4j_server, inputs["a"], outcome, progress=slow)
    held = wait_for_lock(neo4j_server)
    code, out = cli_run(neo4j_server, "load", inputs["b"], "--mode", "bulk", "--batch", 100)
    assert code == 1 and f"another load holds {neo4j_server.database}" in out, out
    assert meta(neo4j_server)["lock"] == held["lock"]  # the refusal changed nothing
    code, out = cli_run(
        neo4j_server, "load", inputs["b"], "--mode", "bulk", "--batch", 100, "--wait", 300
    )
    first.join(timeout=300)
    assert code == 0 and "Loaded into" in out, out
    assert not isinstance(outcome[str(inputs["a"])], Exception)
    assert meta(neo4j_server)["data_version"] != outcome[str(inputs["a"])].data_version
    assert_answers_like_memory(neo4j_server, inputs["b"])


@pytest.mark.neo4j
def test_questions_during_a_load_say_it_runs_and_asking_again_after_answers(
    neo4j_server: Any, inputs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The attack of row 11: a question during a bulk load, then its advice followed. A
    reload started meanwhile is refused (it duplicated FLOWS), and asking again once the
    load has finished gives the memory backend's answers."""
    monkeypatch.setattr(bulk, "READERS_GRACE", 0)
    wipe(neo4j_server)
    outcome: dict[str, Any] = {}
    thread = in_thread(neo4j_server, inputs["a"], outcome, progress=slow)
    wait_for_lock(neo4j_server)
    dataset = sorted(load_seeds(inputs["a"]).datasets)[0]
    code, out = cli_run(neo4j_server, "reach", dataset, "--as-of", DAY, "--backend", "neo4j")
    assert code == 1 and f"a load into {neo4j_server.database} is running (load " in out, out
    assert "Ask again once it has finished" in out
    with pytest.raises(LoadLocked):  # what the old advice led to: a second load meanwhile
        load_paths([str(inputs["a"])], lambda: connect(neo4j_server), "bulk", 100)
    thread.join(timeout=300)
    assert not isinstance(outcome[str(inputs["a"])], Exception), outcome
    code, out = cli_run(neo4j_server, "reach", dataset, "--as-of", DAY, "--backend", "neo4j")
    assert code == 0, out
    assert_answers_like_memory(neo4j_server, inputs["a"])


@pytest.mark.neo4j
def test_progress_under_a_wrong_load_id_changes_nothing(
    neo4j_server: Any, inputs: dict[str, Path]
) -> None:
    driver, database = connect(neo4j_server)
    with driver:
        load_bulk([str(inputs["a"])], driver, database, batch=500)
        before = meta(neo4j_server)
        lock = LoadLock.take(driver, database)
        run = Neo4jClient(driver, database).execute
        other = "f" * 32
        for write in (
            lambda: LoadState.bulk_started(
                run,
                other,
                "v",
                fresh=False,
                selective=False,
                batch=1,
                phase="nodes",
                node_batches=1,
            ),
            lambda: LoadState.phase_begins(run, other, "removing"),
            lambda: LoadState.bulk_done(run, other),
            lambda: LoadState.import_done(run, other, 1, 1),
        ):
            with pytest.raises(LoadLocked, match="no longer holds the database's lock"):
                write()
        intruder = [("CREATE (:Entity:Agency {id: 'intruder'})", {})]
        with driver.session(database=database) as session, pytest.raises(LoadLocked):
            session.execute_write(
                write_batch, intruder, 1, {"phase": "nodes", "k": 1, "t": 1, "load": other}
            )
        found = driver.execute_query(
            "MATCH (n:Entity {id: 'intruder'}) RETURN count(n) AS n", database_=database
        ).records[0]["n"]
        after = meta(neo4j_server)
        lock.release()
    assert found == 0  # the batch rolled back with its progress write
    assert {k: v for k, v in after.items() if not k.startswith("lock")} == {
        k: v for k, v in before.items() if not k.startswith("lock")
    }
    assert after["status"] == "complete" and after["lock"] == lock.load
    assert "lock" not in meta(neo4j_server)


@pytest.mark.neo4j
def test_a_killed_load_leaves_a_lock_that_break_lock_takes_over_and_repairs(
    neo4j_server: Any, inputs: dict[str, Path]
) -> None:
    """A complete load of A; a load of B killed (SIGKILL) part-way; questions name the dead
    holder and the fix; a load without --break-lock is refused; with it, the unchanged
    input A is loaded again in full (not "unchanged, kept") and answers like memory."""
    wipe(neo4j_server)
    code, out = cli_run(neo4j_server, "load", inputs["a"], "--mode", "bulk", "--batch", 500)
    assert code == 0, out
    env = {**os.environ, **server_env(neo4j_server), "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "graphkit",
            "load",
            str(inputs["b"]),
            "--mode",
            "bulk",
            "--batch",
            "10",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            state = meta(neo4j_server)
            if state.get("lock") and state.get("phase") == "nodes" and state["phase_done"] >= 3:
                break
            assert child.poll() is None, "the load ended before it could be killed"
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    state = meta(neo4j_server)
    assert state["status"] == "incomplete" and state["lock_pid"] == child.pid
    dataset = sorted(load_seeds(inputs["a"]).datasets)[0]
    code, out = cli_run(neo4j_server, "reach", dataset, "--as-of", DAY, "--backend", "neo4j")
    assert code == 1, out
    assert f"its process (pid {child.pid}) no longer runs" in out
    assert "Run `graphkit load --break-lock` with the same input" in out
    code, out = cli_run(neo4j_server, "load", inputs["a"], "--mode", "bulk", "--batch", 500)
    assert code == 1 and "it stopped without finishing" in out and "--break-lock" in out, out
    assert meta(neo4j_server)["lock_pid"] == child.pid  # refused: nothing changed
    code, out = cli_run(
        neo4j_server, "load", inputs["a"], "--mode", "bulk", "--batch", 500, "--break-lock"
    )
    assert code == 0 and f"took over the lock of load {state['lock'][:8]}" in out, out
    assert "unchanged, kept" not in out and "started over" in out
    assert_answers_like_memory(neo4j_server, inputs["a"])
    code, out = cli_run(neo4j_server, "reach", dataset, "--as-of", DAY, "--backend", "neo4j")
    assert code == 0, out


@pytest.mark.neo4j
def test_a_live_holder_is_never_broken(neo4j_server: Any, inputs: dict[str, Path]) -> None:
    driver, database = connect(neo4j_server)
    with driver:
        lock = LoadLock.take(driver, database)
        try:
            with pytest.raises(LoadLocked) as caught:
                LoadLock.take(driver, database, break_lock=True)
            assert "takes over only a holder that is gone" in str(caught.value)
            assert meta(neo4j_server)["lock"] == lock.load
        finally:
            lock.release()
