"""Readable text for people: how each answer prints without ``--json``."""

from __future__ import annotations

from typing import Any

from graphkit.cli.output import table
from graphkit.questions.results import (
    PathResult,
    PathsResult,
    ReachableResult,
    ReachResult,
    Ref,
    SearchHit,
    ShowResult,
    Stats,
)
from graphkit.text import Citations, empty_answer, source_line


class _Notes(Citations):
    """Citations as the terminal shows them: ``[1][2]`` marks, a Sources list at the end."""

    def cite(self, ids: list[str]) -> str:
        return "".join(f"[{n}]" for n in self.number(ids))

    def render(self) -> list[str]:
        if not self.order:
            return []
        lines = ["", "Sources"]
        lines += [f"[{n}] {source_line(record)}" for n, _ident, record in self.cited()]
        return lines


def name(ref: Ref) -> str:
    return f"{ref.name} ({ref.id})"


def _path_lines(path: PathResult, notes: _Notes, indent: str) -> list[str]:
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
        dates = ag.dates_text()
        kind = ag.kind.replace("_", " ")
        lines.append(
            f"{indent}  agreement: {ag.name} ({ag.id}), {kind}" + (f", {dates}" if dates else "")
        )
        lines.append(f"{indent}  status: {ag.status_text()} {notes.cite(ag.sources)}".rstrip())
        lines.append(f"{indent}  evidence: {ag.evidence_text()}; confidence: {ag.confidence}")
        if ag.status_note:
            lines.append(f"{indent}  note: {ag.status_note}")
        if hop.datasets:
            lines.append(f"{indent}  moves: {', '.join(d.name for d in hop.datasets)}")
    return lines


def _header(question: Any) -> str:
    line = (
        f"as of {question.as_of} · {question.backend} backend · up to {question.max_hops} "
        f"hops · up to {question.max_paths} paths each"
    )
    if question.evidence != "any" or question.min_confidence != "unconfirmed":
        line += (
            f"\nshowing: evidence at least {question.evidence}, "
            f"confidence at least {question.min_confidence}"
        )
    return f"{line}\n{question.data}" if question.data else line


def _grade(item: Any) -> str:
    return f"{item.evidence}, {item.confidence}"


def _reported(result: Any, notes: _Notes, what: str) -> list[str]:
    """The agreements that would carry data but do not on the date, those whose date is
    uncertain, then those with no date."""
    lines: list[str] = []
    sections = (
        (result.blocked, f"Blocked on this date (would {what}, but do not carry on it):"),
        (
            result.uncertain,
            f"Uncertain on this date (would {what}; the sources date it only roughly):",
        ),
        (result.undated, f"Reported, date unknown (would {what}; no source says if on this date):"),
    )
    for items, title in sections:
        if not items:
            continue
        lines += ["", title]
        for item in items:
            ag = item.agreement
            ends = f"{', '.join(s.name for s in item.source)} → "
            ends += ", ".join(r.name for r in item.target)
            state = ag.status_text()
            lines.append(f"  {ag.name} ({ag.id}): {ends}")
            lines.append(f"    {state} {notes.cite(ag.sources)}; confidence: {ag.confidence}")
            if ag.status_note:
                lines.append(f"    note: {ag.status_note}")
            if item.datasets:
                lines.append(f"    moves: {', '.join(d.name for d in item.datasets)}")
    return lines


def render_reach(result: ReachResult) -> str:
    notes = _Notes(result.sources)
    lines = [
        f"Who can obtain {name(result.dataset)}",
        _header(result.question),
        f"Custodian: {name(result.custodian)}",
        "",
    ]
    if not result.results:
        lines.append(empty_answer(result, "No party other than the custodian can obtain it"))
    for number, item in enumerate(result.results, start=1):
        count = len(item.paths)
        more = " (more not shown)" if item.more_paths else ""
        lines.append(
            f"{number}. {name(item.party)}, {item.party.kind}: "
            f"{count} path{'s' if count != 1 else ''}{more} · {_grade(item)}"
        )
        for p, path in enumerate(item.paths, start=1):
            lines.append(f"   path {p} ({_grade(path)}):")
            lines += _path_lines(path, notes, "     ")
    lines += _reported(result, notes, "carry it")
    return "\n".join(lines + notes.render())


