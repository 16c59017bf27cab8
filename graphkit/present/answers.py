"""Readable text for people: how each answer prints without ``--json``.

The words come from :mod:`graphkit.present.words`, the citation numbers from
:class:`~graphkit.present.citations.Citations`; each renderer is registered as the text
format of its answer type (:mod:`graphkit.present.formats`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphkit.model.registry import replaced
from graphkit.present import words
from graphkit.present.citations import Citations
from graphkit.present.registry import text_of
from graphkit.present.source_words import source_line
from graphkit.present.table import table
from graphkit.present.words import named as name
from graphkit.questions.results import (
    PathResult,
    PathsResult,
    ReachableResult,
    ReachResult,
    SearchHit,
    ShowResult,
    Stats,
)


def _path_lines(path: PathResult, notes: Citations, indent: str) -> list[str]:
    lines = []
    if path.derivation:
        chain = " → ".join(d.name for d in path.derivation)
        lines.append(f"{indent}derived: {chain}")
    if not path.hops and path.dataset is not None:
        lines.append(f"{indent}holds {name(path.dataset)}, derived from the dataset asked about")
    for hop in path.hops:
        ag = hop.agreement
        via = f" via {', '.join(v.name for v in hop.via)}" if hop.via else ""
        lines.append(f"{indent}{hop.source.name} → {hop.target.name}{via}")
        dates = words.agreement_dates(ag)
        kind = words.agreement_label(ag)
        lines.append(
            f"{indent}  agreement: {ag.name} ({ag.id}), {kind}" + (f", {dates}" if dates else "")
        )
        status = words.agreement_status(ag)
        lines.append(f"{indent}  status: {status} {notes.marks(ag.sources)}".rstrip())
        lines.append(f"{indent}  {words.evidence_line(ag)}")
        if ag.status_note:
            lines.append(f"{indent}  note: {ag.status_note}")
        if hop.datasets:
            lines.append(f"{indent}  moves: {', '.join(d.name for d in hop.datasets)}")
    return lines


def _header(question: Any) -> str:
    line = f"as of {question.as_of} · {question.backend} backend · {words.limits(question)}"
    if getattr(question, "only", None):
        line += (
            f"\nshowing: only evidence {question.only}, "
            f"confidence at least {question.min_confidence}"
        )
    elif question.evidence != "any" or question.min_confidence != "unconfirmed":
        line += (
            f"\nshowing: evidence at least {question.evidence}, "
            f"confidence at least {question.min_confidence}"
        )
    return f"{line}\n{question.data}" if question.data else line


def _reported(result: Any, notes: Citations, question: str) -> list[str]:
    """The agreements that would carry data but do not on the date, those whose date is
    uncertain, then those with no date."""
    lines: list[str] = []
    sections = (
        (result.blocked, words.blocked_heading(question)),
        (result.uncertain, words.uncertain_heading(question)),
        (result.undated, words.undated_heading(question)),
    )
    for items, title in sections:
        if not items:
            continue
        lines += ["", title]
        for item in items:
            ag = item.agreement
            lines.append(f"  {ag.name} ({ag.id}): {words.ends_line(item)}")
            lines.append(f"    {words.standing(ag, notes.marks(ag.sources))}")
            if replaced(ag.status):
                lines.append(f"    {words.SUPERSEDED_BLOCK}")
            if ag.status_note:
                lines.append(f"    note: {ag.status_note}")
            if item.datasets:
                lines.append(f"    moves: {', '.join(d.name for d in item.datasets)}")
    return lines


def _numbered(items: list[Any], notes: Citations, head: Callable[[Any], str]) -> list[str]:
    """Each party (reach) or dataset (reachable), numbered, ``head`` its line, its paths."""
    lines = []
    for number, item in enumerate(items, start=1):
        lines.append(f"{number}. {head(item)}")
        for p, path in enumerate(item.paths, start=1):
            lines.append(f"   path {p} ({words.grade(path)}):")
            lines += _path_lines(path, notes, "     ")
    return lines


def _heading_over(items: list[Any]) -> str:
    return words.declared_heading([p for item in items for p in item.paths])


def _party_head(item: Any) -> str:
    more = " (more not shown)" if item.more_paths else ""
    paths = words.count_paths(len(item.paths))
    return f"{name(item.party)}, {item.party.kind}: {paths}{more} · {words.grade(item)}"


def _dataset_head(item: Any) -> str:
    more = " (more paths not shown)" if item.more_paths else ""
    return f"{name(item.dataset)}, held by {item.custodian.name}{more} · {words.grade(item)}"


@text_of(ReachResult)
def render_reach(result: ReachResult) -> str:
    notes = Citations(result.sources)
    lines = [
        words.title("reach", name(result.dataset)),
        _header(result.question),
        words.custodian_line(name(result.custodian)),
        "",
    ]
    declared = result.declared or result.standard_uses
    if not result.results and not (declared and result.question.only == "declared"):
        lines.append(words.empty_answer(result, words.EMPTY["reach"]))
    lines += _numbered(result.results, notes, _party_head)
    if declared:
        lines += [""] * (lines[-1] != "") + [_heading_over(result.declared)]
        lines += _numbered(result.declared, notes, _party_head)
    if result.standard_uses:
        lines.append(words.standard_uses_line(result.standard_uses))
    lines += _reported(result, notes, "reach")
    return "\n".join(lines + notes.source_lines())


@text_of(ReachableResult)
def render_reachable(result: ReachableResult) -> str:
    notes = Citations(result.sources)
    members = [p for p in result.parties if p.id != result.party.id]
    lines = [words.title("reachable", name(result.party)), _header(result.question)]
    if members:
        lines.append(words.components_line([m.name for m in members]))
    if result.holds:
        lines.append(words.holds_line([name(d) for d in result.holds]))
    lines.append("")
    declared = result.declared or result.standard_uses
    if not result.results and not (declared and result.question.only == "declared"):
        lines.append(words.empty_answer(result, words.EMPTY["reachable"]))
    lines += _numbered(result.results, notes, _dataset_head)
    if declared:
        lines += [""] * (lines[-1] != "") + [_heading_over(result.declared)]
        lines += _numbered(result.declared, notes, _dataset_head)
    if result.standard_uses:
        lines.append(words.standard_uses_line(result.standard_uses))
    lines += _reported(result, notes, "reachable")
    return "\n".join(lines + notes.source_lines())


def _chain_lines(paths: list[Any], notes: Citations, start: int = 1) -> list[str]:
    lines = []
    for p, path in enumerate(paths, start=start):
        lines.append(f"path {p} ({words.grade(path)}):")
        lines.append(f"  {path.carries_text()}")
        lines += _path_lines(path, notes, "  ")
    return lines


@text_of(PathsResult)
def render_paths(result: PathsResult) -> str:
    notes = Citations(result.sources)
    lines = [
        words.title("path", name(result.source), name(result.target)),
        _header(result.question),
        "",
    ]
    declared = result.declared or result.standard_uses
    if not result.paths and not (declared and result.question.only == "declared"):
        lines.append(words.empty_answer(result, words.EMPTY["path"]))
    lines += _chain_lines(result.paths, notes)
    if declared:
        lines += [""] * (lines[-1] != "") + [words.declared_heading(result.declared)]
        lines += _chain_lines(result.declared, notes, len(result.paths) + 1)
    if result.standard_uses:
        lines.append(words.standard_uses_line(result.standard_uses))
    if result.more_paths:
        lines.append("(more paths not shown: raise --max-paths)")
    lines += _reported(result, notes, "path")
    return "\n".join(lines + notes.source_lines())


def render_source(shown: ShowResult) -> str:
    """A source as ``show`` prints it: the source line, then every claim that cites it."""
    ref = shown.entity
    record = shown.record
    lines = [f"{record['title']} ({ref.id}), source", source_line(record)]
    if record.get("note"):
        lines.append(f"note: {record['note']}")
    if not shown.cited_by:
        lines += ["", "Cited by nothing in the graph."]
        return "\n".join(lines)
    count = sum(len(c["places"]) for c in shown.cited_by)
    records = len(shown.cited_by)
    times = f"{count} time{'s' if count != 1 else ''}"
    lines += ["", f"Cited {times}, by {records} record{'s' if records != 1 else ''}:"]
    for cited in shown.cited_by:
        who = cited["ref"]
        lines.append(f"- {who.name} ({who.id}), {who.kind}: {'; '.join(cited['places'])}")
    return "\n".join(lines)


def _system_lines(record: dict[str, Any]) -> list[str]:
    """What ``show`` says of a system of records (its number, who and what it covers) and
    of a routine use (its letter or number, its standard tag, its basis)."""
    lines = []
    if record.get("system_number"):
        lines.append(f"System of records: {record['system_number']}")
    for key, title in (("individuals", "Individuals covered"), ("record_sources", "Records from")):
        if record.get(key):
            lines.append(f"{title}: " + "; ".join(record[key]))
    use = record.get("routine_use")
    if use:
        standard = (
            f" (standard: {words.agreement_kind(use['standard'])})" if use.get("standard") else ""
        )
        quote = f': "{use["quote"]}"' if use.get("quote") else ""
        lines.append(f"Routine use: {use['number']}{standard}{quote}")
    if record.get("basis") == "declared":
        lines.append("Basis: declared (a published permission; no source shows data carried)")
    return lines


@text_of(ShowResult)
def render_show(shown: ShowResult) -> str:
    if shown.entity.kind == "source":
        return render_source(shown)
    record = shown.record
    names = shown.names
    ref = shown.entity
    notes = Citations(shown.sources)

    def label(ident: str) -> str:
        return f"{names.get(ident, ident)} ({ident})"

    lines = [f"{record['name']} ({ref.id}), {ref.kind}: {record.get('kind', '')}".rstrip(": ")]
    if record.get("aliases"):
        lines.append("Also known as: " + "; ".join(record["aliases"]))
    if record.get("identifiers"):
        lines.append(
            "Identifiers: "
            + "; ".join(
                f"{i['scheme']} {i['value']} {notes.marks(i['sources'])}"
                for i in record["identifiers"]
            )
        )
    if record.get("description"):
        lines.append(record["description"])
    for key in ("parent", "custodian", "jurisdiction"):
        if record.get(key):
            value = record[key]
            lines.append(f"{key.capitalize()}: {label(value) if key != 'jurisdiction' else value}")
    if record.get("derived_from"):
        lines.append("Derived from: " + ", ".join(label(d) for d in record["derived_from"]))
    if record.get("fields"):
        lines.append("Fields: " + ", ".join(record["fields"]))
    lines += _system_lines(record)
    lines.append(f"Confidence: {record['confidence']} {notes.marks(record['sources'])}")
    if ref.kind == "agreement":
        lines.append("")
        lines.append("Parties:")
        for party in record["parties"]:
            lines.append(f"  {party['role']}: {label(party['party'])}")
        if record.get("datasets"):
            lines.append("Datasets: " + ", ".join(label(d) for d in record["datasets"]))
        for key in ("signed", "effective_from", "effective_to"):
            if record.get(key):
                lines.append(f"{key.replace('_', ' ').capitalize()}: {record[key]}")
        lines.append("Status timeline:")
        for event in shown.timeline:
            by = f" by {label(event.by)}" if event.by else ""
            note = f": {event.note}" if event.note else ""
            status = words.status_words(event.status)
            lines.append(f"  {event.date}  {status}{by}{note} {notes.marks(event.sources)}")
        for key in ("last_evidenced", "term_end"):
            if record.get(key):
                item = record[key]
                note = f": {item['note']}" if item.get("note") else ""
                head = f"{key.replace('_', ' ').capitalize()}: {item['date']}"
                lines.append(f"{head}{note} [{item['confidence']}] {notes.marks(item['sources'])}")
        if shown.status_on:
            lines.append(
                f"Status on {shown.status_on.as_of}: {words.standing_text(shown.status_on)}"
            )
        if record.get("amounts"):
            lines.append("Amounts (each as reported by its source):")
            for amount in record["amounts"]:
                note = f" ({amount['note']})" if amount.get("note") else ""
                lines.append(
                    f"  {words.amount_words(amount['value'], amount['currency'], amount['kind'])}"
                    f"{note} [{amount['confidence']}] {notes.marks(amount['sources'])}"
                )
        terms = record.get("terms") or {}
        for key, value in terms.items():
            lines.append(f"{key.replace('_', ' ').capitalize()}: {value}")
    if record.get("claims"):
        lines.append("Claims (conflicting claims are listed side by side):")
        for claim in sorted(record["claims"], key=lambda c: c["field"]):
            as_of = f" as of {claim['as_of']}" if claim.get("as_of") else ""
            note = f" ({claim['note']})" if claim.get("note") else ""
            lines.append(
                f"  {claim['field']}: {claim['value']}{as_of}{note} "
                f"[{claim['confidence']}] {notes.marks(claim['sources'])}"
            )
    if shown.related:
        lines.append("")
        lines.append("Linked to:")
        for item in shown.related:
            lines.append(f"  {item.kind}: {name(item)}")
    if shown.origin:
        origin = shown.origin
        lines.append(f"Defined in {origin['file']}:{origin['line']}")
    return "\n".join(lines + notes.source_lines())


def render_search(hits: list[SearchHit]) -> str:
    if not hits:
        return "No match."
    return table(
        [[h.id, h.kind, h.name, h.matched or ""] for h in hits],
        ["id", "kind", "name", "matched alias"],
        [40, 10, 50, 30],
    )


@text_of(Stats)
def render_stats(stats: Stats) -> str:
    lines = [f"graphkit stats ({stats.backend} backend, as of {stats.as_of})", ""]
    lines.append(table([[k, str(v)] for k, v in stats.counts.items()], ["kind", "count"]))
    lines.append(f"\nflows (provider → recipient pairs): {stats.flows}")
    lines.append("")
    lines.append(
        table(
            [[k, str(v)] for k, v in stats.agreements_by_status.items()],
            ["agreement status on the date", "count"],
        )
    )
    evidence = stats.agreements_by_evidence
    lines.append(
        f"\nin force on {stats.as_of}: {evidence['evidenced']} evidenced, "
        f"{evidence['presumed']} presumed (no end reported since their last evidence), "
        f"{evidence['declared']} declared (a published permission, no transfer shown); "
        f"{evidence['uncertain']} uncertain on the date; "
        f"{evidence['undated']} reported with no date"
    )
    lines.append("")
    lines.append(
        table(
            [[k, str(v)] for k, v in stats.agreements_by_kind.items()],
            ["agreement kind", "count"],
        )
    )
    lines.append(f"\nclaims: {stats.claims}, without a source: {stats.claims_without_source}")
    if stats.date_range:
        lines.append(f"dates covered: {stats.date_range['first']} to {stats.date_range['last']}")
    for key, value in stats.to_dict().items():
        if key.startswith("load"):
            lines.append(f"{key.replace('_', ' ')}: {value}")
    return "\n".join(lines)
