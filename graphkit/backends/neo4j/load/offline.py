"""First loads through Neo4j's offline importer (``neo4j-admin database import full``).

For a large first load into an empty database that ``graphkit neo4j start`` runs,
writing the store files directly beats any stream of Bolt transactions. The steps:

1. validate the input and write it as importer CSV, on every core
   (:mod:`~graphkit.backends.neo4j.importfiles`); invalid input stops here, with
   nothing changed;
2. check that the database is empty (the importer replaces it whole);
3. have the server import: its launcher shuts the databases down, sets the store aside,
   runs the importer in its own JVM and opens them again (no process starts; see
   ``Launcher.java``); a failed import gets the store it would have replaced back
   (``Previous.java``), so the database is as it was and answers at once;
4. create the constraints and indexes, wait for them, and mark the load complete.

The meta node is written by the importer as ``incomplete``: questions refuse to answer
until step 4 has finished, whatever stops the load on the way.

Example (needs a server started by ``graphkit neo4j start``):
    >>> summary = load_offline(["/tmp/g1M"], Path(".neo4j"), connect)  # doctest: +SKIP
    >>> summary.mode  # doctest: +SKIP
    'import'
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from graphkit import __version__
from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.client import Neo4jClient
from graphkit.backends.neo4j.load.gate import gate
from graphkit.backends.neo4j.load.input import Snapshot, snapshot, stream_version
from graphkit.backends.neo4j.load.lock import LoadLock
from graphkit.backends.neo4j.load.state import LoadState
from graphkit.backends.neo4j.load.summary import LoadSummary
from graphkit.backends.neo4j.load.transaction import setup_schema
from graphkit.errors import GraphkitError, InputChanged, LoadError

IMPORT_LOG = "import.log"
#: Read by the launcher: what to import, as data it checks (the request's format, the
#: files it names, who wrote it) before it builds the importer's arguments itself; and
#: its answer: the id, the exit code and each step's milliseconds, or ``refused=WHY``
#: (see Launcher.java and ImportRequest.java).
IMPORT_REQUEST = "import.request"
REQUEST_HEADER = "graphkit-import-request 1"
IMPORT_DONE = "import.done"
#: The importer's CSV, while a load runs (removed after, and before the next one).
STAGING = "import-staging"


def load_offline(
    paths: list[str],
    data_dir: Path,
    connect: Callable[[], tuple[Any, str]],
    password: str | None = None,
    workers: int | None = None,
    wait: float = 0,
    break_lock: bool = False,
) -> LoadSummary:
    """Load ``paths`` into the empty ``neo4j`` database of the server on ``data_dir``
    through the offline importer, run by the server itself between a shutdown and a
    start of its databases.

    ``connect`` gives ``(driver, database)`` for the running server; ``password`` (default
    ``$NEO4J_PASSWORD``) checks that it answers again. ``summary.timings`` holds each
    step's seconds (``files``, ``stop``, ``import``, ``start``, ``finish``; the middle
    three as the launcher measured them).

    The load holds the database's lock from before it reads the database to the end
    (one load at a time, see :mod:`~graphkit.backends.neo4j.load.lock`; ``wait`` and
    ``break_lock`` as there): the imported meta node carries it, and the import is
    marked complete only by the load that holds it.

    Raises:
        LoadLocked: another load holds the database (nothing was changed).
        SeedError: the input has problems (nothing was changed).
        GraphkitError: the database is not empty, no graphkit server runs on
            ``data_dir``, or the importer failed (the message has its log's tail; the
            launcher has put the database it would have replaced back, and it answers).
    """
    from graphkit.backends.neo4j.server import manager

    data_dir = Path(data_dir).expanduser().resolve()
    server = manager.status(data_dir)
    if not server["running"] or not server["uri"]:
        raise LoadError(
            f"no Neo4j started by graphkit runs on {data_dir}: the offline importer needs "
            "it (start it with `graphkit neo4j start --data-dir ...`), or load with --mode bulk",
            "data_dir",
        )
    if any(c in str(data_dir) for c in ",=\n\r"):
        raise LoadError(
            f"the data dir {data_dir!r} holds ',', '=' or a line break, which the importer's "
            "file arguments "
            "cannot carry; use another data dir, or load with --mode bulk",
            "data_dir",
        )
    password = password or os.environ.get("NEO4J_PASSWORD", "")
    taken = snapshot(paths)
    summary = LoadSummary(data_version=taken.version, mode="import")
    with _locked(data_dir):
        while _importing(data_dir):  # an interrupted load's import: the server still reads
            time.sleep(0.2)
        with Neo4jClient(*connect()) as client:
            gate(data_dir, client.address(), "import")  # before anything runs on it
            setup_schema(client.driver, client.database)
            with LoadLock.take(client.driver, client.database, wait, break_lock) as lock:
                held = {**LoadState.read(client.execute).properties, "lock_pid": os.getpid()}
                _offline(data_dir, connect, password, workers, taken, summary, lock.load, held)
    if lock.broke is not None:
        summary.note = f"took over the lock of {lock.broke.name}; " + (summary.note or "")
    return summary


def _offline(
    data_dir: Path,
    connect: Callable[[], tuple[Any, str]],
    password: str,
    workers: int | None,
    taken: Snapshot,
    summary: LoadSummary,
    load: str,
    lock: dict[str, Any],
) -> None:
    """:func:`load_offline`'s steps, while ``load`` holds the lock (``lock``: the meta
    node's lock properties, kept on the imported node)."""
    from graphkit.backends.neo4j.importfiles import meta_file, write_import_files

    staging = data_dir / STAGING
    shutil.rmtree(staging, ignore_errors=True)  # left by a load that was killed
    clock = time.perf_counter()
    try:
        files = write_import_files(list(taken.paths), staging, taken.version, workers)
        meta_file(staging, files, taken.version, __version__, lock)
        _private(staging, files.nodes, files.relationships)
        summary.timings["files"] = _lap(clock)
        if _checked(connect, data_dir, taken.version) == "finish":
            summary.note = "finished an import that had stopped before its indexes"
        else:
            lines = request_lines(files.nodes, files.relationships, files.multiline, data_dir)
            summary.timings.update(_import_in_server(data_dir, lines, password))
    finally:
        if not _importing(data_dir):  # else the server reads it still (an interrupt)
            shutil.rmtree(staging, ignore_errors=True)
    clock = time.perf_counter()
    _finish(connect, taken, load, files.node_count, files.relationship_count)
    summary.timings["finish"] = _lap(clock)
    summary.created = files.node_count
    summary.relationships = files.relationship_count
    summary.by_kind = dict(files.by_kind)


