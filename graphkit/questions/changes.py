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

A year's diff also sees what came and went inside it (``within``), as the timeline does:

    >>> y = diff(g, "2025-01-01", "2026-01-01", "irs-taxpayer-addresses")
    >>> y.changes, [(c.date, c.change, c.causes[0].status) for c in y.within]
    ([], [('2025-04-07', 'gained', 'active'), ('2025-11-21', 'lost', 'enjoined')])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from graphkit.errors import DateError, GraphkitError
from graphkit.evidence.grade import is_declared, open_window
from graphkit.model.dates import OPEN_START, parse_as_of
from graphkit.model.schema import CARRYING_STATUSES, Agreement, StatusEvent
from graphkit.questions.explain import ref, source_map
from graphkit.questions.results import Question, Ref
from graphkit.questions.store import Record
from graphkit.questions.tables import Tabular

if TYPE_CHECKING:
    from graphkit.questions.graph import Questions

#: (party id, dataset id) -> (evidence, confidence, agreements on the paths). A pair only
#: reported with no date is (:data:`REPORTED`, :data:`DATE_UNKNOWN`, those agreements).
Pairs = dict[tuple[str, str], tuple[str, str, set[str]]]
REPORTED, DATE_UNKNOWN = "reported", "date unknown"
#: A pair only an agreement uncertain on the date would carry (a bounded event: "by early
#: November") is (:data:`REPORTED`, :data:`DATE_UNCERTAIN`, those agreements): it can
#: obtain it or not, the sources do not say; from there to stopped is a change.
DATE_UNCERTAIN = "date uncertain"


@dataclass(frozen=True)
class Cause:
    """A dated event of an agreement that explains a change."""

    agreement: Ref
    date: str
    status: str  # a status; "effective_from" / "effective_to" / "last evidenced"...
    note: str | None
    sources: list[str]
    #: The agreement's routine use letter or number, when it is one ("A", "12").
    routine_use: str | None = None


@dataclass(frozen=True)
class Change:
    """One (party, dataset) pair that appeared, disappeared or changed in evidence."""

    party: Ref
    dataset: Ref
    change: str  # gained, lost, evidence, confidence; ended (date unknown or uncertain -> stopped)
    #: "evidenced, multiple_outlets"; "reported, date unknown" (only an undated agreement
    #: would carry it); None when it could not obtain it
    before: str | None
    after: str | None
    causes: list[Cause]


@dataclass(frozen=True)
class DatedChange:
    """A change of one (party, dataset) pair on a date, and the events of that date that
    caused it."""

    date: str
    party: Ref
    dataset: Ref
    change: str
    before: str | None
    after: str | None
    causes: list[Cause]


@dataclass
class DiffResult(Tabular):
    """Who gained and who lost access between two dates, and why.

    ``changes`` compares the two ends (who could obtain what on ``from_date`` and on
    ``to_date``); ``within`` lists every change on a date in (``from_date``, ``to_date``],
    in date order, as the timeline does: a pair gained and lost inside the window is in
    ``within`` twice and not in ``changes``.
    """

    question: Question
    from_date: str
    to_date: str
    changes: list[Change]
    sources: dict[str, dict[str, Any]]
    within: list[DatedChange] = field(default_factory=list)

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


def _pairs(graph: Questions, subject: Ref | None, day: str) -> Pairs:
    """Who can obtain what on ``day``: of one dataset, for one party, or everywhere."""
    out: Pairs = {}
    undated: Pairs = {}
    if subject is not None and subject.kind in ("agency", "vendor"):
        answer = graph.reachable(subject.id, as_of=day)
        items: list[tuple[str, str, Any]]
        items = [(subject.id, item.dataset.id, item) for item in answer.results]
        held = {d.id for d in answer.holds}
        for grade, unsure in ((DATE_UNKNOWN, answer.undated), (DATE_UNCERTAIN, answer.uncertain)):
            for u in unsure:
                for d in u.datasets:
                    if d.id not in held:
                        _add(undated, (subject.id, d.id), u.agreement.id, grade)
    else:
        datasets = [subject.id] if subject else sorted(graph.store.data_ids("dataset"))
        items = []
        for dataset in datasets:
            reach = graph.reach(dataset, as_of=day, standard_uses=True)
            items += [(item.party.id, dataset, item) for item in reach.everyone()]
            for grade, unsure in ((DATE_UNKNOWN, reach.undated), (DATE_UNCERTAIN, reach.uncertain)):
                for u in unsure:
                    for t in u.target:
                        if t.id != reach.custodian.id:
                            _add(undated, (t.id, dataset), u.agreement.id, grade)
    for party, dataset, item in items:
        used = {a for p in item.paths for a in p.agreements}
        out[(party, dataset)] = (item.evidence, item.confidence, used)
    return {**undated, **out}  # a pair a dated path reaches is graded by its paths


