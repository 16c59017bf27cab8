"""Versions of a system of records: each SORN or rescindment of one system number, in
the order they take effect. A rescindment, or a notice that republishes the system (its
categories of records), ends the versions before it (``rescinded`` / ``superseded`` on
its effective date, citing it); a notice of new routine uses alone adds to the version
in force.

Example:
    >>> from graphkit.interop.federal_register.notice import Notice
    >>> import datetime as dt
    >>> notice = Notice("n.xml", "xml", "2099-00001", publication_date=dt.date(2099, 1, 2),
    ...     dates="This system will be effective February 1, 2099.")
    >>> version = Version(notice, "X/Y-1", "src-fr-2099-00001")
    >>> version.uses_effective, version.replaces
    (datetime.date(2099, 2, 1), False)
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from graphkit.interop.federal_register.changes import (
    Change,
    InForce,
    compare,
    counted,
    removed_all,
)
from graphkit.interop.federal_register.effective import routine_uses_effective, system_effective
from graphkit.interop.federal_register.notice import Notice
from graphkit.interop.seedout import slug

if TYPE_CHECKING:
    from graphkit.interop.federal_register.build import Builder

CITE = {"confidence": "primary_document"}
#: The file an import writes beside its seed files: per system, what each version did
#: with each routine use (added, modified, kept, removed).
CHANGES_REPORT = "routine-use-changes.json"
#: The versions whose changes the summary lists one by one (the report has them all).
NOTED_CHANGES = 40


class Version:
    """One SORN or rescindment, read: its system, dates and source id."""

    def __init__(self, notice: Notice, number: str, source: str) -> None:
        self.notice = notice
        self.number = number
        self.source = source
        #: checked before a version is made: a notice without it is an error
        self.published: dt.date = notice.publication_date or dt.date.min
        published = self.published
        own = system_effective(notice.dates, published)
        uses = routine_uses_effective(notice.dates, published)
        #: whether DATES gives an effective date: else the dates below are the
        #: publication's, and written as "on or after" it (``2019-10-08/..``), never as a day
        self.dated = own is not None or uses is not None
        self.effective = own or uses or published
        self.uses_effective = uses or self.effective

        self.agreements: list[dict[str, Any]] = []
        #: its routine uses as the notice gives them: letter -> text (none for a rescindment)
        self.uses: dict[str, str] = {}
        #: the document number as ids write it
        self.slug = slug(notice.document_number or "")
        #: a rescindment, or a whole version (it republishes the categories of records),
        #: ends the versions before it; a notice of new routine uses alone adds to them
        self.replaces = notice.kind == "rescindment" or bool(notice.sections.get("records"))

    def when(self, day: dt.date) -> str:
        """``day`` as a seed date: itself when DATES gave it, else on or after it."""
        return day.isoformat() if self.dated else f"{day.isoformat()}/.."


def _ended(later: Version, change: Change | None) -> str:
    doc = f"FR Doc. {later.notice.document_number}"
    if later.notice.kind == "rescindment":
        return f"rescinded by {doc}"
    if change is None or change.change == "removed":
        return f"replaced by {doc}" if change is None else f"removed by {doc}"
    return f"{change.change} as routine use {change.use} of {doc}"


def _takes_effect(version: Version) -> dt.date:
    """When a version's changes take effect: a rescindment's own date, else its uses'."""
    return version.effective if version.notice.kind == "rescindment" else version.uses_effective


def end(earlier: Version, later: Version, changes: dict[str, Change]) -> None:
    """End the earlier version's routine uses when the later one takes effect; each
    event's note says what the later notice did with the use (``changes``: by id)."""
    rescinds = later.notice.kind == "rescindment"
    day = _takes_effect(later)
    for agreement in earlier.agreements:
        agreement["status"].append(
            {
                "date": later.when(day),
                "status": "rescinded" if rescinds else "superseded",
                "sources": [later.source],
                **CITE,
                "note": _ended(later, changes.get(agreement["id"])),
            }
        )


def _ids(version: Version) -> dict[str, str]:
    return {a["routine_use"]["number"]: a["id"] for a in version.agreements}


def _in_force(version: Version) -> list[InForce]:
    doc, ids = version.notice.document_number or "", _ids(version)
    return [InForce(doc, use, text, ids.get(use)) for use, text in version.uses.items()]


def _changes(later: Version, in_force: list[InForce], first: bool) -> list[Change] | None:
    if later.notice.kind == "rescindment":
        return removed_all(in_force)
    if first:
        return None
    return compare(in_force, later.uses, whole=later.replaces, agreements=_ids(later))


def _entry(version: Version, against: list[InForce], changes: list[Change] | None) -> Any:
    kind = version.notice.kind
    return {
        "document": version.notice.document_number,
        "published": version.published.isoformat(),
        "effective": version.when(_takes_effect(version)),
        "kind": kind if kind == "rescindment" else "whole" if version.replaces else "addition",
        "compared_with": sorted({item.document for item in against}) if changes is not None else [],
        "changes": [c.to_dict() for c in changes or []],
    }


def end_versions(builder: Builder) -> None:
    """End each system's earlier versions, and report per routine use what each later
    version did with it (:mod:`graphkit.interop.federal_register.changes`)."""
    report: list[dict[str, Any]] = []
    lines: list[str] = []
    for number, versions in sorted(builder.versions.items()):
        versions.sort(key=lambda v: (v.uses_effective, v.published))
        ended: set[int] = set()
        in_force: list[InForce] = []
        entries = []
        for i, later in enumerate(versions):
            changes = _changes(later, in_force, first=i == 0)
            entries.append(_entry(later, in_force, changes))
            if changes is not None and (in_force or later.uses):
                lines.append(
                    f"{number}: FR Doc. {later.notice.document_number} (effective "
                    f"{later.when(_takes_effect(later))}) against the uses in force: "
                    f"{counted(changes)}"
                )
            by_id = {c.earlier_agreement: c for c in changes or [] if c.earlier_agreement}
            if later.replaces:
                for earlier in versions[:i]:
                    if id(earlier) not in ended:
                        end(earlier, later, by_id)
                        ended.add(id(earlier))
                in_force = []
            else:  # an addition: a use it modified gives way to the new text
                gone = {(c.earlier_document, c.earlier_use) for c in changes or []}
                in_force = [u for u in in_force if (u.document, u.use) not in gone]
            in_force += _in_force(later)
        if len(versions) > 1:
            report.append({"system": number, "versions": entries})
        _old_uses(builder, number, versions)
    if report:
        builder.plan.reports[CHANGES_REPORT] = {"systems": report}
    builder.plan.notes += lines[:NOTED_CHANGES]
    if len(lines) > NOTED_CHANGES:
        builder.plan.notes.append(
            f"... and {len(lines) - NOTED_CHANGES} more versions' routine-use changes in "
            f"{CHANGES_REPORT}"
        )


def _old_uses(builder: Builder, number: str, versions: list[Version]) -> None:
    dataset = builder.numbers.get(number)
    old = [
        a.id
        for a in builder.existing.agreements.values()
        if dataset in a.datasets and a.kind == "routine_use"
    ]
    if old:
        builder.review(
            versions[0].notice,
            f"existing routine uses of {number} ({', '.join(sorted(old))}) are not "
            "ended by this import: give them a superseded status event if these "
            "notices replace them",
        )