def render_reachable(result: ReachableResult) -> str:
    notes = _Notes(result.sources)
    members = [p for p in result.parties if p.id != result.party.id]
    lines = [f"What {name(result.party)} can obtain", _header(result.question)]
    if members:
        lines.append("Counting its components: " + ", ".join(m.name for m in members))
    if result.holds:
        lines.append("Holds as custodian: " + ", ".join(name(d) for d in result.holds))
    lines.append("")
    if not result.results:
        lines.append(empty_answer(result, "No dataset reaches it through agreements"))
    for number, item in enumerate(result.results, start=1):
        more = " (more paths not shown)" if item.more_paths else ""
        lines.append(
            f"{number}. {name(item.dataset)}, held by {item.custodian.name}{more} · {_grade(item)}"
        )
        for p, path in enumerate(item.paths, start=1):
            lines.append(f"   path {p} ({_grade(path)}):")
            lines += _path_lines(path, notes, "     ")
    lines += _reported(result, notes, "bring data to it")
    return "\n".join(lines + notes.render())


def render_paths(result: PathsResult) -> str:
    notes = _Notes(result.sources)
    lines = [
        f"How data flows from {name(result.source)} to {name(result.target)}",
        _header(result.question),
        "",
    ]
    if not result.paths:
        lines.append(empty_answer(result, "No chain of agreements carries data between them"))
    for p, path in enumerate(result.paths, start=1):
        lines.append(f"path {p} ({_grade(path)}):")
        lines += _path_lines(path, notes, "  ")
    if result.more_paths:
        lines.append("(more paths not shown: raise --max-paths)")
    lines += _reported(result, notes, "connect them")
    return "\n".join(lines + notes.render())


def render_show(shown: ShowResult) -> str:
    record = shown.record
    names = shown.names
    ref = shown.entity
    notes = _Notes(shown.sources)

    def label(ident: str) -> str:
        return f"{names.get(ident, ident)} ({ident})"

    lines = [f"{record['name']} ({ref.id}), {ref.kind}: {record.get('kind', '')}".rstrip(": ")]
    if record.get("aliases"):
        lines.append("Also known as: " + "; ".join(record["aliases"]))
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
    lines.append(f"Confidence: {record['confidence']} {notes.cite(record['sources'])}")
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
            lines.append(f"  {event.date}  {event.status}{by}{note} {notes.cite(event.sources)}")
        for key in ("last_evidenced", "term_end"):
            if record.get(key):
                item = record[key]
                note = f": {item['note']}" if item.get("note") else ""
                head = f"{key.replace('_', ' ').capitalize()}: {item['date']}"
                lines.append(f"{head}{note} [{item['confidence']}] {notes.cite(item['sources'])}")
        if shown.status_on:
            lines.append(f"Status on {shown.status_on.as_of}: {shown.status_on.text()}")
        if record.get("amounts"):
            lines.append("Amounts (each as reported by its source):")
            for amount in record["amounts"]:
                note = f" ({amount['note']})" if amount.get("note") else ""
                lines.append(
                    f"  {amount['kind']}: {amount['value']:,.0f} {amount['currency']}"
                    f"{note} [{amount['confidence']}] {notes.cite(amount['sources'])}"
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
                f"[{claim['confidence']}] {notes.cite(claim['sources'])}"
            )
    if shown.related:
        lines.append("")
        lines.append("Linked to:")
        for item in shown.related:
            lines.append(f"  {item.kind}: {name(item)}")
    if shown.origin:
        origin = shown.origin
        lines.append(f"Defined in {origin['file']}:{origin['line']}")
    return "\n".join(lines + notes.render())


def render_search(hits: list[SearchHit]) -> str:
    if not hits:
        return "No match."
    return table(
        [[h.id, h.kind, h.name, h.matched or ""] for h in hits],
        ["id", "kind", "name", "matched alias"],
        [40, 10, 50, 30],
    )


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
