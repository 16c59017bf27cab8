"""What the questions return: plain dataclasses that turn into JSON with ``to_dict()``.

Both backends return these same types, so the CLI, the visualizer and the tests
never care where an answer came from.
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
