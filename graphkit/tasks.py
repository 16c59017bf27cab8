"""The seed-data tasks of the command line, as library calls: :func:`validate`
(``graphkit validate``) and :func:`load` (``graphkit load``). Both are re-exported at the
top level: ``from graphkit import load, validate``.

Example:
    >>> from graphkit import validate
    >>> checked = validate()           # $GRAPHKIT_SEEDS, ./seeds or the bundled seeds
    >>> checked.ok, checked.problems, checked.counts["agreements"] >= 25
    (True, [], True)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.errors import GraphkitError, Problem, SeedError
from graphkit.questions.tables import Tabular

if TYPE_CHECKING:
    from graphkit.backends.neo4j.load import LoadSummary

LOAD_MODES = ("auto", "transaction", "bulk", "import")


@dataclass
class Validation(Tabular):
    """What :func:`validate` found: every problem (``ok`` when there are none), the
    warnings (what validates but answers less well than it could) and the counts by kind
    (both empty when there are problems: nothing was read whole)."""

    ok: bool
    problems: list[Problem]
    warnings: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The shape ``graphkit validate --json`` prints."""
        problems = [p.to_dict() for p in self.problems]
        if not self.ok:
            return {"ok": False, "problems": problems}
        warnings = [w.to_dict() for w in self.warnings]
        return {"ok": True, "problems": problems, "warnings": warnings, "counts": self.counts}

    def __str__(self) -> str:
        if not self.ok:
            return str(SeedError(self.problems))
        summary = ", ".join(f"{n} {kind}" for kind, n in self.counts.items())
        count = len(self.warnings)
        said = f"{count} warning{'s' if count != 1 else ''}" if count else "no warnings"
        return f"OK: {summary}; no problems, {said}."


def validate(*paths: str | os.PathLike[str]) -> Validation:
    """Check the seed files under ``paths`` (default: the seeds found as for
    :func:`~graphkit.open_graph`) and return every problem, with file, line, field and fix.

    Never raises for bad seed data: the problems are the answer.

    Example:
        >>> import pathlib, tempfile
        >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.yaml"
        >>> _ = bad.write_text("agencies:\\n  - {id: x, name: X}\\n")
        >>> checked = validate(bad)
        >>> checked.ok, [(p.line, p.field) for p in checked.problems][0]
        (False, (2, "agency 'x' confidence"))
    """
    from graphkit.ingest.validation import load_seeds

    try:
        data = load_seeds(*paths)
    except SeedError as exc:
        return Validation(False, list(exc.problems))
    counts = {kind: len(records) for kind, records in data.by_kind().items()}
    return Validation(True, [], list(data.warnings), counts)


def load(
    *paths: str | os.PathLike[str],
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    mode: str = "auto",
    batch: int = 10_000,
    data_dir: str | os.PathLike[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    wait: float = 0,
    break_lock: bool = False,
) -> LoadSummary:
    """Validate the seed files under ``paths``, then load them into Neo4j: what
    ``graphkit load`` does. Writes nothing when the seeds are invalid; loading twice
    changes nothing.

    Connection settings default to ``$NEO4J_URI``, ``$NEO4J_USER``, ``$NEO4J_PASSWORD``
    and ``$NEO4J_DATABASE``. ``mode``: ``transaction``, ``bulk``, ``import`` (Neo4j's
    offline importer, into the server graphkit runs on ``data_dir``) or ``auto`` (by size
    and by whether this is a first load; ``summary.note`` says which and why).
    ``progress(done, total)`` is called as batches are written. With no ``data_dir``, the
    data dir of a server ``graphkit neo4j start`` runs at the URI is found. One load at a
    time per database: another is refused (:class:`~graphkit.LoadLocked`) or waits up to
    ``wait`` seconds; ``break_lock`` takes over the lock of a load that is gone.

    Raises:
        SeedError: the seeds have problems (nothing was sent).
        Neo4jError: Neo4j cannot be reached or refuses the credentials.
        GraphkitError: a bad option, or the load failed (the message says what state it left).

    Example (needs a running Neo4j)::

        summary = graphkit.load("seeds/", password="...")
        print(summary.created, summary.mode)
    """
    from graphkit.backends.neo4j.connection import connect_driver, settings
    from graphkit.backends.neo4j.load import load_paths
    from graphkit.backends.neo4j.load.gate import gate

    if mode not in LOAD_MODES:
        raise GraphkitError(f"mode {mode!r} is not one of {', '.join(LOAD_MODES)}", "mode")
    conf = settings(uri, user, password, database)
    home = Path(data_dir) if data_dir is not None else None
    home = gate(home, conf["uri"], mode)  # the one safety gate (auto: None when refused)

    def connected() -> tuple[Any, str]:
        return connect_driver(uri, user, password, database)

    summary, _database = load_paths(
        [str(p) for p in paths],
        connected,
        mode,
        batch,
        progress,
        home,
        conf["password"],
        wait,
        break_lock,
    )
    return summary
