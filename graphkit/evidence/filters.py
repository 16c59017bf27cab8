"""Evidence in answers: grading paths, and the ``evidence`` and ``min_confidence`` filters
(which also decide whether the undated and uncertain agreements are listed:
:mod:`graphkit.questions.reported`).

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
from typing import TYPE_CHECKING, Any

from graphkit.errors import GraphkitError
from graphkit.evidence.grade import (
    EVIDENCE_ORDER,
    evidence_on,
    strongest,
    weakest,
)
from graphkit.model.schema import CONFIDENCE_ORDER, Agreement

if TYPE_CHECKING:  # the answers' types (the answers are graphkit.questions, above)
    from graphkit.questions.order import RawPath
    from graphkit.questions.results import PathResult
    from graphkit.questions.store import Record, Store

#: ``evidence`` filter values, strictest first: each keeps the levels before it too; only
#: ``any`` also lists the undated and uncertain agreements.
EVIDENCE_FILTERS = (*EVIDENCE_ORDER, "any")


@dataclass(frozen=True)
class Filters:
    """What an answer keeps: paths at least ``evidence`` (``any`` also lists undated and
    uncertain agreements) and at least ``min_confidence``; with ``only``, paths of exactly
    that evidence level (``only="declared"``: the published permissions alone).

    Example:
        >>> Filters(only="declared").keeps("evidenced", "primary_document")
        False
        >>> Filters(only="declared").keeps("declared", "primary_document")
        True
    """

    evidence: str = "any"
    min_confidence: str = "unconfirmed"
    only: str | None = None

    def __post_init__(self) -> None:
        if self.evidence not in EVIDENCE_FILTERS:
            raise GraphkitError(
                f"evidence {self.evidence!r} is not one of {', '.join(EVIDENCE_FILTERS)}",
                "evidence",
            )
        if self.only is not None and self.only not in EVIDENCE_ORDER:
            raise GraphkitError(
                f"only {self.only!r} is not one of {', '.join(EVIDENCE_ORDER)}", "only"
            )
        if self.only is not None and self.evidence != "any":
            raise GraphkitError(
                f"only {self.only!r} and evidence {self.evidence!r} both filter by evidence: "
                "give one of them",
                "only",
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
        return (
            self.evidence != "any"
            or self.only is not None
            or self.min_confidence != CONFIDENCE_ORDER[-1]
        )

    def keeps(self, evidence: str, confidence: str) -> bool:
        """Whether a path of this evidence and confidence stays in the answer."""
        if self.only is not None and evidence != self.only:
            return False
        if self.evidence != "any" and EVIDENCE_ORDER.index(evidence) > EVIDENCE_ORDER.index(
            self.evidence
        ):
            return False
        return CONFIDENCE_ORDER.index(confidence) <= CONFIDENCE_ORDER.index(self.min_confidence)

    def keeps_undated(self, confidence: str) -> bool:
        """Whether undated (and uncertain) agreements are listed (only with ``"any"``)."""
        return self.evidence == "any" and self.only is None and self.keeps("evidenced", confidence)


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


def keep_filtered(
    store: Store, groups: dict[str, list[RawPath]], day: dt.date, filters: Filters
) -> dict[str, list[RawPath]]:
    """The paths the filters keep (all of them when no filter is set)."""
    if not filters.active():
        return groups
    records = store.records(agreement_ids(p for paths in groups.values() for p in paths))
    return keep(groups, records, day, filters)


def by_level(items: list[Any]) -> list[Any]:
    """Evidenced items first; the order within each level is kept."""
    return sorted(items, key=lambda item: EVIDENCE_ORDER.index(item.evidence))
