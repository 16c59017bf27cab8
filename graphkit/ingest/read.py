"""Reading seed files: their records as read, each with its file and line.

YAML (with the line of every value) and JSON Lines (one record per line, the file
named after its kind). Problems are collected, never raised one by one, so a file
with many mistakes is reported whole.

Example:
    >>> files = seed_files(["tests/graphs/edge"])
    >>> [raw.kind for raw in read_file(files[0], [])][:2]
    ['sources', 'agencies']
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkit.errors import Problem
from graphkit.ingest.locate import SEED_SUFFIXES, TABLE_SUFFIXES, display, locate_seeds, seed_files
from graphkit.ingest.yamlfile import LineMap, YamlProblem, line_of, parse_yaml
from graphkit.model.schema import KIND_NAMES, KINDS

#: Which files are seeds (``seed_files``, the suffixes) is :mod:`graphkit.ingest.locate`'s;
#: they are offered here too, where they were first.
__all__ = [
    "SEED_SUFFIXES",
    "TABLE_SUFFIXES",
    "Raw",
    "default_seed_paths",
    "display",
    "field_name",
    "json_lines",
    "read_file",
    "seed_files",
]


def default_seed_paths(paths: Iterable[str | os.PathLike[str]] = ()) -> tuple[Path, ...]:
    """``paths`` if any, else the seeds found by :func:`~graphkit.ingest.locate.locate_seeds`."""
    return locate_seeds(paths).paths


@dataclass
class Raw:
    """One record as read, with where it came from."""

    kind: str
    file: str
    path: tuple[str | int, ...]
    lines: LineMap
    data: Any

    def line(self, *sub: str | int) -> int | None:
        return line_of(self.lines, (*self.path, *sub))


def read_file(
    path: Path, problems: list[Problem], share: tuple[int, int] | None = None
) -> Iterator[Raw]:
    """The raw records of one seed file, in order; what cannot be read becomes a problem.

    ``share=(worker, count)`` reads only the JSON Lines records whose line number is
    ``worker`` modulo ``count`` (the other lines are not even parsed), so that ``count``
    processes split a bulk file between them; YAML files are read whole.
    """
    name = display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(name, None, "", f"cannot read the file ({exc}); save it as UTF-8"))
        return
    if path.suffix == ".jsonl":
        yield from _read_jsonl(name, path, text, problems, share)
        return
    try:
        data, lines = parse_yaml(text, name)
    except YamlProblem as exc:
        problems.append(Problem(name, exc.line, exc.field, exc.message))
        return
    if data is None:
        problems.append(
            Problem(name, None, "", "the file is empty: add records under a kind, or delete it")
        )
        return
    allowed = ", ".join(KINDS)
    if not isinstance(data, dict):
        problems.append(Problem(name, 1, "", f"a seed file is a mapping with the keys {allowed}"))
        return
    for kind, records in data.items():
        if kind not in KINDS:
            problems.append(
                Problem(
                    name, lines.get((kind,)), kind, f"unknown kind {kind!r}; use one of {allowed}"
                )
            )
            continue
        if records is None:
            continue
        if not isinstance(records, list):
            problems.append(
                Problem(
                    name,
                    lines.get((kind,)),
                    kind,
                    f"{kind} must be a list of records (each starting with '- ')",
                )
            )
            continue
        for index, record in enumerate(records):
            yield Raw(kind, name, (kind, index), lines, record)


def _read_jsonl(
    name: str, path: Path, text: str, problems: list[Problem], share: tuple[int, int] | None
) -> Iterator[Raw]:
    """A JSON Lines file of one kind, named after it: ``agreements.jsonl``."""
    kind = path.stem.split("-")[0].split(".")[0]
    if kind not in KINDS:
        problems.append(
            Problem(
                name,
                None,
                "",
                f"a .jsonl file is named after its kind, one of "
                f"{', '.join(KINDS)} (e.g. agreements.jsonl)",
            )
        )
        return
    for number, record in json_lines(name, text, problems, "one JSON object per line", share):
        yield Raw(kind, name, (kind, number), {(kind, number): number}, record)


def json_lines(
    name: str, text: str, problems: list[Problem], what: str, share: tuple[int, int] | None = None
) -> Iterator[tuple[int, Any]]:
    """(line number, value) of each non-blank line of JSON Lines ``text``; a line that is not
    JSON, or is nested too deeply, becomes a problem saying to write ``what``.

    Lines end at "\\n" only: ``str.splitlines`` would also split at U+2028, U+0085... which
    JSON allows inside strings, and report lines that do not exist. ``share=(worker,
    count)`` reads only the lines whose number is ``worker`` modulo ``count``.

    Example:
        >>> problems: list = []
        >>> list(json_lines("f.jsonl", '{"a": 1}\\n\\nnot json\\n', problems, "JSON"))
        [(1, {'a': 1})]
        >>> [(p.line, p.field) for p in problems]
        [(3, 'column 1')]
    """
    worker, count = share or (0, 1)
    for number, line in enumerate(text.split("\n"), start=1):
        if count > 1 and number % count != worker:
            continue
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            message = f"malformed JSON: {exc.msg}; write {what}"
            problems.append(Problem(name, number, f"column {exc.colno}", message))
            continue
        except RecursionError:
            message = f"JSON nested too deeply; write {what}, flat"
            problems.append(Problem(name, number, "", message))
            continue
        yield number, value


def field_name(raw: Raw, loc: tuple[str | int, ...]) -> str:
    ident = raw.data.get("id") if isinstance(raw.data, dict) else None
    label = KIND_NAMES[raw.kind]
    head = f"{label} {ident!r}" if isinstance(ident, str) else f"{raw.kind}[{raw.path[1]}]"
    rest = ""
    for part in loc:
        rest += f"[{part}]" if isinstance(part, int) else (f".{part}" if rest else str(part))
    return f"{head} {rest}".strip()
