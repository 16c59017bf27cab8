"""Output formats, registered once: every answer goes out through :func:`emit`.

``text`` (for people; the default), ``json`` (the answer's ``to_dict()``), ``jsonl`` (JSON
Lines, one row a line) and ``csv`` (one row a line, a header first). Each is a
:class:`Format` in :data:`FORMATS`, a function from an answer to the text written. An
answer type names its text renderer with :func:`text_of` and, when it has rows, its rows
with :func:`rows_of`; the command line's ``output_options`` builds its flags from
:data:`FORMATS`. Data goes to stdout; messages go to stderr.

Example:
    >>> from graphkit.questions.results import SearchHit
    >>> hits = [SearchHit("irs", "agency", "Internal Revenue Service")]
    >>> print(render(hits, "csv"), end="")
    id,kind,name,matched
    irs,agency,Internal Revenue Service,
    >>> print(render(hits, "jsonl"), end="")
    {"id": "irs", "kind": "agency", "name": "Internal Revenue Service", "matched": null}
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import click

from graphkit.present.registry import ROWS, TEXT, Renderer
from graphkit.text import spreadsheet_cell, terminal_safe


@dataclass(frozen=True)
class Format:
    """An output format: its name, the command-line flags that ask for it, what it writes."""

    name: str
    flags: tuple[str, ...]
    help: str  # "{rows}" is what one row is, as the command says it
    write: Renderer
    #: Written as rows (only answers with rows offer it).
    rows: bool = False
    #: Bound for a person's terminal: control and bidi characters are removed there.
    for_people: bool = False


def _registered() -> None:
    """The renderers register when their modules are imported: import them."""
    import graphkit.present.answers
    import graphkit.present.changes
    import graphkit.present.reports  # noqa: F401


def _lookup(table: dict[type, Any], value: Any) -> Any:
    _registered()
    for kind in type(value).__mro__:
        if kind in table:
            return table[kind]
    return None


def to_dict(value: Any) -> Any:
    """``value`` as JSON-ready data: its own ``to_dict()`` when it has one."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, list):
        return [to_dict(item) for item in value]
    return value


def _default(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return str(value)


def to_json(value: Any) -> str:
    """Stable, readable JSON (keys in the order the answer defines them)."""
    if hasattr(value, "to_dict"):
        value = value.to_dict()
    return json.dumps(value, indent=2, ensure_ascii=False, default=_default, allow_nan=False)


def rows(value: Any) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    """The columns and rows of an answer that has rows; a list is a row per item."""
    found = _lookup(ROWS, value)
    if found is not None:
        columns = found.columns(value) if callable(found.columns) else found.columns
        return columns, found.rows(value)
    if isinstance(value, list):
        out = [to_dict(item) for item in value]
        return (tuple(out[0]) if out else ()), out
    raise TypeError(f"a {type(value).__name__} has no rows: use text or JSON")


def has_rows(value: Any) -> bool:
    """Whether ``value`` can be written as CSV or JSON Lines."""
    return isinstance(value, list) or _lookup(ROWS, value) is not None


def _text(value: Any) -> str:
    found = _lookup(TEXT, value)
    if found is None:
        raise TypeError(f"no text renderer for a {type(value).__name__}")
    return str(found(value))


def _jsonl(value: Any) -> str:
    _columns, out = rows(value)
    line = {"ensure_ascii": False, "default": _default, "allow_nan": False}
    return "".join(json.dumps(row, **line) + "\n" for row in out)  # type: ignore[arg-type]


def _cell(value: Any) -> Any:
    """A CSV cell: nothing for None, a list joined by spaces, a mapping as one-line JSON,
    and text a spreadsheet never runs.

    Example:
        >>> _cell(None), _cell(["s1", "s2"]), _cell({"a": 1}), _cell("=1+1"), _cell(-5)
        ('', 's1 s2', '{"a": 1}', "'=1+1", -5)
    """
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        value = " ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, default=_default)
    return spreadsheet_cell(value)


def csv_text(columns: Sequence[str], out: Iterable[Sequence[Any]]) -> str:
    """CSV of a header and rows, each cell written as ``--csv`` writes it.

    Example:
        >>> print(csv_text(["id", "sources"], [("a", ["s1", "s2"]), ("=b", None)]), end="")
        id,sources
        a,s1 s2
        '=b,
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(v) for v in row] for row in out)
    return buffer.getvalue()


def _csv(value: Any) -> str:
    columns, out = rows(value)
    return csv_text(columns, ([row.get(c) for c in columns] for row in out))


#: Every output format, by name.
FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("text", (), "Print text for people.", _text, for_people=True),
        Format("json", ("--json",), "Print JSON instead of text.", to_json),
        Format("jsonl", ("--nl", "--jsonl"), "Print JSON Lines, one row per {rows}.", _jsonl, True),
        Format("csv", ("--csv",), "Print CSV, one row per {rows}.", _csv, True, True),
    )
}


def render(value: Any, fmt: str = "text", text: Renderer | None = None) -> str:
    """``value`` written in the format ``fmt``; ``text`` renders it as text when its type
    has no registered renderer (or to say it differently)."""
    if fmt == "text" and text is not None:
        return text(value)
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    return FORMATS[fmt].write(value)


def emit(value: Any, fmt: str = "text", text: Renderer | None = None) -> None:
    """Print an answer in the format ``fmt`` (see :func:`render`).

    Text and CSV bound for a terminal have control and bidi characters removed: names come
    from data, and a terminal would obey an escape sequence in one. JSON escapes them.
    """
    out = render(value, fmt, text)
    if not out:  # nothing to say on stdout (a message may have gone to stderr)
        return
    if FORMATS[fmt].for_people and sys.stdout.isatty():
        out = terminal_safe(out)
    if FORMATS[fmt].rows:
        click.echo(out, nl=False)
    else:
        click.echo(out.rstrip("\n"))
