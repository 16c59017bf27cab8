"""How ``diff`` and ``timeline`` print for people, and their rows (CSV, JSON Lines)."""

from __future__ import annotations

from typing import Any

from graphkit.present.citations import Citations
from graphkit.present.registry import rows_of, text_of
from graphkit.present.words import named as name
from graphkit.questions.changes import DiffResult, TimelineResult


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


@text_of(DiffResult)
def render_diff(result: DiffResult) -> str:
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


@text_of(TimelineResult)
def render_timeline(result: TimelineResult) -> str:
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


#: The columns of diff and timeline rows (CSV, JSON Lines): one row per change and cause.
COLUMNS = (
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
)


def _rows(date: str, change: Any, causes: list[Any]) -> list[dict[str, Any]]:
    base = {
        "date": date,
        "party_id": change.party.id,
        "party": change.party.name,
        "dataset_id": change.dataset.id,
        "dataset": change.dataset.name,
        "change": change.change,
        "before": change.before,
        "after": change.after,
    }
    if not causes:
        return [{**base, "agreement_id": None, "event": None, "event_date": None, "sources": []}]
    return [
        {
            **base,
            "agreement_id": c.agreement.id,
            "event": c.status,
            "event_date": c.date,
            "sources": list(c.sources),
        }
        for c in causes
    ]


@rows_of(DiffResult, columns=COLUMNS)
def diff_rows(result: DiffResult) -> list[dict[str, Any]]:
    """The rows of a diff: one per change and cause, dated at the later date."""
    return [row for c in result.changes for row in _rows(result.to_date, c, c.causes)]


@rows_of(TimelineResult, columns=COLUMNS)
def timeline_rows(result: TimelineResult) -> list[dict[str, Any]]:
    """The rows of a timeline: one per change and cause at each step."""
    out = []
    for step in result.steps:
        for change in (*step.gained, *step.lost, *step.changed):
            out += _rows(step.date, change, step.causes)
    return out
