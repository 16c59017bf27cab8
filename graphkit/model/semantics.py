"""When an agreement carries data, and which way: the reach semantics in code.

Both backends use these functions: the memory backend while it builds its graph,
the Neo4j loader when it writes ``FLOWS`` relationships. So the two can only
disagree in how they search, never in what an agreement means. The rules are
written out for people in ``docs/semantics.md``.

Example:
    >>> from graphkit.model.schema import Agreement, StatusEvent
    >>> mou = Agreement.model_validate({"id": "m", "name": "M", "kind": "mou",
    ...     "sources": ["s"], "confidence": "primary_document",
    ...     "parties": [{"party": "a", "role": "provider"}, {"party": "b", "role": "recipient"}],
    ...     "status": [
    ...         {"date": "2025-04-07", "status": "active", "sources": ["s"],
    ...          "confidence": "primary_document"},
    ...         {"date": "2025-11-21", "status": "enjoined", "sources": ["s"],
    ...          "confidence": "primary_document"}]})
    >>> carry_windows(mou)
    [('2025-04-07', '2025-11-21')]
    >>> status_on(mou, dt.date(2025, 12, 15)).status
    'enjoined'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from graphkit.model.dates import OPEN_START
from graphkit.model.registry import (
    CARRYING_STATUSES,
    RECEIVING_ROLES,
    SENDING_ROLES,
    STOPPING_STATUSES,
    VIA_ROLES,
)
from graphkit.model.schema import Agreement, StatusEvent

#: A window in which an agreement carries data: ISO first day, ISO day after the last
#: (``None``: open-ended). ISO strings compare in date order, in Python and in Cypher.
Window = tuple[str, str | None]


@dataclass(frozen=True)
class StatusOn:
    """An agreement's status on one date, and the event that set it."""

    status: str  # a Status; "not_started" / "expired" outside its dates; "undated";
    # "uncertain" inside a bounded event's window (since: its date, event_index: it)
    since: str | None  # the date of the event as written (may be partial)
    event_index: int | None  # index into Agreement.status, None when derived from dates
    carries: bool


@dataclass(frozen=True)
class Flow:
    """Data moving between two parties under one agreement."""

    agreement: str
    source: str
    target: str
    via: tuple[str, ...]
    datasets: tuple[str, ...]
    windows: tuple[Window, ...]


@dataclass(frozen=True)
class EventWindow:
    """When one status event may and must have happened: from ``start`` its state may hold
    (``uncertain``), from ``certain`` it does (None: never for certain), until ``end`` (the
    next event's ``start``; None: open). For a plain date ``start == certain``."""

    index: int  # into Agreement.status
    status: str
    start: dt.date
    certain: dt.date | None
    end: dt.date | None


def event_windows(agreement: Agreement) -> list[EventWindow]:
    """The status events in date order, each with its window (worked out once for the
    agreement in hand: see :func:`_timeline`; do not change the list).

    A bounded event (``../2018-06``, ``2025-06-15~``) is uncertain from its first possible
    day (an open start: from the previous event, or always) until its last, when it has
    happened for certain. A plain event takes effect on its first day.

    Example:
        >>> from graphkit.ingest.validation import load_seeds
        >>> [(w.status, w.start.isoformat(), w.certain) for w in
        ...  event_windows(load_seeds().agreements["irs-ice-mou-2025"])][:1]
        [('active', '2025-04-07', datetime.date(2025, 4, 7))]
    """

    return _timeline(agreement).events


def _event_windows(agreement: Agreement) -> list[EventWindow]:
    def anchor(pair: tuple[int, StatusEvent]) -> dt.date:
        date = pair[1].date
        return date.last if date.first == OPEN_START else date.first

    events = sorted(enumerate(agreement.status), key=anchor)
    starts: list[dt.date] = []
    for _index, event in events:
        start = event.date.first
        if starts and start < starts[-1]:  # an open start runs from the previous event
            start = starts[-1]
        starts.append(start)
    out = []
    for pos, (index, event) in enumerate(events):
        end = starts[pos + 1] if pos + 1 < len(events) else None
        out.append(EventWindow(index, event.status, starts[pos], event.date.effect, end))
    return out


Segment = tuple[dt.date, dt.date | None, str, int]


