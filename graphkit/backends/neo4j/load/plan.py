"""What ``graphkit load`` does, for the library and the command line alike: check the
request, choose the mode (and say why), pass the safety gate, validate, write, and
report a failure with the state it left.

Example (needs a running Neo4j):
    >>> summary, database = load_paths(["seeds"], connect_driver)  # doctest: +SKIP
    >>> summary.mode                                                # doctest: +SKIP
    'transaction'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.client import Failure, Neo4jClient
from graphkit.backends.neo4j.load import bulk, offline, transaction
from graphkit.backends.neo4j.load.gate import gate
from graphkit.backends.neo4j.load.input import snapshot
from graphkit.backends.neo4j.load.state import LoadState, left_by
from graphkit.backends.neo4j.load.summary import LoadSummary
from graphkit.errors import GraphkitError, LoadError

MODES = ("auto", "transaction", "bulk", "import")
#: ``mode="auto"`` loads input larger than this in bulk batches.
BULK_ABOVE_BYTES = 10_000_000
#: Input above this size makes ``mode="auto"`` use the importer for a first load into a
#: server graphkit runs: below it a load takes seconds either way, and through Bolt the
#: server's databases stay open.
IMPORT_ABOVE_BYTES = 20 * 1024 * 1024

Connect = Callable[[], tuple[Any, str]]


def load_paths(
    paths: Iterable[str],
    connect: Connect,
    mode: str = "auto",
    batch: int = 10_000,
    progress: Callable[[int, int], None] | None = None,
    data_dir: Path | None = None,
    password: str | None = None,
    wait: float = 0,
    break_lock: bool = False,
) -> tuple[LoadSummary, str]:
    """Validate the seed files under ``paths``, then load them: what ``graphkit load`` does.

    ``mode`` is ``transaction`` (one transaction), ``bulk`` (resumable batches, see
    :mod:`graphkit.backends.neo4j.load.bulk`), ``import`` (Neo4j's offline importer, for a
    first load into the empty database of the server graphkit runs on ``data_dir``, see
    :mod:`graphkit.backends.neo4j.load.offline`) or ``auto``: ``import`` for a first load of
    more than 20 MB when ``data_dir`` names the running server, else ``bulk`` above
    10 MB of input, else ``transaction``. ``summary.note`` says what ``auto`` chose and
    why. ``connect`` gives ``(driver, database)``; nothing is written before the input is
    valid (``auto``, for large input with ``data_dir``, first reads whether the database
    is empty). The importer runs only when the server on ``data_dir`` is the one
    ``connect`` reaches (:func:`~graphkit.backends.neo4j.load.gate.gate`). The driver is
    closed at the end.

    One load at a time per database, in every mode: a load holds the lock in the database
    itself (:mod:`~graphkit.backends.neo4j.load.lock`); another is refused, saying who
    holds it and since when, or waits for it up to ``wait`` seconds. ``break_lock`` takes
    over the lock of a load that is gone (its process ended, or no progress for 30 minutes).

    Raises:
        SeedError: the input has problems (nothing was sent).
        LoadError: the load was refused or failed; the message says what state it left,
            and ``state`` holds it.
    """
    from graphkit.ingest.read import default_seed_paths, seed_files
    from graphkit.ingest.validation import check_stream, load_seeds

    paths = list(paths)
    if mode not in MODES:
        raise GraphkitError(f"mode {mode!r} is not one of auto, transaction, bulk, import", "mode")
    if batch < 1:
        raise GraphkitError(f"batch {batch} is out of range; use 1 or more", "batch")
    note = ""
    if mode == "auto":
        size = sum(f.stat().st_size for f in seed_files(default_seed_paths(paths)))
        mode = "bulk" if size > BULK_ABOVE_BYTES else "transaction"
        if size > IMPORT_ABOVE_BYTES and data_dir is not None:
            mode, note = _first_load(connect, data_dir, mode)
        elif mode == "bulk":
            note = "auto: bulk, for input above 10 MB"
    if mode == "import":
        if data_dir is None:
            raise LoadError(
                "the offline importer needs the server's data dir: pass --data-dir (or set "
                "GRAPHKIT_NEO4J_HOME) to the folder `graphkit neo4j start` runs on",
                "data_dir",
            )
        with Neo4jClient.errors(_import_failed):
            summary = offline.load_offline(
                paths, data_dir, connect, password, wait=wait, break_lock=break_lock
            )
        summary.note = note or summary.note
        return summary, "neo4j"
    taken = snapshot(paths) if mode == "bulk" else None  # before validation: see load_bulk
    data = load_seeds(*paths) if mode == "transaction" else None
    index = check_stream(*paths) if mode == "bulk" else None
    client = Neo4jClient(*connect())
    try:
        with client.errors(lambda failure: _failed(failure, client, mode)):
            if data is not None:
                summary = transaction.load(
                    data, client.driver, client.database, progress, wait, break_lock
                )
                return summary, client.database
            summary = bulk.load_bulk(
                paths,
                client.driver,
                client.database,
                batch,
                progress,
                index,
                taken,
                wait,
                break_lock,
            )
            summary.note = summary.note or note
            return summary, client.database
    finally:
        client.close()
    raise AssertionError("unreachable")  # for mypy: the block returns or raises


def _failed(failure: Failure, client: Neo4jClient, mode: str) -> LoadError:
    """A load that failed on a driver error, with the state it left."""
    if mode == "transaction":
        state = left_by(client.execute)
        said = "Nothing was changed (one transaction): " + (
            state.answering()
            if state is not None
            else "questions answer from the graph loaded before, as they did."
        )
    else:
        # after a lost connection, reading would only wait for the driver to give up
        read = None if failure.lost else left_by(client.execute)
        state = read or LoadState(status="incomplete", mode=mode)
        said = (
            "The load is left incomplete: questions refuse to answer until it finishes. "
            "Run the load again with the same input and --batch to resume it (if it says "
            "this load, which is gone, still holds the lock: add --break-lock)."
        )
        if failure.lost:
            said += (
                " If the server stopped, look in its logs for an OutOfMemoryError: then "
                "load with a smaller --batch or give Neo4j more heap (GRAPHKIT_NEO4J_HEAP)."
            )
    return LoadError(
        f"the load into {client.database} failed ({failure.name}: {failure.detail}). {said}",
        state=state,
    )


def _import_failed(failure: Failure) -> LoadError:
    return LoadError(
        f"the offline import into neo4j failed ({failure.name}: {failure.detail}). "
        "Questions refuse to answer until a load finishes; run the same load again.",
        state=LoadState(status="incomplete", mode="import"),
    )


def _first_load(connect: Connect, data_dir: Path, otherwise: str) -> tuple[str, str]:
    """``auto``'s choice for large input when graphkit may run the server: the offline
    importer when that server runs, is the one ``connect`` reaches, and its database
    holds no graphkit data; else bulk (``otherwise`` when that server is not the one
    ``connect`` reaches: as if no data dir had been given)."""
    from graphkit.backends.neo4j.server import manager

    if not manager.status(data_dir)["running"]:
        return "bulk", f"auto: bulk (no server started by graphkit runs on {data_dir})"
    client = Neo4jClient(*connect())
    with client, client.errors(_unreadable):
        address = client.address()
        held = client.execute(q.NODES_BESIDES_META)[0]
    if gate(data_dir, address, "auto") is None:  # auto never stops a server it was not
        return otherwise, ("auto: bulk, for input above 10 MB" if otherwise == "bulk" else "")
    if client.database != "neo4j":
        return (
            "bulk",
            f"auto: bulk (the importer loads only the database 'neo4j', not {client.database!r})",
        )
    if held["n"]:
        return "bulk", "auto: bulk (the database already holds data: incremental)"
    return "import", "auto: offline importer (a first load of large input)"


def _unreadable(failure: Failure) -> LoadError:
    return LoadError(f"cannot read the database ({failure.name}: {failure.detail})")