def _private(
    staging: Path, nodes: dict[str, list[Path]], relationships: dict[str, list[Path]]
) -> None:
    """The staged files as the launcher accepts them, whatever the umask: the folder and
    each file readable and writable by their owner only."""
    staging.chmod(0o700)
    for paths in (*nodes.values(), *relationships.values()):
        for path in paths:
            path.chmod(0o600)


def _checked(connect: Callable[[], tuple[Any, str]], data_dir: Path, version: str) -> str:
    """``import`` when the database is empty; ``finish`` when it holds an import of the
    same input that stopped before its indexes; else a :class:`LoadError`. Refused
    when the server ``connect`` reaches is not the one on ``data_dir`` (the gate)."""
    with Neo4jClient(*connect()) as client:
        gate(data_dir, client.address(), "import")
        if client.database != "neo4j":
            raise LoadError(
                f"the offline importer loads the database 'neo4j' (Community has only that "
                f"one), not {client.database!r}; load with --mode bulk",
                "database",
            )
        held = client.execute(q.NODES_BESIDES_META)[0]["n"]
        state = LoadState.read(client.execute)
    if not held:
        return "import"
    if state.imported(version):
        return "finish"
    raise LoadError(
        f"the database holds {held} nodes: the offline importer replaces a database whole, "
        "so it only makes first loads; load with --mode bulk (incremental, removals synced)",
        "mode",
        state=state,
    )


def _finish(
    connect: Callable[[], tuple[Any, str]],
    taken: Snapshot,
    load: str,
    nodes: int,
    relationships: int,
) -> None:
    """Step 4: constraints and indexes, then the load marked complete (if the input is
    still what was read)."""
    with Neo4jClient(*connect()) as client:
        setup_schema(client.driver, client.database)
        client.execute(q.AWAIT_INDEXES, seconds=600)
        if stream_version(list(taken.paths)) != taken.version:
            error = "the input changed while it was being loaded"
            LoadState.stopped(client.execute, load, error)
            raise InputChanged(
                "the input changed while it was being loaded: the database holds what was "
                "read, marked incomplete. Load the final files with --mode bulk.",
                state=LoadState(status="incomplete", mode="import", error=error),
            )
        LoadState.import_done(client.execute, load, nodes, relationships)


