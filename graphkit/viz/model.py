"""What a page draws and says, before any HTML: nodes, edges, paths as text, sources.

:mod:`graphkit.viz.build` turns answers into a :class:`Scene`; :mod:`graphkit.viz.layout`
places its nodes; :mod:`graphkit.viz.page` writes it out. Every string here is plain
text straight from the data: escaping happens once, where the HTML is made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from graphkit.present.citations import Citations
from graphkit.present.source_words import publisher_text
from graphkit.text import BIDI

#: Node kinds: colour (Okabe-Ito, safe for colour-blind readers), vis-network shape, legend.
KIND_STYLE: dict[str, dict[str, str]] = {
    "agency": {"color": "#0072B2", "shape": "dot", "label": "Agency"},
    "vendor": {"color": "#D55E00", "shape": "diamond", "label": "Vendor"},
    "dataset": {"color": "#009E73", "shape": "square", "label": "Dataset"},
    "other": {"color": "#777777", "shape": "triangle", "label": "Other"},
}

#: Short names for agreement kinds, for edge labels.
KIND_SHORT: dict[str, str] = {
    "mou": "MOU",
    "information_exchange_agreement": "info exchange",
    "data_exchange_agreement": "data exchange",
    "computer_matching_agreement": "matching agmt",
    "routine_use": "routine use",
    "public_notice": "public notice",
    "network_access": "network access",
    "informal_lookups": "lookups",
    "commercial_supply": "supply",
}

#: How non-flow links read on an edge.
LINK_LABEL: dict[str, str] = {
    "CUSTODIAN_OF": "holds",
    "DERIVED_FROM": "derived from",
    "PART_OF": "part of",
}


def short_kind(kind: str) -> str:
    """A short label for an agreement kind.

    Example:
        >>> short_kind("information_exchange_agreement"), short_kind("contract")
        ('info exchange', 'contract')
    """
    return KIND_SHORT.get(kind, kind.replace("_", " "))


#: Any white space (as ``str.isspace``) or control character: never in a link.
_BLANK_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


def safe_url(url: Any) -> str | None:
    """``url`` when it is a plain http(s) address, else None (it is then shown as text).

    Example:
        >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)")
        ('https://example.org/a?b=1', None)
    """
    if not isinstance(url, str) or not url or len(url) > 4000:
        return None
    if _BLANK_OR_CONTROL.search(url) or BIDI.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


@dataclass
class Note:
    """A cited source, numbered in the order the page first cites it."""

    number: int
    id: str
    publisher: str
    title: str
    date: str | None
    url: str | None  # only http(s); anything else is in ``text_url``
    text_url: str | None
    note: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.number,
            "id": self.id,
            "publisher": self.publisher,
            "title": self.title,
            "date": self.date,
            "url": self.url,
            "text_url": self.text_url,
        }


def note_of(number: int, ident: str, record: dict[str, Any]) -> Note:
    """The note a page lists for source ``ident`` (its record), numbered ``number``."""
    url = record.get("url")
    good = safe_url(url)
    return Note(
        number=number,
        id=ident,
        publisher=publisher_text(record) if record.get("publisher") else ident,
        title=str(record.get("title") or ""),
        date=str(record["date"]) if record.get("date") else None,
        url=good,
        text_url=None if good or not url else str(url),
        note=str(record["note"]) if record.get("note") else None,
    )


def listed_notes(citations: Citations) -> list[Note]:
    """Every source ``citations`` numbered, as the page lists them."""
    return [note_of(number, ident, record) for number, ident, record in citations.cited()]


@dataclass
class VizNode:
    """A party or dataset as drawn. ``role`` is subject, path or context (faded)."""

    id: str
    name: str
    kind: str
    subkind: str | None = None
    role: str = "context"
    cites: list[int] = field(default_factory=list)
    x: float = 0.0
    y: float = 0.0


@dataclass
class VizEdge:
    """A link as drawn: one agreement between two parties, or custody, derivation, part-of.

    ``on_path`` edges are the answer; others are context (faded). ``carries`` is False
    for agreements not in force on the date (rescinded, enjoined, expired...): dashed.
    """

    id: str
    source: str
    target: str
    type: str
    label: str
    on_path: bool = False
    carries: bool = True
    status: str | None = None
    #: While it carries data: evidenced, presumed or declared (see :mod:`graphkit.viz.marks`).
    evidence: str | None = None
    agreement_id: str | None = None
    agreement_name: str | None = None
    details: list[str] = field(default_factory=list)
    cites: list[int] = field(default_factory=list)


@dataclass
class TextHop:
    """One hop of a path, as the text version reads it."""

    source: str
    source_id: str
    target: str
    target_id: str
    via: list[str]
    agreement: str
    agreement_id: str
    kind: str
    dates: str
    status: str
    carries: bool
    note: str | None
    moves: list[str]
    cites: list[int]
    evidence: str = ""  # "presumed: last evidenced 2018, no end reported"
    confidence: str = ""


@dataclass
class TextPath:
    """A path (chain of hops) in the text version, with what to highlight in the graph."""

    number: int
    hops: list[TextHop]
    derivation: list[str]
    held: str | None  # a derived dataset the party holds itself (a path with no hop)
    nodes: list[str]
    edges: list[str]
    grade: str = ""  # "presumed, single_outlet": the weakest hop's
    carries: str = ""  # path answers: "carries: X → Y" or "connectivity only: ..."


@dataclass
class TextGroup:
    """A party (reach), a dataset (reachable) or the one pair (path), with its paths."""

    heading: str
    ident: str
    detail: str
    paths: list[TextPath]
    more_paths: bool = False


@dataclass
class TextReported:
    """An agreement the answer names though it carries nothing on the date: blocked, or
    reported with no date."""

    section: str  # blocked, uncertain, undated
    agreement: str
    agreement_id: str
    parties: str  # "Provider → Recipient"
    status: str
    note: str | None
    moves: list[str]
    cites: list[int]


@dataclass
class TextRow:
    """A drawn link as a table row (ego and all views)."""

    source: str
    source_id: str
    target: str
    target_id: str
    what: str
    agreement_id: str | None
    status: str
    carries: bool
    cites: list[int]


@dataclass
class Scene:
    """Everything one page shows, as plain data."""

    view: str  # reach, reachable, path, ego, all
    title: str  # the question, in words
    subject_ids: list[str]
    subject_line: str  # e.g. "Custodian: Agency A (a)"
    as_of: str
    backend: str
    limits: str
    layout: str  # layered, radial, force
    roots: list[str]
    nodes: dict[str, VizNode]
    edges: list[VizEdge]
    groups: list[TextGroup] = field(default_factory=list)
    reported: list[TextReported] = field(default_factory=list)
    rows: list[TextRow] = field(default_factory=list)
    empty: str | None = None  # what to say when the answer is empty
    notes: list[Note] = field(default_factory=list)
    content_hash: str = ""
    context_dropped: int = 0
    data: str = ""  # which seeds or which load the answer comes from
    answer: str = ""  # the answer in one line, for the page's header
