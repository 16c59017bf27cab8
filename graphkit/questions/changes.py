"""What changed between two dates, and when: ``diff`` and ``timeline``.

Both are built from the questions themselves (``reach``, ``reachable``), asked on the
dates where an agreement's status, dates or evidence change, so they mean exactly
what the answers on those dates mean, on either backend.

Example:
    >>> from graphkit import open_graph
    >>> g = open_graph()
    >>> d = g.diff("2025-08-01", "2025-12-15", subject="irs-taxpayer-addresses")
    >>> [(c.party.id, c.change, c.causes[0].status) for c in d.changes]
    [('ice', 'lost', 'enjoined')]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from graphkit.errors import DateError, GraphkitError
from graphkit.model.dates import OPEN_START, parse_as_of
from graphkit.model.schema import CARRYING_STATUSES, Agreement, StatusEvent
from graphkit.questions.explain import ref, source_map
from graphkit.questions.results import Question, Ref
from graphkit.questions.store import Record
from graphkit.questions.tables import Tabular

if TYPE_CHECKING:
    from graphkit.questions.graph import Graph

#: (party id, dataset id) -> (evidence, confidence, agreements on the paths)
Pairs = dict[tuple[str, str], tuple[str, str, set[str]]]


@dataclass(frozen=True)
class Cause:
    """A dated event of an agreement that explains a change."""

    agreement: Ref
    date: str
    status: str  # a status; "effective_from" / "effective_to" / "last evidenced"...
    note: str | None
    sources: list[str]


@dataclass(frozen=True)
class Change:
    """One (party, dataset) pair that appeared, disappeared or changed in evidence."""

    party: Ref
    dataset: Ref
    change: str  # gained, lost, evidence, confidence
    before: str | None  # "evidenced, multiple_outlets", or None when it could not obtain it
    after: str | None
    causes: list[Cause]


@dataclass
class DiffResult(Tabular):
    """Who gained and who lost access between two dates, and why."""

    question: Question
    from_date: str
    to_date: str
    changes: list[Change]
    sources: dict[str, dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Step:
    """A date on which who can obtain what changes: the events, who gained and who lost."""

    date: str
    causes: list[Cause]
    gained: list[Change] = field(default_factory=list)
    lost: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)


@dataclass
class TimelineResult(Tabular):
    """Every dated event that changes who can obtain what, in order, cited."""

    question: Question
    subject: Ref
    steps: list[Step]
    sources: dict[str, dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pairs(graph: Graph, subject: Ref | None, day: str) -> Pairs:
    """Who can obtain what on ``day``: of one dataset, for one party, or everywhere."""
    out: Pairs = {}
    if subject is not None and subject.kind in ("agency", "vendor"):
        answer = graph.reachable(subject.id, as_of=day)
        items: list[tuple[str, str, Any]]
        items = [(subject.id, item.dataset.id, item) for item in answer.results]
    else:
        datasets = [subject.id] if subject else sorted(graph.store.data_ids("dataset"))
        items = []
        for dataset in datasets:
            for item in graph.reach(dataset, as_of=day).results:
                items.append((item.party.id, dataset, item))
    for party, dataset, item in items:
        used = {a for p in item.paths for a in p.agreements}
        out[(party, dataset)] = (item.evidence, item.confidence, used)
    return out


def _event_day(event: StatusEvent) -> dt.date:
    """The day an event changes what carries: a bounded event (``../2018-06``) stops carrying
    from its first possible day, and carries only once it is certain."""
    date = event.date
    if event.status in CARRYING_STATUSES or date.first == OPEN_START:
        return date.effect or date.first
    return date.first


def _events(agreement: Agreement) -> list[tuple[dt.date, Cause]]:
    """Every date on which the agreement's carrying or evidence can change, with a cause."""
    me = ref(agreement)
    out = [
        (_event_day(e), Cause(me, str(e.date), e.status, e.note, list(e.sources)))
        for e in agreement.status
    ]
    cited = list(agreement.sources)  # the agreement's own dates cite its own sources
    if agreement.effective_from:
        day = agreement.effective_from.first
        out.append((day, Cause(me, str(agreement.effective_from), "effective_from", None, cited)))
    if agreement.effective_to:
        day = agreement.effective_to.last + dt.timedelta(days=1)
        out.append((day, Cause(me, str(agreement.effective_to), "effective_to", None, cited)))
    for label, item in (
        ("last evidenced", agreement.last_evidenced),
        ("term end", agreement.term_end),
    ):
        if item is not None:
            day = item.date.last + dt.timedelta(days=1)
            out.append((day, Cause(me, str(item.date), label, item.note, list(item.sources))))
    return out


def _compare(before: Pairs, after: Pairs, names: dict[str, Record]) -> list[Change]:
    changes = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is not None and new is not None and old[:2] == new[:2]:
            continue
        if old is None:
            kind = "gained"
        elif new is None:
            kind = "lost"
        else:
            kind = "evidence" if old[0] != new[0] else "confidence"
        party, dataset = key
        changes.append(
            Change(
                ref(names[party]),
                ref(names[dataset]),
                kind,
                f"{old[0]}, {old[1]}" if old else None,
                f"{new[0]}, {new[1]}" if new else None,
                [],
            )
        )
    return changes


