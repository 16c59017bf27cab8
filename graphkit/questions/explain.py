"""Explaining answers, as pure functions of records: each hop with its agreement, the
agreement's status on the date, and the sources that support it.

Example:
    >>> from graphkit.ingest.validation import load_seeds
    >>> data = load_seeds()
    >>> on_date, _state = agreement_on_date(data.agreements["irs-ice-mou-2025"],
    ...                                     dt.date(2025, 12, 15))
    >>> on_date.status, on_date.status_since
    ('enjoined', '2025-11-21')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from graphkit.evidence.filters import best_first
from graphkit.evidence.grade import EVIDENCE_ORDER, evidence_on, weakest
from graphkit.model.dates import date_text
from graphkit.model.schema import (
    CARRYING_STATUSES,
    KIND_OF_LABEL,
    VIA_ROLES,
    Agreement,
    Entity,
    Source,
)
from graphkit.model.semantics import StatusOn, status_on
from graphkit.questions.order import Capped, order_groups
from graphkit.questions.results import (
    AgreementOnDate,
    DatasetReach,
    Hop,
    PartyReach,
    PathResult,
    Ref,
)
from graphkit.questions.store import RawPath, Record, Store


def kind_of(record: Record) -> str:
    """``source``, ``agency``, ``vendor``, ``dataset`` or ``agreement`` (the registry's
    singular names)."""
    return KIND_OF_LABEL[type(record).__name__]


def name_of(record: Record) -> str:
    """An entity's name, a source's title."""
    return record.title if isinstance(record, Source) else record.name


def ref(record: Record) -> Ref:
    """The record as a :class:`Ref`: id, name, kind."""
    return Ref(record.id, name_of(record), kind_of(record))


def agreement_on_date(ag: Agreement, day: dt.date) -> tuple[AgreementOnDate, StatusOn]:
    """The agreement as it stood on ``day``: its status, the event that set it, the sources
    of the agreement and of that event, and how well it is evidenced on the day."""
    state = status_on(ag, day)
    sources = list(ag.sources)
    note = None
    if state.event_index is not None:
        event = ag.status[state.event_index]
        note = event.note
        sources += [s for s in event.sources if s not in sources]
    since = state.since
    if state.status == "not_started":  # say when it starts
        later = [e for e in ag.status if e.date.first > day and e.status in CARRYING_STATUSES]
        starts = [str(e.date) for e in later[:1]] + [date_text(ag.effective_from) or ""]
        since = next((s for s in starts if s), None)
    on = evidence_on(ag, day)
    if on.level is not None:
        for item in (ag.last_evidenced, ag.term_end):
            if item is not None and str(item.date) == on.last_evidenced:
                sources += [s for s in item.sources if s not in sources]
    shown = AgreementOnDate(
        id=ag.id,
        name=ag.name,
        kind=ag.kind,
        signed=date_text(ag.signed),
        effective_from=date_text(ag.effective_from),
        effective_to=date_text(ag.effective_to),
        status=state.status,
        status_since=since,
        status_note=note,
        sources=sources,
        evidence=on.level,
        last_evidenced=on.last_evidenced,
        confidence=on.confidence,
        routine_use=ag.routine_use.number if ag.routine_use else None,
        standard=ag.routine_use.standard if ag.routine_use else None,
    )
    return shown, state


def ids_in_paths(paths: Iterable[RawPath]) -> set[str]:
    """Every dataset, agreement and party id the paths name."""
    ids: set[str] = set()
    for dataset, chain, hops in paths:
        ids.update(chain)
        if dataset:
            ids.add(dataset)
        for agreement, a, b in hops:
            ids.update((agreement, a, b))
    return ids


def agreement_extras(records: Mapping[str, Record]) -> set[str]:
    """Ids an explanation also needs for the agreements among ``records``: the parties data
    passes through (``via``) and the datasets each moves."""
    ids: set[str] = set()
    for record in records.values():
        if isinstance(record, Agreement):
            ids.update(p.party for p in record.parties if p.role in VIA_ROLES)
            ids.update(record.datasets)
    return ids


def explain_paths(
    paths: list[RawPath],
    records: Mapping[str, Record],
    day: dt.date,
    reach: bool,
    only: str | None = None,
) -> tuple[list[PathResult], set[str]]:
    """Paths as people read them, and the ids of the sources they cite.

    For ``reach`` each hop moves the path's dataset; otherwise each hop moves the
    agreement's datasets (only ``only`` when given).
    """
    cited: set[str] = set()
    out = []
    for dataset, chain, hops in paths:
        explained = []
        for agreement_id, a, b in hops:
            ag = records[agreement_id]
            assert isinstance(ag, Agreement)
            shown, _state = agreement_on_date(ag, day)
            cited.update(shown.sources)
            if reach:
                moved = [dataset]
            else:
                moved = [d for d in sorted(ag.datasets) if only is None or d == only]
            explained.append(
                Hop(
                    source=ref(records[a]),
                    target=ref(records[b]),
                    via=[ref(records[p.party]) for p in ag.parties if p.role in VIA_ROLES],
                    agreement=shown,
                    datasets=[ref(records[d]) for d in moved],
                )
            )
        if explained:
            evidence = weakest(
                (h.agreement.evidence or EVIDENCE_ORDER[-1] for h in explained), EVIDENCE_ORDER
            )
            confidence = weakest(h.agreement.confidence for h in explained)
        else:  # the party holds a dataset derived from the one asked about
            evidence, confidence = "evidenced", records[dataset].confidence  # type: ignore[union-attr]
        out.append(
            PathResult(
                hops=explained,
                dataset=ref(records[dataset]) if dataset else None,
                derivation=[ref(records[d]) for d in chain] if len(chain) > 1 else [],
                evidence=evidence,
                confidence=confidence,
            )
        )
    return out, cited


def source_map(records: Mapping[str, Record]) -> dict[str, dict[str, Any]]:
    """Sources as JSON-ready data, by id, in id order."""
    return {
        i: records[i].model_dump(mode="json", exclude_none=True)
        for i in sorted(records)
        if isinstance(records[i], Source)
    }


def ids_in(record: Entity) -> set[str]:
    """Every entity id a record mentions (parent, custodian, parties, datasets...)."""
    ids: set[str] = set()
    for attr in ("parent", "custodian"):
        value = getattr(record, attr, None)
        if value:
            ids.add(value)
    ids.update(getattr(record, "derived_from", []))
    if isinstance(record, Agreement):
        ids.update(p.party for p in record.parties)
        ids.update(record.datasets)
        ids.update(e.by for e in record.status if e.by)
    return ids


def sources_in(record: Record) -> list[str]:
    """Every source id a record cites, for itself and each of its claims, events, amounts,
    its last evidence and term end (a source cites nothing)."""
    return [ident for _where, ids in citations_in(record) for ident in ids]


def citations_in(record: Record) -> list[tuple[str, list[str]]]:
    """Where a record cites sources: ``(place, source ids)`` for the record itself, each
    claim, status event, amount, last evidence and term end, in record order.

    Example:
        >>> from graphkit.ingest.validation import load_seeds
        >>> mou = load_seeds().agreements["irs-ice-mou-2025"]
        >>> [place for place, _ids in citations_in(mou)][:2]
        ['the record', 'claim request_date']
    """
    if isinstance(record, Source):
        return []
    out: list[tuple[str, list[str]]] = [("the record", list(record.sources))]
    out += [(f"claim {c.field}", list(c.sources)) for c in record.claims]
    for ident in getattr(record, "identifiers", ()):
        out.append((f"identifier {ident.key}", list(ident.sources)))
    if isinstance(record, Agreement):
        out += [(f"status {e.date} {e.status}", list(e.sources)) for e in record.status]
        for amount in record.amounts:
            what = f"amount {amount.value:,.2f} {amount.currency} ({amount.kind})"
            if amount.value < 0:
                what = f"amount {-amount.value:,.2f} {amount.currency} (de-obligated)"
            out.append((what, list(amount.sources)))
        for key in ("last_evidenced", "term_end"):
            item = getattr(record, key)
            if item is not None:
                out.append((f"{key.replace('_', ' ')} {item.date}", list(item.sources)))
    return out


def explain_from(
    store: Store,
    paths: list[RawPath],
    day: dt.date,
    sources: dict[str, dict[str, Any]],
    reach: bool,
    only: str | None = None,
) -> list[PathResult]:
    """:func:`explain_paths` with the records read from ``store``; the sources the paths
    cite join ``sources``."""
    records = store.records(ids_in_paths(paths))
    records.update(store.records(agreement_extras(records) - set(records)))
    explained, cited = explain_paths(paths, records, day, reach, only)
    sources.update(source_map(store.records(cited - set(sources))))
    return explained


def explain_parties(
    store: Store, groups: Capped, day: dt.date, sources: dict[str, dict[str, Any]]
) -> list[PartyReach]:
    """Each party's capped ``reach`` paths explained, its best path first; the parties in
    path order (:func:`~graphkit.questions.order.order_groups`)."""
    records = store.records(groups)
    out = []
    for party, (paths, more) in order_groups(groups, lambda i: name_of(records[i])):
        shown, level, confidence = best_first(explain_from(store, paths, day, sources, True))
        out.append(PartyReach(ref(records[party]), shown, more, level, confidence))
    return out


def explain_datasets(
    store: Store,
    groups: Capped,
    day: dt.date,
    sources: dict[str, dict[str, Any]],
    custodians: dict[str, Ref],
) -> list[DatasetReach]:
    """Each dataset's capped ``reachable`` paths explained, its best path first; the
    datasets in path order, each with its custodian (``custodians``: by dataset id)."""
    records = store.records(groups)
    out = []
    for dataset, (paths, more) in order_groups(groups, lambda i: name_of(records[i])):
        shown, level, confidence = best_first(explain_from(store, paths, day, sources, True))
        out.append(
            DatasetReach(ref(records[dataset]), custodians[dataset], shown, more, level, confidence)
        )
    return out
