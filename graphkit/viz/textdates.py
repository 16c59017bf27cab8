"""The text version of a view over time: each piece written once, with the dates it holds.

A party's paths, a table row or a list of blocked agreements is often the same on many
dates: it is rendered once (by the page template's macros, so escaped by Jinja like the
rest of the page), marked with the snapshots it belongs to (``data-gk-in="0-3,7"``) and
labelled with its dates, so the text reads without JavaScript too; the page's script
only hides what does not hold on the date shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from graphkit.viz.dates import Timeline


@dataclass
class Block:
    """A piece of the text version and the snapshots (dates) it holds on."""

    key: str
    within: str  # "0-3,7": snapshot indices
    hidden: bool  # not on the date the page opens at
    when: str  # "from 2025-04-07 to 2025-11-20", for readers
    html: Any = ""


def _ranges(indices: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for i in sorted(indices):
        if out and out[-1][1] == i - 1:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def _when(ranges: list[tuple[int, int]], dates: list[str]) -> str:
    parts = []
    for lo, hi in ranges:
        if hi + 1 < len(dates):
            end = dt.date.fromisoformat(dates[hi + 1]) - dt.timedelta(days=1)
            parts.append(f"{dates[lo]} to {end.isoformat()}")
        else:
            parts.append(f"from {dates[lo]}")
    return "On " + "; ".join(parts)


class _Pieces:
    def __init__(self, t: Timeline) -> None:
        self.t = t
        self.order: list[str] = []
        self.where: dict[str, list[int]] = {}
        self.items: dict[str, Any] = {}

    def add(self, key: str, index: int, item: Any) -> str:
        if key not in self.where:
            self.order.append(key)
            self.where[key] = []
            self.items[key] = item
        if index not in self.where[key]:
            self.where[key].append(index)
        return key

    def blocks(self) -> list[Block]:
        out = []
        for key in self.order:
            ranges = _ranges(self.where[key])
            within = ",".join(f"{a}" if a == b else f"{a}-{b}" for a, b in ranges)
            hidden = self.t.opening not in self.where[key]
            out.append(Block(key, within, hidden, _when(ranges, self.t.dates)))
        return out


def text_blocks(
    t: Timeline, macros: Any
) -> tuple[dict[str, list[Block]], list[dict[str, Any]], list[list[str]]]:
    """The text version's pieces by kind, the paths "Show in diagram" selects, and the
    ids of the paths shown on each date."""
    kinds: tuple[str, ...] = ("intro", "empty", "groups", "rows", "blocked", "uncertain")
    kinds = (*kinds, "undated", "dropped", "blocked_heading", "uncertain_heading")
    kinds = (*kinds, "undated_heading")
    pieces = {kind: _Pieces(t) for kind in kinds}
    paths_of: dict[str, _Pieces] = {}  # a party's (or dataset's) paths, each written once
    order = [t.opening, *(i for i in range(len(t.scenes)) if i != t.opening)]
    for index in order:
        scene = t.scenes[index]
        pieces["intro"].add(repr((scene.title, scene.as_of, scene.subject_line)), index, scene)
        if scene.empty:
            pieces["empty"].add(scene.empty, index, scene)
        for group in scene.groups:
            node = scene.nodes.get(group.ident)
            head = (group.heading, group.ident, group.detail, group.more_paths)
            key = repr((head, node.cites if node else None))
            pieces["groups"].add(key, index, (scene, group))
            ways = paths_of.setdefault(key, _Pieces(t))
            for path in group.paths:
                ways.add(repr(path), index, path)
        for row in scene.rows:
            pieces["rows"].add(repr(row), index, row)
        for reported in scene.reported:
            pieces[reported.section].add(repr(reported), index, reported)
            pieces[f"{reported.section}_heading"].add("", index, None)
        if scene.context_dropped:
            pieces["dropped"].add(str(scene.context_dropped), index, scene)
    out: dict[str, list[Block]] = {}
    paths: list[dict[str, Any]] = []
    shown: list[list[str]] = [[] for _ in t.scenes]
    for kind in kinds:
        blocks = pieces[kind].blocks()
        for number, block in enumerate(blocks, start=1):
            item = pieces[kind].items[block.key]
            if kind == "intro":
                block.html = macros.intro(item)
            elif kind == "empty":
                block.html = item.empty
            elif kind == "groups":
                scene, group = item
                ways = paths_of[block.key]
                path_blocks = ways.blocks()
                unique = [ways.items[p.key] for p in path_blocks]
                pieces_ids = []
                for n, (way, path_block) in enumerate(zip(unique, path_blocks, strict=True), 1):
                    ident = f"gk-path-{number}-{n}"
                    pieces_ids.append((path_block, ident))
                    paths.append(
                        {
                            "id": ident,
                            "nodes": list(dict.fromkeys(way.nodes)),
                            "edges": list(dict.fromkeys(way.edges)),
                        }
                    )
                    for index in ways.where[path_block.key]:
                        shown[index].append(ident)
                block.html = macros.group_item(
                    scene, replace(group, paths=unique), "", block, pieces_ids
                )
            elif kind == "rows":
                block.html = macros.row_item(item, block)
            elif kind in ("blocked", "uncertain", "undated"):
                block.html = macros.reported_item(item, block)
            elif kind.endswith("_heading"):
                pass
            else:
                block.html = (
                    f"{item.context_dropped} more nearby parties and datasets are not drawn."
                )
        out[kind] = blocks
    return out, paths, shown