def _segments_of(events: list[EventWindow]) -> list[Segment]:
    """Status events as half-open date segments [start, next start); a bounded event's
    uncertain days are a segment of status ``uncertain``."""
    out: list[Segment] = []
    for w in events:
        certain = (
            w.certain if w.certain is not None and (w.end is None or w.certain < w.end) else None
        )
        if certain is None or w.start < certain:
            out.append((w.start, certain or w.end, "uncertain", w.index))
        if certain is not None:
            out.append((certain, w.end, w.status, w.index))
    return out


def _bounds(agreement: Agreement) -> tuple[dt.date | None, dt.date | None]:
    """The agreement's own dates as a half-open range [from, until)."""
    start = agreement.effective_from.first if agreement.effective_from else None
    until = agreement.effective_to.last + dt.timedelta(days=1) if agreement.effective_to else None
    return start, until


def carry_windows(agreement: Agreement) -> list[Window]:
    """The date windows in which the agreement carries data (merged, in order).

    A status segment carries when its status carries (``active``, ``limited``: see
    :mod:`graphkit.model.registry`); the result is clipped to ``effective_from`` ..
    ``effective_to``.
    """
    return _timeline(agreement).carry


def _carry_of(agreement: Agreement, segments: list[Segment]) -> list[Window]:
    start, until = _bounds(agreement)
    windows: list[tuple[dt.date, dt.date | None]] = []
    for seg_start, seg_end, status, _ in segments:
        if status not in CARRYING_STATUSES:
            continue
        lo = max(seg_start, start) if start else seg_start
        hi = seg_end
        if until is not None:
            hi = until if hi is None else min(hi, until)
        if hi is not None and hi <= lo:
            continue
        if windows and windows[-1][1] == lo:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return [(lo.isoformat(), hi.isoformat() if hi else None) for lo, hi in windows]


def carries_on(windows: tuple[Window, ...] | list[Window], day: str) -> bool:
    """Whether any window holds the ISO date ``day``.

    Example:
        >>> carries_on([("2025-04-07", "2025-11-21")], "2025-11-21")
        False
    """
    return any(lo <= day and (hi is None or day < hi) for lo, hi in windows)


def undated_before(agreement: Agreement, day: dt.date) -> bool:
    """Whether the agreement's status on ``day`` is unknown: it has no dated event at all,
    or ``day`` comes before its first event and that event stops it (it ran before, since
    a date no source gives) or shows it already running (``start_known: false``). Such
    an agreement is "reported, date unknown" then, never "no".

    Example:
        >>> from graphkit.ingest.validation import load_seeds
        >>> wa = load_seeds().agreements["nlets-dmv-ice-wa"]  # first seen open 2025-11-12
        >>> undated_before(wa, dt.date(2025, 6, 1)), undated_before(wa, dt.date(2025, 12, 1))
        (True, False)
    """
    if not agreement.status:
        return True
    first = event_windows(agreement)[0]
    unknown_before = first.status in STOPPING_STATUSES or not agreement.start_known
    return unknown_before and day < first.start


#: The timeline of the agreement last asked about, with the agreement itself (held, so
#: that its id cannot be reused while it is here): a load asks about one agreement many
#: times in a row (its row, its stretches, its flows, its evidence), and a question asks
#: about one agreement for many days. One tuple, read and replaced whole: thread-safe.
_last: tuple[Agreement, _Timeline] | None = None


def _timeline(agreement: Agreement) -> _Timeline:
    """The agreement's timeline, worked out once while it is the one asked about (records
    are frozen once validated)."""
    global _last
    last = _last
    if last is not None and last[0] is agreement:
        return last[1]
    timeline = _Timeline.of(agreement)
    _last = (agreement, timeline)
    return timeline


def status_on(agreement: Agreement, day: dt.date) -> StatusOn:
    """The agreement's status on ``day``: its latest event on or before it, within its dates."""
    return _timeline(agreement).on(day)


