"""Text shared by every rendering, the terminal's and the views': sources numbered
in the order they are first cited.

Example:
    >>> c = Citations({"s1": {"publisher": "P", "title": "T", "url": "https://x.example"}})
    >>> c.number(["s2", "s1", "s2"]), c.number(["s1"])
    ([1, 2], [2])
    >>> [(n, ident) for n, ident, _record in c.cited()]
    [(1, 's2'), (2, 's1')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

#: Bidirectional-text controls: they reorder what a reader sees (an address can show one
#: host while linking to another).
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: C0 and C1 control characters but tab and newline: a terminal obeys them (erase the
#: line, set the window title...).
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_safe(text: str) -> str:
    """``text`` with control and bidi characters removed, for writing to a terminal.

    Example:
        >>> terminal_safe("Agency\x1b[2K A\u202e")
        'Agency[2K A'
    """
    return BIDI.sub("", CONTROLS.sub("", text))


#: A cell a spreadsheet would run as a formula starts with one of these (OWASP's CSV
#: injection guidance: = + - @ tab carriage return); a leading apostrophe is the
#: spreadsheet's own "this is text" mark, so it is escaped too, to read back unchanged.
_FORMULA_START = frozenset("=+-@\t\r'")
_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")


def spreadsheet_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text, never runs: a string that starts like a
    formula gets a leading apostrophe (a plain number such as ``-5`` is left as it is).
    :func:`spreadsheet_value` undoes it, so every string reads back as it was written.

    Example:
        >>> spreadsheet_cell("=HYPERLINK(1)"), spreadsheet_cell("-5"), spreadsheet_cell("ICE")
        ("'=HYPERLINK(1)", '-5', 'ICE')
        >>> spreadsheet_value(spreadsheet_cell("'quoted")) == "'quoted"
        True
    """
    if isinstance(value, str) and value[:1] in _FORMULA_START and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def spreadsheet_value(cell: str) -> str:
    """The string a :func:`spreadsheet_cell` cell holds: one leading apostrophe removed."""
    return cell[1:] if cell.startswith("'") else cell


def spreadsheet_row(row: dict[str, Any]) -> dict[str, Any]:
    """Every cell of a CSV row through :func:`spreadsheet_cell`."""
    return {key: spreadsheet_cell(value) for key, value in row.items()}


class Citations:
    """Numbers sources as they are first cited: 1, 2, 3..."""

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

    def cited(self) -> list[tuple[int, str, dict[str, Any]]]:
        """Every cited source as (number, id, record), in number order."""
        return [(n, i, self.sources.get(i, {"id": i})) for n, i in enumerate(self.order, start=1)]


#: How an answer names a copy (``Source.copy_kind``), before "on <host>".
COPY_WORDS: dict[str, str] = {
    "re_post": "a stored re-post",
    "syndicated_copy": "a syndicated copy",
    "summary": "a stored summary",
    "archive_copy": "an archive copy",
}


def copy_host(source: dict[str, Any]) -> str | None:
    """The host a copy is stored on (from its URL), or None for the publisher's own page.

    Example:
        >>> copy_host({"copy_kind": "re_post", "url": "https://vibeforge.co/posts/1"})
        'vibeforge.co'
    """
    if not source.get("copy_kind") or not source.get("url"):
        return None
    from urllib.parse import urlsplit

    return urlsplit(str(source["url"])).hostname


def publisher_text(source: dict[str, Any]) -> str:
    """The publisher, and for a copy what it is and where: ``404 Media, via a stored
    re-post on vibeforge.co``, so a link is never taken for the publisher's own page.

    Example:
        >>> publisher_text({"publisher": "404 Media", "copy_kind": "re_post",
        ...                 "url": "https://vibeforge.co/posts/1"})
        '404 Media, via a stored re-post on vibeforge.co'
    """
    publisher = str(source.get("publisher", source.get("id", "?")))
    host = copy_host(source)
    if host is None:
        return publisher
    words = COPY_WORDS.get(str(source["copy_kind"]), "a copy")
    return f"{publisher}, via {words} on {host}"


def source_line(source: dict[str, Any]) -> str:
    """``Publisher, "Title", date. URL`` for one source (a copy named as one).

    Example:
        >>> source_line({"publisher": "P", "title": "T", "date": "2025", "url": "https://x.example"})
        'P, "T", 2025. https://x.example'
    """
    parts = [publisher_text(source)]
    if source.get("title"):
        parts.append(f'"{source["title"]}"')
    if source.get("date"):
        parts.append(str(source["date"]))
    text = ", ".join(parts) + "."
    return f"{text} {source['url']}" if source.get("url") else text


def empty_answer(answer: Any, text: str) -> str:
    """What an answer with no path says, never more than it knows: the filters that may
    hide paths, agreements with no known date, and the blocked ones listed below.

    Example:
        >>> from graphkit import open_graph
        >>> empty_answer(open_graph().reach("irs-taxpayer-addresses", as_of="2025-12-15"),
        ...              "No party other than the custodian can obtain it")
        'No party other than the custodian can obtain it on this date (1 blocked: listed below).'
    """
    question = answer.question
    notes = []
    if question.evidence != "any" or question.min_confidence != "unconfirmed":
        text += (
            f" on this date with evidence at least {question.evidence} and confidence at "
            f"least {question.min_confidence}"
        )
        notes.append("drop the filters to see weaker paths")
    else:
        uncertain = getattr(answer, "uncertain", [])
        if answer.undated:  # what no source dates may still carry: never a bare "no"
            text = "No agreement with a known date carries data here"
        elif uncertain:  # nor what the sources date only roughly
            text = "No agreement carries data here for certain"
        text += " on this date"
    listed = []
    if answer.blocked:
        listed.append(f"{len(answer.blocked)} blocked")
    if getattr(answer, "uncertain", []):
        listed.append(f"{len(answer.uncertain)} uncertain on this date")
    if answer.undated:
        listed.append(f"{len(answer.undated)} reported with no date")
    if listed:
        notes.append(f"{' and '.join(listed)}: listed below")
    return f"{text} ({'; '.join(notes)})." if notes else f"{text}."
