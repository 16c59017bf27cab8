"""Story files: a title, the view a story is told on, and its ordered steps, validated.

A story file is YAML (see ``docs/viz.md``, "Story")::

    title: The IRS-ICE agreement, from signing to injunction
    summary: optional, one paragraph
    view: {question: reach, dataset: irs-taxpayer-addresses}
    steps:
      - date: 2025-04-07
        caption: What the cited sources say happened on this date.
        nodes: [irs, ice]
        agreements: [irs-ice-mou-2025]
        sources: [src-americanoversight-irs-ice-mou]

:func:`read_story` checks the file's shape (keys, types, dates) and that every id and
source is in the graph; :mod:`graphkit.viz.story` then checks each step against the
view drawn on its date. Every problem names the file, the line and the field, with the
fix, and all of them are reported at once (:class:`~graphkit.errors.InputError`).

Example:
    >>> from graphkit import open_graph
    >>> text = '''
    ... title: T
    ... view: {question: reach, dataset: irs-taxpayer-addresses}
    ... steps:
    ...   - {date: 2025-04-07, caption: Signed., nodes: [irs], sources: [src-nope]}
    ... '''
    >>> try:
    ...     story_of_text(open_graph(), text, "s.yaml")
    ... except InputError as exc:
    ...     print(exc.problems[0].line, exc.problems[0].field)
    5 steps[0].sources[0]
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from graphkit.errors import InputError, Problem
from graphkit.ingest.yamlfile import LineMap, YamlProblem, dotted, line_of, parse_yaml
from graphkit.model.schema import Agreement, Entity, Source

#: The keys of a story file, of its view (per question) and of a step.
TOP_KEYS = ("title", "summary", "view", "steps")
STEP_KEYS = ("date", "caption", "nodes", "agreements", "sources")
#: Each question's arguments: required, then optional (the CLI's options, by their names).
VIEW_ARGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "reach": (("dataset",), ("max_hops", "max_paths", "context", "from", "to")),
    "reachable": (("party",), ("max_hops", "max_paths", "context", "from", "to")),
    "path": (("source", "target"), ("dataset", "max_hops", "max_paths", "context", "from", "to")),
    "ego": (("id",), ("depth", "from", "to")),
    "all": ((), ("from", "to")),
}
NUMBERS = ("max_hops", "max_paths", "context", "depth")
MAX_STEPS = 60
CAPTION_CHARS = 1200
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Step:
    """One step: the slider's date, a caption, what to highlight, its sources."""

    number: int  # 1, 2, 3...
    date: str
    caption: str
    nodes: list[str] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class Story:
    """A story file read and checked against the graph (not yet against its view)."""

    file: str
    title: str
    summary: str
    question: str
    args: dict[str, Any]
    steps: list[Step]
    lines: LineMap = field(repr=False)
    #: Source records by id (what the steps cite), as the views cite them.
    sources: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)
    #: What is wrong with the file so far (:func:`read_story` raises them all).
    problems: list[Problem] = field(default_factory=list, repr=False)

    def problem(self, path: tuple[str | int, ...], message: str) -> Problem:
        """A problem at ``path`` of the file (``("steps", 2, "nodes", 0)``), with its line."""
        return Problem(self.file, line_of(self.lines, path), dotted(path), message)


def read_story(graph: Any, path: str, strict: bool = True) -> Story:
    """Read and check the story file at ``path`` against ``graph`` (without ``strict``,
    the problems found are kept in :attr:`Story.problems` and nothing is raised for them).

    Raises:
        InputError: every problem, with file, line, field and the fix.
        GraphkitError: the file cannot be read.
    """
    from pathlib import Path

    from graphkit.errors import GraphkitError

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise GraphkitError(f"cannot read the story {path} ({exc.strerror})", "story") from None
    except UnicodeDecodeError:
        raise InputError([Problem(path, None, "", "not UTF-8 text; save it as UTF-8")]) from None
    return story_of_text(graph, text, path, strict)


def story_of_text(graph: Any, text: str, name: str, strict: bool = True) -> Story:
    """A story from YAML ``text`` (``name`` is the file the messages name); see
    :func:`read_story`."""
    try:
        data, lines = parse_yaml(text, name)
    except YamlProblem as exc:
        raise InputError([Problem(name, exc.line, exc.field, exc.message)]) from None
    reader = _Reader(graph, name, lines)
    story = reader.story(data)
    story.problems = reader.problems
    if strict and reader.problems:
        raise InputError(reader.problems)
    return story


