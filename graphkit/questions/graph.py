"""One contract, several backends: the questions, answered the same way everywhere.

A :class:`Questions` wraps a :class:`~graphkit.questions.store.Store` (networkx in memory,
Cypher in Neo4j) that finds paths and records where the data is. The graph resolves
names, orders and caps paths, applies the safety ceiling, and explains each hop with
its agreement, status on the date and sources (:mod:`graphkit.questions.explain`).

Example:
    >>> from graphkit import open_graph
    >>> with open_graph() as g:
    ...     r = g.reach("irs-taxpayer-addresses", as_of="2025-08-01")
    >>> [hop.agreement.id for hop in r.results[0].paths[0].hops]
    ['irs-ice-mou-2025']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Self

from graphkit.errors import GraphkitError, LimitError
from graphkit.evidence.filters import (
    Filters,
    by_level,
    keep_filtered,
)
from graphkit.model.dates import parse_as_of
from graphkit.model.registry import ENTITY_KINDS, PARTY_KINDS
from graphkit.model.schema import Dataset
from graphkit.questions import carry, describe, explain
from graphkit.questions.declared import split_chains, split_declared, standard_refs
from graphkit.questions.explain import ref
from graphkit.questions.graph_faces import GraphFaces
from graphkit.questions.limits import (
    DEFAULT_MAX_HOPS,
    DEFAULT_MAX_PATHS,
    check_limits,
)
from graphkit.questions.names import resolve_ref
from graphkit.questions.order import cap_groups, gather_reachable
from graphkit.questions.reported import reported_in
from graphkit.questions.results import (
    GraphView,
    PathsResult,
    Question,
    ReachableResult,
    ReachResult,
    Ref,
    SearchHits,
    ShowResult,
    Stats,
)
from graphkit.questions.store import RawHop, RawPath, Store


class Questions(GraphFaces):
    """The questions, over one store. Use it as a context manager to close the store.

    Options are keyword-only; ``diff`` and ``timeline`` come from ``GraphFaces``. The
    library's :class:`graphkit.Graph` (what ``open_graph`` returns) is this with
    ``export``, which is written above the questions (:mod:`graphkit.graph`).

    Example:
        >>> from graphkit.backends.memory import MemoryStore
        >>> from graphkit.ingest.validation import load_seeds
        >>> g = Questions(MemoryStore(load_seeds()))
        >>> g.name, g.resolve("Internal Revenue Service").id
        ('memory', 'irs')
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def name(self) -> str:
        """The backend's name: ``memory`` or ``neo4j``."""
        return self.store.name

    def close(self) -> None:
        """Close the store (the Neo4j driver; nothing for memory)."""
        self.store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- questions
    def resolve(self, ref_text: str, *, kinds: Iterable[str] | None = None) -> Ref:
        """Find one entity by id, or by a unique case-insensitive name or alias.

        Args:
            ref_text: an id, a name or an alias.
            kinds: allowed kinds (``agency``, ``vendor``, ``dataset``, ``agreement``).

        Raises:
            NotFound: nothing matches (the message lists close candidates).
            Ambiguous: several match (the message lists them with their ids).

        Example:
            >>> from graphkit import open_graph
            >>> open_graph().resolve("internal revenue service", kinds=["agency"]).id
            'irs'
        """
        self.store.provenance()
        return self._resolve(ref_text, kinds)

    def _resolve(self, ref_text: str, kinds: Iterable[str] | None = None) -> Ref:
        return resolve_ref(self.store, ref_text, kinds)

    def reach(
        self,
        dataset: str,
        *,
        as_of: str | dt.date | None = None,
        max_hops: int = DEFAULT_MAX_HOPS,
        max_paths: int = DEFAULT_MAX_PATHS,
        evidence: str = "any",
        min_confidence: str = "unconfirmed",
        only: str | None = None,
        standard_uses: bool = False,
    ) -> ReachResult:
        """Every party that can obtain a dataset's records on a date, and how.

        The custodian holds the dataset; a party reaches it through a chain of
        agreements that carry it on the date, or by obtaining a dataset derived from it.
        Each hop and path says how well it is evidenced on the date and how sure its
        sources are; parties come evidenced first. Parties that may receive it only under
        a published permission (a routine use) are listed apart, in ``declared``; the
        standard routine uses (litigation, congress...) are counted in ``standard_uses``,
        not listed, unless ``standard_uses`` is True. The answer also names the agreements
        that would carry the dataset but are blocked on the date, and those reported
        with no date. ``evidence`` (``evidenced``, ``presumed``, ``declared``, ``any``: the
        weakest kept), ``only`` (one level alone) and ``min_confidence`` narrow it.

        Example:
            >>> from graphkit import open_graph
            >>> r = open_graph().reach("irs-taxpayer-addresses", as_of="2025-08-01")
            >>> [hop.agreement.id for hop in r.results[0].paths[0].hops]
            ['irs-ice-mou-2025']
            >>> s = open_graph("tests/graphs/sorn").reach("TEST/AGY-001", as_of="2025-06-01")
            >>> [i.party.id for i in s.declared], [u.standard for u in s.standard_uses]
            (['law-enf', 'ice', 'dhs'], ['litigation', 'congress', 'breach'])
        """
        day = parse_as_of(as_of)
        check_limits(max_hops, max_paths)
        filters = Filters(evidence, min_confidence, only)
        data = self.store.provenance()
        target = self._resolve(dataset, ["dataset"])
        custodian = self._custodian(target.id)
        closure = self.store.derived_closures([target.id])[target.id]
        limit = None if filters.active() else max_paths + 1
        raw = self.store.reach_paths(closure, day.isoformat(), max_hops, None, limit)
        by_party: dict[str, list[RawPath]] = {}
        for path in raw:
            party = path[2][-1][2] if path[2] else self._custodian(path[0])
            if party != custodian:
                by_party.setdefault(party, []).append(path)
        by_party = keep_filtered(self.store, by_party, day, filters)
        split = split_declared(self.store, by_party, day, standard_uses)
        sources: dict[str, dict[str, Any]] = {}
        results, declared = (
            explain.explain_parties(self.store, cap_groups(part, max_paths), day, sources)
            for part in (split.flows, split.declared)
        )
        covering = self.store.agreements_covering(sorted(closure))
        blocked, undated, uncertain = reported_in(
            self.store, covering, day, filters, sources, set(closure)
        )
        return ReachResult(
            question=self._question("reach", [target], day, max_hops, max_paths, data, filters),
            sources=sources,
            dataset=target,
            custodian=self._refs([custodian])[0],
            results=by_level(results),
            blocked=blocked,
            undated=undated,
            uncertain=uncertain,
            declared=declared,
            standard_uses=standard_refs(self.store, split.standard),
        )

    def reachable(
        self,
        party: str,
        *,
        as_of: str | dt.date | None = None,
        max_hops: int = DEFAULT_MAX_HOPS,
        max_paths: int = DEFAULT_MAX_PATHS,
        components: bool = True,
        evidence: str = "any",
        min_confidence: str = "unconfirmed",
        only: str | None = None,
        standard_uses: bool = False,
    ) -> ReachableResult:
        """Every dataset a party can obtain on a date, and how: ``reach`` turned around.

        With ``components`` (the default) the party's components count as the party
        (an agency's sub-agencies, a company's subsidiaries); each path ends at the
        one that obtains the data. Evidence, blocked and undated agreements (those that
        would bring data to the party), the datasets it may receive only under a
        published permission (``declared``, the standard routine uses counted) and the
        filters are as for :meth:`reach`.

        Example:
            >>> from graphkit import open_graph
            >>> r = open_graph().reachable("ice", as_of="2025-08-01")
            >>> "irs-taxpayer-addresses" in [item.dataset.id for item in r.results]
            True
        """
        day = parse_as_of(as_of)
        check_limits(max_hops, max_paths)
        filters = Filters(evidence, min_confidence, only)
        limit = None if filters.active() else max_paths + 1
        data = self.store.provenance()
        who = self._resolve(party, list(PARTY_KINDS))
        members = self.store.components(who.id) if components else [who.id]
        member_set = set(members)
        candidates = sorted(self.store.datasets_reaching(members, day.isoformat(), max_hops))
        closures = self.store.derived_closures(candidates)
        moved = sorted({e for closure in closures.values() for e in closure})
        # One search for every dataset that may move, then each asked-about dataset takes
        # the paths of the datasets derived from it, with its own derivation chain.
        by_moved: dict[str, list[tuple[RawHop, ...]]] = {}
        single: dict[str, tuple[str, ...]] = {e: (e,) for e in moved}
        for dataset, _chain, hops in self.store.reach_paths(
            single, day.isoformat(), max_hops, member_set, limit
        ):
            by_moved.setdefault(dataset, []).append(hops)
        custodians = {d: self._custodian(d) for d in {*candidates, *moved}}
        found = gather_reachable(candidates, closures, by_moved, custodians, member_set)
        split = split_declared(
            self.store, keep_filtered(self.store, found, day, filters), day, standard_uses
        )
        held = sorted({*split.flows, *split.declared})
        holders = dict(zip(held, self._refs(custodians[d] for d in held), strict=True))
        sources: dict[str, dict[str, Any]] = {}
        items, declared = (
            explain.explain_datasets(self.store, cap_groups(part, max_paths), day, sources, holders)
            for part in (split.flows, split.declared)
        )
        incoming = self.store.agreements_to(members)
        blocked, undated, uncertain = reported_in(self.store, incoming, day, filters, sources)
        return ReachableResult(
            question=self._question("reachable", [who], day, max_hops, max_paths, data, filters),
            sources=sources,
            party=who,
            parties=self._refs(members),
            holds=self._refs(sorted(self.store.held_by(members))),
            results=by_level(items),
            blocked=blocked,
            undated=undated,
            uncertain=uncertain,
            declared=declared,
            standard_uses=standard_refs(self.store, split.standard),
        )

    def path(
        self,
        source: str,
        target: str,
        *,
        as_of: str | dt.date | None = None,
        max_hops: int = DEFAULT_MAX_HOPS,
        max_paths: int = 10,
        dataset: str | None = None,
        evidence: str = "any",
        min_confidence: str = "unconfirmed",
        any_data: bool = False,
        only: str | None = None,
        standard_uses: bool = False,
    ) -> PathsResult:
        """How data flows from one party to another on a date: every chain of agreements
        that carries one dataset (or data derived from it) end to end, named in ``carries``.

        With ``dataset``, only chains that carry that dataset on every hop; with
        ``any_data``, also chains whose data changes along the way (``connectivity_only``).
        Evidence and the filters are as for :meth:`reach`, and as there the chains in force
        only under a published permission are apart, in ``declared`` (those through a
        standard routine use counted in ``standard_uses`` unless ``standard_uses``);
        blocked and undated agreements are those on chains of the same kind that would
        connect the parties on some date.

        Example:
            >>> from graphkit import open_graph
            >>> r = open_graph().path("irs", "ice", as_of="2025-08-01")
            >>> r.paths[0].agreements, [d.id for d in r.paths[0].carries[0]]
            (['irs-ice-mou-2025'], ['irs-taxpayer-addresses'])
        """
        day = parse_as_of(as_of)
        check_limits(max_hops, max_paths)
        data = self.store.provenance()
        a = self._resolve(source, list(PARTY_KINDS))
        b = self._resolve(target, list(PARTY_KINDS))
        dataset_ref = self._resolve(dataset, ["dataset"]) if dataset else None
        if a.id == b.id:
            raise GraphkitError(
                f"source and target are the same party ({a.id}); name two parties", "target"
            )
        carried = dataset_ref.id if dataset_ref else None
        filters = Filters(evidence, min_confidence, only)
        sources: dict[str, dict[str, Any]] = {}
        shown, more, on_chains = carry.paths_between(
            self.store, a.id, b.id, day, max_hops, max_paths, carried, any_data, filters, sources
        )
        blocked, undated, uncertain = reported_in(self.store, on_chains, day, filters, sources)
        flows, declared, standard = split_chains(shown, standard_uses)
        subject = [a, b] + ([dataset_ref] if dataset_ref else [])
        return PathsResult(
            question=self._question("path", subject, day, max_hops, max_paths, data, filters),
            sources=sources,
            source=a,
            target=b,
            paths=flows,
            more_paths=more,
            blocked=blocked,
            undated=undated,
            uncertain=uncertain,
            declared=declared,
            standard_uses=standard_refs(self.store, standard),
        )

    def show(self, ident: str, *, as_of: str | dt.date | None = None) -> ShowResult:
        """An entity with every claim about it and its sources.

        An agreement shows its parties, datasets, status timeline and amounts, and its
        status on ``as_of`` (default today) graded: evidence level, last evidenced,
        term end, what is not known (``status_on``); a party the agreements it takes
        part in; a dataset its custodian, what it is derived from and the agreements
        that move it.

        Example:
            >>> from graphkit import open_graph
            >>> shown = open_graph().show("irs-ice-mou-2025", as_of="2025-08-01")
            >>> shown.timeline[-1].status, shown.status_on.status, shown.status_on.evidence
            ('enjoined', 'active', 'evidenced')
        """
        day = parse_as_of(as_of)
        self.store.provenance()
        kinds = [*ENTITY_KINDS, "source"]  # a source by its id: the claims that cite it
        return describe.show_from(self.store, self._resolve(ident, kinds), day)

    def search(self, text: str, *, limit: int = 20) -> SearchHits:
        """Entities whose id, name or alias contains ``text``, and sources whose id, title
        or publisher does, best matches first.

        Example:
            >>> from graphkit import open_graph
            >>> open_graph().search("internal revenue", limit=1)[0].id
            'irs'
        """
        if limit < 1:
            raise LimitError(f"limit {limit} is out of range; use 1 or more", "limit")
        if not text.strip():
            return SearchHits()
        self.store.provenance()
        return SearchHits(self.store.search(text, limit))

    def stats(self, *, as_of: str | dt.date | None = None) -> Stats:
        """Counts by kind and status on a date, claims without a source, the dates covered.

        Example:
            >>> from graphkit import open_graph
            >>> open_graph("tests/graphs/edge").stats(as_of="2020-03-15").counts["agreements"]
            13
        """
        day = parse_as_of(as_of).isoformat()
        self.store.provenance(strict=False)  # answers after an unfinished load, and warns
        return self.store.stats(day)

    def view(
        self, center: str | None = None, *, depth: int = 1, as_of: str | dt.date | None = None
    ) -> GraphView:
        """The parties and datasets within ``depth`` links of ``center`` (all when None),
        with the flows between them and each flow's status on the date: for drawing.

        Example:
            >>> from graphkit import open_graph
            >>> v = open_graph().view("irs", depth=1, as_of="2025-08-01")
            >>> "ice" in [n.id for n in v.nodes]
            True
        """
        day = parse_as_of(as_of)
        if not 0 <= depth <= 6:
            raise LimitError(f"depth {depth} is out of range; use 0 to 6", "depth")
        data = self.store.provenance()
        subject = [self._resolve(center)] if center else []
        nodes, edges, sources = describe.view_from(self.store, subject, depth, day)
        question = self._question("view", subject, day, depth, 0, data)
        return GraphView(question=question, sources=sources, nodes=nodes, edges=edges)

    # ------------------------------------------------------------------ helpers
    def _question(
        self,
        command: str,
        subject: list[Ref],
        day: dt.date,
        hops: int,
        paths: int,
        data: str,
        filters: Filters | None = None,
    ) -> Question:
        if self.store.provenance() != data:  # a load changed the data while we answered
            raise GraphkitError("the data changed while answering (a load ran); ask again")
        f, iso = filters or Filters(), day.isoformat()
        return Question(command, subject, iso, hops, paths, self.name, data, *f.as_tuple(), f.only)

    def _custodian(self, dataset_id: str) -> str:
        record = self.store.records([dataset_id])[dataset_id]
        assert isinstance(record, Dataset)
        return record.custodian

    def _refs(self, ids: Iterable[str]) -> list[Ref]:
        ids = list(ids)
        records = self.store.records(ids)
        return [ref(records[i]) for i in ids]
