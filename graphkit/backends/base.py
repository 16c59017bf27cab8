"""One contract, several backends: the questions, answered the same way everywhere.

A backend supplies a few primitives that run where the data is (networkx in
memory, Cypher in Neo4j): finding flow paths, looking records up, matching names.
This base class turns them into answers: it resolves names, orders and caps
paths, and explains each hop with its agreement, status on the date and sources.
Because ordering, capping and explaining live here, once, two backends that find
the same paths give identical answers.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterable
from typing import Any

from graphkit import GraphkitError
from graphkit.dates import parse_as_of
from graphkit.results import (
    AgreementOnDate,
    DatasetReach,
    GraphView,
    Hop,
    PartyReach,
    PathResult,
    PathsResult,
    Question,
    ReachableResult,
    ReachResult,
    Ref,
    ViewEdge,
    ViewNode,
)
from graphkit.schema import KIND_NAMES, VIA_ROLES, Agreement, Dataset, Entity, Source
from graphkit.semantics import status_on

#: (agreement id, from party, to party)
RawHop = tuple[str, str, str]
#: (dataset moved, derivation chain from the asked dataset to it, hops)
RawPath = tuple[str, tuple[str, ...], tuple[RawHop, ...]]
Record = Source | Entity

DEFAULT_MAX_HOPS = 4
DEFAULT_MAX_PATHS = 5
#: A hard ceiling on paths gathered per question, before ordering, so output stays bounded.
PATH_BUDGET = 20_000


class NotFound(GraphkitError):
    """No entity matches the name or id given."""


class Ambiguous(GraphkitError):
    """More than one entity matches the name given."""


def path_key(path: RawPath) -> tuple[Any, ...]:
    """The order of paths everywhere: fewest hops, shortest derivation, then ids."""
    dataset, chain, hops = path
    return (len(hops), len(chain), tuple((a, t) for a, _s, t in hops), dataset)


class Backend(ABC):
    """What every backend answers. Subclasses implement the primitives at the bottom."""

    name = "abstract"

    # ----------------------------------------------------------------- questions
    def resolve(self, ref: str, kinds: Iterable[str] | None = None) -> Ref:
        """Find one entity by id, or by a unique case-insensitive name or alias.

        Args:
            ref: an id, a name or an alias.
            kinds: allowed kinds (``agency``, ``vendor``, ``dataset``, ``agreement``).

        Raises:
            NotFound: nothing matches (the message lists close candidates).
            Ambiguous: several match (the message lists them with their ids).

        Example:
            >>> from graphkit import open_graph
            >>> open_graph().resolve("internal revenue service", ["agency"]).id
            'irs'
        """
        allowed = set(kinds) if kinds else {"agency", "vendor", "dataset", "agreement"}
        what = " or ".join(sorted(allowed))
        text = ref.strip()
        exact = self.records([text])
        if text in exact and _kind(exact[text]) in allowed:
            return _ref(exact[text])
        ids = self.match_names(text)
        matched = [r for r in self.records(ids).values() if _kind(r) in allowed]
        if len(matched) == 1:
            return _ref(matched[0])
        if matched:
            listed = "; ".join(f"{r.id} ({_name(r)})" for r in sorted(matched, key=lambda r: r.id))
            raise Ambiguous(f"{ref!r} matches several {what} entries: {listed}. Use an id.")
        near = [row for row in self.search(text, limit=8) if row["kind"] in allowed]
        hint = ""
        if near:
            hint = " Did you mean: " + "; ".join(f"{r['id']} ({r['name']})" for r in near) + "?"
        word = text.split()[0] if text else ""
        raise NotFound(f"no {what} called {ref!r}.{hint} Try `graphkit search {word}` to find ids.")

    def reach(
        self,
        dataset: str,
        as_of: str | dt.date | None = None,
        max_hops: int = DEFAULT_MAX_HOPS,
        max_paths: int = DEFAULT_MAX_PATHS,
    ) -> ReachResult:
        """Every party that can obtain a dataset's records on a date, and how.

        The custodian holds the dataset; a party reaches it through a chain of
        agreements that carry it on the date, or by obtaining a dataset derived from it.

        Example:
            >>> from graphkit import open_graph
            >>> r = open_graph().reach("irs-taxpayer-addresses", as_of="2025-08-01")
            >>> [hop.agreement.id for hop in r.results[0].paths[0].hops]
            ['irs-ice-mou-2025']
        """
        day = parse_as_of(as_of)
        _check_limits(max_hops, max_paths)
        target = self.resolve(dataset, ["dataset"])
        record = self.records([target.id])[target.id]
        assert isinstance(record, Dataset)
        closure = self.derived_closure(target.id)
        raw = self.reach_paths(closure, day.isoformat(), max_hops, None, max_paths + 1)
        custodian = record.custodian
        by_party: dict[str, list[RawPath]] = {}
        for path in raw:
            party = self._end_party(path)
            if party != custodian:
                by_party.setdefault(party, []).append(path)
        return ReachResult(
            **self._explain_reach(target, custodian, by_party, day, max_hops, max_paths)
        )

    def reachable(
        self,
        party: str,
        as_of: str | dt.date | None = None,
        max_hops: int = DEFAULT_MAX_HOPS,
        max_paths: int = DEFAULT_MAX_PATHS,
        components: bool = True,
    ) -> ReachableResult:
        """Every dataset a party can obtain on a date, and how: ``reach`` turned around.

        With ``components`` (the default) the party's components count as the party
        (an agency's sub-agencies, a company's subsidiaries); each path ends at the
        one that obtains the data.

        Example:
            >>> from graphkit import open_graph
            >>> r = open_graph().reachable("ice", as_of="2025-08-01")
            >>> "irs-taxpayer-addresses" in [item.dataset.id for item in r.results]
            True
        """
        day = parse_as_of(as_of)
        _check_limits(max_hops, max_paths)
        who = self.resolve(party, ["agency", "vendor"])
        members = self.components(who.id) if components else [who.id]
        member_set = set(members)
        found: dict[str, list[RawPath]] = {}
        candidates = sorted(self.datasets_reaching(members, day.isoformat(), max_hops))
        closures = self.derived_closures(candidates)
        moved = sorted({e for closure in closures.values() for e in closure})
        # One search for every dataset that may move, then each asked-about dataset takes
        # the paths of the datasets derived from it, with its own derivation chain.
        by_moved: dict[str, list[tuple[RawHop, ...]]] = {}
        single: dict[str, tuple[str, ...]] = {e: (e,) for e in moved}
        for dataset, _chain, hops in self.reach_paths(
            single, day.isoformat(), max_hops, member_set, max_paths + 1
        ):
            by_moved.setdefault(dataset, []).append(hops)
        custodians = {d: self._custodian(d) for d in {*candidates, *moved}}
        for dataset_id in candidates:
            for moved_id, chain in closures[dataset_id].items():
                paths: list[RawPath] = [(moved_id, chain, h) for h in by_moved.get(moved_id, [])]
                if len(chain) > 1 and custodians[moved_id] in member_set:
                    paths.append((moved_id, chain, ()))
                for path in paths:
                    end = path[2][-1][2] if path[2] else custodians[moved_id]
                    if end in member_set and end != custodians[dataset_id]:
                        found.setdefault(dataset_id, []).append(path)
        records = self.records(found)
        holds = sorted(self.held_by(members))
        items = []
        sources: dict[str, dict[str, Any]] = {}
        order = []
        for dataset_id, paths in found.items():
            paths.sort(key=path_key)
            order.append((path_key(paths[0])[0], _name(records[dataset_id]).casefold(), dataset_id))
        for _hops, _sort_name, dataset_id in sorted(order):
            paths = found[dataset_id]
            record = records[dataset_id]
            assert isinstance(record, Dataset)
            explained = self._explain(paths[:max_paths], day, sources, reach=True)
            items.append(
                DatasetReach(
                    dataset=_ref(record),
                    custodian=self._refs([record.custodian])[0],
                    paths=explained,
                    more_paths=len(paths) > max_paths,
                )
            )
        return ReachableResult(
            question=self._question("reachable", [who], day, max_hops, max_paths),
            party=who,
            parties=self._refs(members),
            holds=self._refs(holds),
            results=items,
            sources=sources,
        )

    def path(
        self,
        source: str,
        target: str,
        as_of: str | dt.date | None = None,
        max_hops: int = DEFAULT_MAX_HOPS,
        max_paths: int = 10,
        dataset: str | None = None,
    ) -> PathsResult:
        """How data flows from one party to another on a date: every chain of agreements.

        With ``dataset``, only chains that carry that dataset on every hop.

        Example:
            >>> from graphkit import open_graph
            >>> r = open_graph().path("irs", "ice", as_of="2025-08-01")
            >>> r.paths[0].agreements
            ['irs-ice-mou-2025']
        """
        day = parse_as_of(as_of)
        _check_limits(max_hops, max_paths)
        a = self.resolve(source, ["agency", "vendor"])
        b = self.resolve(target, ["agency", "vendor"])
        dataset_ref = self.resolve(dataset, ["dataset"]) if dataset else None
        if a.id == b.id:
            raise GraphkitError(f"FROM and TO are the same party ({a.id}); name two parties.")
        raw = self.party_paths(
            a.id,
            b.id,
            day.isoformat(),
            max_hops,
            dataset_ref.id if dataset_ref else None,
            max_paths + 1,
        )
        paths: list[RawPath] = sorted((("", (), hops) for hops in raw), key=path_key)
        sources: dict[str, dict[str, Any]] = {}
        explained = self._explain(
            paths[:max_paths],
            day,
            sources,
            reach=False,
            only=dataset_ref.id if dataset_ref else None,
        )
        subject = [a, b] + ([dataset_ref] if dataset_ref else [])
        return PathsResult(
            question=self._question("path", subject, day, max_hops, max_paths),
            source=a,
            target=b,
            paths=explained,
            more_paths=len(paths) > max_paths,
            sources=sources,
        )

    def show(self, ident: str) -> dict[str, Any]:
        """An entity with every claim about it and its sources.

        An agreement shows its parties, datasets, status timeline and amounts; a
        party the agreements it takes part in; a dataset its custodian, what it is
        derived from and the agreements that move it.

        Example:
            >>> from graphkit import open_graph
            >>> shown = open_graph().show("irs-ice-mou-2025")
            >>> [e["status"] for e in shown["record"]["status"]][-1]
            'enjoined'
        """
        ref = self.resolve(ident)
        record = self.records([ref.id])[ref.id]
        assert isinstance(record, Entity)
        related = self.related(ref.id)
        if isinstance(record, Agreement):
            related |= {e.by for e in record.status if e.by}
        names = self.records({*related, *_ids_in(record)} - {ref.id})
        source_ids = set(_sources_in(record))
        sources = self._source_map(source_ids)
        out: dict[str, Any] = {
            "entity": ref,
            "record": record.model_dump(mode="json", exclude_none=True),
            "names": {i: r.name if isinstance(r, Entity) else r.title for i, r in names.items()},
            "related": [
                _ref(names[i])
                for i in sorted(
                    related,
                    key=lambda i: (
                        _kind(names[i]),
                        _name(names[i]).casefold(),
                    ),
                )
                if i in names
            ],
            "origin": self.origin(ref.id),
            "sources": sources,
        }
        if isinstance(record, Agreement):
            out["timeline"] = [
                {
                    "date": str(e.date),
                    "status": e.status,
                    "by": e.by,
                    "note": e.note,
                    "sources": e.sources,
                }
                for e in record.status
            ]
            today = status_on(record, dt.date.today())
            out["status_today"] = {"status": today.status, "since": today.since}
        return out

    def view(
        self, center: str | None = None, depth: int = 1, as_of: str | dt.date | None = None
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
            raise GraphkitError(f"--depth {depth} is out of range; use 0 to 6")
        subject = [self.resolve(center)] if center else []
        node_ids, raw_edges = self.neighbourhood(subject[0].id if subject else None, depth)
        agreements = {a for *_x, a in raw_edges if a}
        records = self.records({*node_ids, *agreements})
        via_ids: set[str] = set()
        for ident in agreements:
            record = records[ident]
            assert isinstance(record, Agreement)
            via_ids.update(p.party for p in record.parties if p.role in VIA_ROLES)
        records.update(self.records(via_ids - set(records)))
        nodes = []
        cited: set[str] = set()
        for ident in sorted(node_ids):
            record = records[ident]
            assert isinstance(record, Entity)
            cited.update(record.sources)
            nodes.append(
                ViewNode(
                    record.id,
                    record.name,
                    _kind(record),
                    getattr(record, "kind", None),
                    list(record.sources),
                )
            )
        edges = []
        for source, target, rel, agreement_id in sorted(
            raw_edges, key=lambda e: (e[2], e[0], e[1], e[3] or "")
        ):
            if agreement_id is None:
                edges.append(ViewEdge(source, target, rel))
                continue
            ag = records[agreement_id]
            assert isinstance(ag, Agreement)
            state = status_on(ag, day)
            ag_sources = list(ag.sources)
            note = None
            if state.event_index is not None:
                event = ag.status[state.event_index]
                note = event.note
                ag_sources += [x for x in event.sources if x not in ag_sources]
            cited.update(ag_sources)
            edges.append(
                ViewEdge(
                    source,
                    target,
                    rel,
                    agreement=AgreementOnDate(
                        id=ag.id,
                        name=ag.name,
                        kind=ag.kind,
                        signed=_s(ag.signed),
                        effective_from=_s(ag.effective_from),
                        effective_to=_s(ag.effective_to),
                        status=state.status,
                        status_since=state.since,
                        status_note=note,
                        sources=ag_sources,
                    ),
                    datasets=sorted(ag.datasets),
                    via=[p.party for p in ag.parties if p.role in VIA_ROLES],
                    carries=state.carries,
                )
            )
        return GraphView(
            question=self._question("view", subject, day, depth, 0),
            sources=self._source_map(cited),
            nodes=nodes,
            edges=edges,
        )

    # ------------------------------------------------------------------ helpers
    def _question(
        self, command: str, subject: list[Ref], day: dt.date, hops: int, paths: int
    ) -> Question:
        return Question(
            command, subject, day.isoformat(), hops, paths, self.name, self.provenance()
        )

    def _end_party(self, path: RawPath) -> str:
        dataset, _chain, hops = path
        return hops[-1][2] if hops else self._custodian(dataset)

    def _custodian(self, dataset_id: str) -> str:
        record = self.records([dataset_id])[dataset_id]
        assert isinstance(record, Dataset)
        return record.custodian

    def _refs(self, ids: Iterable[str]) -> list[Ref]:
        ids = list(ids)
        records = self.records(ids)
        return [_ref(records[i]) for i in ids]

    def _explain_reach(
        self,
        target: Ref,
        custodian: str,
        by_party: dict[str, list[RawPath]],
        day: dt.date,
        max_hops: int,
        max_paths: int,
    ) -> dict[str, Any]:
        records = self.records(by_party)
        order = []
        for party, paths in by_party.items():
            paths.sort(key=path_key)
            order.append((path_key(paths[0])[0], _name(records[party]).casefold(), party))
        sources: dict[str, dict[str, Any]] = {}
        results = []
        for _hops, _sort_name, party in sorted(order):
            paths = by_party[party]
            results.append(
                PartyReach(
                    party=_ref(records[party]),
                    paths=self._explain(paths[:max_paths], day, sources, reach=True),
                    more_paths=len(paths) > max_paths,
                )
            )
        return {
            "question": self._question("reach", [target], day, max_hops, max_paths),
            "dataset": target,
            "custodian": self._refs([custodian])[0],
            "results": results,
            "sources": sources,
        }

    def _explain(
        self,
        paths: list[RawPath],
        day: dt.date,
        sources: dict[str, dict[str, Any]],
        reach: bool,
        only: str | None = None,
    ) -> list[PathResult]:
        ids: set[str] = set()
        for dataset, chain, hops in paths:
            ids.update(chain)
            if dataset:
                ids.add(dataset)
            for agreement, a, b in hops:
                ids.update((agreement, a, b))
        records = self.records(ids)
        for agreement_id in {h[0] for _d, _c, hops in paths for h in hops}:
            record = records[agreement_id]
            assert isinstance(record, Agreement)
            ids.update(p.party for p in record.parties if p.role in VIA_ROLES)
            ids.update(record.datasets)
        records = self.records(ids)
        cited: set[str] = set()
        out = []
        for dataset, chain, hops in paths:
            explained_hops = []
            for agreement_id, a, b in hops:
                ag = records[agreement_id]
                assert isinstance(ag, Agreement)
                state = status_on(ag, day)
                hop_sources = list(ag.sources)
                note = None
                if state.event_index is not None:
                    event = ag.status[state.event_index]
                    note = event.note
                    hop_sources += [s for s in event.sources if s not in hop_sources]
                cited.update(hop_sources)
                if reach:
                    moved = [dataset]
                else:
                    moved = [d for d in sorted(ag.datasets) if only is None or d == only]
                explained_hops.append(
                    Hop(
                        source=_ref(records[a]),
                        target=_ref(records[b]),
                        via=[_ref(records[p.party]) for p in ag.parties if p.role in VIA_ROLES],
                        agreement=AgreementOnDate(
                            id=ag.id,
                            name=ag.name,
                            kind=ag.kind,
                            signed=_s(ag.signed),
                            effective_from=_s(ag.effective_from),
                            effective_to=_s(ag.effective_to),
                            status=state.status,
                            status_since=state.since,
                            status_note=note,
                            sources=hop_sources,
                        ),
                        datasets=[_ref(records[d]) for d in moved],
                    )
                )
            out.append(
                PathResult(
                    hops=explained_hops,
                    dataset=_ref(records[dataset]) if dataset else None,
                    derivation=[_ref(records[d]) for d in chain] if len(chain) > 1 else [],
                )
            )
        sources.update(self._source_map(cited - set(sources)))
        return out

    def _source_map(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        records = self.records(ids)
        return {i: records[i].model_dump(mode="json", exclude_none=True) for i in sorted(records)}

    # --------------------------------------------------------------- primitives
    @abstractmethod
    def provenance(self) -> str:
        """Which data answers: the seeds read (memory), the load (Neo4j)."""

    @abstractmethod
    def records(self, ids: Iterable[str]) -> dict[str, Record]:
        """The records with these ids (unknown ids are left out)."""

    @abstractmethod
    def match_names(self, text: str) -> list[str]:
        """Ids whose name or an alias equals ``text``, ignoring case."""

    @abstractmethod
    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Entities whose id, name or alias contains ``text``, best matches first."""

    @abstractmethod
    def derived_closure(self, dataset_id: str) -> dict[str, tuple[str, ...]]:
        """The dataset and every dataset derived from it, each with its derivation chain."""

    def derived_closures(self, dataset_ids: list[str]) -> dict[str, dict[str, tuple[str, ...]]]:
        """:meth:`derived_closure` of each dataset (a backend may answer in one query)."""
        return {d: self.derived_closure(d) for d in dataset_ids}

    @abstractmethod
    def reach_paths(
        self,
        closure: dict[str, tuple[str, ...]],
        day: str,
        max_hops: int,
        targets: set[str] | None,
        limit: int | None = None,
    ) -> list[RawPath]:
        """Paths from each dataset's custodian along flows that carry it on ``day``: for each
        party and dataset at least the first ``limit`` in :func:`path_key` order (or all)."""

    @abstractmethod
    def datasets_reaching(self, parties: list[str], day: str, max_hops: int) -> set[str]:
        """Datasets (with their ancestors) that may reach ``parties``: a superset is fine."""

    @abstractmethod
    def held_by(self, parties: list[str]) -> list[str]:
        """Datasets whose custodian is one of ``parties``."""

    @abstractmethod
    def party_paths(
        self, source: str, target: str, day: str, max_hops: int, dataset: str | None, limit: int
    ) -> list[tuple[RawHop, ...]]:
        """Chains of flows carrying on ``day`` from ``source`` to ``target``: at least the
        first ``limit`` in :func:`path_key` order (all of them is fine too)."""

    @abstractmethod
    def components(self, party_id: str) -> list[str]:
        """The party and every party below it through ``parent``, sorted by id."""

    @abstractmethod
    def related(self, ident: str) -> set[str]:
        """Ids directly linked to an entity (parties, datasets, agreements, parent...)."""

    @abstractmethod
    def origin(self, ident: str) -> dict[str, Any] | None:
        """Where the record was read, when known: ``{"file":..., "line":...}``."""

    @abstractmethod
    def neighbourhood(
        self, center: str | None, depth: int
    ) -> tuple[set[str], list[tuple[str, str, str, str | None]]]:
        """Party and dataset ids within ``depth`` links of ``center`` (all when None), and the
        edges among them: (from, to, type, agreement id for FLOWS else None). Links are
        flows, custody, derivation and parent, either way; an agreement as center starts
        from its parties and datasets."""

    @abstractmethod
    def stats(self, as_of: str | dt.date | None = None) -> dict[str, Any]:
        """Counts by kind and status, claims without a source, the date range covered."""