@contextlib.contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    """One import at a time on a data dir (another waits for it, then finds data)."""
    import fcntl

    with (data_dir / "import.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _importing(data_dir: Path) -> bool:
    """Whether the launcher on ``data_dir`` has an import request or runs one (it removes
    ``launcher.ready`` for the time of an import)."""
    from graphkit.backends.neo4j.server import manager

    asked = (data_dir / IMPORT_REQUEST).exists()
    busy = not (data_dir / manager.READY_FILE).exists()
    return (asked or busy) and manager.status(data_dir)["running"]


def _lap(start: float) -> float:
    return round(time.perf_counter() - start, 2)


def request_lines(
    nodes: dict[str, list[Path]],
    relationships: dict[str, list[Path]],
    multiline: bool,
    data_dir: Path,
) -> list[str]:
    """The body of an import request: the files to import, by label or type, relative to
    ``data_dir`` (the launcher accepts only files under its ``import-staging/``).

    Example:
        >>> staged = Path("/d/import-staging")
        >>> request_lines({"Agency": [staged / "a.csv"]}, {}, False, Path("/d"))
        ['multiline=false', 'nodes=Entity:Agency:Party=import-staging/a.csv']
    """
    from graphkit.backends.neo4j.importfiles import import_labels

    def files(paths: list[Path]) -> str:
        return ",".join(p.relative_to(data_dir).as_posix() for p in paths)

    lines = [f"multiline={str(multiline).lower()}"]
    lines += [f"nodes={import_labels(name)}={files(paths)}" for name, paths in nodes.items()]
    lines += [f"relationships={rel}={files(paths)}" for rel, paths in relationships.items()]
    return lines


def _import_in_server(data_dir: Path, lines: list[str], password: str) -> dict[str, float]:
    """Step 3: ask the launcher on ``data_dir`` to stop its databases, run
    ``database import full`` on the files ``lines`` name in its own JVM and start them again (see
    Launcher.java); wait until it answers. Returns the seconds of ``stop``, ``import``
    and ``start`` as the launcher measured them.

    Raises:
        GraphkitError: the launcher predates in-place imports, died, or the importer
            failed (the message has the tail of its log).
    """
    from graphkit.backends.neo4j.server import manager
    from graphkit.backends.neo4j.server.build import log_tail

    server = manager.status(data_dir)
    ready = data_dir / manager.READY_FILE
    if not ready.is_file():
        raise LoadError(
            f"the Neo4j server on {data_dir} is starting or importing: wait until "
            "`graphkit neo4j status` says it runs, then load again",
            "data_dir",
        )
    if "import-in-place" not in ready.read_text(errors="replace").split():
        raise LoadError(
            f"the Neo4j server on {data_dir} was started by an older graphkit, whose "
            "launcher cannot import: restart it (`graphkit neo4j stop`, then `graphkit neo4j "
            "start` with the same --data-dir), then load again",
            "data_dir",
        )
    done = data_dir / IMPORT_DONE
    done.unlink(missing_ok=True)
    request = data_dir / "import.request.tmp"
    ident = secrets.token_hex(8)
    body = [REQUEST_HEADER, f"id={ident}", *lines]
    request.unlink(missing_ok=True)
    with open(os.open(request, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
        out.write("".join(line + "\n" for line in body))
    request.replace(data_dir / IMPORT_REQUEST)
    log_path = data_dir / IMPORT_LOG
    while True:
        reply = done.read_text(encoding="utf-8").splitlines() if done.is_file() else []
        if reply and reply[0] == ident:
            break
        if not manager.status(data_dir)["running"]:
            raise LoadError(
                f"the Neo4j launcher (pid {server['pid']}) died during the offline import. "
                f"Last lines of {log_path}:\n{log_tail(log_path)}\n"
                f"and of {data_dir / manager.LOG_FILE}:\n{log_tail(data_dir / manager.LOG_FILE)}\n"
                "Fix: read the logs (too little heap: GRAPHKIT_NEO4J_HEAP); start the server "
                "again (it puts back the database the import would have replaced), then load "
                "again."
            )
        time.sleep(0.05)
    report = dict(line.split("=", 1) for line in reply[1:] if "=" in line)
    done.unlink()
    if "refused" in report:
        trust = "other users" in report["refused"] or "belongs to uid" in report["refused"]
        raise LoadError(
            f"the Neo4j launcher on {data_dir} refused the import request: "
            f"{report['refused']}. Nothing was imported; the database is as it was. Fix: "
            + (
                "make the data dir yours alone (chmod go-w), then load again."
                if trust
                else f"read {data_dir / manager.LOG_FILE}, then load again."
            )
        )
    if report.get("exit") != "0":
        kept = report.get("restored") == "true"
        if kept:  # the error says the database answers: it did when the launcher replied
            with contextlib.suppress(GraphkitError):
                manager.wait_until_answering(data_dir, password, wait=60)
        raise LoadError(
            f"Neo4j's offline importer failed (exit {report.get('exit')}); "
            + (
                "nothing was imported: the database is as it was and answers. "
                if kept
                else "the database it replaced could not be put back "
                f"({report.get('why', 'no reason given')}): it may be empty or unavailable. "
            )
            + f"Last lines of {log_path}:\n{log_tail(log_path)}\n"
            + (
                "Fix: read the log; then load again."
                if kept
                else "Fix: read the log and the launcher's; stop and start the server, then "
                "load again (an empty database takes a first load)."
            )
        )
    manager.wait_until_answering(data_dir, password)
    return {step: int(report[step]) / 1000 for step in ("stop", "import", "start")}
