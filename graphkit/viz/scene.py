"""Building a scene: the nodes, edges and citations of an answer.

:class:`SceneBuilder` collects what :mod:`graphkit.viz.build` draws for an answer: each node
once (with the strongest role it is given), flows split at the parties they pass through,
links, and the sources they cite, numbered once for the page.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

from graphkit.present import words
from graphkit.present.citations import Citations
from graphkit.questions.results import AgreementOnDate, GraphView, Hop, PathResult, Ref
from graphkit.viz.model import (
    LINK_LABEL,
    Scene,
    TextHop,
    TextPath,
    TextReported,
    VizEdge,
    VizNode,
    listed_notes,
    short_kind,
)

#: Most context nodes (faded neighbours) drawn around an answer, by default: a handful,
#: chosen by relevance (see :meth:`SceneBuilder.context`), so the answer dominates.
CONTEXT_MAX = 8
#: The most ``--context-max`` may ask for.
CONTEXT_LIMIT = 150


def edge_label(ag: AgreementOnDate, carries: bool) -> str:
    """The short label on a flow: its kind and a date; its status when not in force.

    Example:
        >>> from graphkit.questions.results import AgreementOnDate
        >>> ag = AgreementOnDate("x", "X", "mou", "2020-01-01", None, None, "rescinded",
        ...                      "2021-03-01", None, [])
        >>> edge_label(ag, True), edge_label(ag, False)
        ('MOU · 2020-01-01', 'MOU · rescinded 2021-03-01')
        >>> edge_label(AgreementOnDate("d", "D", "directive", None, None, None, "active",
        ...                            "2025-06-15~", None, []), True)
        'directive · mid-June 2025'
    """
    from graphkit.model.dates import date_phrase  # "mid-June 2025", not "2025-06-15~"

    kind = short_kind(ag.kind)
    if not carries:
        since = f" {date_phrase(ag.status_since)}" if ag.status_since else ""
        return f"{kind} · {ag.status}{since}"
    date = ag.signed or ag.effective_from or ag.status_since
    return f"{kind} · {date_phrase(date)}" if date else kind


class SceneBuilder:
    def __init__(self) -> None:
        self.nodes: dict[str, VizNode] = {}
        self.edges: dict[str, VizEdge] = {}
        self.notes = Citations()
        self.flow_keys: set[tuple[str, str, str]] = set()
        self.asked: set[str] = set()  # the datasets the answer moves (for context relevance)

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
        dates = words.agreement_dates(ag)
        if dates:
            details.append(dates)
        status = words.agreement_status(ag)
        if not carries:
            status += " (not in force on this date: carries no data)"
        details.append(f"status: {status}")
        if ag.evidence:
            details.append(words.evidence_line(ag))
        if ag.status_note:
            details.append(f"note: {ag.status_note}")
        if via_names:
            details.append("via " + ", ".join(via_names))
        if moves:
            details.append("moves " + ", ".join(moves))
        cites = self.notes.number(ag.sources)
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
                    evidence=ag.evidence if carries else None,
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
        self.asked.update(d.id for d in hop.datasets)
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
            dates=words.agreement_dates(ag),
            status=words.agreement_status(ag),
            carries=True,
            note=ag.status_note,
            moves=moves,
            cites=self.edges[edges[0]].cites,
            evidence=words.agreement_evidence(ag),
            confidence=ag.confidence,
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
            self.asked.add(moved.id)
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
        grade = words.grade(path)
        return TextPath(number, hops, derivation, held, _unique(nodes), _unique(edges), grade)

    def reported(self, answer: Any) -> list[TextReported]:
        """The answer's blocked, uncertain and undated agreements, for the text version."""
        out = []
        sections = (
            ("blocked", answer.blocked),
            ("uncertain", getattr(answer, "uncertain", [])),
            ("undated", answer.undated),
        )
        for section, items in sections:
            for item in items:
                ag = item.agreement
                out.append(
                    TextReported(
                        section,
                        ag.name,
                        ag.id,
                        words.ends_line(item),
                        words.standing(ag),
                        ag.status_note,
                        [d.name for d in item.datasets],
                        self.notes.number(ag.sources),
                    )
                )
        return out

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

    def relevant(self, view: GraphView, limit: int) -> tuple[list[str], int]:
        """The view's nodes most relevant to the answer, at most ``limit``, and how many
        others are left out. First neighbours of the answer come first: those linked to
        more than one of its nodes, then those linked by an agreement moving a dataset the
        answer moves, then by their number of links to it (ties by id: deterministic).
        Nodes further out follow only while there is room, nearest first."""
        attached = set(self.nodes)
        extra = {n.id for n in view.nodes if n.id not in attached}
        chosen: list[str] = []
        first = True
        while len(chosen) < limit:
            touches: dict[str, set[str]] = defaultdict(set)
            links: dict[str, int] = defaultdict(int)
            moving: set[str] = set()
            for edge in view.edges:
                for here, there in ((edge.source, edge.target), (edge.target, edge.source)):
                    if here in extra and there in attached:
                        touches[here].add(there)
                        links[here] += 1
                        if self.asked.intersection(edge.datasets):
                            moving.add(here)
            if not touches:
                break
            ring = sorted(
                touches,
                key=lambda n: (
                    first and len(touches[n]) < 2,
                    first and n not in moving,
                    -links[n],
                    n,
                ),
            )[: limit - len(chosen)]
            chosen += ring
            attached.update(ring)
            extra.difference_update(ring)
            first = False
        return chosen, len(extra)

    def context(self, view: GraphView, limit: int = CONTEXT_MAX) -> int:
        """Add a view's nodes and edges around the answer, faded: at most ``limit`` nodes,
        the most relevant (see :meth:`relevant`). Returns how many were left out."""
        self.notes.add_sources(view.sources)
        drawn = set(self.nodes)
        keep_ids, dropped = self.relevant(view, limit)
        keep_set = set(keep_ids)
        extra = [n for n in view.nodes if n.id in keep_set]
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
                shown_node.cites = self.notes.number(item.sources)
        return dropped

    def scene(self, **kwargs: Any) -> Scene:
        return Scene(
            nodes=self.nodes,
            edges=list(self.edges.values()),
            notes=listed_notes(self.notes),
            **kwargs,
        )


def _rank(role: str) -> int:
    return {"context": 0, "path": 1, "subject": 2}.get(role, 0)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
