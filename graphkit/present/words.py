"""The words of an answer, written once: headings, status and evidence phrases, the
lines that say what is blocked or undated (how a source is cited is
:mod:`graphkit.present.source_words`; a view's header line, :mod:`~graphkit.present.header_words`).

The terminal's text (:mod:`graphkit.present.answers`), the views (:mod:`graphkit.viz`)
and the web pages say the same thing because they take their words from here. Every
string is plain text from the data: escaping happens where it is written out.

Example:
    >>> from graphkit.questions.results import Ref
    >>> title("reach", named(Ref("irs-taxpayer-addresses", "IRS addresses", "dataset")))
    'Who can obtain IRS addresses (irs-taxpayer-addresses)'
    >>> count_paths(1), count_paths(3)
    ('1 path', '3 paths')
"""

from __future__ import annotations

from typing import Any

from graphkit.model.dates import date_phrase, since_phrase
from graphkit.model.registry import replaced

#: The list of sources that ends a text answer.
SOURCES_HEADING = "Sources"

#: What an empty answer says, by question (see :func:`empty_answer`).
EMPTY: dict[str, str] = {
    "reach": "No party other than the custodian can obtain it",
    "reachable": "No dataset reaches it through agreements",
    "path": "No chain of agreements carries data between them",
}

#: What an answer says when no flow is shown but published permissions are listed.
NO_FLOW: dict[str, str] = {
    "reach": "No source shows a party other than the custodian obtaining it",
    "reachable": "No source shows it obtaining a dataset",
    "path": "No source shows data carried between them",
}

#: What the blocked and undated agreements of an answer would do, by question.
WOULD: dict[str, str] = {
    "reach": "carry it",
    "reachable": "bring data to it",
    "path": "connect them",
}

#: Where no path can be drawn, a view says so.
NOTHING_TO_DRAW = "Nothing to draw."
#: Where a view cites no source (its page and its SVG say the same).
NO_SOURCE_SHOWN = "No source is cited by what is shown."


def wrote_line(what: Any, detail: str | None = None) -> str:
    """What a command wrote, as its message says it.

    Example:
        >>> wrote_line("out/graph.gexf"), wrote_line("a.jsonl", "12 entities")
        ('Wrote out/graph.gexf', 'Wrote a.jsonl (12 entities)')
    """
    return f"Wrote {what}" + (f" ({detail})" if detail else "")


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis.

    Example:
        >>> clip("Internal Revenue Service", 10)
        'Internal…'
    """
    return text if len(text) <= limit else text[: max(limit - 1, 1)].rstrip() + "…"


def named(ref: Any, limit: int | None = None) -> str:
    """``Name (id)``; the name cut to ``limit`` characters when given (for headings).

    Example:
        >>> from graphkit.questions.results import Ref
        >>> named(Ref("irs", "Internal Revenue Service", "agency"), 10)
        'Internal… (irs)'
    """
    name = ref.name if limit is None else clip(ref.name, limit)
    return f"{name} ({ref.id})"


def title(question: str, *names: str, depth: int = 0) -> str:
    """The heading of an answer, the question in words; ``names`` are its subjects as
    :func:`named` writes them (``depth``: how far an ``ego`` view reaches).

    Example:
        >>> title("path", "A (a)", "B (b)"), title("ego", "A (a)", depth=1)
        ('How data flows from A (a) to B (b)', 'Within 1 link of A (a)')
    """
    if question == "reach":
        return f"Who can obtain {names[0]}"
    if question == "reachable":
        return f"What {names[0]} can obtain"
    if question == "path":
        return f"How data flows from {names[0]} to {names[1]}"
    if question == "ego":
        return f"Within {depth} {'link' if depth == 1 else 'links'} of {names[0]}"
    if question == "all":
        return "The whole graph"
    raise ValueError(f"no title for the question {question!r}")


def custodian_line(custodian: str) -> str:
    """``Custodian: Name (id)``."""
    return f"Custodian: {custodian}"


def components_line(names: list[str]) -> str:
    """The components counted with a party (``reachable``)."""
    return "Counting its components: " + ", ".join(names)


def holds_line(names: list[str]) -> str:
    """The datasets a party holds as custodian (``reachable``)."""
    return "Holds as custodian: " + ", ".join(names)


def count_paths(count: int) -> str:
    """``1 path``, ``2 paths``."""
    return f"{count} path{'s' if count != 1 else ''}"


def grade(item: Any) -> str:
    """An answer's evidence and confidence: ``evidenced, multiple_outlets``."""
    return f"{item.evidence}, {item.confidence}"


