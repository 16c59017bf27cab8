"""Every explorer page as data: ``.json`` is the CLI's ``--json`` (the same
:func:`graphkit.present.formats.to_json`), ``.csv`` the CLI's ``--csv`` where the command
has it, else the answer's table (:func:`graphkit.questions.tables.table_of`, the rows of
``to_dataframe()``).

Example:
    >>> from graphkit import open_graph
    >>> answer = open_graph().path("irs", "ice", as_of="2025-08-01")
    >>> print(as_csv(answer).splitlines()[0][:30])
    path,hop,from,to,agreement,sta
"""

from __future__ import annotations

from typing import Any

from graphkit.present.formats import csv_text, has_rows, render, to_json
from graphkit.questions.tables import table_of

#: The suffixes a page answers to, and the media type of each.
SUFFIXES = {
    "": "text/html; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
}


def split_suffix(name: str) -> tuple[str, str]:
    """A path segment and the format its suffix asks for.

    Example:
        >>> split_suffix("ice.json"), split_suffix("ice.csv"), split_suffix("ice")
        (('ice', '.json'), ('ice', '.csv'), ('ice', ''))
    """
    for suffix in (".json", ".csv"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix
    return name, ""


def as_json(answer: Any) -> str:
    """The answer as ``graphkit <command> --json`` prints it (with its final newline)."""
    return to_json(answer) + "\n"


def as_csv(answer: Any) -> str:
    """The answer as ``--csv`` prints it; one row per party, dataset, hop or field when
    the command has no ``--csv`` (its table, as ``to_dataframe()`` has it)."""
    if has_rows(answer):
        return render(answer, "csv")
    columns, rows, _caption = table_of(answer)
    return csv_text(columns, rows)
