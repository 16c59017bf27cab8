"""Text made safe for where it goes: a terminal (:func:`terminal_safe`), a spreadsheet's
CSV cell (:func:`spreadsheet_cell`). The words of answers are :mod:`graphkit.present.words`.
"""

from __future__ import annotations

import re
from typing import Any

#: Bidirectional-text controls: they reorder what a reader sees (an address can show one
#: host while linking to another).
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
#: C0 and C1 control characters but tab and newline: a terminal obeys them (erase the
#: line, set the window title...).
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


#: The white space the validator strips from a name's ends (Unicode's White_Space).
#: Python's ``str.strip()`` strips the separators U+001C..U+001F too, which a name keeps.
_NOT_SPACE = "\x1c\x1d\x1e\x1f"


def strip_space(text: str) -> str:
    r"""``text`` without the white space at its ends that the validator strips, and no more.

    Example:
        >>> strip_space("  ICE\t"), strip_space("\x1f unit separator \x1f")
        ('ICE', '\x1f unit separator \x1f')
    """
    start, end = 0, len(text)
    while start < end and text[start].isspace() and text[start] not in _NOT_SPACE:
        start += 1
    while end > start and text[end - 1].isspace() and text[end - 1] not in _NOT_SPACE:
        end -= 1
    return text[start:end]


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
