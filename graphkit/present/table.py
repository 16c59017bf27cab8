"""Plain text tables, for the terminal."""

from __future__ import annotations

import textwrap


def table(rows: list[list[str]], headers: list[str], widths: list[int] | None = None) -> str:
    """A plain text table; long cells wrap within their column.

    Example:
        >>> print(table([["irs", "Internal Revenue Service"]], ["id", "name"]))
        id   name
        ---  ------------------------
        irs  Internal Revenue Service
    """
    count = len(headers)
    natural = [max([len(headers[i])] + [len(r[i]) for r in rows]) for i in range(count)]
    widths = [min(n, w) for n, w in zip(natural, widths or natural, strict=True)]
    lines = [
        "  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for row in rows:
        wrapped = [textwrap.wrap(cell, widths[i]) or [""] for i, cell in enumerate(row)]
        for line_no in range(max(len(w) for w in wrapped)):
            cells = [
                (w[line_no] if line_no < len(w) else "").ljust(widths[i])
                for i, w in enumerate(wrapped)
            ]
            lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
