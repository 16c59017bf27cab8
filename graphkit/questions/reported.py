"""The agreements an answer names because they do *not* carry on the date (blocked),
carry on no known date (undated), or may or may not have started or ended by the date
(uncertain), graded by :mod:`graphkit.evidence.grade` and kept by the answer's
:class:`~graphkit.evidence.filters.Filters`.

Example:
    >>> import datetime as dt
    >>> from graphkit import open_graph
    >>> store = open_graph().store
    >>> blocked, undated, uncertain = reported_in(
    ...     store, ["irs-ice-mou-2025"], dt.date(2025, 12, 15), Filters(), {}
    ... )
    >>> [b.agreement.id for b in blocked]
    ['irs-ice-mou-2025']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from graphkit.evidence.filters import Filters
from graphkit.evidence.grade import blocked_on, undated_before
from graphkit.model.schema import RECEIVING_ROLES, SENDING_ROLES, Agreement
from graphkit.model.semantics import flows
from graphkit.questions.explain import agreement_on_date, ref, source_map
from graphkit.questions.results import BlockedAgreement, UncertainAgreement, UndatedAgreement
from graphkit.questions.store import Record, Store


def reported(
    agreements: Iterable[Record],
    names: Mapping[str, Record],
    day: dt.date,
    filters: Filters,
    datasets: set[str] | None = None,
) -> tuple[list[BlockedAgreement], list[UndatedAgreement], list[UncertainAgreement], set[str]]:
    """The agreements that would move data but are blocked on ``day``, those reported with
    no date, those whose status is uncertain on ``day``, and the source ids they cite.
    ``datasets`` limits what each is said to move."""
    blocked: list[BlockedAgreement] = []
    undated: list[UndatedAgreement] = []
    uncertain: list[UncertainAgreement] = []
    cited: set[str] = set()
    for ag in sorted(agreements, key=lambda r: r.id):
        if not isinstance(ag, Agreement) or not flows(ag):
            continue
        parts: dict[str, Any] = {
            "source": [ref(names[p.party]) for p in ag.parties if p.role in SENDING_ROLES],
            "target": [ref(names[p.party]) for p in ag.parties if p.role in RECEIVING_ROLES],
            "datasets": [
                ref(names[d]) for d in sorted(set(ag.datasets)) if datasets is None or d in datasets
            ],
        }
        shown, state = agreement_on_date(ag, day)
        if undated_before(ag, day):
            if filters.keeps_undated(shown.confidence):
                undated.append(UndatedAgreement(agreement=shown, **parts))
                cited.update(shown.sources)
        elif state.status == "uncertain":
            if filters.keeps_undated(shown.confidence):
                uncertain.append(UncertainAgreement(agreement=shown, **parts))
                cited.update(shown.sources)
        elif blocked_on(ag, day):
            blocked.append(BlockedAgreement(agreement=shown, **parts))
            cited.update(shown.sources)
    return blocked, undated, uncertain, cited


def names_needed(agreements: Iterable[Record]) -> set[str]:
    """The party and dataset ids :func:`reported` names."""
    ids: set[str] = set()
    for ag in agreements:
        if isinstance(ag, Agreement):
            ids.update(p.party for p in ag.parties)
            ids.update(ag.datasets)
    return ids


def reported_in(
    store: Store,
    agreement_ids: Iterable[str],
    day: dt.date,
    filters: Filters,
    sources: dict[str, dict[str, Any]],
    datasets: set[str] | None = None,
) -> tuple[list[BlockedAgreement], list[UndatedAgreement], list[UncertainAgreement]]:
    """Blocked, undated and uncertain agreements among these; the sources they cite join
    ``sources``."""
    agreements = list(store.records(agreement_ids).values())
    names = store.records(names_needed(agreements))
    blocked, undated, uncertain, cited = reported(agreements, names, day, filters, datasets)
    sources.update(source_map(store.records(cited - set(sources))))
    return blocked, undated, uncertain
