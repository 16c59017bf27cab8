"""What the questions return: plain dataclasses that turn into JSON with ``to_dict()``.

Both backends return these same types, so the CLI, the visualizer and the tests
never care where an answer came from. Every question has one: ``reach``
(:class:`ReachResult`), ``reachable``, ``path``, ``view``, ``show`` (:class:`ShowResult`),
``search`` (:class:`SearchHits`, a list of :class:`SearchHit`) and ``stats`` (:class:`Stats`).
Each shows as a table in Jupyter and has ``to_dataframe()`` (:mod:`graphkit.questions.tables`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from graphkit.questions.order import merged
from graphkit.questions.shapes import to_shape
from graphkit.questions.standing import Standing
from graphkit.questions.tables import Tabular


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
    #: On the date: evidenced, presumed or declared while it carries data; None when not.
    evidence: str | None = None
    #: The latest evidence (as written) when no end is reported; None once an end is.
    last_evidenced: str | None = None
    #: The weakest of the agreement's confidence, its status event's and that of the
    #: later evidence that places the date (when one does).
    confidence: str = "unconfirmed"
    #: A routine use's letter or number in its notice ("G", "12"); None for other kinds.
    routine_use: str | None = None
    #: The boilerplate routine use it is (litigation, congress, breach...); None when not.
    standard: str | None = None


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
    #: The weakest hop's evidence and confidence: a path is only as good as its weakest hop.
    evidence: str = "evidenced"
    confidence: str = "primary_document"

    @property
    def agreements(self) -> list[str]:
        return [hop.agreement.id for hop in self.hops]


@dataclass(frozen=True)
class ChainResult(PathResult):
    """A chain of hops from one party to another (``path``), with the data it carries.

    Each item of ``carries`` is one data flow along the whole chain: the dataset that
    leaves the first party, then each dataset derived from it on the way (at the party
    that holds the derived one), ending with what arrives. ``connectivity_only``: no
    dataset is carried end to end, the data changes along the way (``any_data`` only).
    """

    carries: list[list[Ref]] = field(default_factory=list)
    connectivity_only: bool = False

    def carries_text(self) -> str:
        """``carries: utility records → CLEAR utility data``, or that it carries no data
        end to end.

        Example:
            >>> x, z = Ref("x", "utility records", "dataset"), Ref("z", "CLEAR", "dataset")
            >>> ChainResult([], carries=[[x, z]]).carries_text()
            'carries: utility records → CLEAR'
            >>> ChainResult([], connectivity_only=True).carries_text()
            'connectivity only: the data changes along the way'
        """
        if self.connectivity_only:
            return "connectivity only: the data changes along the way"
        return "carries: " + "; ".join(" → ".join(d.name for d in f) for f in self.carries)


@dataclass(frozen=True)
class PartyReach:
    """A party that can obtain a dataset, and how."""

    party: Ref
    paths: list[PathResult]
    more_paths: bool = False
    #: The best path's evidence and confidence (the party can obtain it that way).
    evidence: str = "evidenced"
    confidence: str = "primary_document"


@dataclass(frozen=True)
class DatasetReach:
    """A dataset that a party can obtain, and how."""

    dataset: Ref
    custodian: Ref
    paths: list[PathResult]
    more_paths: bool = False
    evidence: str = "evidenced"
    confidence: str = "primary_document"


@dataclass(frozen=True)
class BlockedAgreement:
    """An agreement that would carry the data but does not on the date: enjoined, expired,
    terminated, paused, rescinded, suspended, proposed or not yet started."""

    agreement: AgreementOnDate  # its status, the event's date, note and sources
    source: list[Ref]  # who would provide
    target: list[Ref]  # who would receive
    datasets: list[Ref]


@dataclass(frozen=True)
class UndatedAgreement:
    """An agreement reported by a source with no date at all: reported, date unknown."""

    agreement: AgreementOnDate
    source: list[Ref]
    target: list[Ref]
    datasets: list[Ref]


@dataclass(frozen=True)
class UncertainAgreement:
    """An agreement whose status on the date is uncertain: the date lies in the window of
    a bounded event ("by June 2018", "mid-June 2025"), so the sources do not say."""

    agreement: AgreementOnDate  # status "uncertain"; status_since: the event's date
    source: list[Ref]
    target: list[Ref]
    datasets: list[Ref]


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
    #: Filters: ``evidenced``, ``presumed``, ``declared`` or ``any``; the weakest confidence.
    evidence: str = "any"
    min_confidence: str = "unconfirmed"
    #: Only paths of exactly this evidence level (``--only declared``); None: no such filter.
    only: str | None = None


@dataclass
class _Answer(Tabular):
    question: Question
    sources: dict[str, dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """The answer as JSON-ready data (the shape ``--json`` prints)."""
        shape: dict[str, Any] = to_shape(self)
        return shape


@dataclass(frozen=True)
class StandardUse:
    """A standard routine use that permits a party to receive the dataset on the date,
    counted in ``reach`` but not listed as a recipient unless asked (``standard_uses``)."""

    agreement: Ref
    routine_use: str  # its letter or number in the notice
    standard: str  # litigation, congress, breach... (registry.STANDARD_ROUTINE_USES)
    recipients: list[Ref]


@dataclass
class ReachResult(_Answer):
    """Who can obtain a dataset on a date.

    ``results`` are the flows (evidenced or presumed paths); ``declared`` the parties that
    may receive it only under a published permission (a routine use: every hop is in force,
    the weakest is declared); ``standard_uses`` the standard routine uses counted instead
    of listed (empty when ``reach`` is asked to list them among ``declared``).
    """

    dataset: Ref
    custodian: Ref
    results: list[PartyReach]
    blocked: list[BlockedAgreement] = field(default_factory=list)
    undated: list[UndatedAgreement] = field(default_factory=list)
    uncertain: list[UncertainAgreement] = field(default_factory=list)
    declared: list[PartyReach] = field(default_factory=list)
    standard_uses: list[StandardUse] = field(default_factory=list)

    def everyone(self) -> list[PartyReach]:
        """Every party listed, flows and declared together (a party in both has all its
        paths and keeps its flows' grade), for answers built on top (views, timelines).

        Example:
            >>> a, p = Ref("a", "A", "agency"), PathResult([], evidence="declared")
            >>> q = Question("reach", [], "2020-01-01", 4, 5, "memory")
            >>> r = ReachResult(q, {}, Ref("d", "D", "dataset"), a, [],
            ...                 declared=[PartyReach(a, [p], evidence="declared")])
            >>> [(item.party.id, item.evidence) for item in r.everyone()]
            [('a', 'declared')]
        """
        return merged(self.results, self.declared, lambda item: item.party.id)


@dataclass
class ReachableResult(_Answer):
    """What a party can obtain on a date."""

    party: Ref
    parties: list[Ref]  # the party and the components counted with it
    holds: list[Ref]  # datasets it is custodian of
    results: list[DatasetReach]
    blocked: list[BlockedAgreement] = field(default_factory=list)
    undated: list[UndatedAgreement] = field(default_factory=list)
    uncertain: list[UncertainAgreement] = field(default_factory=list)
    #: Datasets it may receive only under a published permission, as in ``reach``.
    declared: list[DatasetReach] = field(default_factory=list)
    standard_uses: list[StandardUse] = field(default_factory=list)

    def everyone(self) -> list[DatasetReach]:
        """Every dataset listed, flows and declared together (as ``ReachResult``'s)."""
        return merged(self.results, self.declared, lambda item: item.dataset.id)


@dataclass
class PathsResult(_Answer):
    """How data flows from one party to another."""

    source: Ref
    target: Ref
    paths: list[ChainResult]
    more_paths: bool = False
    blocked: list[BlockedAgreement] = field(default_factory=list)
    undated: list[UndatedAgreement] = field(default_factory=list)
    uncertain: list[UncertainAgreement] = field(default_factory=list)
    #: Chains in force only under a published permission (the weakest hop declared).
    declared: list[ChainResult] = field(default_factory=list)
    standard_uses: list[StandardUse] = field(default_factory=list)

    def every_path(self) -> list[ChainResult]:
        """The flows, then the declared chains."""
        return self.paths + self.declared


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


class SearchHits(list[SearchHit], Tabular):
    """What ``search`` returns: a list of :class:`SearchHit`, best first, shown as a table."""


@dataclass(frozen=True)
class TimelineEvent:
    """One dated change of an agreement's status, with its sources."""

    date: str
    status: str
    by: str | None
    note: str | None
    sources: list[str]


@dataclass
class ShowResult(Tabular):
    """An entity with every claim about it: ``record`` is the record as validated (JSON)."""

    entity: Ref
    record: dict[str, Any]
    names: dict[str, str]  # id -> name of every id the record mentions
    related: list[Ref]
    origin: dict[str, Any] | None  # {"file": ..., "line": ...} where it was read
    sources: dict[str, dict[str, Any]]
    timeline: list[TimelineEvent] = field(default_factory=list)  # agreements only
    status_today: dict[str, Any] | None = None  # agreements only
    #: agreements only: the status on the date asked (default today), graded
    status_on: Standing | None = None
    #: sources only: every record that cites it, and where (``{"ref": Ref, "places": [...]}``)
    cited_by: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        if self.entity.kind != "agreement":
            del out["timeline"], out["status_today"], out["status_on"]
        if self.entity.kind != "source":
            del out["cited_by"]
        return out


@dataclass
class Stats(Tabular):
    """Counts by kind and status, claims without a source, the dates covered.

    ``load_*`` say what the last ``graphkit load`` left (Neo4j only; None in memory).
    """

    backend: str
    as_of: str
    counts: dict[str, int]
    flows: int
    agreements_by_kind: dict[str, int]
    agreements_by_status: dict[str, int]
    #: Agreements in force on the date, evidenced, presumed or declared; those uncertain on
    #: the date; those with no date.
    agreements_by_evidence: dict[str, int]
    claims: int
    claims_without_source: int
    date_range: dict[str, str] | None
    load_status: str | None = None
    load_warning: str | None = None
    load_data_version: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        return {k: v for k, v in out.items() if not (k.startswith("load_") and v is None)}
