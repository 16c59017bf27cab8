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
    undated = "reported, date unknown"
    if what:
        grade = f" ({change.after or change.before})"
        if change.change == "lost":
            grade = f" ({change.before})"
            if change.after == undated:
                grade += "; still reported with no date by another agreement"
        elif change.before == undated:
            grade += f"; before: {undated}"
        return f"{name(change.party)} {what} {name(change.dataset)}{grade}"
    if change.change == "ended":
        stop = change.causes[-1] if change.causes else None
        to = f"{stop.status.replace('_', ' ')} {stop.date}" if stop else "stopped"
        return f"{name(change.party)}, {name(change.dataset)}: {undated} → {to}"
    if change.change == "reported":
        return f"{name(change.party)}, {name(change.dataset)}: from now on {undated}"
    return (
        f"{name(change.party)}, {name(change.dataset)}: {change.change} "
        f"{change.before} → {change.after}"
    )


def _dated_word(change: Any) -> str:
    """``gained 2025-04-07 under X (x)``, ``lost 2025-11-21 (enjoined)``..."""
    statuses = ", ".join(dict.fromkeys(c.status.replace("_", " ") for c in change.causes))
    if change.change == "gained":
        under = ", ".join(dict.fromkeys(name(c.agreement) for c in change.causes))
        return f"gained {change.date}" + (f" under {under}" if under else "")
    if change.change in ("evidence", "confidence"):
        word = f"{change.change} {change.before} → {change.after} on {change.date}"
        return word + (f" ({statuses})" if statuses else "")
    return f"{change.change} {change.date}" + (f" ({statuses})" if statuses else "")


def _within_lines(result: Any, notes: _Notes) -> list[str]:
    """The changes inside the window, one paragraph per (party, dataset), dated events."""
    pairs: dict[tuple[str, str], list[Any]] = {}
    for change in result.within:
        pairs.setdefault((change.party.id, change.dataset.id), []).append(change)
    lines = []
    for dated in pairs.values():
        first = dated[0]
        words = ", ".join(_dated_word(c) for c in dated)
        lines.append(f"- {name(first.party)}, {name(first.dataset)}: {words}")
        seen: list[Any] = []
        for change in dated:
            seen += [c for c in change.causes if c not in seen]
        lines += _cause_lines(seen, notes, "    ")
    return lines


def render_diff(result: Any) -> str:
    notes = _Notes(result.sources)
    subject = result.question.subject
    about = f" about {name(subject[0])}" if subject else ""
    lines = [
        f"What changed{about} between {result.from_date} and {result.to_date}",
        f"{result.question.backend} backend · {result.question.data}",
        "",
    ]
    ends = f"On {result.to_date} compared with {result.from_date}"
    if not result.changes and not result.within:
        lines.append(
            "Nothing changed in who can obtain what: not at the two ends, not inside the window."
        )
    elif not result.changes:
        lines.append(f"{ends}: nothing differs in who can obtain what.")
    else:
        lines.append(f"{ends}:")
    for change in result.changes:
        lines.append(f"- {_change_line(change)}")
        if change.causes:
            lines.append("  because:")
            lines += _cause_lines(change.causes, notes, "    ")
        else:
            lines.append("  (no dated event between the dates explains it on its own)")
    if result.within:
        but = "But inside the window" if not result.changes else "Inside the window"
        lines += ["", f"{but}, date by date (after {result.from_date}, to {result.to_date}):"]
        lines += _within_lines(result, notes)
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