@dataclass(frozen=True)
class _Timeline:
    """What :func:`status_on` reads of an agreement, worked out once for many days."""

    agreement: Agreement
    events: list[EventWindow]
    segments: list[Segment]
    carry: list[Window]

    began_at: dict[int, dt.date]

    @classmethod
    def of(cls, agreement: Agreement) -> _Timeline:
        events = _event_windows(agreement)
        segments = _segments_of(events)
        began_at = {w.index: w.start for w in events}
        return cls(agreement, events, segments, _carry_of(agreement, segments), began_at)

    def on(self, day: dt.date) -> StatusOn:
        agreement = self.agreement
        start, until = _bounds(agreement)
        if not self.events or (  # reported, but when it ran is unknown (undated_before)
            (self.events[0].status in STOPPING_STATUSES or not agreement.start_known)
            and day < self.events[0].start
        ):
            return StatusOn("undated", None, None, False)
        current: tuple[str, str | None, int | None, dt.date | None] = (
            "not_started",
            None,
            None,
            None,
        )
        began_at = self.began_at
        for seg_start, _seg_end, seg_status, seg_index in self.segments:
            if seg_start <= day:
                written = str(agreement.status[seg_index].date)
                current = (seg_status, written, seg_index, began_at[seg_index])
        status, since, index, began = current
        if until is not None and day >= until:
            # Past its end date the agreement has expired, unless a later event says otherwise.
            assert agreement.effective_to is not None
            if began is None or began < until:
                status, since, index = "expired", str(agreement.effective_to), None
        elif start is not None and day < start and status in CARRYING_STATUSES:
            status, since, index = "not_started", None, None
        return StatusOn(status, since, index, carries_on(self.carry, day.isoformat()))


@dataclass(frozen=True)
class StatusSpan:
    """A stretch of days over which an agreement's status on a date stays the same:
    ``[start, end)`` as ISO days (``end`` None: open), with the status and whether data
    flows under it then (:func:`status_on` on any day of it)."""

    start: str
    end: str | None
    status: str
    carries: bool


def status_spans(agreement: Agreement) -> list[StatusSpan]:
    """The agreement's whole timeline as spans, in order, from the first day a date can
    have (``0001-01-01``) on: every day falls in exactly one, and its status and carrying
    are those :func:`status_on` gives for that day. Neighbouring spans always differ.

    Example:
        >>> from graphkit.ingest.validation import load_seeds
        >>> for span in status_spans(load_seeds().agreements["irs-ice-mou-2025"]):
        ...     print(span)
        StatusSpan(start='0001-01-01', end='2025-04-07', status='not_started', carries=False)
        StatusSpan(start='2025-04-07', end='2025-11-21', status='active', carries=True)
        StatusSpan(start='2025-11-21', end=None, status='enjoined', carries=False)
    """
    start, until = _bounds(agreement)
    timeline = _timeline(agreement)
    cuts = {OPEN_START, *(d for d in (start, until) if d is not None)}
    for seg_start, seg_end, _status, _index in timeline.segments:
        cuts.update(d for d in (seg_start, seg_end) if d is not None)
    for lo, hi in timeline.carry:
        cuts.update(dt.date.fromisoformat(d) for d in (lo, hi) if d is not None)
    points = sorted(cuts)
    spans: list[StatusSpan] = []
    for pos, day in enumerate(points):
        end = points[pos + 1].isoformat() if pos + 1 < len(points) else None
        on = timeline.on(day)
        if spans and (spans[-1].status, spans[-1].carries) == (on.status, on.carries):
            spans[-1] = StatusSpan(spans[-1].start, end, on.status, on.carries)
        else:
            spans.append(StatusSpan(day.isoformat(), end, on.status, on.carries))
    return spans


def flows(agreement: Agreement) -> list[Flow]:
    """The flows an agreement creates: each provider to each recipient, with its datasets.

    Resellers and intermediaries are named on every flow (``via``); signatories move no data.
    An agreement with no dataset moves nothing.
    """
    if not agreement.datasets:
        return []
    senders = sorted({p.party for p in agreement.parties if p.role in SENDING_ROLES})
    receivers = sorted({p.party for p in agreement.parties if p.role in RECEIVING_ROLES})
    via = tuple(sorted({p.party for p in agreement.parties if p.role in VIA_ROLES}))
    windows = tuple(carry_windows(agreement))
    datasets = tuple(sorted(set(agreement.datasets)))
    return [
        Flow(agreement.id, s, r, via, datasets, windows)
        for s in senders
        for r in receivers
        if s != r
    ]
