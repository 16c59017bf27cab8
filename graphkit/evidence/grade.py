"""How well an agreement is evidenced on a date, how sure its sources are, and whether a
date is known at all: the evidence semantics in code (``docs/semantics.md``).

- **evidenced**: a source supports that the agreement carried data on the date: the date
  lies in a carry window closed by a reported end (a status change or ``effective_to``),
  or on or before the agreement's latest evidence (its dated carrying events,
  ``last_evidenced``, ``term_end``; a partial date counts through its period's end).
- **presumed**: the agreement carries on the date (no end is reported) but the date is
  after its latest evidence. Answers say "last evidenced <date>, no end reported".
- **undated**: the agreement has no dated status event: reported, date unknown. It never
  carries on a date, and it is never labelled ``not_started``.

Confidence on a date is the weaker of the agreement's own and that of the status event in
force (:data:`~graphkit.model.schema.CONFIDENCE_ORDER`).

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
from typing import get_args

from graphkit.model.dates import PartialDate
from graphkit.model.schema import (
    CARRYING_STATUSES,
    CONFIDENCE_ORDER,
    EVIDENCE_ORDER,
    Agreement,
    Status,
)
from graphkit.model.semantics import carry_windows, status_on, undated_before

#: Statuses under which an agreement is reported but carries nothing on the date: every
#: status that does not carry, and not yet started.
BLOCKING_STATUSES: frozenset[str] = (frozenset(get_args(Status)) - CARRYING_STATUSES) | {
    "not_started"
}


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


def _latest_evidence(agreement: Agreement, since: dt.date) -> PartialDate | None:
    """The latest dated evidence from ``since`` on: carrying events, last_evidenced, term_end."""
    dates = [
        e.date for e in agreement.status if e.status in CARRYING_STATUSES and e.date.last >= since
    ]
    for item in (agreement.last_evidenced, agreement.term_end):
        if item is not None:
            dates.append(item.date)
    return max(dates, key=lambda d: d.last, default=None)


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
    latest = _latest_evidence(agreement, dt.date.fromisoformat(lo))
    until = latest.last.isoformat() if latest is not None else lo
    return lo, until


def evidence_on(agreement: Agreement, day: dt.date) -> EvidenceOn:
    """How well the agreement is evidenced on ``day``, and how sure its sources are."""
    state = status_on(agreement, day)
    levels = [agreement.confidence]
    if state.event_index is not None:
        levels.append(agreement.status[state.event_index].confidence)
    confidence = weakest(levels)
    if not state.carries:
        return EvidenceOn(None, None, confidence)
    window = open_window(agreement)
    if window is None or day.isoformat() < window[0]:
        return EvidenceOn("evidenced", None, confidence)  # a window closed by a reported end
    latest = _latest_evidence(agreement, dt.date.fromisoformat(window[0]))
    level = "evidenced" if day.isoformat() <= window[1] else "presumed"
    return EvidenceOn(level, str(latest) if latest else None, confidence)


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
    "EVIDENCE_ORDER",
    "EvidenceOn",
    "blocked_on",
    "evidence_on",
    "is_undated",
    "open_window",
    "strongest",
    "undated_before",
    "weakest",
]
