"""A computer matching notice (5 U.S.C. 552a(e)(12)) as a ``computer_matching_agreement``
from the agency whose records go to the one that receives them.

Which way the records go is read from the notice's own sentence ("the Internal Revenue
Service (IRS) will disclose return information ... to the Department of Veterans Affairs
(VA)"): the participant named before the verb sends, the one named after it receives.
When no sentence says it, the agreement is left out and listed for review. The program
runs from its effective date for the months the notice gives (18 unless it says), kept
as ``term_end``: a renewal (up to 12 months) need not be published, so after it the
agreement reads *presumed*, not ended.

Example:
    >>> direction("The IRS will disclose return information to the VA for the program.",
    ...     {"irs": ["IRS"], "va": ["VA"]})
    ('irs', 'va')
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from graphkit.interop.federal_register.effective import add_months, months_valid, system_effective
from graphkit.interop.federal_register.notice import Notice
from graphkit.interop.federal_register.systems import resolve
from graphkit.interop.federal_register.uses import name_forms, names_in
from graphkit.interop.seedout import slug

if TYPE_CHECKING:
    from graphkit.interop.federal_register.build import Builder

VERB = re.compile(r"\b(will|shall|to)\s+(disclose|provide|furnish|transmit|send|share)\b", re.I)


def _mention(sentence: str, names: list[str]) -> int | None:
    best: int | None = None
    for name in names:
        flags = 0 if len(name) <= 6 else re.I
        match = re.search(rf"(?<![\w/]){re.escape(name)}(?![\w/])", sentence, flags)
        if match and (best is None or match.start() < best):
            best = match.start()
    return best


def direction(text: str, participants: dict[str, list[str]]) -> tuple[str, str] | None:
    """(sender, receiver) ids from the first sentence that says who discloses to whom."""
    for sentence in re.split(r"(?<=\.)\s+(?=[A-Z])", text):
        verb = VERB.search(sentence)
        if not verb:
            continue
        before, after = sentence[: verb.start()], sentence[verb.end() :]
        senders = [p for p, names in participants.items() if _mention(before, names) is not None]
        found = {p: _mention(after, names) for p, names in participants.items()}
        receivers = sorted((pos, p) for p, pos in found.items() if pos is not None)
        receivers = [(pos, p) for pos, p in receivers if p not in senders[-1:]]
        if senders and receivers:
            return senders[-1], receivers[0][1]
    return None


def _names(builder: Builder, ident: str) -> list[str]:
    record = builder.existing.agencies.get(ident) or builder.existing.vendors.get(ident)
    return [record.name, *record.aliases] if record else [ident]


def matching_agreement(builder: Builder, notice: Notice) -> None:
    """Add the notice's matching agreement (and its source) to the builder's plan."""
    publisher = resolve(builder.index, list(reversed(notice.agencies)))
    participants: list[str] = [publisher] if publisher else []
    unresolved = []
    for paragraph in notice.sections.get("participants", []):
        for name in names_in(paragraph.rstrip(".")):
            found = resolve(builder.index, name_forms(name))
            if found and found not in participants:
                participants.append(found)
            elif not found:
                unresolved.append(name)
    if not participants and not notice.sections.get("participants"):
        builder.problem(notice, "participants", "no such section; give the whole notice")
        return
    source = builder.source(notice)
    if unresolved or len(participants) < 2:
        names = ", ".join(unresolved) or ", ".join(notice.agencies)
        builder.review(
            notice,
            f"matching program left out: no party matches {names}; add the agencies to the "
            "seeds (or aliases) and import again",
        )
        return
    text = " ".join([notice.summary, notice.text("purpose"), notice.text("records")])
    way = direction(text, {p: _names(builder, p) for p in participants})
    if way is None:
        builder.review(notice, "matching program left out: no sentence says who discloses to whom")
        return
    published = notice.publication_date or dt.date.min
    start = system_effective(notice.dates, published)
    cite = {"sources": [source], "confidence": "primary_document"}
    status: list[dict[str, Any]] = [{"date": published.isoformat(), "status": "proposed", **cite}]
    agreement: dict[str, Any] = {
        "id": builder.new_id(f"cma-{slug(notice.document_number or '')}"),
        "name": f"Matching program: {_names(builder, way[0])[0]} to "
        f"{_names(builder, way[1])[0]} (FR Doc. {notice.document_number})",
        "kind": "computer_matching_agreement",
        "basis": "declared",
        "parties": [{"party": way[0], "role": "provider"}, {"party": way[1], "role": "recipient"}],
        "status": status,
        "description": f"Computer matching program announced in FR Doc. "
        f"{notice.document_number}: a published notice of the match, not evidence that "
        "records were matched.",
        **cite,
    }
    datasets = _datasets(builder, notice)
    if datasets:
        agreement["datasets"] = datasets
    else:
        builder.plan.without_datasets.append(agreement["id"])
    if start:
        months = months_valid(notice.dates)
        status.append({"date": start.isoformat(), "status": "active", **cite})
        agreement["effective_from"] = start.isoformat()
        last = add_months(start, months) - dt.timedelta(days=1)
        agreement["term_end"] = {
            "date": last.isoformat(),
            **cite,
            "note": f"the notice gives {months} months from the effective date; a renewal "
            "of up to 12 months is not published in the Federal Register",
        }
    else:
        builder.review(notice, "matching program: DATES gives no effective date")
    builder.plan.add("agreements", agreement)


def _datasets(builder: Builder, notice: Notice) -> list[str]:
    text = " ".join([notice.text("systems"), notice.summary, notice.text("records")])
    numbers = {**builder.numbers, **{d["system_number"]: i for i, d in builder.datasets.items()}}
    return sorted({ident for number, ident in numbers.items() if number and number in text})
