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
import json
from typing import Any

from graphkit.present import header_words, words
from graphkit.questions.results import (
    GraphView,
    PathsResult,
    ReachableResult,
    ReachResult,
    Ref,
)
from graphkit.questions.shapes import json_default
from graphkit.viz.model import (
    LINK_LABEL,
    Scene,
    TextGroup,
    TextRow,
    short_kind,
)
from graphkit.viz.scene import CONTEXT_MAX, SceneBuilder

TITLE_NAME = 120


def label(ref: Ref) -> str:
    """``Name (id)``, the name cut to a readable length for headings."""
    return words.named(ref, TITLE_NAME)


def content_hash(*answers: Any) -> str:
    """A short hash of what the page shows: the same answer gives the same hash on any backend."""
    digest = hashlib.sha1()
    for answer in answers:
        if answer is None:
            continue
        # The text of ``answer.to_dict()``, written straight from the answer (asked on
        # every date of a page: building the dicts first took a fifth of its time).
        data = dict(answer) if isinstance(answer, dict) else json_default(answer)
        asked = data.get("question") or {}
        question = dict(asked) if isinstance(asked, dict) else json_default(asked)
        question.pop("backend", None)
        question.pop("data", None)
        data["question"] = question
        digest.update(json.dumps(data, sort_keys=True, default=json_default).encode())
    return digest.hexdigest()[:12]


def _answer(question: str, names: list[str], result: Any) -> str:
    """The header's one-line answer; an empty answer says what :func:`words.empty_answer`
    says. For reach, the parties only a published permission lets obtain it (declared)
    are counted apart from the flows."""
    declared: list[str] = []
    if question == "reach":
        flows = {item.party.id for item in result.results}
        names = [item.party.name for item in result.results]
        declared = [i.party.name for i in result.declared if i.party.id not in flows]
    if not names and not declared:
        return words.empty_answer(result, words.EMPTY[question])
    cut = [words.clip(n, 40) for n in names]
    return header_words.answer_line(
        question, cut, len(result.blocked), [words.clip(n, 40) for n in declared]
    )


def scene_from_reach(
    result: ReachResult,
    context: GraphView | None = None,
    context_max: int = CONTEXT_MAX,
) -> Scene:
    """The parties that can obtain a dataset, their paths drawn left to right from it."""
    b = SceneBuilder()
    b.notes.add_sources(result.sources)
    b.node(result.dataset, "subject")
    b.node(result.custodian, "path")
    b.link(result.custodian.id, result.dataset.id, "CUSTODIAN_OF", True)
    groups = []
    for item in result.everyone():
        paths = [b.path(n, p, result.dataset, item.party) for n, p in enumerate(item.paths, 1)]
        groups.append(
            TextGroup(
                heading=item.party.name,
                ident=item.party.id,
                detail=f"{item.party.kind}: {words.count_paths(len(item.paths))} · "
                f"{words.grade(item)}",
                paths=paths,
                more_paths=item.more_paths,
            )
        )
    dropped = b.context(context, context_max) if context is not None else 0
    q = result.question
    return b.scene(
        view="reach",
        title=words.title("reach", label(result.dataset)),
        subject_ids=[result.dataset.id],
        subject_line=words.custodian_line(label(result.custodian)),
        as_of=q.as_of,
        backend=q.backend,
        data=q.data,
        limits=words.limits(q),
        layout="layered",
        roots=[result.dataset.id],
        groups=groups,
        reported=b.reported(result),
        empty=None if groups else words.empty_answer(result, words.EMPTY["reach"]),
        answer=_answer("reach", [g.heading for g in groups], result),
        content_hash=content_hash(result, context),
        context_dropped=dropped,
    )


def scene_from_reachable(
    result: ReachableResult,
    context: GraphView | None = None,
    context_max: int = CONTEXT_MAX,
) -> Scene:
    """The datasets a party can obtain, each drawn from its custodian to the party."""
    b = SceneBuilder()
    b.notes.add_sources(result.sources)
    for ref in result.parties:
        b.node(ref, "subject" if ref.id == result.party.id else "path")
    groups = []
    roots = []
    for item in result.everyone():
        b.node(item.dataset, "path")
        roots.append(item.dataset.id)
        paths = [b.path(n, p, item.dataset, None) for n, p in enumerate(item.paths, 1)]
        for path in paths:
            path.nodes.insert(0, item.dataset.id)
        groups.append(
            TextGroup(
                heading=item.dataset.name,
                ident=item.dataset.id,
                detail=f"held by {label(item.custodian)} · {words.grade(item)}",
                paths=paths,
                more_paths=item.more_paths,
            )
        )
    dropped = b.context(context, context_max) if context is not None else 0
    members = [p for p in result.parties if p.id != result.party.id]
    line = words.components_line([label(m) for m in members]) if members else ""
    if result.holds:
        held = words.holds_line([label(d) for d in result.holds])
        line = f"{line}. {held}" if line else held
    q = result.question
    return b.scene(
        view="reachable",
        title=words.title("reachable", label(result.party)),
        subject_ids=[result.party.id],
        subject_line=line,
        as_of=q.as_of,
        backend=q.backend,
        data=q.data,
        limits=words.limits(q),
        layout="layered",
        roots=roots or [result.party.id],
        groups=groups,
        reported=b.reported(result),
        empty=None if groups else words.empty_answer(result, words.EMPTY["reachable"]),
        answer=_answer("reachable", [g.heading for g in groups], result),
        content_hash=content_hash(result, context),
        context_dropped=dropped,
    )


