"""Evidence in answers: grading paths, the ``evidence`` and ``min_confidence`` filters,
and the agreements an answer names because they do *not* carry on the date (blocked),
carry on no known date (undated), or may or may not have started or ended by the date
(uncertain).

Example:
    >>> Filters("evidenced", "multiple_outlets").keeps("presumed", "primary_document")
    False
    >>> Filters().active()
    False
    >>> Filters("presumed").keeps("declared", "primary_document")
    False
    >>> Filters("declared").keeps("declared", "primary_document")
    True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from graphkit.errors import GraphkitError
from graphkit.evidence.grade import (
    EVIDENCE_ORDER,
    blocked_on,
    evidence_on,
    strongest,
    undated_before,
    weakest,
)
from graphkit.model.schema import CONFIDENCE_ORDER, RECEIVING_ROLES, SENDING_ROLES, Agreement
from graphkit.model.semantics import flows
from graphkit.questions.explain import agreement_on_date, ref, source_map
from graphkit.questions.order import RawPath
from graphkit.questions.results import (
    BlockedAgreement,
    PathResult,
    UncertainAgreement,
    UndatedAgreement,
)
from graphkit.questions.store import Record, Store

#: ``evidence`` filter values, strictest first: each keeps the levels before it too; only
#: ``any`` also lists the undated and uncertain agreements.
EVIDENCE_FILTERS = (*EVIDENCE_ORDER, "any")


@dataclass(frozen=True)
class Filters:
    """What an answer keeps: paths at least ``evidence`` (``any`` also lists undated and
    uncertain agreements) and at least ``min_confidence``."""

    evidence: str = "any"
    min_confidence: str = "unconfirmed"

    def __post_init__(self) -> None:
        if self.evidence not in EVIDENCE_FILTERS:
            raise GraphkitError(
                f"evidence {self.evidence!r} is not one of {', '.join(EVIDENCE_FILTERS)}",
                "evidence",
            )
        if self.min_confidence not in CONFIDENCE_ORDER:
            raise GraphkitError(
                f"min_confidence {self.min_confidence!r} is not one of "
                f"{', '.join(CONFIDENCE_ORDER)}",
                "min_confidence",
            )

    def as_tuple(self) -> tuple[str, str]:
        """(evidence, min_confidence), as the question echoes them."""
        return self.evidence, self.min_confidence

    def active(self) -> bool:
        """Whether anything is filtered out (then every path must be graded)."""
        return self.evidence != "any" or self.min_confidence != CONFIDENCE_ORDER[-1]

    def keeps(self, evidence: str, confidence: str) -> bool:
        """Whether a path of this evidence and confidence stays in the answer."""
        if self.evidence != "any" and EVIDENCE_ORDER.index(evidence) > EVIDENCE_ORDER.index(
            self.evidence
        ):
            return False
        return CONFIDENCE_ORDER.index(confidence) <= CONFIDENCE_ORDER.index(self.min_confidence)

    def keeps_undated(self, confidence: str) -> bool:
        """Whether undated (and uncertain) agreements are listed (only with ``"any"``)."""
        return self.evidence == "any" and self.keeps("evidenced", confidence)


def grade(path: RawPath, records: Mapping[str, Record], day: dt.date) -> tuple[str, str]:
    """A raw path's evidence and confidence on ``day``: its weakest hop's."""
    dataset, _chain, hops = path
    if not hops:
        return "evidenced", records[dataset].confidence  # type: ignore[union-attr]
    levels, confidences = [], []
    for agreement_id, _a, _b in hops:
        ag = records[agreement_id]
        assert isinstance(ag, Agreement)
        on = evidence_on(ag, day)
        levels.append(on.level or EVIDENCE_ORDER[-1])
        confidences.append(on.confidence)
    return weakest(levels, EVIDENCE_ORDER), weakest(confidences)


def agreement_ids(paths: Iterable[RawPath]) -> set[str]:
    """Every agreement on the paths, and every dataset they move (for grading)."""
    ids: set[str] = set()
    for dataset, _chain, hops in paths:
        ids.add(dataset)
        ids.update(agreement for agreement, _a, _b in hops)
    return ids


def keep(
    groups: dict[str, list[RawPath]],
    records: Mapping[str, Record],
    day: dt.date,
    filters: Filters,
) -> dict[str, list[RawPath]]:
    """The paths the filters keep; groups left with none are dropped."""
    out = {}
    for key, paths in groups.items():
        kept = [p for p in paths if filters.keeps(*grade(p, records, day))]
        if kept:
            out[key] = kept
    return out


def best_first(paths: list[PathResult]) -> tuple[list[PathResult], str, str]:
    """Paths with the evidenced ones first (key order kept within each level), and the
    group's evidence and confidence: its best path's."""
    ordered = sorted(paths, key=lambda p: EVIDENCE_ORDER.index(p.evidence))
    evidence = strongest((p.evidence for p in paths), EVIDENCE_ORDER)
    best = [p.confidence for p in paths if p.evidence == evidence]
    return ordered, evidence, strongest(best)


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


def keep_filtered(
    store: Store, groups: dict[str, list[RawPath]], day: dt.date, filters: Filters
) -> dict[str, list[RawPath]]:
    """The paths the filters keep (all of them when no filter is set)."""
    if not filters.active():
        return groups
    records = store.records(agreement_ids(p for paths in groups.values() for p in paths))
    return keep(groups, records, day, filters)


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


def by_level(items: list[Any]) -> list[Any]:
    """Evidenced items first; the order within each level is kept."""
    return sorted(items, key=lambda item: EVIDENCE_ORDER.index(item.evidence))
