"""Answers into scenes: which nodes and edges a page draws, what is faded, what the text says.

Works from the answer types only (:mod:`graphkit.questions.results`), so any backend will do.

Example:
    >>> from graphkit import open_graph
    >>> g = open_graph("tests/graphs/edge")
    >>> scene = scene_for(g.reach("d1", as_of="2020-03-15"))
    >>> scene.nodes["b"].role, [e.label for e in scene.edges if e.agreement_id == "ag1"]
    ('path', ['MOU · 2020-01-01'])
"""

from __future__ import annotations

import hashlib
import itertools
import json
from typing import Any

from graphkit.questions.results import (
    AgreementOnDate,
    GraphView,
    Hop,
    PathResult,
    PathsResult,
    ReachableResult,
    ReachResult,
    Ref,
)
from graphkit.viz.model import (
    LINK_LABEL,
    Notes,
    Scene,
    TextGroup,
    TextHop,
    TextPath,
    TextRow,
    VizEdge,
    VizNode,
    clip,
    short_kind,
)

#: Most context nodes (faded neighbours) drawn around an answer.
CONTEXT_MAX = 150
TITLE_NAME = 120


def label(ref: Ref) -> str:
    """``Name (id)``, the name cut to a readable length for headings."""
    return f"{clip(ref.name, TITLE_NAME)} ({ref.id})"


def edge_label(ag: AgreementOnDate, carries: bool) -> str:
    """The short label on a flow: its kind and a date; its status when not in force.

    Example:
        >>> from graphkit.questions.results import AgreementOnDate
        >>> ag = AgreementOnDate("x", "X", "mou", "2020-01-01", None, None, "rescinded",
        ...                      "2021-03-01", None, [])
        >>> edge_label(ag, True), edge_label(ag, False)
        ('MOU · 2020-01-01', 'MOU · rescinded 2021-03-01')
    """
    kind = short_kind(ag.kind)
    if not carries:
        since = f" {ag.status_since}" if ag.status_since else ""
        return f"{kind} · {ag.status}{since}"
    date = ag.signed or ag.effective_from or ag.status_since
    return f"{kind} · {date}" if date else kind


