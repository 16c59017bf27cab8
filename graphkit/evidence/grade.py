"""How well an agreement is evidenced on a date, how sure its sources are, and whether a
date is known at all: the evidence semantics in code (``docs/semantics.md``).

- **evidenced**: a source supports that the agreement carried data on the date: the date
  lies in a carry window closed by a reported end (a status change or ``effective_to``),
  or on or before the agreement's latest evidence (its dated carrying events,
  ``last_evidenced``, ``term_end``; a partial date counts through its period's end).
- **presumed**: the agreement carries on the date (no end is reported) but the date is
  after its latest evidence. Answers say "last evidenced <date>, no end reported".
- **declared**: the agreement carries (a permission in force) but its sources only publish
  the permission or a self-declaration (``basis: declared``); none shows data carried.
- **undated**: the agreement has no dated status event: reported, date unknown. It never
  carries on a date, and it is never labelled ``not_started``.
- **uncertain**: the date lies in a bounded event's window (``../2018-06``, ``2025-06-15~``):
  the sources do not say which side of the event the date is on. It never carries.

Confidence on a date is the weakest of the agreement's own, that of the status event in
force and that of the later evidence that places the date, when one does
(:data:`~graphkit.model.schema.CONFIDENCE_ORDER`).

Example:
    >>> from graphkit.ingest.validation import load_seeds
    >>> venntel = load_seeds().agreements["venntel-ice-2018"]
    >>> on = evidence_on(venntel, dt.date(2026, 6, 1))
    >>> on.level, on.last_evidenced
    ('presumed', '2018')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from graphkit.model import registry
from graphkit.model.dates import AnyDate
from graphkit.model.schema import (
    CARRYING_STATUSES,
    CONFIDENCE_ORDER,
    EVIDENCE_ORDER,
    Agreement,
)
from graphkit.model.semantics import carry_windows, status_on, undated_before

#: Statuses under which an agreement is reported but carries nothing on the date: every
#: status that does not carry, and not yet started.
BLOCKING_STATUSES: frozenset[str] = registry.BLOCKING_STATUSES


#: What ``stats`` counts on a date: the levels of agreements in force, then those listed
#: apart (uncertain on the date, undated).
EVIDENCE_LEVELS: tuple[str, ...] = (*EVIDENCE_ORDER, "uncertain", "undated")


@dataclass(frozen=True)
class EvidenceOn:
    """An agreement's evidence on one date (``level`` None when it carries nothing)."""

    level: str | None  # evidenced, presumed, or None
    last_evidenced: str | None  # the latest evidence as written, for an open-ended window
    confidence: str


def is_undated(agreement: Agreement) -> bool:
    """Reported, date unknown: no dated status event at all.

    Example:
        >>> from graphkit.ingest.validation import load_seeds
        >>> is_undated(load_seeds().agreements["ssa-appointment-details-directive"])
        True
    """
    return not agreement.status


def weakest(levels: Iterable[str], order: tuple[str, ...] = CONFIDENCE_ORDER) -> str:
    """The weakest of confidence (or evidence) levels; the strongest when none is given.

    Example:
        >>> weakest(["primary_document", "single_outlet"])
        'single_outlet'
        >>> weakest(["evidenced", "presumed"], EVIDENCE_ORDER)
        'presumed'
    """
    return max(levels, key=order.index, default=order[0])


def strongest(levels: Iterable[str], order: tuple[str, ...] = CONFIDENCE_ORDER) -> str:
    """The strongest of the levels; the weakest when none is given."""
    return min(levels, key=order.index, default=order[-1])


def _evidence(agreement: Agreement, since: dt.date) -> list[tuple[dt.date, AnyDate, str]]:
    """The dated evidence from ``since`` on, each as (the last day it shows the agreement in
    force, its date as written, its confidence): carrying events, last_evidenced, term_end.

    A coarse date never widens a finer one: a date whose period holds a finer date of
    evidence counts only through that finer date (an event dated ``2018-06`` and a letter
    of ``2018-06-21``: evidence through 21 June, not 30 June).
    """
    items: list[tuple[AnyDate, str]] = [
        (e.date, e.confidence)
        for e in agreement.status
        if e.status in CARRYING_STATUSES and e.date.last >= since
    ]
    for item in (agreement.last_evidenced, agreement.term_end):
        if item is not None:
            items.append((item.date, item.confidence))
    out = []
    for date, confidence in items:
        finer = [
            other.last
            for other, _ in items
            if other.precision > date.precision
            and date.first <= other.first <= other.last <= date.last
        ]
        out.append((max(finer) if finer else date.last, date, confidence))
    return out