def limits(question: Any, each: bool = True) -> str:
    """``up to 4 hops · up to 5 paths each`` (without ``each`` for one pair of parties)."""
    text = f"up to {question.max_hops} hops · up to {question.max_paths} paths"
    return f"{text} each" if each else text


def amount_words(value: float, currency: str, kind: str) -> str:
    """An amount as a person reads it: a negative obligation is said as de-obligated.

    Example:
        >>> amount_words(1250.0, "USD", "ceiling"), amount_words(-54495.0, "USD", "obligated")
        ('ceiling: 1,250 USD', 'de-obligated: 54,495 USD (net obligation below zero)')
    """
    if value < 0:
        return f"de-obligated: {-value:,.0f} {currency} (net obligation below zero)"
    return f"{kind}: {value:,.0f} {currency}"


def agreement_kind(kind: str) -> str:
    """An agreement kind in words: ``information exchange agreement``."""
    return kind.replace("_", " ")


def status_words(status: str) -> str:
    """A status event in words; one that means a later version replaced the agreement
    (the registry's ``replaced``, such as ``superseded``) says so.

    Example:
        >>> status_words("superseded"), status_words("active")
        ('superseded (replaced by a later version)', 'active')
    """
    return f"{status} (replaced by a later version)" if replaced(status) else status


def agreement_label(ag: Any) -> str:
    """An agreement's kind in words, a routine use with its letter or number and, when it
    is one, its standard tag.

    Example:
        >>> from graphkit.questions.results import AgreementOnDate
        >>> ru = AgreementOnDate("x", "X", "routine_use", None, None, None, "active", None,
        ...                      None, [], routine_use="1", standard="litigation")
        >>> agreement_label(ru)
        'routine use 1 (standard: litigation)'
    """
    label = agreement_kind(ag.kind)
    number = getattr(ag, "routine_use", None)
    if number:
        use = f"routine use {number}"
        label = use if ag.kind == "routine_use" else f"{label}, {use}"
    standard = getattr(ag, "standard", None)
    return f"{label} (standard: {agreement_kind(standard)})" if standard else label


def declared_heading(paths: list[Any]) -> str:
    """The heading over the paths that are in force only under a published permission:
    a routine use when every such agreement is one (text answers)."""
    kinds = {h.agreement.kind for p in paths for h in p.hops}
    what = "a published routine use" if kinds <= {"routine_use"} else "a published permission"
    return f"May receive under {what} (declared: in force, no source shows data carried):"


def standard_uses_line(uses: list[Any]) -> str:
    """The standard routine uses counted, not listed.

    Example:
        >>> from types import SimpleNamespace as U
        >>> standard_uses_line([U(standard="litigation"), U(standard="congress")])
        'and 2 standard routine uses (litigation, congress), not listed: --standard-uses lists them'
    """
    tags = ", ".join(dict.fromkeys(agreement_kind(u.standard) for u in uses))
    count = f"{len(uses)} standard routine use{'s' if len(uses) != 1 else ''}"
    return f"and {count} ({tags}), not listed: --standard-uses lists them"


def agreement_dates(ag: Any) -> str:
    """The dates of an agreement that are known, in words.

    Example:
        >>> from graphkit.questions.results import AgreementOnDate
        >>> agreement_dates(AgreementOnDate("x", "X", "mou", "2020-01-01", "2020-02", None,
        ...                                 "active", None, None, []))
        'signed 2020-01-01, from 2020-02'
    """
    pairs = (("signed", ag.signed), ("from", ag.effective_from), ("to", ag.effective_to))
    return ", ".join(f"{word} {value}" for word, value in pairs if value)


