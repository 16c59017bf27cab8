"""Sources numbered in the order they are first cited: one numbering for every rendering.

The terminal shows the numbers as ``[1][2]`` marks and a Sources list at the end; a page
shows them as links to its list of notes. Both number with this one class.

Example:
    >>> c = Citations({"s1": {"publisher": "P", "title": "T", "url": "https://x.example"}})
    >>> c.number(["s2", "s1", "s2"]), c.number(["s1"]), c.marks(["s1", "s3"])
    ([1, 2], [2], '[2][3]')
    >>> [(n, ident) for n, ident, _record in c.cited()]
    [(1, 's2'), (2, 's1'), (3, 's3')]
    >>> print("\\n".join(c.source_lines()))
    <BLANKLINE>
    Sources
    [1] s2.
    [2] P, "T". https://x.example
    [3] s3.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graphkit.present.source_words import source_line
from graphkit.present.words import SOURCES_HEADING


class Citations:
    """Numbers sources as they are first cited: 1, 2, 3...

    ``sources`` are the source records by id (an answer's ``sources``); a cited id with
    no record is listed by its id.
    """

    def __init__(self, sources: dict[str, dict[str, Any]] | None = None) -> None:
        self.sources: dict[str, dict[str, Any]] = dict(sources or {})
        self.order: list[str] = []
        self._numbers: dict[str, int] = {}

    def add_sources(self, sources: dict[str, dict[str, Any]]) -> None:
        """Know more source records (the first record for an id is kept)."""
        for ident, record in sources.items():
            self.sources.setdefault(ident, record)

    def number(self, ids: Iterable[str]) -> list[int]:
        """The numbers of these sources, each once, numbering the new ones."""
        out: list[int] = []
        for ident in ids:
            if ident not in self._numbers:
                self.order.append(ident)
                self._numbers[ident] = len(self.order)
            if self._numbers[ident] not in out:
                out.append(self._numbers[ident])
        return out

    def marks(self, ids: Iterable[str]) -> str:
        """The numbers as the terminal shows them: ``[1][2]`` (empty for no source)."""
        return "".join(f"[{n}]" for n in self.number(ids))

    def cited(self) -> list[tuple[int, str, dict[str, Any]]]:
        """Every cited source as (number, id, record), in number order."""
        return [(n, i, self.sources.get(i, {"id": i})) for n, i in enumerate(self.order, start=1)]

    def source_lines(self) -> list[str]:
        """The Sources list that ends a text answer (nothing when nothing is cited)."""
        if not self.order:
            return []
        lines = ["", SOURCES_HEADING]
        return lines + [f"[{n}] {source_line(record)}" for n, _ident, record in self.cited()]