def _latest_evidence(agreement: Agreement, since: dt.date) -> AnyDate | None:
    """The latest dated evidence from ``since`` on (the finest date among equals)."""
    items = _evidence(agreement, since)
    if not items:
        return None
    return max(items, key=lambda item: (item[0], item[1].precision))[1]


def _evidenced_until(agreement: Agreement, since: dt.date) -> dt.date | None:
    items = _evidence(agreement, since)
    return max(item[0] for item in items) if items else None


def open_window(agreement: Agreement) -> tuple[str, str] | None:
    """The open-ended carry window, if any: its first day and the last evidenced day in it
    (ISO dates). After that day the agreement is presumed, not evidenced.

    Example:
        >>> from graphkit.ingest.validation import load_seeds
        >>> open_window(load_seeds().agreements["venntel-ice-2018"])
        ('2018-01-01', '2018-12-31')
    """
    windows = carry_windows(agreement)
    if not windows or windows[-1][1] is not None:
        return None
    lo = windows[-1][0]
    latest = _evidenced_until(agreement, dt.date.fromisoformat(lo))
    until = latest.isoformat() if latest is not None else lo
    return lo, until


def is_declared(agreement: Agreement) -> bool:
    """A published permission or self-declaration that no source shows carrying data:
    ``basis: declared`` and no ``last_evidenced``.

    Example:
        >>> from graphkit.ingest.validation import load_seeds
        >>> is_declared(load_seeds().agreements["irs-ice-mou-2025"])
        False
    """
    return agreement.basis == "declared" and agreement.last_evidenced is None


def evidence_on(agreement: Agreement, day: dt.date) -> EvidenceOn:
    """How well the agreement is evidenced on ``day``, and how sure its sources are.

    The confidence is the weakest of the agreement's, the status event's in force and,
    when the day is evidenced only by a later date of evidence (``last_evidenced``,
    ``term_end``, a later event), that evidence's (the surest such item).
    """
    state = status_on(agreement, day)
    levels: list[str] = [agreement.confidence]
    if state.event_index is not None:
        levels.append(agreement.status[state.event_index].confidence)
    if not state.carries:
        return EvidenceOn(None, None, weakest(levels))
    if is_declared(agreement):
        return EvidenceOn("declared", None, weakest(levels))
    window = open_window(agreement)
    if window is None or day.isoformat() < window[0]:
        # a window closed by a reported end
        return EvidenceOn("evidenced", None, weakest(levels))
    since = dt.date.fromisoformat(window[0])
    latest = _latest_evidence(agreement, since)
    level = "evidenced" if day.isoformat() <= window[1] else "presumed"
    if level == "evidenced":
        placing = [c for until, _d, c in _evidence(agreement, since) if until >= day]
        if placing:
            levels.append(strongest(placing))
    return EvidenceOn(level, str(latest) if latest else None, weakest(levels))


def blocked_on(agreement: Agreement, day: dt.date) -> bool:
    """Reported, dated, and not carrying on ``day`` for a reason the answer should name:
    enjoined, expired, terminated, paused, rescinded, suspended, proposed, not yet started.
    """
    if undated_before(agreement, day):
        return False
    state = status_on(agreement, day)
    return not state.carries and state.status in BLOCKING_STATUSES


__all__ = [
    "BLOCKING_STATUSES",
    "EVIDENCE_LEVELS",
    "EVIDENCE_ORDER",
    "EvidenceOn",
    "blocked_on",
    "evidence_on",
    "is_declared",
    "is_undated",
    "open_window",
    "strongest",
    "undated_before",
    "weakest",
]