def scene_from_paths(
    result: PathsResult,
    context: GraphView | None = None,
    context_max: int = CONTEXT_MAX,
) -> Scene:
    """Every chain of agreements from one party to another, drawn left to right."""
    b = SceneBuilder()
    b.notes.add_sources(result.sources)
    b.node(result.source, "subject")
    b.node(result.target, "subject")
    chains = result.every_path()
    paths = [b.path(n, p, None, None) for n, p in enumerate(chains, 1)]
    for shown, chain in zip(paths, chains, strict=True):
        shown.carries = chain.carries_text()
    groups = []
    if paths:
        groups.append(
            TextGroup(
                heading=f"{result.source.name} → {result.target.name}",
                ident=f"{result.source.id} → {result.target.id}",
                detail=words.count_paths(len(paths)),
                paths=paths,
                more_paths=result.more_paths,
            )
        )
    dropped = b.context(context, context_max) if context is not None else 0
    q = result.question
    dataset = [s for s in q.subject if s.kind == "dataset"]
    return b.scene(
        view="path",
        title=words.title("path", label(result.source), label(result.target)),
        subject_ids=[result.source.id, result.target.id],
        subject_line=f"Only chains carrying {label(dataset[0])}" if dataset else "",
        as_of=q.as_of,
        backend=q.backend,
        data=q.data,
        limits=words.limits(q, each=False),
        layout="layered",
        roots=[result.source.id],
        groups=groups,
        reported=b.reported(result),
        empty=None if paths else words.empty_answer(result, words.EMPTY["path"]),
        answer=_answer("path", [str(p.number) for p in paths], result),
        content_hash=content_hash(result, context),
        context_dropped=dropped,
    )


def scene_from_view(view: GraphView) -> Scene:
    """A neighbourhood (``ego``) or the whole graph (``all``): every link, as a table too."""
    b = SceneBuilder()
    b.notes.add_sources(view.sources)
    subject = {s.id for s in view.question.subject}
    for item in view.nodes:
        node = b.node(
            Ref(item.id, item.name, item.kind), "subject" if item.id in subject else "path"
        )
        node.subkind = item.subkind
    b.view_edges(view, on_path=True)
    for item in view.nodes:
        b.nodes[item.id].cites = b.notes.number(item.sources)
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
            status, carries, ag_id = words.agreement_status(ag), edge.carries, ag.id
            cites = b.notes.number(ag.sources)
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
        title = words.title("ego", label(center), depth=q.max_hops)
        kind, roots, layout = "ego", [center.id], "radial"
    else:
        title, kind, roots, layout = words.title("all"), "all", [], "force"
    flows = sum(1 for e in view.edges if e.agreement is not None)
    stopped = [e.agreement.status for e in view.edges if e.agreement and not e.carries]
    unsure = sum(1 for status in stopped if status in ("undated", "uncertain"))
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
        empty=None if view.nodes else words.NOTHING_TO_DRAW,
        answer=header_words.links_line(flows - len(stopped), len(stopped) - unsure, unsure),
        content_hash=content_hash(view),
    )


def scene_for(
    answer: Any, context: GraphView | None = None, context_max: int = CONTEXT_MAX
) -> Scene:
    """The scene of any answer: reach, reachable, path, or a view (ego or all); around an
    answer, at most ``context_max`` nodes of ``context``, faded."""
    if isinstance(answer, ReachResult):
        return scene_from_reach(answer, context, context_max)
    if isinstance(answer, ReachableResult):
        return scene_from_reachable(answer, context, context_max)
    if isinstance(answer, PathsResult):
        return scene_from_paths(answer, context, context_max)
    if isinstance(answer, GraphView):
        return scene_from_view(answer)
    raise TypeError(f"cannot draw a {type(answer).__name__}")
