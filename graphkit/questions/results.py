"""What the questions return: plain dataclasses that turn into JSON with ``to_dict()``.

Both backends return these same types, so the CLI, the visualizer and the tests
never care where an answer came from. Every question has one: ``reach``
(:class:`ReachResult`), ``reachable``, ``path``, ``view``, ``show`` (:class:`ShowResult`),
``search`` (a list of :class:`SearchHit`) and ``stats`` (:class:`Stats`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class Ref:
    """A named thing in the graph."""

    id: str
    name: str
    kind: str  # agency, vendor, dataset, agreement, source


@dataclass(frozen=True)
class AgreementOnDate:
    """An agreement as it stood on the date asked about."""

    id: str
    name: str
    kind: str
    signed: str | None
    effective_from: str | None
    effective_to: str | None
    status: str
    status_since: str | None
    status_note: str | None
    sources: list[str]

    def dates_text(self) -> str:
        """The dates that are known, in words.

        Example:
            >>> AgreementOnDate("x", "X", "mou", "2020-01-01", "2020-02", None, "active",
            ...                 None, None, []).dates_text()
            'signed 2020-01-01, from 2020-02'
        """
        pairs = (("signed", self.signed), ("from", self.effective_from), ("to", self.effective_to))
        return ", ".join(f"{word} {value}" for word, value in pairs if value)

    def status_text(self) -> str:
        """``active since 2020-01-01``, or the bare status when no event set it."""
        return f"{self.status} since {self.status_since}" if self.status_since else self.status


@dataclass(frozen=True)
class Hop:
    """Data moving from one party to another under one agreement."""

    source: Ref
    target: Ref
    via: list[Ref]
    agreement: AgreementOnDate
    datasets: list[Ref]


@dataclass(frozen=True)
class PathResult:
    """A chain of hops. For ``reach``, ``dataset`` is what moves and ``derivation`` how it
    comes from the dataset asked about (empty when it is that dataset)."""

    hops: list[Hop]
    dataset: Ref | None = None
    derivation: list[Ref] = field(default_factory=list)

    @property
    def agreements(self) -> list[str]:
        return [hop.agreement.id for hop in self.hops]


@dataclass(frozen=True)
class PartyReach:
    """A party that can obtain a dataset, and how."""

    party: Ref
    paths: list[PathResult]
    more_paths: bool = False


@dataclass(frozen=True)
class DatasetReach:
    """A dataset that a party can obtain, and how."""

    dataset: Ref
    custodian: Ref
    paths: list[PathResult]
    more_paths: bool = False


@dataclass(frozen=True)
class Question:
    """The question as asked, echoed in every answer."""

    command: str
    subject: list[Ref]
    as_of: str
    max_hops: int
    max_paths: int
    backend: str
    #: The data the answer comes from: which seeds (memory), or which load (Neo4j).
    data: str = ""


@dataclass
class _Answer:
    question: Question
    sources: dict[str, dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """The answer as JSON-ready data (the shape ``--json`` prints)."""
        return _rename(asdict(self))


@dataclass
class ReachResult(_Answer):
    """Who can obtain a dataset on a date."""

    dataset: Ref
    custodian: Ref
    results: list[PartyReach]


@dataclass
class ReachableResult(_Answer):
    """What a party can obtain on a date."""

    party: Ref
    parties: list[Ref]  # the party and the components counted with it
    holds: list[Ref]  # datasets it is custodian of
    results: list[DatasetReach]


@dataclass
class PathsResult(_Answer):
    """How data flows from one party to another."""

    source: Ref
    target: Ref
    paths: list[PathResult]
    more_paths: bool = False


def _rename(value: Any) -> Any:
    """``source``/``target`` read better as ``from``/``to`` in a hop."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("source", "target") and "agreement" in value:
                key = "from" if key == "source" else "to"
            out[key] = _rename(item)
        return out
    if isinstance(value, list):
        return [_rename(item) for item in value]
    return value


@dataclass(frozen=True)
class ViewNode:
    """A party or dataset drawn in a graph view."""

    id: str
    name: str
    kind: str  # agency, vendor, dataset
    subkind: str | None  # the agency's, vendor's kind; None for datasets
    sources: list[str]


@dataclass(frozen=True)
class ViewEdge:
    """A link drawn in a graph view.

    ``type`` is FLOWS (an agreement moving data from ``source`` to ``target``, with the
    agreement's status on the date), CUSTODIAN_OF, DERIVED_FROM or PART_OF.
    """

    source: str
    target: str
    type: str
    agreement: AgreementOnDate | None = None
    datasets: list[str] = field(default_factory=list)
    via: list[str] = field(default_factory=list)
    carries: bool = True


@dataclass
class GraphView(_Answer):
    """A neighbourhood of the graph (or all of it), for drawing."""

    nodes: list[ViewNode]
    edges: list[ViewEdge]


@dataclass(frozen=True)
class SearchHit:
    """An entity whose id, name or alias matches a search; ``matched`` names the alias."""

    id: str
    kind: str
    name: str
    matched: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TimelineEvent:
    """One dated change of an agreement's status, with its sources."""

    date: str
    status: str
    by: str | None
    note: str | None
    sources: list[str]


@dataclass
class ShowResult:
    """An entity with every claim about it: ``record`` is the record as validated (JSON)."""

    entity: Ref
    record: dict[str, Any]
    names: dict[str, str]  # id -> name of every id the record mentions
    related: list[Ref]
    origin: dict[str, Any] | None  # {"file": ..., "line": ...} where it was read
    sources: dict[str, dict[str, Any]]
    timeline: list[TimelineEvent] = field(default_factory=list)  # agreements only
    status_today: dict[str, Any] | None = None  # agreements only

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if self.entity.kind != "agreement":
            del out["timeline"], out["status_today"]
        return out


@dataclass
class Stats:
    """Counts by kind and status, claims without a source, the dates covered.

    ``load_*`` say what the last ``graphkit load`` left (Neo4j only; None in memory).
    """

    backend: str
    as_of: str
    counts: dict[str, int]
    flows: int
    agreements_by_kind: dict[str, int]
    agreements_by_status: dict[str, int]
    claims: int
    claims_without_source: int
    date_range: dict[str, str] | None
    load_status: str | None = None
    load_warning: str | None = None
    load_data_version: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        return {k: v for k, v in out.items() if not (k.startswith("load_") and v is None)}
