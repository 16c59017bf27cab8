"""Search ranking, defined once: both stores find candidates, this orders them.

Example:
    >>> [h.id for h in rank_search("ice", [("ice", "agency", "ICE", []),
    ...                                     ("police", "agency", "Police", [])], 10)]
    ['ice', 'police']
"""

from __future__ import annotations

from collections.abc import Iterable

from graphkit.questions.results import SearchHit


def search_score(needle: str, candidate: str) -> int | None:
    """How well ``candidate`` matches ``needle`` (both case-folded): 0 exact, 1 prefix,
    2 at a word start, 3 anywhere, None not at all.

    Example:
        >>> [search_score("ice", c) for c in ("ice", "ice hsi", "us ice", "police", "irs")]
        [0, 1, 2, 3, None]
    """
    if candidate == needle:
        return 0
    if candidate.startswith(needle):
        return 1
    at = candidate.find(needle)
    while at > 0:
        if not candidate[at - 1].isalnum():
            return 2
        at = candidate.find(needle, at + 1)
    return 3 if needle in candidate else None


def rank_search(
    needle: str, candidates: Iterable[tuple[str, str, str, list[str]]], limit: int
) -> list[SearchHit]:
    """Order search candidates ``(id, kind, name, aliases)``: best score, then name, then id."""
    rows = []
    for ident, kind, name, aliases in candidates:
        best: tuple[int, str] | None = None
        for text in (ident, name, *aliases):
            score = search_score(needle, text.casefold())
            if score is not None and (best is None or score < best[0]):
                best = (score, text)
        if best is not None:
            matched = best[1] if best[1] not in (name, ident) else None
            rows.append((best[0], name.casefold(), ident, SearchHit(ident, kind, name, matched)))
    rows.sort(key=lambda r: r[:3])
    return [row[3] for row in rows[:limit]]
