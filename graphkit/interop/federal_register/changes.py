"""What changed between the versions of one system's notice: per routine use, whether
the later version **added**, **modified** (its text changed), **kept** or **removed** it.

Uses are compared by their normalised text (case, whitespace, typographic quotes and
dashes, a hyphen broken over a line, the closing "; and"), not by their letter, since
a reissue often re-letters them:

- a later use that reads like an earlier one in force is *kept* (under any letter);
- else the earlier use in force that shares the most of its wording (at least
  :data:`SIMILAR` of it, :class:`difflib.SequenceMatcher` over words) is *modified*
  into it; else it is *added*;
- an earlier use in force that no later use kept or modified is *removed*, when the
  later notice republishes the system (a whole version); a notice of new routine uses
  alone removes nothing; a rescindment removes every use in force.

Example:
    >>> before = [InForce("2019-1", "a", "To the National Archives (NARA) for records "
    ...     "management."), InForce("2019-1", "b", "To a Member of Congress or his or her "
    ...     "staff on behalf of the individual."), InForce("2019-1", "c", "To the press.")]
    >>> after = {"a": "To a Member of Congress or his or her staff on behalf of the "
    ...     "individual who is the subject of the record.", "b": "To the  National "
    ...     "Archives (NARA) for records management; and", "c": "To a partner agency."}
    >>> [(c.change, c.use, c.earlier_use) for c in compare(before, after, whole=True)]
    [('modified', 'a', 'b'), ('kept', 'b', 'a'), ('added', 'c', None), ('removed', None, 'c')]
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

#: The share of wording (0..1) an earlier use must have in common with a later one for
#: the later to be read as that use modified rather than a new one.
SIMILAR = 0.6

#: The kinds of change, in the order reports list them.
CHANGES = ("added", "modified", "kept", "removed")

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@lru_cache(maxsize=65536)  # notices repeat their uses word for word, version after version
def normalised(text: str) -> str:
    """A use's text as compared: the same words read the same from any rendering.

    Example:
        >>> normalised("To the ``Department'' of Home-\\n land  Security\u2014DHS; and")
        'to the "department" of home-land security-dhs'
    """
    out = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    out = out.replace("``", '"').replace("''", '"')
    out = re.sub(r"[\u2010-\u2015]", "-", out)
    out = re.sub(r"(?<=[a-z])-\s+(?=[a-z])", "-", out)  # a word broken over a line
    out = " ".join(out.split()).casefold()
    out = re.sub(r"[\s;,.]*\b(?:and|or)$", "", out.rstrip(" ;,."))
    return out.rstrip(" ;,.")


@dataclass(frozen=True)
class InForce:
    """A routine use in force: the document that published it, its letter, its text."""

    document: str
    use: str
    text: str
    agreement: str | None = None


@dataclass(frozen=True)
class Change:
    """One routine use's change: ``use`` is its letter in the later notice (None when
    removed), ``earlier_use`` and ``earlier_document`` the use it kept or modified."""

    change: str
    use: str | None
    earlier_use: str | None
    earlier_document: str | None = None
    agreement: str | None = None
    earlier_agreement: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "change": self.change,
            "use": self.use,
            "agreement": self.agreement,
            "earlier_use": self.earlier_use,
            "earlier_document": self.earlier_document,
            "earlier_agreement": self.earlier_agreement,
        }


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def compare(
    before: list[InForce],
    after: dict[str, str],
    *,
    whole: bool,
    agreements: dict[str, str] | None = None,
) -> list[Change]:
    """The changes from the uses in force ``before`` to a later notice's uses ``after``
    (letter -> text, in the notice's order); ``whole`` when it republishes the system
    (it then removes the uses it does not keep or modify). ``agreements`` maps the later
    letters to the agreements written for them."""
    ids = agreements or {}
    old = [normalised(item.text) for item in before]
    new = {letter: normalised(text) for letter, text in after.items()}
    taken: dict[str, int] = {}  # later letter -> index of the earlier use it continues
    used: set[int] = set()
    for letter, text in new.items():  # the same words, under any letter
        match = next((i for i, t in enumerate(old) if t == text and i not in used), None)
        if match is not None:
            taken[letter] = match
            used.add(match)
    for letter, text in new.items():  # else the closest wording
        if letter in taken:
            continue
        scored = [
            (_ratio(old[i], text), before[i].use.lower() == letter.lower(), -i)
            for i in range(len(old))
            if i not in used
        ]
        best = max(scored, default=None)
        if best is not None and best[0] >= SIMILAR:
            taken[letter] = -best[2]
            used.add(-best[2])
    changes: list[Change] = []
    for letter, text in new.items():
        if letter not in taken:
            changes.append(Change("added", letter, None, agreement=ids.get(letter)))
            continue
        earlier = before[taken[letter]]
        kind = "kept" if old[taken[letter]] == text else "modified"
        changes.append(
            Change(kind, letter, earlier.use, earlier.document, ids.get(letter), earlier.agreement)
        )
    if whole:
        changes += [
            Change("removed", None, item.use, item.document, None, item.agreement)
            for i, item in enumerate(before)
            if i not in used
        ]
    return changes


def removed_all(before: list[InForce]) -> list[Change]:
    """A rescindment: every use in force removed."""
    return [Change("removed", None, i.use, i.document, None, i.agreement) for i in before]


def counted(changes: list[Change]) -> str:
    """The changes in a sentence: "2 added (k, l), 1 modified (b, was c), 9 kept, 1
    removed (h)".

    Example:
        >>> counted([Change("added", "k", None), Change("modified", "b", "c"),
        ...     Change("kept", "a", "a"), Change("removed", None, "h")])
        '1 added (k), 1 modified (b, was c), 1 kept, 1 removed (h)'
    """
    parts = []
    for kind in CHANGES:
        these = [c for c in changes if c.change == kind]
        if not these:
            continue
        if kind == "added":
            said = ", ".join(str(c.use) for c in these)
        elif kind == "modified":
            said = "; ".join(
                str(c.use) if c.use == c.earlier_use else f"{c.use}, was {c.earlier_use}"
                for c in these
            )
        elif kind == "removed":
            said = ", ".join(str(c.earlier_use) for c in these)
        else:
            said = ""
        parts.append(f"{len(these)} {kind}" + (f" ({said})" if said else ""))
    return ", ".join(parts) or "no routine uses"
