"""First loads through Neo4j's offline importer (``neo4j-admin database import full``).

For a large first load into an empty database that ``graphkit neo4j start`` runs,
writing the store files directly beats any stream of Bolt transactions. The steps:

1. validate the input and write it as importer CSV, on every core
   (:mod:`~graphkit.backends.neo4j.importfiles`); invalid input stops here, with
   nothing changed;
2. check that the database is empty (the importer replaces it whole);
3. stop the server, run the importer from the launcher's classpath, start the server;
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
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from graphkit import __version__
from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.load import LoadSummary, setup_schema, snapshot, stream_version
from graphkit.backends.neo4j.rows import ROW_FORMAT
from graphkit.errors import GraphkitError

#: Input above this size makes ``--mode auto`` use the importer for a first load into a
#: server graphkit runs: below it, the fixed cost of a restart (about 25 s) does not pay.
IMPORT_ABOVE_BYTES = 20 * 1024 * 1024
IMPORT_LOG = "import.log"
#: The importer's CSV, while a load runs (removed after, and before the next one).
STAGING = "import-staging"


def load_offline(
    paths: list[str],
    data_dir: Path,
    connect: Callable[[], tuple[Any, str]],
    password: str | None = None,
    workers: int | None = None,
) -> LoadSummary:
    """Load ``paths`` into the empty ``neo4j`` database of the server on ``data_dir``
    through the offline importer; the server is stopped and started again.

    ``connect`` gives ``(driver, database)`` for the running server; ``password`` (default
    ``$NEO4J_PASSWORD``) starts it again. ``summary.timings``
    holds each step's seconds (``files``, ``stop``, ``import``, ``start``, ``finish``).

    Raises:
        SeedError: the input has problems (nothing was changed).
        GraphkitError: the database is not empty, no graphkit server runs on
            ``data_dir``, or the importer failed (the message has its log's tail).
    """
    from graphkit.backends.neo4j.importfiles import meta_file, write_import_files
    from graphkit.backends.neo4j.server import manager

    data_dir = Path(data_dir).expanduser().resolve()
    server = manager.status(data_dir)
    if not server["running"] or not server["uri"]:
        raise GraphkitError(
            f"no Neo4j started by graphkit runs on {data_dir}: the offline importer needs "
            "it (start it with `graphkit neo4j start --data-dir ...`), or load with --mode bulk",
            "data_dir",
        )
    if "," in str(data_dir) or "=" in str(data_dir):
        raise GraphkitError(
            f"the data dir {data_dir} holds ',' or '=', which the importer's file arguments "
            "cannot carry; use another data dir, or load with --mode bulk",
            "data_dir",
        )
    port = int(str(server["uri"]).rsplit(":", 1)[1])
    password = password or os.environ.get("NEO4J_PASSWORD", "")
    taken = snapshot(paths)
    summary = LoadSummary(data_version=taken.version, mode="import")
    with _locked(data_dir):
        staging = data_dir / STAGING
        shutil.rmtree(staging, ignore_errors=True)  # left by a load that was killed
        clock = time.perf_counter()
        try:
            files = write_import_files(list(taken.paths), staging, taken.version, workers)
            meta_file(staging, files, taken.version, __version__)
            summary.timings["files"] = _lap(clock)
            if _checked(connect, taken.version) == "finish":
                summary.note = "finished an import that had stopped before its indexes"
            else:
                clock = time.perf_counter()
                manager.stop(data_dir)
                summary.timings["stop"] = _lap(clock)
                clock = time.perf_counter()
                failed: BaseException | None = None
                try:
                    _run_importer(data_dir, files.arguments())
                except BaseException as exc:
                    failed = exc
                summary.timings["import"] = _lap(clock)
                clock = time.perf_counter()
                try:
                    manager.start(data_dir, port, password=password)
                except GraphkitError as exc:
                    if failed is None:
                        raise
                    raise GraphkitError(f"{failed}\nThen the server did not start: {exc}") from None
                summary.timings["start"] = _lap(clock)
                if failed is not None:
                    raise failed
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        clock = time.perf_counter()
        _finish(connect, taken, files.node_count, files.relationship_count)
    summary.timings["finish"] = _lap(clock)
    summary.created = files.node_count
    summary.relationships = files.relationship_count
    summary.by_kind = dict(files.by_kind)
    return summary


def serves(data_dir: Path, uri: str | None) -> bool:
    """Whether the server graphkit runs on ``data_dir`` is the one ``uri`` reaches (same
    port, on this machine): only then may a load stop it to import.

    Example:
        >>> import tempfile
        >>> serves(Path(tempfile.mkdtemp()), "bolt://127.0.0.1:7687")
        False
    """
    from urllib.parse import urlsplit

    from graphkit.backends.neo4j.server import manager

    server = manager.status(Path(data_dir).expanduser())
    if not server["running"] or not server["uri"] or not uri:
        return False
    try:
        ours, theirs = urlsplit(str(server["uri"])), urlsplit(uri)
        same_port = (theirs.port or 7687) == ours.port
    except ValueError:
        return False
    return same_port and (theirs.hostname or "") in ("127.0.0.1", "localhost", "::1")


def _checked(connect: Callable[[], tuple[Any, str]], version: str) -> str:
    """``import`` when the database is empty; ``finish`` when it holds an import of the
    same input that stopped before its indexes; else a :class:`GraphkitError`."""
    driver, database = connect()
    try:
        if database != "neo4j":
            raise GraphkitError(
                f"the offline importer loads the database 'neo4j' (Community has only that "
                f"one), not {database!r}; load with --mode bulk",
                "database",
            )
        held = driver.execute_query(q.NODES_BESIDES_META, database_=database).records[0]["n"]
        meta = driver.execute_query(q.META, database_=database).records
    finally:
        driver.close()
    state = meta[0]["meta"] if meta else {}
    if not held:
        return "import"
    if (state.get("mode"), state.get("status")) == ("import", "incomplete") and state.get(
        "data_version"
    ) == version:
        return "finish"
    raise GraphkitError(
        f"the database holds {held} nodes: the offline importer replaces a database whole, "
        "so it only makes first loads; load with --mode bulk (incremental, removals synced)",
        "mode",
    )


def _finish(
    connect: Callable[[], tuple[Any, str]], taken: Any, nodes: int, relationships: int
) -> None:
    """Step 4: constraints and indexes, then the load marked complete (if the input is
    still what was read)."""
    from graphkit.backends.neo4j.bulk import InputChanged

    driver, database = connect()
    try:
        setup_schema(driver, database)
        driver.execute_query(q.AWAIT_INDEXES, seconds=600, database_=database)
        if stream_version(list(taken.paths)) != taken.version:
            driver.execute_query(
                q.META_ERROR,
                error="the input changed while it was being loaded",
                database_=database,
            )
            raise InputChanged(
                "the input changed while it was being loaded: the database holds what was "
                "read, marked incomplete. Load the final files with --mode bulk."
            )
        driver.execute_query(
            q.META_IMPORT_DONE,
            nodes=nodes,
            rels=relationships,
            row_format=ROW_FORMAT,
            database_=database,
        )
    finally:
        driver.close()


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


def _lap(start: float) -> float:
    return round(time.perf_counter() - start, 2)


def _run_importer(data_dir: Path, arguments: list[str]) -> None:
    """``neo4j-admin database import full neo4j`` with the launcher's classpath."""
    from graphkit.backends.neo4j.server.build import build_launcher, find_java, log_tail

    build_dir = build_launcher()
    command = [
        find_java(),
        f"@{build_dir / 'java.args'}",
        "org.neo4j.cli.AdminTool",
        "database",
        "import",
        "full",
        "neo4j",
        "--overwrite-destination=true",
        *arguments,
    ]
    log_path = data_dir / IMPORT_LOG
    env = dict(os.environ, NEO4J_HOME=str(data_dir))
    env.pop("NEO4J_CONF", None)
    env.pop("NEO4J_PASSWORD", None)
    with log_path.open("wb") as out:
        result = subprocess.run(
            command, cwd=data_dir, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out
        )
    if result.returncode != 0:
        raise GraphkitError(
            f"Neo4j's offline importer failed (exit {result.returncode}); the database may be "
            f"empty now. Last lines of {log_path}:\n{log_tail(log_path)}\n"
            "Fix: read the log; then load again (an empty database takes a first load)."
        )
