"""A Federal Register notice as graphkit reads it, whatever rendering it came from.

The XML, HTML and text readers all fill a :class:`Notice`: the header (agency, subject,
action, dates, document number), and the notice's sections by what they hold
(``routine_uses``, ``records``...), each a list of paragraphs.

Example:
    >>> section_key("ROUTINE USES OF RECORDS MAINTAINED IN THE SYSTEM, INCLUDING ...:")
    'routine_uses'
    >>> section_key("System name and number:")
    'system'
    >>> section_key("SECURITY CLASSIFICATION:") is None
    True
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

#: Section keys, by how the headings of notices begin (upper-cased, in this order: the
#: first match wins). SORNs since OMB Circular A-108 (2016) use the first forms; older
#: ones the shorter ("SYSTEM NAME:", "RETENTION AND DISPOSAL:").
SECTIONS: tuple[tuple[str, str], ...] = (
    ("SYSTEM NAME", "system"),
    ("CATEGORIES OF INDIVIDUALS", "individuals"),
    ("CATEGORIES OF RECORDS", "records"),
    ("RECORD SOURCE", "record_sources"),
    ("SOURCES OF RECORDS", "record_sources"),
    ("CATEGORIES OF SOURCES", "record_sources"),
    ("ROUTINE USE", "routine_uses"),
    ("HISTORY", "history"),
    ("PARTICIPATING AGENC", "participants"),
    ("NAMES OF PARTICIPATING", "participants"),
    ("SYSTEM(S) OF RECORDS", "systems"),
    ("SYSTEMS OF RECORDS", "systems"),
    ("INCLUSIVE DATES", "inclusive_dates"),
    ("PURPOSE", "purpose"),
)

#: What each section is called in messages (the heading a reader looks for).
SECTION_NAMES = {
    "system": "SYSTEM NAME AND NUMBER",
    "individuals": "CATEGORIES OF INDIVIDUALS COVERED BY THE SYSTEM",
    "records": "CATEGORIES OF RECORDS IN THE SYSTEM",
    "record_sources": "RECORD SOURCE CATEGORIES",
    "routine_uses": "ROUTINE USES OF RECORDS MAINTAINED IN THE SYSTEM",
    "participants": "PARTICIPATING AGENCIES",
    "systems": "SYSTEM(S) OF RECORDS",
    "dates": "DATES",
    "subject": "SUBJECT (the notice's title)",
    "document_number": "FR Doc. (the document number)",
    "publication_date": "publication date",
    "agency": "AGENCY",
}


@lru_cache(maxsize=4096)
def section_key(heading: str) -> str | None:
    """The key of a section heading, or None for a section graphkit does not read."""
    text = " ".join(heading.upper().split())
    for start, key in SECTIONS:
        if text.startswith(start):
            return key
    return None


def clean(text: str) -> str:
    """Whitespace collapsed, typographic dashes and quotes kept as written.

    Example:
        >>> clean("  GSA/OGP-1,\\n e-Rulemaking  ")
        'GSA/OGP-1, e-Rulemaking'
    """
    return " ".join(text.split())


@dataclass
class Notice:
    """One notice: its header, its sections, where it was read and what it is."""

    file: str
    rendering: str  # xml, html or text
    document_number: str | None = None
    subject: str | None = None
    agencies: list[str] = field(default_factory=list)  # most general first
    action: str = ""
    summary: str = ""
    dates: str = ""
    publication_date: dt.date | None = None
    citation: str | None = None
    url: str | None = None
    sections: dict[str, list[str]] = field(default_factory=dict)
    #: the line each section's heading is on, when the rendering tells it
    lines: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, paragraph: str, line: int | None = None) -> None:
        """Append a paragraph to a section (ignored when empty)."""
        text = clean(paragraph)
        if line is not None:
            self.lines.setdefault(key, line)
        if text:
            self.sections.setdefault(key, []).append(text)

    def text(self, key: str) -> str:
        """A section's paragraphs joined, or ``""``."""
        return " ".join(self.sections.get(key, []))

    @property
    def kind(self) -> str | None:
        """``sorn``, ``matching`` or ``rescindment``; None for any other notice."""
        head = f"{self.subject or ''} {self.action}".lower()
        if "matching program" in head:
            return "matching"
        if "rescind" in self.action.lower():
            return "rescindment"
        if "system of records" in head or "systems of records" in head:
            return "sorn"
        return None

    @property
    def label(self) -> str:
        """How messages name it: its document number, or its file."""
        return f"FR Doc. {self.document_number}" if self.document_number else self.file


MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
#: "August 5, 2024" (also "Sept. 8, 2015" is not FR style; the FR spells months out).
DATE_WORDS = re.compile(r"\b(" + "|".join(MONTHS) + r")\s+(\d{1,2}),?\s+(\d{4})\b")


def word_dates(text: str) -> list[dt.date]:
    """The dates written out in ``text``, in order.

    Example:
        >>> word_dates("effective August 5, 2024; comments by Sept 1 and June 1, 2015")
        [datetime.date(2024, 8, 5), datetime.date(2015, 6, 1)]
    """
    out = []
    for month, day, year in DATE_WORDS.findall(text):
        try:
            out.append(dt.date(int(year), MONTHS.index(month) + 1, int(day)))
        except ValueError:
            continue
    return out