def content_hash(*answers: Any) -> str:
    """A short hash of what the page shows: the same answer gives the same hash on any backend."""
    digest = hashlib.sha1()
    for answer in answers:
        if answer is None:
            continue
        data = answer.to_dict() if hasattr(answer, "to_dict") else answer
        data = dict(data)
        question = dict(data.get("question") or {})
        question.pop("backend", None)
        question.pop("data", None)
        data["question"] = question
        digest.update(json.dumps(data, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:12]


class _Builder:
    def __init__(self) -> None:
        self.nodes: dict[str, VizNode] = {}
        self.edges: dict[str, VizEdge] = {}
        self.notes = Notes()
        self.flow_keys: set[tuple[str, str, str]] = set()

    # ------------------------------------------------------------------ nodes
    def node(self, ref: Ref, role: str) -> VizNode:
        node = self.nodes.get(ref.id)
        if node is None:
            node = VizNode(ref.id, ref.name, ref.kind, role=role)
            self.nodes[ref.id] = node
        elif _rank(role) > _rank(node.role):
            node.role = role
        return node

    # ------------------------------------------------------------------ edges
    def link(self, source: str, target: str, kind: str, on_path: bool) -> str:
        ident = f"{kind}:{source}:{target}"
        edge = self.edges.get(ident)
        if edge is None:
            self.edges[ident] = VizEdge(
                ident, source, target, kind, LINK_LABEL.get(kind, kind.lower()), on_path=on_path
            )
        elif on_path:
            edge.on_path = True
        return ident

    def flow(
        self,
        source: str,
        target: str,
        via: list[str],
        via_names: list[str],
        ag: AgreementOnDate,
        carries: bool,
        moves: list[str],
        on_path: bool,
    ) -> list[str]:
        """Draw one agreement from ``source`` to ``target``; through ``via`` when given."""
        self.flow_keys.add((ag.id, source, target))
        chain = [source, *via, target]
        details = [f"{ag.name} ({ag.id})", short_kind(ag.kind)]
        dates = ag.dates_text()
        if dates:
            details.append(dates)
        status = ag.status_text()
        if not carries:
            status += " (not in force on this date: carries no data)"
        details.append(f"status: {status}")
        if ag.status_note:
            details.append(f"note: {ag.status_note}")
        if via_names:
            details.append("via " + ", ".join(via_names))
        if moves:
            details.append("moves " + ", ".join(moves))
        cites = self.notes.cite(ag.sources)
        ids = []
        for step, (a, b) in enumerate(itertools.pairwise(chain)):
            ident = f"FLOWS:{ag.id}:{source}:{target}:{step}"
            edge = self.edges.get(ident)
            if edge is None:
                self.edges[ident] = VizEdge(
                    ident,
                    a,
                    b,
                    "FLOWS",
                    edge_label(ag, carries) if step == 0 else "",
                    on_path=on_path,
                    carries=carries,
                    status=ag.status,
                    agreement_id=ag.id,
                    agreement_name=ag.name,
                    details=details,
                    cites=cites,
                )
            elif on_path:
                edge.on_path = True
            ids.append(ident)
        return ids

    # ------------------------------------------------------------------ paths
    def hop(self, hop: Hop) -> tuple[TextHop, list[str], list[str]]:
        ag = hop.agreement
        nodes = [hop.source.id, *(v.id for v in hop.via), hop.target.id]
        for ref in (hop.source, *hop.via, hop.target):
            self.node(ref, "path")
        moves = [d.name for d in hop.datasets]
        edges = self.flow(
            hop.source.id,
            hop.target.id,
            [v.id for v in hop.via],
            [v.name for v in hop.via],
            ag,
            True,
            moves,
            True,
        )
        text = TextHop(
            source=hop.source.name,
            source_id=hop.source.id,
            target=hop.target.name,
            target_id=hop.target.id,
            via=[v.name for v in hop.via],
            agreement=ag.name,
            agreement_id=ag.id,
            kind=short_kind(ag.kind),
            dates=ag.dates_text(),
            status=ag.status_text(),
            carries=True,
            note=ag.status_note,
            moves=moves,
            cites=self.edges[edges[0]].cites,
        )
        return text, nodes, edges

    def path(
        self, number: int, path: PathResult, asked: Ref | None, holder: Ref | None
    ) -> TextPath:
        """A path; for reach answers also the dataset moved and how it derives from ``asked``."""
        nodes: list[str] = []
        edges: list[str] = []
        derivation = [d.name for d in path.derivation]
        moved = path.dataset
        if moved is not None:
            self.node(moved, "path")
            nodes.append(moved.id)
            chain = path.derivation or ([asked, moved] if asked and asked.id != moved.id else [])
            for parent, child in itertools.pairwise(chain):
                self.node(parent, "path")
                self.node(child, "path")
                nodes += [parent.id, child.id]
                edges.append(self.link(child.id, parent.id, "DERIVED_FROM", True))
            first = path.hops[0].source if path.hops else holder
            if first is not None:
                self.node(first, "path")
                nodes.append(first.id)
                edges.append(self.link(first.id, moved.id, "CUSTODIAN_OF", True))
        hops = []
        for hop in path.hops:
            text, hop_nodes, hop_edges = self.hop(hop)
            hops.append(text)
            nodes += hop_nodes
            edges += hop_edges
        held = moved.name if moved is not None and not path.hops else None
        return TextPath(number, hops, derivation, held, _unique(nodes), _unique(edges))

    # ---------------------------------------------------------------- context
    def view_edges(self, view: GraphView, on_path: bool) -> None:
        names = {n.id: n.name for n in view.nodes}
        for edge in view.edges:
            if edge.agreement is None:
                self.link(edge.source, edge.target, edge.type, on_path)
                continue
            if (edge.agreement.id, edge.source, edge.target) in self.flow_keys:
                continue
            via = edge.via if all(v in self.nodes for v in edge.via) else []
            self.flow(
                edge.source,
                edge.target,
                via,
                [names.get(v, v) for v in edge.via],
                edge.agreement,
                edge.carries,
                [names.get(d, d) for d in edge.datasets],
                on_path,
            )

    def context(self, view: GraphView, limit: int = CONTEXT_MAX) -> int:
        """Add a view's nodes and edges around the answer, faded. Returns how many were left out."""
        self.notes.add_sources(view.sources)
        drawn = set(self.nodes)
        extra = [n for n in view.nodes if n.id not in drawn]
        dropped = 0
        if len(extra) > limit:
            near = set()
            for edge in view.edges:
                if edge.source in drawn:
                    near.add(edge.target)
                if edge.target in drawn:
                    near.add(edge.source)
            extra.sort(key=lambda n: (n.id not in near, n.id))
            dropped = len(extra) - limit
            extra = extra[:limit]
        for item in view.nodes:
            if item.id in drawn:
                node = self.nodes[item.id]
                node.subkind = node.subkind or item.subkind
        for item in extra:
            node = self.node(Ref(item.id, item.name, item.kind), "context")
            node.subkind = item.subkind
        keep = GraphView(
            question=view.question,
            sources=view.sources,
            nodes=[n for n in view.nodes if n.id in self.nodes],
            edges=[e for e in view.edges if e.source in self.nodes and e.target in self.nodes],
        )
        self.view_edges(keep, on_path=False)
        for item in view.nodes:
            shown_node = self.nodes.get(item.id)
            if shown_node is not None and not shown_node.cites:
                shown_node.cites = self.notes.cite(item.sources)
        return dropped

    def scene(self, **kwargs: Any) -> Scene:
        return Scene(
            nodes=self.nodes,
            edges=list(self.edges.values()),
            notes=self.notes.listed(),
            **kwargs,
        )


def _rank(role: str) -> int:
    return {"context": 0, "path": 1, "subject": 2}.get(role, 0)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _limits(question: Any) -> str:
    return f"up to {question.max_hops} hops · up to {question.max_paths} paths each"


def scene_from_reach(result: ReachResult, context: GraphView | None = None) -> Scene:
    """The parties that can obtain a dataset, their paths drawn left to right from it."""
    b = _Builder()
    b.notes.add_sources(result.sources)
    b.node(result.dataset, "subject")
    b.node(result.custodian, "path")
    b.link(result.custodian.id, result.dataset.id, "CUSTODIAN_OF", True)
    groups = []
    for item in result.results:
        paths = [b.path(n, p, result.dataset, item.party) for n, p in enumerate(item.paths, 1)]
        count = len(item.paths)
        groups.append(
            TextGroup(
                heading=item.party.name,
                ident=item.party.id,
                detail=f"{item.party.kind}: {count} path{'s' if count != 1 else ''}",
                paths=paths,
                more_paths=item.more_paths,
            )
        )
    dropped = b.context(context) if context is not None else 0
    q = result.question
    return b.scene(
        view="reach",
        title=f"Who can obtain {label(result.dataset)}",
        subject_ids=[result.dataset.id],
        subject_line=f"Custodian: {label(result.custodian)}",
        as_of=q.as_of,
        backend=q.backend,
        data=q.data,
        limits=_limits(q),
        layout="layered",
        roots=[result.dataset.id],
        groups=groups,
        empty=None if groups else "No party other than the custodian can obtain it on this date.",
        content_hash=content_hash(result, context),
        context_dropped=dropped,
    )


def scene_from_reachable(result: ReachableResult, context: GraphView | None = None) -> Scene:
    """The datasets a party can obtain, each drawn from its custodian to the party."""
    b = _Builder()
    b.notes.add_sources(result.sources)
    for ref in result.parties:
        b.node(ref, "subject" if ref.id == result.party.id else "path")
    groups = []
    roots = []
    for item in result.results:
        b.node(item.dataset, "path")
        roots.append(item.dataset.id)
        paths = [b.path(n, p, item.dataset, None) for n, p in enumerate(item.paths, 1)]
        for path in paths:
            path.nodes.insert(0, item.dataset.id)
        groups.append(
            TextGroup(
                heading=item.dataset.name,
                ident=item.dataset.id,
                detail=f"held by {clip(item.custodian.name, TITLE_NAME)} ({item.custodian.id})",
                paths=paths,
                more_paths=item.more_paths,
            )
        )
    dropped = b.context(context) if context is not None else 0
    members = [p for p in result.parties if p.id != result.party.id]
    line = "Counting its components: " + ", ".join(label(m) for m in members) if members else ""
    if result.holds:
        held = "Holds as custodian: " + ", ".join(label(d) for d in result.holds)
        line = f"{line}. {held}" if line else held
    q = result.question
    return b.scene(
        view="reachable",
        title=f"What {label(result.party)} can obtain",
        subject_ids=[result.party.id],
        subject_line=line,
        as_of=q.as_of,
        backend=q.backend,
        data=q.data,
        limits=_limits(q),
        layout="layered",
        roots=roots or [result.party.id],
        groups=groups,
        empty=None if groups else "No dataset reaches it through agreements on this date.",
        content_hash=content_hash(result, context),
        context_dropped=dropped,
    )


def scene_from_paths(result: PathsResult, context: GraphView | None = None) -> Scene:
    """Every chain of agreements from one party to another, drawn left to right."""
    b = _Builder()
    b.notes.add_sources(result.sources)
    b.node(result.source, "subject")
    b.node(result.target, "subject")
    paths = [b.path(n, p, None, None) for n, p in enumerate(result.paths, 1)]
    groups = []
    if paths:
        count = len(paths)
        groups.append(
            TextGroup(
                heading=f"{result.source.name} → {result.target.name}",
                ident=f"{result.source.id} → {result.target.id}",
                detail=f"{count} path{'s' if count != 1 else ''}",
                paths=paths,
                more_paths=result.more_paths,
            )
        )
    dropped = b.context(context) if context is not None else 0
    q = result.question
    dataset = [s for s in q.subject if s.kind == "dataset"]
    return b.scene(
        view="path",
        title=f"How data flows from {label(result.source)} to {label(result.target)}",
        subject_ids=[result.source.id, result.target.id],
        subject_line=f"Only chains carrying {label(dataset[0])}" if dataset else "",
        as_of=q.as_of,
        backend=q.backend,
        data=q.data,
        limits=f"up to {q.max_hops} hops · up to {q.max_paths} paths",
        layout="layered",
        roots=[result.source.id],
        groups=groups,
        empty=None if paths else "No chain of agreements carries data between them on this date.",
        content_hash=content_hash(result, context),
        context_dropped=dropped,
    )


def scene_from_view(view: GraphView) -> Scene:
    """A neighbourhood (``ego``) or the whole graph (``all``): every link, as a table too."""
    b = _Builder()
    b.notes.add_sources(view.sources)
    subject = {s.id for s in view.question.subject}
    for item in view.nodes:
        node = b.node(
            Ref(item.id, item.name, item.kind), "subject" if item.id in subject else "path"
        )
        node.subkind = item.subkind
    b.view_edges(view, on_path=True)
    for item in view.nodes:
        b.nodes[item.id].cites = b.notes.cite(item.sources)
    names = {n.id: n.name for n in view.nodes}
    rows = []
    for edge in view.edges:
        ag = edge.agreement
        if ag is None:
            what, status, carries, cites, ag_id = (
                LINK_LABEL.get(edge.type, edge.type),
                "",
                True,
                [],
                None,
            )
        else:
            what = f"{ag.name} ({short_kind(ag.kind)})"
            status, carries, ag_id = ag.status_text(), edge.carries, ag.id
            cites = b.notes.cite(ag.sources)
        rows.append(
            TextRow(
                source=names.get(edge.source, edge.source),
                source_id=edge.source,
                target=names.get(edge.target, edge.target),
                target_id=edge.target,
                what=what,
                agreement_id=ag_id,
                status=status,
                carries=carries,
                cites=cites,
            )
        )
    rows.sort(
        key=lambda r: (r.agreement_id is None, r.source_id, r.target_id, r.agreement_id or "")
    )
    q = view.question
    if q.subject:
        center = q.subject[0]
        links = "link" if q.max_hops == 1 else "links"
        title = f"Within {q.max_hops} {links} of {label(center)}"
        kind, roots, layout = "ego", [center.id], "radial"
    else:
        title, kind, roots, layout = "The whole graph", "all", [], "force"
    flows = sum(1 for e in view.edges if e.agreement is not None)
    return b.scene(
        view=kind,
        title=title,
        subject_ids=[s.id for s in q.subject],
        subject_line=f"{len(view.nodes)} parties and datasets, {flows} agreement links",
        as_of=q.as_of,
        backend=q.backend,
        data=q.data,
        limits=f"depth {q.max_hops}" if q.subject else "",
        layout=layout,
        roots=roots,
        rows=rows,
        empty=None if view.nodes else "Nothing to draw.",
        content_hash=content_hash(view),
    )


def scene_for(answer: Any, context: GraphView | None = None) -> Scene:
    """The scene of any answer: reach, reachable, path, or a view (ego or all)."""
    if isinstance(answer, ReachResult):
        return scene_from_reach(answer, context)
    if isinstance(answer, ReachableResult):
        return scene_from_reachable(answer, context)
    if isinstance(answer, PathsResult):
        return scene_from_paths(answer, context)
    if isinstance(answer, GraphView):
        return scene_from_view(answer)
    raise TypeError(f"cannot draw a {type(answer).__name__}")
