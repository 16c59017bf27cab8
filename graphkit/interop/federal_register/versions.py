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

from graphkit.interop.federal_register.effective import routine_uses_effective, system_effective
from graphkit.interop.federal_register.notice import Notice
from graphkit.interop.seedout import slug

if TYPE_CHECKING:
    from graphkit.interop.federal_register.build import Builder

CITE = {"confidence": "primary_document"}


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
        #: the document number as ids write it
        self.slug = slug(notice.document_number or "")
        #: a rescindment, or a whole version (it republishes the categories of records),
        #: ends the versions before it; a notice of new routine uses alone adds to them
        self.replaces = notice.kind == "rescindment" or bool(notice.sections.get("records"))

    def when(self, day: dt.date) -> str:
        """``day`` as a seed date: itself when DATES gave it, else on or after it."""
        return day.isoformat() if self.dated else f"{day.isoformat()}/.."


def end(earlier: Version, later: Version) -> None:
    """End the earlier version's routine uses when the later one takes effect."""
    rescinds = later.notice.kind == "rescindment"
    day = later.effective if rescinds else later.uses_effective
    for agreement in earlier.agreements:
        agreement["status"].append(
            {
                "date": later.when(day),
                "status": "rescinded" if rescinds else "superseded",
                "sources": [later.source],
                **CITE,
                "note": f"{'rescinded' if rescinds else 'replaced'} by FR Doc. "
                f"{later.notice.document_number}",
            }
        )


def end_versions(builder: Builder) -> None:
    for number, versions in builder.versions.items():
        versions.sort(key=lambda v: (v.uses_effective, v.published))
        ended: set[int] = set()
        for i, later in enumerate(versions):
            if not later.replaces:
                continue  # adds its uses to the version in force
            for earlier in versions[:i]:
                if id(earlier) not in ended:
                    end(earlier, later)
                    ended.add(id(earlier))
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
