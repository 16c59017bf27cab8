"""The order of paths everywhere, and the caps: defined once, so both backends agree.

Example:
    >>> paths = [("d", ("d",), (("ag2", "a", "b"),)), ("d", ("d",), (("ag1", "a", "b"),))]
    >>> capped = cap_groups({"b": paths}, 1)
    >>> capped["b"][0][0][2], capped["b"][1]
    ((('ag1', 'a', 'b'),), True)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from graphkit.questions.limits import check_ceiling

#: (agreement id, from party, to party)
RawHop = tuple[str, str, str]
#: (dataset moved, derivation chain from the asked dataset to it, hops)
RawPath = tuple[str, tuple[str, ...], tuple[RawHop, ...]]
#: Each group's kept paths, and whether it has more than the cap.
Capped = dict[str, tuple[list[RawPath], bool]]


def path_key(path: RawPath) -> tuple[Any, ...]:
    """The order of paths everywhere: fewest hops, shortest derivation, then ids.

    Example:
        >>> path_key(("d", ("d",), (("ag1", "a", "b"),)))
        (1, 1, (('ag1', 'b'),), 'd')
    """
    dataset, chain, hops = path
    return (len(hops), len(chain), tuple((a, t) for a, _s, t in hops), dataset)


def derived_holding(
    dataset: str, chain: tuple[str, ...], custodian: str, parties: set[str] | None
) -> RawPath | None:
    """The rule for derived holdings, in one place: holding a dataset derived from the one
    asked about (``chain`` longer than itself) counts as obtaining it, a path of no hops
    from its ``custodian``, when that custodian is among ``parties`` (None: any party).

    Example:
        >>> derived_holding("d2", ("d1", "d2"), "b", {"b"})
        ('d2', ('d1', 'd2'), ())
        >>> derived_holding("d1", ("d1",), "a", None) is None  # its own custodian: no path
        True
    """
    if len(chain) > 1 and (parties is None or custodian in parties):
        return (dataset, chain, ())
    return None


def cap_groups(groups: dict[str, list[RawPath]], max_paths: int) -> Capped:
    """Each group's first ``max_paths`` paths in key order, and whether more exist.

    The safety ceiling (:data:`~graphkit.questions.limits.PATH_CEILING`) counts what is
    kept, so it never trips on an answer the caps already bound.
    """
    out = {}
    for key, paths in groups.items():
        paths.sort(key=path_key)
        out[key] = (paths[:max_paths], len(paths) > max_paths)
    check_ceiling(sum(len(kept) for kept, _more in out.values()))
    return out


def order_groups(groups: Capped, name: Callable[[str], str]) -> list[tuple[str, Any]]:
    """Groups by their shortest path, then ``name(key)`` case-folded, then key."""
    return sorted(
        groups.items(),
        key=lambda item: (path_key(item[1][0][0])[0], name(item[0]).casefold(), item[0]),
    )


def gather_reachable(
    candidates: list[str],
    closures: dict[str, dict[str, tuple[str, ...]]],
    by_moved: dict[str, list[tuple[RawHop, ...]]],
    custodians: dict[str, str],
    members: set[str],
) -> dict[str, list[RawPath]]:
    """``reachable``'s paths per asked-about dataset: each takes the paths of the datasets
    derived from it (with its own derivation chain), and holding a derived dataset counts."""
    found: dict[str, list[RawPath]] = {}
    for dataset_id in candidates:
        for moved_id, chain in closures[dataset_id].items():
            paths: list[RawPath] = [(moved_id, chain, h) for h in by_moved.get(moved_id, [])]
            held = derived_holding(moved_id, chain, custodians[moved_id], members)
            paths += [held] if held else []
            for path in paths:
                end = path[2][-1][2] if path[2] else custodians[moved_id]
                if end in members and end != custodians[dataset_id]:
                    found.setdefault(dataset_id, []).append(path)
    return found


def merged(results: list[Any], declared: list[Any], key: Callable[[Any], str]) -> list[Any]:
    """An answer's flows and declared items together (``everyone()``): an item in both
    takes the declared paths after its own and keeps its grade; the others follow."""
    extra = {key(item): item for item in declared}
    out = []
    for item in results:
        more = extra.pop(key(item), None)
        if more is not None:
            cut = item.more_paths or more.more_paths
            item = dataclasses.replace(item, paths=item.paths + more.paths, more_paths=cut)
        out.append(item)
    return out + list(extra.values())
