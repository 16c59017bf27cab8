"""How ``diff`` and ``timeline`` print for people."""

from __future__ import annotations

from typing import Any

from graphkit.cli.render import _Notes, name


def _cause_lines(causes: list[Any], notes: _Notes, indent: str) -> list[str]:
    lines = []
    for cause in causes:
        cite = notes.cite(cause.sources)
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
    notes = _Notes(result.sources)
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
    return "\n".join(lines + notes.render())


def render_timeline(result: Any) -> str:
    notes = _Notes(result.sources)
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
    return "\n".join(lines + notes.render())
