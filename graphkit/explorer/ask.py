"""The explorer's questions: a URL's path and query read as the CLI's arguments, asked
of the :class:`~graphkit.questions.graph.Graph` the CLI asks, within the explorer's limits.

Every question the pages show is one of :data:`QUESTIONS`; its URL parameters are the
CLI's options (``as_of`` is ``--as-of``, ``max_hops`` is ``--max-hops``...), with the CLI's
defaults, so ``/reach/X?as_of=D`` asks exactly what ``graphkit reach X --as-of D`` asks.

Example:
    >>> from graphkit import open_graph
    >>> asked = read_question("reach", ["irs-taxpayer-addresses"], {"as_of": "2025-08-01"})
    >>> asked.args["max_paths"], asked.args["evidence"]
    (5, 'any')
    >>> answer = asked.ask(open_graph())
    >>> answer.results[0].party.id
    'ice'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphkit.errors import GraphkitError, LimitError
from graphkit.model.registry import CONFIDENCE_ORDER, EVIDENCE_ORDER
from graphkit.questions.limits import DEFAULT_MAX_HOPS, DEFAULT_MAX_PATHS, MAX_HOPS

#: The most paths per party or dataset a page lists (the CLI allows more: ask it there).
EXPLORER_MAX_PATHS = 100
#: The most search hits a page lists.
EXPLORER_SEARCH_LIMIT = 100
#: Seconds a question may take before the explorer answers 503 instead.
TIME_LIMIT = 10.0


class ParamError(GraphkitError):
    """A URL parameter the explorer cannot read; the message names it and its form."""


@dataclass(frozen=True)
class Param:
    """One URL parameter: its name (the CLI's option with ``_``), kind and default."""

    name: str
    kind: str  # text, int, flag, choice
    default: Any = None
    choices: tuple[str, ...] = ()
    help: str = ""


DATE_HELP = "a date, YYYY-MM-DD"
_FILTERS = (
    Param("as_of", "date", None, help=DATE_HELP + " (default: today)"),
    Param("max_hops", "int", DEFAULT_MAX_HOPS, help=f"longest chain, 1 to {MAX_HOPS}"),
    Param(
        "max_paths", "int", DEFAULT_MAX_PATHS, help=f"paths shown each, 1 to {EXPLORER_MAX_PATHS}"
    ),
    Param("evidence", "choice", "any", (*EVIDENCE_ORDER, "any"), "the weakest evidence kept"),
    Param("only", "choice", None, tuple(EVIDENCE_ORDER), "only paths of this evidence"),
    Param(
        "min_confidence",
        "choice",
        CONFIDENCE_ORDER[-1],
        tuple(CONFIDENCE_ORDER),
        "the weakest confidence kept",
    ),
)


@dataclass(frozen=True)
class Question:
    """A question the explorer asks: its URL name, its subjects (path segments), its
    parameters, and how the graph answers it."""

    name: str
    subjects: tuple[str, ...]
    params: tuple[Param, ...]
    answer: Callable[..., Any]
    title: str
    has_view: bool = False


def _reach(g: Any, dataset: str, **a: Any) -> Any:
    return g.reach(dataset, **a)


def _reachable(g: Any, party: str, no_components: bool = False, **a: Any) -> Any:
    return g.reachable(party, components=not no_components, **a)


def _path(g: Any, source: str, target: str, **a: Any) -> Any:
    return g.path(source, target, **a)


def _diff(g: Any, **a: Any) -> Any:
    return g.diff(a["from"], a["to"], subject=a.get("subject") or None)


def _timeline(g: Any, subject: str) -> Any:
    return g.timeline(subject)


QUESTIONS: dict[str, Question] = {
    q.name: q
    for q in (
        Question(
            "reach",
            ("dataset",),
            (*_FILTERS, Param("standard_uses", "flag", False, help="list the standard uses")),
            _reach,
            "Who can obtain a dataset",
            True,
        ),
        Question(
            "reachable",
            ("party",),
            (*_FILTERS, Param("no_components", "flag", False, help="the party alone")),
            _reachable,
            "What a party can obtain",
            True,
        ),
        Question(
            "path",
            ("from", "to"),
            (
                *_FILTERS,
                Param("dataset", "text", None, help="only chains carrying this dataset"),
                Param("any_data", "flag", False, help="also chains whose data changes"),
            ),
            _path,
            "How data flows from one party to another",
            True,
        ),
        Question(
            "diff",
            (),
            (
                Param("from", "date", None, help=DATE_HELP + " (required)"),
                Param("to", "date", None, help=DATE_HELP + " (required)"),
                Param("subject", "text", None, help="a dataset or party (default: all)"),
            ),
            _diff,
            "Who gained and lost access between two dates",
        ),
        Question("timeline", ("id",), (), _timeline, "Every dated change about an entity"),
    )
}


@dataclass(frozen=True)
class Asked:
    """A question read from a URL, ready to ask: ``args`` are the library's arguments."""

    question: Question
    subjects: tuple[str, ...]
    args: dict[str, Any] = field(default_factory=dict)

    def ask(self, graph: Any) -> Any:
        """The graph's answer (the very object the CLI prints with ``--json``)."""
        return self.question.answer(graph, *self.subjects, **self.args)

    def key(self) -> tuple[Any, ...]:
        """A hashable form of the question, for the answer cache."""
        return (self.question.name, self.subjects, tuple(sorted(self.args.items())))

    def query(self) -> dict[str, str]:
        """The URL parameters that differ from the defaults: the permalink's query."""
        out = {}
        for param in self.question.params:
            value = self.args.get(param.name, param.default)
            if value != param.default and value is not None:
                out[param.name] = "1" if value is True else str(value)
        return out


def _read(param: Param, raw: str) -> Any:
    text = raw.strip()
    if param.kind == "int":
        try:
            return int(text)
        except ValueError:
            raise ParamError(
                f"{param.name} {raw!r} is not a whole number: write {param.help}", param.name
            ) from None
    if param.kind == "flag":
        if text.lower() in ("1", "true", "yes", "on"):
            return True
        if text.lower() in ("", "0", "false", "no", "off"):
            return False
        raise ParamError(f"{param.name} {raw!r} is not a flag: write 1 or 0", param.name)
    if param.kind == "choice":
        if text == "" and param.default is None:
            return None
        if text not in param.choices:
            listed = ", ".join(param.choices)
            raise ParamError(f"{param.name} {raw!r} is not one of {listed}", param.name)
        return text
    return text or None


def read_question(name: str, subjects: list[str], query: Mapping[str, str]) -> Asked:
    """The question ``name`` about ``subjects``, with the URL parameters in ``query`` read
    as the CLI reads its options (unknown parameters are refused, naming them).

    Example:
        >>> read_question("reach", ["d"], {"max_hops": "x"}).args
        Traceback (most recent call last):
        ...
        graphkit.explorer.ask.ParamError: max_hops 'x' is not a whole number: write \
longest chain, 1 to 12
    """
    question = QUESTIONS[name]
    known = {p.name: p for p in question.params}
    unknown = sorted(set(query) - set(known))
    if unknown:
        names = ", ".join(known) or "none"
        raise ParamError(
            f"{unknown[0]} is not a parameter of {name}; its parameters are {names}", unknown[0]
        )
    args = {}
    for param in question.params:
        value = _read(param, query[param.name]) if param.name in query else param.default
        if param.kind == "date" and value == "":
            value = None
        args[param.name] = value
    if name == "diff":
        for side in ("from", "to"):
            if not args[side]:
                raise ParamError(f"{side} is missing: write {DATE_HELP}", side)
    if args.get("only") is None:
        args.pop("only", None)
    paths = args.get("max_paths")
    if isinstance(paths, int) and paths > EXPLORER_MAX_PATHS:
        raise LimitError(
            f"max_paths {paths} is over the explorer's limit of {EXPLORER_MAX_PATHS}; "
            f"lower it, or ask on the command line (graphkit {name} --max-paths {paths})",
            "max_paths",
        )
    return Asked(question, tuple(subjects), args)
