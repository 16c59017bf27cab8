"""Finding one entity by id, name or alias, the way every question reads its arguments.

Example:
    >>> from graphkit import open_graph
    >>> resolve_ref(open_graph().store, "IRS-DHS MOU").id
    'irs-ice-mou-2025'
"""

from __future__ import annotations

from collections.abc import Iterable

from graphkit.errors import Ambiguous, NotFound
from graphkit.model.registry import ENTITY_KINDS
from graphkit.questions.explain import kind_of, name_of, ref
from graphkit.questions.results import Ref
from graphkit.questions.store import Store


def resolve_ref(store: Store, ref_text: str, kinds: Iterable[str] | None = None) -> Ref:
    """The one entity of ``kinds`` (default: any) whose id is ``ref_text``, or whose name
    or alias it is (case-insensitive). Raises NotFound (with close candidates) or
    Ambiguous (listing the matches)."""
    allowed = set(kinds) if kinds else set(ENTITY_KINDS)
    what = " or ".join(sorted(allowed))
    text = ref_text.strip()
    exact = store.records([text])
    if text in exact and kind_of(exact[text]) in allowed:
        return ref(exact[text])
    ids = store.match_names(text)
    matched = [r for r in store.records(ids).values() if kind_of(r) in allowed]
    if len(matched) == 1:
        return ref(matched[0])
    if matched:
        listed = "; ".join(f"{r.id} ({name_of(r)})" for r in sorted(matched, key=lambda r: r.id))
        raise Ambiguous(f"{ref_text!r} matches several {what} entries: {listed}. Use an id.")
    hits = store.search(text, 8) if text else []
    near = [hit for hit in hits if hit.kind in allowed]
    hint = ""
    if near:
        hint = " Did you mean: " + "; ".join(f"{h.id} ({h.name})" for h in near) + "?"
    raise NotFound(f"no {what} called {ref_text!r}.{hint}", "ref", text=text)