def agreement_status(ag: Any) -> str:
    """``active since 2020-01-01``; ``not started (starts 2025-07-14)``; ``date unknown``;
    ``uncertain on this date: the sources say by 2018-06``.

    Example:
        >>> from graphkit.questions.results import AgreementOnDate
        >>> agreement_status(AgreementOnDate("x", "X", "mou", None, None, None,
        ...                                  "not_started", "2025-07-14", None, []))
        'not started (starts 2025-07-14)'
        >>> agreement_status(AgreementOnDate("x", "X", "mou", None, None, None, "uncertain",
        ...                                  "2025-06-15~", None, []))
        'uncertain on this date: the sources say mid-June 2025'
    """
    if ag.status == "undated":
        return "date unknown"
    if ag.status == "uncertain":
        return f"uncertain on this date: the sources say {date_phrase(ag.status_since or '')}"
    if ag.status == "not_started":
        return (
            f"not started (starts {date_phrase(ag.status_since)})"
            if ag.status_since
            else "not started"
        )
    if ag.status_since:
        return f"{ag.status} {since_phrase(ag.status_since)}"
    return str(ag.status)


def agreement_evidence(ag: Any) -> str:
    """``presumed: last evidenced 2018, no end reported``, ``evidenced``, or empty.

    Example:
        >>> from graphkit.questions.results import AgreementOnDate
        >>> agreement_evidence(AgreementOnDate("x", "X", "mou", None, None, None, "active",
        ...                                    "2018", None, [], "presumed", "2018"))
        'presumed: last evidenced 2018, no end reported'
    """
    last = date_phrase(ag.last_evidenced or "").removeprefix("by ")
    if ag.evidence == "presumed":
        return f"presumed: last evidenced {last}, no end reported"
    if ag.evidence == "declared":
        return "declared: a published permission; no source shows data carried"
    if ag.evidence == "evidenced" and ag.last_evidenced:
        return f"evidenced (last evidenced {last}, no end reported)"
    return str(ag.evidence or "")


def evidence_line(ag: Any) -> str:
    """``evidence: evidenced; confidence: primary_document``."""
    return f"evidence: {agreement_evidence(ag)}; confidence: {ag.confidence}"


def standing_text(on: Any) -> str:
    """An agreement's graded status on a date in words (a
    :class:`~graphkit.questions.standing.Standing`): what ``show`` says under "Status on".

    Example:
        >>> from graphkit.questions.standing import Standing
        >>> standing_text(Standing("2026-12-03", "active", "2018", True, "presumed", "2018",
        ...     None, False, "single_outlet", "no end reported"))
        'active since 2018, presumed (last evidenced 2018, no end reported); confidence single_outlet'
    """  # noqa: E501
    if on.status == "undated":
        return f"reported, date unknown ({on.uncertainty}); confidence {on.confidence}"
    status = on.status.replace("_", " ")
    if on.status == "uncertain" and on.since:  # the window, in words
        head = f"uncertain: the sources say {date_phrase(on.since)}"
    else:
        head = f"{status} {since_phrase(on.since)}" if on.since else status
    notes = []
    if on.last_evidenced:
        notes.append(f"last evidenced {date_phrase(on.last_evidenced).removeprefix('by ')}")
    if on.term_end:
        notes.append(f"term {'ended' if on.term_ended else 'to'} {on.term_end}")
    detail = "; ".join(notes)
    if on.uncertainty:
        detail += (", " if detail else "") + on.uncertainty
    grade = on.evidence or (
        "the sources do not say if it carries data on this date"
        if on.status == "uncertain"
        else "carries nothing"
    )
    grade += f" ({detail})" if detail else ""
    return f"{head}, {grade}; confidence {on.confidence}"


def standing(ag: Any, marks: str | None = None) -> str:
    """A blocked or undated agreement's status and confidence, with its citation marks
    when given: ``enjoined since 2025-11-21 [1]; confidence: primary_document``."""
    status = agreement_status(ag) if marks is None else f"{agreement_status(ag)} {marks}"
    return f"{status}; confidence: {ag.confidence}"


def blocked_heading(question: str) -> str:
    """The heading over the agreements blocked on the date (text answers)."""
    return f"Blocked on this date (would {WOULD[question]}, but do not carry on it):"


