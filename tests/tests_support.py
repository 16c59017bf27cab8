"""Helpers shared by test modules (not fixtures: those are in conftest.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphkit.backends.memory import MemoryStore
from graphkit.backends.neo4j.connection import connect_driver
from graphkit.backends.neo4j.load.transaction import load
from graphkit.backends.neo4j.rows import data_version
from graphkit.backends.neo4j.store import Neo4jStore
from graphkit.graph import Graph
from graphkit.ingest.validation import load_seeds

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
EDGE = TESTS / "graphs" / "edge"
SEEDS = ROOT / "seeds"


def same(a: Any, b: Any) -> None:
    """Two answers are the same but for where they came from (backend, seeds or load)."""
    left, right = a.to_dict(), b.to_dict()
    for answer in (left, right):
        answer["question"].pop("backend")
        answer["question"].pop("data")
    differ = [k for k in left if left[k] != right.get(k)]
    assert left == right, f"the answers differ in {differ}"


def server_env(server: Any) -> dict[str, str]:
    """The NEO4J_* variables that point a command at the test server."""
    return {
        "NEO4J_URI": server.uri,
        "NEO4J_USER": server.user,
        "NEO4J_PASSWORD": server.password,
        "NEO4J_DATABASE": server.database,
    }


def connect(server: Any) -> tuple[Any, str]:
    return connect_driver(server.uri, server.user, server.password, server.database)


def loaded_neo4j(server: Any, path: Path) -> tuple[Graph, Graph]:
    """Load ``path`` into the test server (unless it already holds it) and open both backends."""
    data = load_seeds(path)
    driver, database = connect(server)
    backend = Graph(Neo4jStore(driver, database))
    meta = backend.store.meta() or {}
    if meta.get("data_version") != data_version(data) or meta.get("status") != "complete":
        load(data, driver, database)
    return Graph(MemoryStore(data)), backend


def wipe(server: Any) -> None:
    """Empty the server's database (in batches, as a load deletes)."""
    from graphkit.backends.neo4j.load import bulk

    driver, database = connect(server)
    with driver:
        bulk._auto(driver, database, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS")


def meta(server: Any) -> dict[str, Any]:
    """The load's meta node as the store reads it ({} when there is none)."""
    driver, database = connect(server)
    with driver:
        return Neo4jStore(driver, database).meta() or {}


def run_cli(*args: object) -> Any:
    """``graphkit ARGS`` in this process (each argument as text): the click result, which
    never holds a traceback."""
    from click.testing import CliRunner

    from graphkit.cli import cli

    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def refused_import(*args: object, into: Path) -> str:
    """``graphkit import ARGS --into INTO``, which must refuse its input: exit 1, no
    traceback, nothing written (``into`` is never created). The output, for the test."""
    result = run_cli("import", *args, "--into", into)
    assert result.exit_code == 1, result.output
    assert not into.exists()  # nothing written, not even the folder
    return str(result.output)


def seeds_with(folder: Path, seeds: Path, name: str, text: str) -> Path:
    """A copy of the seed folder ``seeds`` in ``folder``/seeds, with one more file
    ``name`` holding ``text``: the copy's path.

    Example:
        >>> import tempfile
        >>> copy = seeds_with(Path(tempfile.mkdtemp()), EDGE, "more.yaml", "datasets: []\\n")
        >>> (copy / "more.yaml").read_text(encoding="utf-8")
        'datasets: []\\n'
    """
    import shutil

    copy = folder / "seeds"
    shutil.copytree(seeds, copy)
    (copy / name).write_text(text, encoding="utf-8")
    return copy