class _Reader:
    """Collects every problem of one file while reading it."""

    def __init__(self, graph: Any, name: str, lines: LineMap) -> None:
        self.graph = graph
        self.name = name
        self.lines = lines
        self.problems: list[Problem] = []

    def fail(self, path: tuple[str | int, ...], message: str) -> None:
        self.problems.append(Problem(self.name, line_of(self.lines, path), dotted(path), message))

    def keys(
        self, data: dict[str, Any], path: tuple[str | int, ...], known: tuple[str, ...]
    ) -> None:
        for key in data:
            if key not in known:
                self.fail((*path, key), f"unknown key {key!r}; use one of {', '.join(known)}")

    def text(self, data: dict[str, Any], path: tuple[str | int, ...], key: str) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.fail((*path, key), f"{key} is empty; write it as plain text")
            return ""
        if not isinstance(value, str):
            self.fail((*path, key), f"{key} must be text; quote it")
            return ""
        return " ".join(value.split())

    def story(self, data: Any) -> Story:
        empty = Story(self.name, "", "", "", {}, [], self.lines)
        if not isinstance(data, dict):
            self.fail((), "a story is a mapping with title, view and steps; see docs/viz.md")
            return empty
        self.keys(data, (), TOP_KEYS)
        title = self.text(data, (), "title")
        summary = ""
        if data.get("summary") is not None:
            summary = self.text(data, (), "summary")
        question, args = self.view(data.get("view"))
        steps = self.steps(data.get("steps"))
        cited = sorted({s for step in steps for s in step.sources})
        records = self.graph.store.records(cited)
        sources = {
            i: r.model_dump(mode="json", exclude_none=True)
            for i, r in records.items()
            if isinstance(r, Source)
        }
        return Story(self.name, title, summary, question, args, steps, self.lines, sources)

    def view(self, view: Any) -> tuple[str, dict[str, Any]]:
        path: tuple[str | int, ...] = ("view",)
        questions = ", ".join(VIEW_ARGS)
        if not isinstance(view, dict):
            self.fail(
                path,
                f"view names the question the story is told on: {{question: "
                f"reach, dataset: ID}}; question is one of {questions}",
            )
            return "", {}
        question = view.get("question")
        if question not in VIEW_ARGS:
            self.fail((*path, "question"), f"question {question!r} is not one of {questions}")
            return "", {}
        required, optional = VIEW_ARGS[question]
        self.keys(view, path, ("question", *required, *optional))
        args: dict[str, Any] = {}
        missing = [k for k in required if not isinstance(view.get(k), str) or not view[k].strip()]
        for key in missing:
            self.fail((*path, key), f"{question} needs {key}: an id from the seeds")
        for key, value in view.items():
            if key == "question" or key not in required + optional:
                continue
            if key in NUMBERS and (not isinstance(value, int) or isinstance(value, bool)):
                self.fail((*path, key), f"{key} must be a whole number, such as 2")
            elif key in ("from", "to") and self.day(value, (*path, key)) is None:
                continue
            else:
                args[key] = value
        return ("" if missing else str(question)), args

    def day(self, value: Any, path: tuple[str | int, ...]) -> str | None:
        text = str(value) if value is not None else ""
        try:
            if _DAY.match(text):
                return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            pass
        self.fail(path, f"{text!r} is not a date; write YYYY-MM-DD, such as 2025-04-07")
        return None

    def steps(self, steps: Any) -> list[Step]:
        if not isinstance(steps, list) or not steps:
            self.fail(
                ("steps",),
                "steps is a list of at least one step (date, caption, "
                "sources, and the nodes and agreements to highlight)",
            )
            return []
        if len(steps) > MAX_STEPS:
            self.fail(("steps",), f"{len(steps)} steps; a story has at most {MAX_STEPS}")
        out = []
        for index, item in enumerate(steps[:MAX_STEPS]):
            path: tuple[str | int, ...] = ("steps", index)
            if not isinstance(item, dict):
                self.fail(path, "a step is a mapping: date, caption, nodes, agreements, sources")
                continue
            self.keys(item, path, STEP_KEYS)
            day = self.day(item.get("date"), (*path, "date")) or ""
            caption = self.text(item, path, "caption")
            if len(caption) > CAPTION_CHARS:
                self.fail(
                    (*path, "caption"),
                    f"caption has {len(caption)} characters; "
                    f"keep it under {CAPTION_CHARS}, or split the step",
                )
            nodes = self.ids(item, (*path, "nodes"), "party or dataset")
            agreements = self.ids(item, (*path, "agreements"), "agreement")
            sources = self.ids(item, (*path, "sources"), "source")
            out.append(Step(index + 1, day, caption, nodes, agreements, sources))
        return out

    def ids(self, item: dict[str, Any], path: tuple[str | int, ...], what: str) -> list[str]:
        value = item.get(str(path[-1]), [])
        if value is None:
            value = []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(path, f"{path[-1]} is a list of {what} ids, such as [{_EXAMPLE[what]}]")
            return []
        if what == "source" and not value:
            self.fail(path, "every step cites at least one source: list its id")
        records = self.graph.store.records(value)
        known = []
        for n, ident in enumerate(value):
            record = records.get(ident)
            if _is(record, what):
                known.append(ident)
            else:
                self.fail((*path, n), _unknown(ident, what, record))
        return list(dict.fromkeys(known))


_EXAMPLE = {
    "party or dataset": "irs, irs-taxpayer-addresses",
    "agreement": "irs-ice-mou-2025",
    "source": "src-americanoversight-irs-ice-mou",
}


def _is(record: Any, what: str) -> bool:
    if what == "source":
        return isinstance(record, Source)
    if what == "agreement":
        return isinstance(record, Agreement)
    return isinstance(record, Entity) and not isinstance(record, Agreement)


def _unknown(ident: str, what: str, record: Any) -> str:
    where = "seeds/sources.yaml" if what == "source" else "the seeds"
    if record is None:
        return f"unknown {what} id {ident!r}: no {what} has it in {where}; check its spelling"
    kind = "source" if isinstance(record, Source) else type(record).__name__.lower()
    listed = "agreements" if kind == "agreement" else "sources" if kind == "source" else "nodes"
    article = "an" if kind[0] in "aeiou" else "a"
    want = "an agreement" if what == "agreement" else f"a {what}"
    return f"{ident!r} is {article} {kind}, not {want}: list it under {listed}"