def uncertain_heading(question: str) -> str:
    """The heading over the agreements whose sources date them only roughly (text answers)."""
    return f"Uncertain on this date (would {WOULD[question]}; the sources date it only roughly):"


def undated_heading(question: str) -> str:
    """The heading over the agreements reported with no date (text answers)."""
    return f"Reported, date unknown (would {WOULD[question]}; no source says if on this date):"


def warning_line(warning: Any) -> str:
    """A seed warning as ``validate`` lists it: ``  warning: ...``."""
    return f"  warning: {warning}"


def view_reported_heading(section: str, on: str | None = None) -> str:
    """The heading a view puts over its ``blocked``, ``uncertain`` or ``undated``
    agreements: on the date ``on``, or (a page with a date slider) on the date shown.

    Example:
        >>> view_reported_heading("blocked", "2025-08-01")
        'Blocked on this date: would carry data, but do not on 2025-08-01'
        >>> view_reported_heading("undated")
        'Reported, date unknown: no source says whether these carried data on the date shown'
    """
    if section == "blocked":
        if on is None:
            return "Blocked on the date shown: would carry data, but do not then"
        return f"Blocked on this date: would carry data, but do not on {on}"
    if section == "uncertain":
        if on is None:
            return "Uncertain on the date shown: the sources date these only roughly"
        return (
            "Uncertain on this date: the sources date these only roughly, so whether they "
            f"carried data on {on} is not known"
        )
    when = "the date shown" if on is None else on
    return f"Reported, date unknown: no source says whether these carried data on {when}"


def ends_line(item: Any) -> str:
    """Who would provide and who would receive: ``IRS → ICE``."""
    return ", ".join(s.name for s in item.source) + " → " + ", ".join(r.name for r in item.target)


def empty_answer(answer: Any, text: str) -> str:
    """What an answer with no path says, never more than it knows: the filters that may
    hide paths, agreements with no known date, and the blocked ones listed below.

    Example:
        >>> from graphkit import open_graph
        >>> empty_answer(open_graph().reach("irs-taxpayer-addresses", as_of="2025-12-15"),
        ...              EMPTY["reach"])
        'No party other than the custodian can obtain it on this date (1 blocked: listed below).'
    """
    question = answer.question
    notes = []
    if getattr(question, "only", None):
        text += f" on this date with evidence {question.only} only"
        notes.append("drop --only to see the rest")
    elif question.evidence != "any" or question.min_confidence != "unconfirmed":
        text += (
            f" on this date with evidence at least {question.evidence} and confidence at "
            f"least {question.min_confidence}"
        )
        notes.append("drop the filters to see weaker paths")
    else:
        uncertain = getattr(answer, "uncertain", [])
        if getattr(answer, "declared", None) or getattr(answer, "standard_uses", None):
            text = NO_FLOW[answer.question.command]  # the permissions are listed apart
        elif answer.undated:  # what no source dates may still carry: never a bare "no"
            text = "No agreement with a known date carries data here"
        elif uncertain:  # nor what the sources date only roughly
            text = "No agreement carries data here for certain"
        text += " on this date"
    listed = []
    if answer.blocked:
        listed.append(f"{len(answer.blocked)} blocked")
    if getattr(answer, "uncertain", []):
        listed.append(f"{len(answer.uncertain)} uncertain on this date")
    if answer.undated:
        listed.append(f"{len(answer.undated)} reported with no date")
    if listed:
        notes.append(f"{' and '.join(listed)}: listed below")
    return f"{text} ({'; '.join(notes)})." if notes else f"{text}."


#: After a loss whose only cause is a notice replaced by a later one: the later notice may
#: well keep the permission, and the graph says no more than it holds.
SUPERSEDED_LOSS = (
    ": the notice that granted it was replaced, and no later notice in the graph grants it"
)
#: Under a version a later notice replaced, in a blocked list: the version no longer
#: applies, but the later notice may grant the same, which the graph may not hold.
SUPERSEDED_BLOCK = (
    "replaced by a later notice: this version no longer applies; whether the later notice "
    "grants the same is in the graph only if it is listed above"
)