def _add(pairs: Pairs, key: tuple[str, str], agreement: str, grade: str) -> None:
    """One more agreement that would carry the pair, its date unknown or uncertain (an
    uncertain one, which may carry on the date, outranks one that is only undated)."""
    old = pairs.get(key)
    if old is None or (grade == DATE_UNCERTAIN and old[1] == DATE_UNKNOWN):
        pairs[key] = (REPORTED, grade, old[2] if old else set())
    pairs[key][2].add(agreement)


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
    use = agreement.routine_use.number if agreement.routine_use else None
    out = [
        (_event_day(e), Cause(me, str(e.date), e.status, e.note, list(e.sources), use))
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
    window = None if is_declared(agreement) else open_window(agreement)
    if window is not None:  # presumed from the day after its latest evidence
        day = dt.date.fromisoformat(window[1]) + dt.timedelta(days=1)
        if not any(d == day and c.status in ("last evidenced", "term end") for d, c in out):
            out += [
                (day, Cause(me, str(e.date), "last evidenced", None, list(e.sources)))
                for e in agreement.status
                if e.status in CARRYING_STATUSES and e.date.last.isoformat() == window[1]
            ][:1]
    return out


def _compare(before: Pairs, after: Pairs, names: dict[str, Record]) -> list[Change]:
    changes = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old is not None and new is not None and old[:2] == new[:2]:
            continue
        kind = _kind(old, new)
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


def _kind(old: tuple[str, str, set[str]] | None, new: tuple[str, str, set[str]] | None) -> str:
    """gained, lost, evidence, confidence; ``ended``: from date unknown or uncertain to
    nothing (an agreement reported with no date, or uncertain on the date, is stopped on a
    known one); ``reported``: to date unknown or uncertain, from nothing or the other."""
    was = old is not None and old[0] != REPORTED
    now = new is not None and new[0] != REPORTED
    if was and now:
        assert old is not None and new is not None
        return "evidence" if old[0] != new[0] else "confidence"
    if was != now:
        return "gained" if now else "lost"
    return "ended" if new is None else "reported"


def _resolve(graph: Questions, subject: str | None) -> Ref | None:
    return (
        graph.resolve(subject, kinds=["dataset", "agency", "vendor", "agreement"])
        if subject
        else None
    )


def _relevant(graph: Questions, subject: Ref | None) -> list[Agreement]:
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
    graph: Questions,
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
    cache: dict[dt.date, Pairs] = {}
    before, after = _on(graph, target, d1, cache), _on(graph, target, d2, cache)
    names = graph.store.records({i for key in (*before, *after) for i in key})
    by_day = _by_day(_relevant(graph, target), lambda day: d1 < day <= d2)
    events = [c for day in sorted(by_day) for c in by_day[day]]
    changes = [_caused(c, before, after, events) for c in _compare(before, after, names)]
    within = []
    for day in sorted(by_day):
        old, new, step = _step(graph, target, day, cache)
        for change in step:
            c = _caused(change, old, new, by_day[day], fallback=True)
            within.append(
                DatedChange(
                    day.isoformat(), c.party, c.dataset, c.change, c.before, c.after, c.causes
                )
            )
    sources = _cited(graph, [*changes, *within])
    question = _question(graph, "diff", [target] if target else [], d2)
    return DiffResult(question, d1.isoformat(), d2.isoformat(), changes, sources, within)


def timeline(graph: Questions, subject: str) -> TimelineResult:
    """Every dated event that changes who can obtain what about ``subject`` (a dataset, a
    party or an agreement), in order, with who gained and who lost access at each step."""
    target = _resolve(graph, subject)
    assert target is not None
    by_day = _by_day(_relevant(graph, target), lambda day: True)
    pair_subject = None if target.kind == "agreement" else target
    cache: dict[dt.date, Pairs] = {}
    steps = []
    for day in sorted(by_day):
        causes = sorted(by_day[day], key=lambda c: (c.agreement.id, c.status))
        if pair_subject is None:  # an agreement: its own events
            steps.append(Step(day.isoformat(), causes))
            continue
        changes = _step(graph, pair_subject, day, cache)[2]
        steps.append(
            Step(
                day.isoformat(),
                causes,
                [c for c in changes if c.change == "gained"],
                [c for c in changes if c.change == "lost"],
                [c for c in changes if c.change not in ("gained", "lost")],
            )
        )
    cited = {s for step in steps for c in step.causes for s in c.sources}
    sources = _sources(graph, cited)
    last = max(by_day) if by_day else dt.date.today()
    question = _question(graph, "timeline", [target], last)
    return TimelineResult(question, target, steps, sources)


def _by_day(
    agreements: Iterable[Agreement], keep: Callable[[dt.date], bool]
) -> dict[dt.date, list[Cause]]:
    """The agreements' events by the day they take effect, for the days ``keep`` keeps."""
    by_day: dict[dt.date, list[Cause]] = {}
    for ag in agreements:
        for day, cause in _events(ag):
            if keep(day):
                by_day.setdefault(day, []).append(cause)
    return by_day


def _on(graph: Questions, subject: Ref | None, day: dt.date, cache: dict[dt.date, Pairs]) -> Pairs:
    """:func:`_pairs` on ``day``, each day asked once per answer."""
    if day not in cache:
        cache[day] = _pairs(graph, subject, day.isoformat())
    return cache[day]


def _step(
    graph: Questions, subject: Ref | None, day: dt.date, cache: dict[dt.date, Pairs]
) -> tuple[Pairs, Pairs, list[Change]]:
    """Who could obtain what the day before ``day`` and on it, and what changed."""
    before = _on(graph, subject, day - dt.timedelta(days=1), cache)
    after = _on(graph, subject, day, cache)
    names = graph.store.records({i for key in (*before, *after) for i in key})
    return before, after, _compare(before, after, names)


def _caused(
    change: Change, before: Pairs, after: Pairs, causes: list[Cause], fallback: bool = False
) -> Change:
    """The change with the causes among ``causes`` whose agreement carried (or was reported
    to carry) the pair before or after; with ``fallback``, all of them when none did (the
    change happened on their day, and only they happened then)."""
    key = (change.party.id, change.dataset.id)
    used = set().union(*(p[key][2] for p in (before, after) if key in p))
    mine = [c for c in causes if c.agreement.id in used] or (list(causes) if fallback else [])
    return replace(change, causes=sorted(mine, key=lambda c: (c.date, c.agreement.id)))


def _day(value: str | dt.date, argument: str) -> dt.date:
    """A date argument, its error naming the argument (``from_date``, ``to_date``)."""
    try:
        return parse_as_of(value)
    except DateError as exc:
        raise DateError(str(exc).replace("as_of", argument, 1), argument) from None


def _cited(graph: Questions, changes: Iterable[Change | DatedChange]) -> dict[str, dict[str, Any]]:
    return _sources(graph, {s for c in changes for cause in c.causes for s in cause.sources})


def _sources(graph: Questions, ids: set[str]) -> dict[str, dict[str, Any]]:
    return source_map(graph.store.records(ids))


def _question(graph: Questions, command: str, subject: list[Ref], day: dt.date) -> Question:
    return Question(command, subject, day.isoformat(), 0, 0, graph.name, graph.store.provenance())