def _kind(record: Record) -> str:
    if isinstance(record, Source):
        return "source"
    from graphkit.schema import Agency, Vendor

    if isinstance(record, Agency):
        return "agency"
    if isinstance(record, Vendor):
        return "vendor"
    if isinstance(record, Dataset):
        return "dataset"
    return "agreement"


def _name(record: Record) -> str:
    """An entity's name, a source's title."""
    return record.title if isinstance(record, Source) else record.name


def _ref(record: Record) -> Ref:
    return Ref(record.id, _name(record), _kind(record))


def search_score(needle: str, candidate: str) -> int | None:
    """How well ``candidate`` matches ``needle`` (both case-folded): 0 exact, 1 prefix,
    2 at a word start, 3 anywhere, None not at all.

    Example:
        >>> [search_score("ice", c) for c in ("ice", "ice hsi", "us ice", "police", "irs")]
        [0, 1, 2, 3, None]
    """
    if candidate == needle:
        return 0
    if candidate.startswith(needle):
        return 1
    at = candidate.find(needle)
    while at > 0:
        if not candidate[at - 1].isalnum():
            return 2
        at = candidate.find(needle, at + 1)
    return 3 if needle in candidate else None


def rank_search(
    needle: str, candidates: Iterable[tuple[str, str, str, list[str]]], limit: int
) -> list[dict[str, Any]]:
    """Order search candidates ``(id, kind, name, aliases)``: best score, then name, then id."""
    rows = []
    for ident, kind, name, aliases in candidates:
        best: tuple[int, str] | None = None
        for text in (ident, name, *aliases):
            score = search_score(needle, text.casefold())
            if score is not None and (best is None or score < best[0]):
                best = (score, text)
        if best is not None:
            matched = best[1] if best[1] not in (name, ident) else None
            rows.append(
                (
                    best[0],
                    name.casefold(),
                    ident,
                    {"id": ident, "kind": kind, "name": name, "matched": matched},
                )
            )
    rows.sort(key=lambda r: r[:3])
    return [row for *_, row in rows[:limit]]


def _s(value: object) -> str | None:
    return None if value is None else str(value)


def _check_limits(max_hops: int, max_paths: int) -> None:
    if not 1 <= max_hops <= 12:
        raise GraphkitError(f"--max-hops {max_hops} is out of range; use 1 to 12")
    if not 1 <= max_paths <= 1000:
        raise GraphkitError(f"--max-paths {max_paths} is out of range; use 1 to 1000")


def _ids_in(record: Entity) -> set[str]:
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


def _sources_in(record: Entity) -> list[str]:
    ids = list(record.sources)
    for claim in record.claims:
        ids += claim.sources
    if isinstance(record, Agreement):
        for item in (*record.status, *record.amounts):
            ids += item.sources
    return ids


__all__ = ["KIND_NAMES", "Ambiguous", "Backend", "NotFound", "RawHop", "RawPath", "path_key"]