def _resolve(graph: Graph, subject: str | None) -> Ref | None:
    return (
        graph.resolve(subject, kinds=["dataset", "agency", "vendor", "agreement"])
        if subject
        else None
    )


def _relevant(graph: Graph, subject: Ref | None) -> list[Agreement]:
    """The agreements whose events can change the answer about ``subject``."""
    store = graph.store
    if subject is None:
        ids = store.data_ids("agreement")
    elif subject.kind == "dataset":
        closure = store.derived_closures([subject.id])[subject.id]
        ids = store.agreements_covering(sorted(closure))
    elif subject.kind == "agreement":
        ids = [subject.id]
    else:
        ids = store.agreements_to(store.components(subject.id))
    return [r for r in store.records(ids).values() if isinstance(r, Agreement)]


def diff(
    graph: Graph,
    from_date: str | dt.date,
    to_date: str | dt.date,
    subject: str | None = None,
) -> DiffResult:
    """Which (party, dataset) pairs appeared, disappeared or changed in evidence between two
    dates, each with the agreement events between the dates that caused it.

    ``subject``: a dataset (who can obtain it), a party (what it can obtain), or None for
    the whole graph.
    """
    d1, d2 = _day(from_date, "from_date"), _day(to_date, "to_date")
    if d2 < d1:
        raise GraphkitError(
            f"to_date {to_date} comes before the from date {from_date}; swap them", "to_date"
        )
    target = _resolve(graph, subject)
    if target is not None and target.kind == "agreement":
        raise GraphkitError("diff takes a dataset or a party; for an agreement use timeline")
    before, after = _pairs(graph, target, d1.isoformat()), _pairs(graph, target, d2.isoformat())
    names = graph.store.records({i for key in (*before, *after) for i in key})
    events = [
        (day, cause)
        for ag in _relevant(graph, target)
        for day, cause in _events(ag)
        if d1 < day <= d2
    ]
    changes = []
    for change in _compare(before, after, names):
        key = (change.party.id, change.dataset.id)
        used = (before.get(key) or (None, None, set()))[2] | (
            after.get(key) or (None, None, set())
        )[2]
        causes = sorted(
            (c for day, c in events if c.agreement.id in used),
            key=lambda c: (c.date, c.agreement.id),
        )
        changes.append(replace(change, causes=causes))
    sources = _cited(graph, changes)
    question = _question(graph, "diff", [target] if target else [], d2)
    return DiffResult(question, d1.isoformat(), d2.isoformat(), changes, sources)


def timeline(graph: Graph, subject: str) -> TimelineResult:
    """Every dated event that changes who can obtain what about ``subject`` (a dataset, a
    party or an agreement), in order, with who gained and who lost access at each step."""
    target = _resolve(graph, subject)
    assert target is not None
    agreements = _relevant(graph, target)
    by_day: dict[dt.date, list[Cause]] = {}
    for ag in agreements:
        for day, cause in _events(ag):
            by_day.setdefault(day, []).append(cause)
    pair_subject = None if target.kind == "agreement" else target
    steps = []
    for day in sorted(by_day):
        causes = sorted(by_day[day], key=lambda c: (c.agreement.id, c.status))
        if pair_subject is None:  # an agreement: its own events
            steps.append(Step(day.isoformat(), causes))
            continue
        before = _pairs(graph, pair_subject, (day - dt.timedelta(days=1)).isoformat())
        after = _pairs(graph, pair_subject, day.isoformat())
        names = graph.store.records({i for key in (*before, *after) for i in key})
        changes = _compare(before, after, names)
        steps.append(
            Step(
                day.isoformat(),
                causes,
                [c for c in changes if c.change == "gained"],
                [c for c in changes if c.change == "lost"],
                [c for c in changes if c.change in ("evidence", "confidence")],
            )
        )
    cited = {s for step in steps for c in step.causes for s in c.sources}
    sources = _sources(graph, cited)
    last = max(by_day) if by_day else dt.date.today()
    question = _question(graph, "timeline", [target], last)
    return TimelineResult(question, target, steps, sources)


def _day(value: str | dt.date, argument: str) -> dt.date:
    """A date argument, its error naming the argument (``from_date``, ``to_date``)."""
    try:
        return parse_as_of(value)
    except DateError as exc:
        raise DateError(str(exc).replace("as_of", argument, 1), argument) from None


def _cited(graph: Graph, changes: Iterable[Change]) -> dict[str, dict[str, Any]]:
    return _sources(graph, {s for c in changes for cause in c.causes for s in cause.sources})


def _sources(graph: Graph, ids: set[str]) -> dict[str, dict[str, Any]]:
    return source_map(graph.store.records(ids))


def _question(graph: Graph, command: str, subject: list[Ref], day: dt.date) -> Question:
    return Question(command, subject, day.isoformat(), 0, 0, graph.name, graph.store.provenance())
