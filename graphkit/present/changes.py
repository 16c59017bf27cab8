"""How ``diff`` and ``timeline`` print for people, and their rows (CSV, JSON Lines)."""

from __future__ import annotations

from typing import Any

from graphkit.model.dates import date_phrase
from graphkit.model.registry import STOPPING_STATUSES, replaced
from graphkit.present import words
from graphkit.present.citations import Citations
from graphkit.present.registry import rows_of, text_of
from graphkit.present.words import named as name
from graphkit.questions.changes import DiffResult, TimelineResult


def _cause_lines(causes: list[Any], notes: Citations, indent: str) -> list[str]:
    lines = []
    for cause in causes:
        cite = notes.marks(cause.sources)
        use = f", routine use {cause.routine_use}" if cause.routine_use else ""
        status = words.status_words(cause.status).replace("_", " ")
        lines.append(
            f"{indent}{cause.date}  {cause.agreement.name} ({cause.agreement.id}){use}: "
            f"{status} {cite}".rstrip()
        )
        if cause.note:
            lines.append(f"{indent}  note: {cause.note}")
    return lines


UNDATED = "reported, date unknown"
UNCERTAIN = "reported, date uncertain"


def _change_line(change: Any, causes: list[Any] | None = None) -> str:
    """One change in words; ``causes``: the events behind it (default: its own)."""
    what = {"gained": "can now obtain", "lost": "can no longer obtain"}.get(change.change)
    grade_of = change.after if change.change == "gained" else change.before
    if what and (grade_of or "").startswith("declared"):
        what = {"gained": "may now receive", "lost": "may no longer receive"}[change.change]
    if what:
        grade = f" ({change.after or change.before})"
        if change.change == "lost":
            grade = f" ({change.before})"
            if change.after == UNDATED:
                grade += "; still reported with no date by another agreement"
            elif change.after == UNCERTAIN:
                grade += "; another agreement is uncertain on the date"
            causes = causes if causes is not None else getattr(change, "causes", None) or []
            stops = [c.status for c in causes if c.status in STOPPING_STATUSES]
            if stops and all(replaced(stop) for stop in stops):
                grade += words.SUPERSEDED_LOSS
        elif change.before in (UNDATED, UNCERTAIN):
            grade += f"; before: {change.before}"
        return f"{name(change.party)} {what} {name(change.dataset)}{grade}"
    if change.change == "ended":
        stop = change.causes[-1] if getattr(change, "causes", None) else None
        to = f"{stop.status.replace('_', ' ')} {date_phrase(stop.date)}" if stop else "stopped"
        return f"{name(change.party)}, {name(change.dataset)}: {change.before} → {to}"
    if change.change == "reported":
        return f"{name(change.party)}, {name(change.dataset)}: from now on {change.after}"
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


def _within_lines(result: DiffResult, notes: Citations) -> list[str]:
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
            lines.append(f"  → {_change_line(change, step.causes)}")
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


#: diff rows add which part of the answer a row is: ``ends`` (the two dates compared) or
#: ``within`` (a change on its date inside the window).
DIFF_COLUMNS = (*COLUMNS, "part")


@rows_of(DiffResult, columns=DIFF_COLUMNS)
def diff_rows(result: DiffResult) -> list[dict[str, Any]]:
    """The rows of a diff: one per change and cause, the ends' dated at the later date,
    then each change inside the window on its own date."""
    ends = [
        {**row, "part": "ends"}
        for c in result.changes
        for row in _rows(result.to_date, c, c.causes)
    ]
    inside = [
        {**row, "part": "within"} for c in result.within for row in _rows(c.date, c, c.causes)
    ]
    return ends + inside


@rows_of(TimelineResult, columns=COLUMNS)
def timeline_rows(result: TimelineResult) -> list[dict[str, Any]]:
    """The rows of a timeline: one per change and cause at each step."""
    out = []
    for step in result.steps:
        for change in (*step.gained, *step.lost, *step.changed):
            out += _rows(step.date, change, step.causes)
    return out
