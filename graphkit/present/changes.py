"""How ``diff`` and ``timeline`` print for people, and as CSV rows."""

from __future__ import annotations

import csv
import io
from typing import Any

from graphkit.present.citations import Citations
from graphkit.present.words import named as name
from graphkit.text import spreadsheet_row


def _cause_lines(causes: list[Any], notes: Citations, indent: str) -> list[str]:
    lines = []
    for cause in causes:
        cite = notes.marks(cause.sources)
        lines.append(
            f"{indent}{cause.date}  {cause.agreement.name} ({cause.agreement.id}): "
            f"{cause.status.replace('_', ' ')} {cite}".rstrip()
        )
        if cause.note:
            lines.append(f"{indent}  note: {cause.note}")
    return lines


def _change_line(change: Any) -> str:
    what = {"gained": "can now obtain", "lost": "can no longer obtain"}.get(change.change)
    if what:
        grade = f" ({change.after or change.before})"
        return f"{name(change.party)} {what} {name(change.dataset)}{grade}"
    return (
        f"{name(change.party)}, {name(change.dataset)}: {change.change} "
        f"{change.before} → {change.after}"
    )


def render_diff(result: Any) -> str:
    notes = Citations(result.sources)
    subject = result.question.subject
    about = f" about {name(subject[0])}" if subject else ""
    lines = [
        f"What changed{about} between {result.from_date} and {result.to_date}",
        f"{result.question.backend} backend · {result.question.data}",
        "",
    ]
    if not result.changes:
        lines.append("Nothing changed in who can obtain what.")
    for change in result.changes:
        lines.append(f"- {_change_line(change)}")
        if change.causes:
            lines.append("  because:")
            lines += _cause_lines(change.causes, notes, "    ")
        else:
            lines.append("  (no dated event between the dates explains it on its own)")
    return "\n".join(lines + notes.source_lines())


def render_timeline(result: Any) -> str:
    notes = Citations(result.sources)
    lines = [
        f"Timeline of {name(result.subject)}",
        f"{result.question.backend} backend · {result.question.data}",
        "",
    ]
    if not result.steps:
        lines.append("No dated event.")
    for step in result.steps:
        lines.append(step.date)
        lines += _cause_lines(step.causes, notes, "  ")
        for change in (*step.gained, *step.lost, *step.changed):
            lines.append(f"  → {_change_line(change)}")
        if result.subject.kind != "agreement" and not (step.gained or step.lost or step.changed):
            lines.append("  → no change in who can obtain what")
    return "\n".join(lines + notes.source_lines())


CSV_COLUMNS = [
    "date",
    "party_id",
    "party",
    "dataset_id",
    "dataset",
    "change",
    "before",
    "after",
    "agreement_id",
    "event",
    "event_date",
    "sources",
]


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(spreadsheet_row(row) for row in rows)
    return out.getvalue()


def _rows(date: str, change: Any, causes: list[Any]) -> list[dict[str, Any]]:
    base = {
        "date": date,
        "party_id": change.party.id,
        "party": change.party.name,
        "dataset_id": change.dataset.id,
        "dataset": change.dataset.name,
        "change": change.change,
        "before": change.before or "",
        "after": change.after or "",
    }
    if not causes:
        return [{**base, "agreement_id": "", "event": "", "event_date": "", "sources": ""}]
    return [
        {
            **base,
            "agreement_id": c.agreement.id,
            "event": c.status,
            "event_date": c.date,
            "sources": " ".join(c.sources),
        }
        for c in causes
    ]


def diff_rows(result: Any) -> list[dict[str, Any]]:
    """The CSV rows of a diff: one per change and cause, dated at the later date."""
    return [row for c in result.changes for row in _rows(result.to_date, c, c.causes)]


def timeline_rows(result: Any) -> list[dict[str, Any]]:
    """The CSV rows of a timeline: one per change and cause at each step."""
    out = []
    for step in result.steps:
        for change in (*step.gained, *step.lost, *step.changed):
            out += _rows(step.date, change, step.causes)
    return out
