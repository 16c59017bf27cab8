"""Every error graphkit raises on purpose, under one base: :class:`GraphkitError`.

Messages are for people: they say what is wrong and how to fix it. Library messages
name the Python argument (``as_of``); the command line swaps in its option name
(``--as-of``) through :attr:`GraphkitError.argument`.

Example:
    >>> from graphkit import open_graph, NotFound
    >>> try:
    ...     open_graph().resolve("no such thing")
    ... except NotFound as exc:
    ...     print(exc.argument, "|", str(exc).split(".")[0])
    ref | no agency or agreement or dataset or vendor called 'no such thing'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graphkit.backends.neo4j.load.state import LoadState


class GraphkitError(Exception):
    """Base class of every error graphkit raises on purpose.

    ``argument`` names the Python argument the message is about (its text starts with
    that name), so a command line can say ``--as-of`` where the library says ``as_of``.
    """

    def __init__(self, message: str, argument: str | None = None) -> None:
        super().__init__(message)
        self.argument = argument


class NotFound(GraphkitError):
    """No entity matches the name or id given; ``text`` is what was looked for."""

    def __init__(self, message: str, argument: str | None = None, text: str = "") -> None:
        super().__init__(message, argument)
        self.text = text


class Ambiguous(GraphkitError):
    """More than one entity matches the name given."""


class DateError(GraphkitError, ValueError):
    """A date that cannot be read; the message says how to write it."""


class LimitError(GraphkitError):
    """A search limit out of range, or an answer larger than the safety ceiling."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, where it is, and how to fix it."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "field": self.field, "message": self.message}


class SeedError(GraphkitError):
    """The input has problems; nothing was loaded. ``problems`` lists every one."""

    #: What the first line of the message says after the count.
    outcome = "in the seed data; nothing was loaded"

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join([self.head(), *(f"  {p}" for p in self.problems)]))

    def head(self) -> str:
        """The first line: how many problems, and what came of them."""
        count = len(self.problems)
        return f"{count} problem{'s' if count != 1 else ''} {self.outcome}"


class InputError(SeedError):
    """A file handed to an import has problems; nothing was written. ``problems`` lists
    every one (file, line, field and the fix), and the first line names the file.

    Example:
        >>> InputError([Problem("awards.csv", 3, "total_obligated_amount", "x")]).head()
        'awards.csv: 1 problem; nothing was written'
    """

    outcome = "in the input; nothing was written"

    def head(self) -> str:
        count = len(self.problems)
        files = sorted({p.file for p in self.problems})
        counted = f"{count} problem{'s' if count != 1 else ''}"
        if len(files) == 1:
            return f"{files[0]}: {counted}; nothing was written"
        return f"{counted} in {', '.join(files)}; nothing was written"


class Neo4jError(GraphkitError):
    """Neo4j cannot be reached, refuses the credentials, or holds no graphkit data."""


class LoadError(GraphkitError):
    """A load into Neo4j failed or was refused. ``state`` is the load's state it left
    in the database (:class:`~graphkit.backends.neo4j.load.state.LoadState`: whether
    questions answer from the previous load or refuse until one finishes), or None
    when the load was refused before it changed anything.

    Example:
        >>> LoadError("the load into neo4j failed").state is None
        True
    """

    def __init__(
        self, message: str, argument: str | None = None, state: LoadState | None = None
    ) -> None:
        super().__init__(message, argument)
        self.state = state


class LoadLocked(LoadError):
    """Another load holds the database's load lock (the load was refused before it
    changed anything), or took it over from this one (which then stopped writing)."""


class InputChanged(LoadError):
    """The input changed between validation and writing: the load stopped, incomplete."""


class Neo4jServerError(GraphkitError):
    """The local Neo4j server could not be built, started, reached or stopped.

    The message says what went wrong and how to fix it; it never contains the password.
    """


__all__ = [
    "Ambiguous",
    "DateError",
    "GraphkitError",
    "InputChanged",
    "InputError",
    "LimitError",
    "LoadError",
    "Neo4jError",
    "Neo4jServerError",
    "NotFound",
    "Problem",
    "SeedError",
]
