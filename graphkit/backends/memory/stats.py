"""``stats`` in memory: counts by kind and status, unsourced claims, dates covered."""

from __future__ import annotations

import datetime as dt

from graphkit.evidence.grade import EVIDENCE_LEVELS, evidence_on
from graphkit.model.data import GraphData, cited_items
from graphkit.model.dates import sortable_text
from graphkit.model.schema import Agreement
from graphkit.model.semantics import flows, status_on
from graphkit.questions.results import Stats


def compute_stats(data: GraphData, day: dt.date, backend: str) -> Stats:
    """Counts by kind, agreements by kind and status on ``day``, unsourced claims, dates.

    Example:
        >>> from graphkit.ingest.validation import load_seeds
        >>> compute_stats(load_seeds(), dt.date(2025, 8, 1), "memory").claims_without_source
        0
    """
    counts = {kind: len(records) for kind, records in data.by_kind().items()}
    by_status: dict[str, int] = {}
    by_kind: dict[str, int] = {}
    by_evidence = dict.fromkeys(EVIDENCE_LEVELS, 0)
    dates = []
    unsourced = 0
    claims = 0
    for entity in data.entities():
        cited = cited_items(entity)
        if isinstance(entity, Agreement):
            state = status_on(entity, day).status
            by_status[state] = by_status.get(state, 0) + 1
            level = state if state in ("undated", "uncertain") else evidence_on(entity, day).level
            if level:
                by_evidence[level] += 1
            by_kind[entity.kind] = by_kind.get(entity.kind, 0) + 1
            for value in (
                entity.signed,
                entity.effective_from,
                entity.effective_to,
                *(e.date for e in entity.status),
            ):
                if value is not None:
                    dates.append(sortable_text(value))
        claims += len(cited)
        unsourced += sum(1 for item in cited if not item.sources)
    flows_count = sum(len(flows(a)) for a in data.agreements.values())
    return Stats(
        backend=backend,
        as_of=day.isoformat(),
        counts=counts,
        flows=flows_count,
        agreements_by_kind=dict(sorted(by_kind.items())),
        agreements_by_status=dict(sorted(by_status.items())),
        agreements_by_evidence=by_evidence,
        claims=claims,
        claims_without_source=unsourced,
        date_range={"first": min(dates), "last": max(dates)} if dates else None,
    )
