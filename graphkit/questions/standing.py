"""An agreement's status on a date, graded: what ``show`` says under "Status on <date>".

The status and the evidence level come from the model (:func:`status_on`,
:func:`evidence_on`); this module adds what a reader needs to weigh them: the latest
evidence on or before the date, the reported term and whether it has ended, and what is
not known (``uncertainty``).

Example:
    >>> from graphkit.ingest.validation import load_seeds
    >>> icm = load_seeds().agreements["palantir-icm-2019"]
    >>> graded = standing_on(icm, dt.date(2026, 12, 3))
    >>> graded.status, graded.evidence, graded.term_end, graded.term_ended
    ('active', 'presumed', '2022-07', True)

In words: :func:`graphkit.present.words.standing_text`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from graphkit.evidence.grade import evidence_on, is_declared
from graphkit.model.dates import AnyDate
from graphkit.model.registry import STOPPING_STATUSES
from graphkit.model.schema import CARRYING_STATUSES, Agreement
from graphkit.model.semantics import status_on


@dataclass(frozen=True)
class Standing:
    """An agreement's status on ``as_of`` and how well it is known."""

    as_of: str
    status: str  # a status; not_started, expired, undated
    since: str | None  # the date of the event that set it, as written
    carries: bool
    #: evidenced or presumed while it carries; undated when no source dates it on the day;
    #: None when it carries nothing (blocked, not started, expired)
    evidence: str | None
    #: the latest date a source shows it in force, on or before ``as_of`` (as written):
    #: its dated active/limited events and ``last_evidenced``, not its term
    last_evidenced: str | None
    term_end: str | None  # the end of its reported term, as written
    term_ended: bool  # ``as_of`` is after that end
    confidence: str
    uncertainty: str | None  # what no source says, in words


def _last_evidenced(agreement: Agreement, day: dt.date) -> str | None:
    dates = [e.date for e in agreement.status if e.status in CARRYING_STATUSES]
    if agreement.last_evidenced is not None:
        dates.append(agreement.last_evidenced.date)
    seen = [d for d in dates if _known_by(d, day)]
    return str(max(seen, key=lambda d: d.last)) if seen else None


def _known_by(date: AnyDate, day: dt.date) -> bool:
    """Whether ``date`` is evidence on ``day``: a plain date from its first day, a bounded
    one only from the day it is certain (``../2020-05-20``: the 20th, not before)."""
    start = date.effect if date.uncertain else date.first
    return start is not None and start <= day


def _unknown(agreement: Agreement) -> str:
    if not agreement.status:
        return "no source says when it ran"
    first = min(agreement.status, key=lambda e: e.date.first)
    if first.status in STOPPING_STATUSES:
        return (
            f"first reported {first.status} {first.date}; it ran before that, "
            "from a date no source gives"
        )
    return f"first reported {first.status} {first.date}; when it began is not reported"


def standing_on(agreement: Agreement, day: dt.date) -> Standing:
    """The agreement's graded status on ``day``.

    Example:
        >>> from graphkit.ingest.validation import load_seeds
        >>> wa = load_seeds().agreements["nlets-dmv-ice-wa"]
        >>> standing_on(wa, dt.date(2025, 6, 1)).uncertainty
        'first reported active 2025-11-12; when it began is not reported'
        >>> ny = load_seeds().agreements["nlets-dmv-ice-ny"]  # blocked "by 2025-11-12"
        >>> standing_on(ny, dt.date(2025, 6, 1)).status
        'uncertain'
    """
    state = status_on(agreement, day)
    on = evidence_on(agreement, day)
    term = agreement.term_end.date if agreement.term_end is not None else None
    term_ended = term is not None and day > term.last
    uncertainty = None
    if state.status == "undated":
        evidence: str | None = "undated"
        uncertainty = _unknown(agreement)
    else:
        evidence = on.level
        if evidence == "presumed":
            uncertainty = "no renewal or end reported" if term_ended else "no end reported"
    return Standing(
        as_of=day.isoformat(),
        status=state.status,
        since=state.since,
        carries=state.carries,
        evidence=evidence,
        # a declared permission is never evidence that data moved: no "last evidenced"
        last_evidenced=None
        if state.status == "undated" or is_declared(agreement)
        else _last_evidenced(agreement, day),
        term_end=str(term) if term is not None else None,
        term_ended=term_ended,
        confidence=on.confidence,
        uncertainty=uncertainty,
    )
