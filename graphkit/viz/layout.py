"""Where nodes go, computed in Python so the browser has nothing to simulate on big graphs.

Three layouts, all deterministic (same scene, same positions) and pure Python:

* ``layered``: answers (reach, reachable, path) read left to right, from the dataset
  or the first party, one column per link away; crossings reduced by barycentres.
* ``radial``: a neighbourhood, in rings around its centre.
* ``force``: anything else; each connected part laid out radially, relaxed with a
  grid-accelerated force simulation (fewer rounds for bigger graphs), then packed.

Example:
    >>> pos = layered(["d", "a", "b"], [("a", "d"), ("a", "b")], ["d"])
    >>> pos["d"][0] < pos["a"][0] < pos["b"][0]
    True
"""

from __future__ import annotations

import math
import random
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence

import networkx as nx

Pos = dict[str, tuple[float, float]]

#: Horizontal distance between columns, vertical between rows (vis-network pixels).
COLUMN = 300.0
ROW = 90.0
#: Most nodes stacked in one column before a layer wraps into another.
MAX_ROWS = 24
SPACING = 110.0
#: An overview's cell: room for a node and its name on up to three lines beneath it, at
#: the size the page draws it (vis-network pixels at zoom 1).
CELL_W = 215.0
CELL_H = 82.0
#: Most rows a layer of an overview stacks before it wraps into another column.
OVERVIEW_ROWS = 5


def _graph(nodes: Iterable[str], edges: Iterable[tuple[str, str]]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from((a, b) for a, b in edges if a != b and a in graph and b in graph)
    return graph


def _layers(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    roots: Sequence[str],
    primary: Sequence[tuple[str, str]] = (),
) -> dict[str, int]:
    """Links away from the roots: along ``primary`` edges first (the answer's paths), then
    along any edge's direction, then against it; parts not reached start new columns."""
    forward: dict[str, list[str]] = defaultdict(list)
    main: dict[str, list[str]] = defaultdict(list)
    either: dict[str, list[str]] = defaultdict(list)
    for a, b in primary:
        main[a].append(b)
    for a, b in edges:
        forward[a].append(b)
        either[a].append(b)
        either[b].append(a)
    wanted = set(nodes)
    layer: dict[str, int] = {r: 0 for r in roots if r in wanted}
    for links in (main, forward, either):
        queue = deque(sorted(layer, key=lambda n: (layer[n], n)))
        while queue:
            here = queue.popleft()
            for nxt in links[here]:
                if nxt not in layer and nxt in wanted:
                    layer[nxt] = layer[here] + 1
                    queue.append(nxt)
    rest = [n for n in nodes if n not in layer]
    if rest:
        graph = _graph(rest, edges)
        depth = max(layer.values(), default=-1) + 1
        for part in sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c))):
            start = min(part, key=lambda n: (-graph.degree(n), n))
            for node, dist in nx.single_source_shortest_path_length(graph, start).items():
                layer[node] = depth + dist
    return layer


def _ordered_layers(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    roots: Sequence[str],
    primary: Sequence[tuple[str, str]] = (),
) -> list[list[str]]:
    """The layers of :func:`layered` (by distance from ``roots``), each in its order down
    the column: near the mean height of its neighbours in the column before (sweeps both
    ways), so paths run mostly straight."""
    layer = _layers(nodes, edges, roots, primary)
    columns: dict[int, list[str]] = defaultdict(list)
    for node in sorted(nodes):
        columns[layer[node]].append(node)
    either: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        either[a].append(b)
        either[b].append(a)
    order: dict[str, float] = {}
    for number in sorted(columns):
        column = columns[number]
        for i, node in enumerate(column):
            order[node] = float(i)
    for sweep in range(4):
        keys = sorted(columns) if sweep % 2 == 0 else sorted(columns, reverse=True)
        for number in keys:
            step = -1 if sweep % 2 == 0 else 1
            column = columns[number]

            def centre(node: str, number: int = number, step: int = step) -> tuple[float, str]:
                near = [order[m] for m in either[node] if layer.get(m) == number + step]
                return (sum(near) / len(near) if near else order[node], node)

            column.sort(key=centre)
            for i, node in enumerate(column):
                order[node] = float(i)
    return [columns[number] for number in sorted(columns)]


def layered(
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    roots: Sequence[str],
    primary: Sequence[tuple[str, str]] = (),
    most_rows: int = MAX_ROWS,
    wrap: float = COLUMN * 0.55,
) -> Pos:
    """Columns by distance from ``roots`` along ``edges`` (directed: source, target).

    Within a column, nodes sit near the mean height of their neighbours in the column
    before (two sweeps), so paths run mostly straight. A column of more than
    ``most_rows`` wraps into columns ``wrap`` apart.
    """
    pos: Pos = {}
    x = 0.0
    for column in _ordered_layers(nodes, edges, roots, primary):
        wraps = math.ceil(len(column) / most_rows)
        rows = math.ceil(len(column) / wraps)
        for i, node in enumerate(column):
            sub, row = divmod(i, rows)
            height = min(rows, len(column) - sub * rows)
            pos[node] = (x + sub * wrap, (row - (height - 1) / 2) * ROW)
        x += COLUMN + (wraps - 1) * wrap
    return pos


def cells(pos: Pos, columns: int) -> Pos:
    """``pos`` moved onto a grid of label-sized cells, ``columns`` wide: rows from the
    top down, each row left to right, so the picture keeps its rough arrangement and no
    two names can cover each other.

    Example:
        >>> cells({"a": (0, 0), "b": (5, 1), "c": (1, 9)}, 2)
        {'a': (-107.5, 0.0), 'b': (107.5, 0.0), 'c': (0.0, 82.0)}
    """
    order = sorted(pos, key=lambda n: (pos[n][1], pos[n][0], n))
    out: Pos = {}
    for r in range(0, len(order), columns):
        row = sorted(order[r : r + columns], key=lambda n: (pos[n][0], n))
        for c, node in enumerate(row):
            out[node] = ((c - (len(row) - 1) / 2) * CELL_W, (r // columns) * CELL_H)
    return out


def overview(
    kind: str,
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    roots: Sequence[str],
    primary: Sequence[tuple[str, str]] = (),
) -> tuple[Pos, Pos]:
    """Two pictures of a small summarised view, both with a cell of room for every name:
    one for a wide frame (a desktop) and one for a tall one (a phone held upright), two
    cells across. Answers keep their layers: left to right when wide, top down when tall.

    Example:
        >>> wide, tall = overview("layered", ["d", "a", "b"], [("d", "a"), ("a", "b")], ["d"])
        >>> wide["d"][0] < wide["a"][0] < wide["b"][0], tall["d"][1] < tall["a"][1] < tall["b"][1]
        (True, True)
    """
    if not nodes:
        return {}, {}
    if kind == "layered":
        layers = _ordered_layers(nodes, edges, roots, primary)
        wide = layered(nodes, edges, roots, primary, OVERVIEW_ROWS, CELL_W)
        tall: Pos = {}
        row = 0
        for layer in layers:
            for start in range(0, len(layer), 2):
                pair = layer[start : start + 2]
                for c, node in enumerate(pair):
                    tall[node] = ((c - (len(pair) - 1) / 2) * CELL_W, row * CELL_H)
                row += 1
    else:
        base = compute(kind, nodes, edges, roots, primary)
        across = min(6, max(2, math.ceil(math.sqrt(len(nodes)))))
        wide, tall = cells(base, across), cells(base, 2)
    return _centred(wide), _centred(tall)


def _centred(pos: Pos) -> Pos:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: (round(x - cx, 1), round(y - cy, 1)) for n, (x, y) in pos.items()}


def radial(nodes: Sequence[str], edges: Sequence[tuple[str, str]], roots: Sequence[str]) -> Pos:
    """Rings around the roots, one per link away; a ring grows so nodes keep apart."""
    layer = _layers(nodes, [*edges, *((b, a) for a, b in edges)], roots)
    either: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        either[a].append(b)
        either[b].append(a)
    rings: dict[int, list[str]] = defaultdict(list)
    for node in sorted(nodes):
        rings[layer[node]].append(node)
    angle: dict[str, float] = {}
    pos: Pos = {}
    radius = 0.0
    for number in sorted(rings):
        ring = rings[number]
        if number == 0 and len(ring) == 1:
            pos[ring[0]] = (0.0, 0.0)
            angle[ring[0]] = 0.0
            continue

        def parent_angle(node: str, number: int = number) -> tuple[float, str]:
            near = [angle[m] for m in either[node] if layer.get(m, -1) < number and m in angle]
            if not near:
                return (math.tau, node)
            x = sum(math.cos(a) for a in near)
            y = sum(math.sin(a) for a in near)
            return ((math.atan2(y, x) + math.tau) % math.tau, node)

        ring.sort(key=parent_angle)
        radius = max(radius + 1.6 * SPACING, len(ring) * SPACING / math.tau)
        start = parent_angle(ring[0])[0] if ring else 0.0
        start = 0.0 if start >= math.tau else start
        for i, node in enumerate(ring):
            theta = start + math.tau * i / len(ring)
            angle[node] = theta % math.tau
            pos[node] = (radius * math.cos(theta), radius * math.sin(theta))
    return pos


def relax(
    pos: Pos, edges: Sequence[tuple[str, str]], rounds: int, distance: float = SPACING
) -> Pos:
    """Fruchterman-Reingold, with repulsion only between nodes in nearby grid cells.

    Cost grows with nodes times neighbours, not nodes squared, so thousands of nodes
    take about a second.
    """
    if len(pos) < 2 or rounds <= 0:
        return pos
    names = sorted(pos)
    index = {n: i for i, n in enumerate(names)}
    xs = [pos[n][0] for n in names]
    ys = [pos[n][1] for n in names]
    links = [(index[a], index[b]) for a, b in edges if a in index and b in index and a != b]
    k = distance
    k2 = k * k
    cell = 2.0 * k
    span = max(max(xs) - min(xs), max(ys) - min(ys), k)
    temperature = span / 10.0
    for step in range(rounds):
        dx = [0.0] * len(names)
        dy = [0.0] * len(names)
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i in range(len(names)):
            grid[(int(xs[i] // cell), int(ys[i] // cell))].append(i)
        for (cx, cy), members in grid.items():
            near: list[int] = []
            for ox in (-1, 0, 1):
                for oy in (-1, 0, 1):
                    near.extend(grid.get((cx + ox, cy + oy), ()))
            for i in members:
                xi, yi = xs[i], ys[i]
                fx = fy = 0.0
                for j in near:
                    if j == i:
                        continue
                    ex = xi - xs[j]
                    ey = yi - ys[j]
                    d2 = ex * ex + ey * ey
                    if d2 < 1e-6:
                        ex, ey, d2 = 0.1 * ((i - j) % 7 - 3), 0.1, 0.02
                    if d2 < 4.0 * k2:
                        force = k2 / d2
                        fx += ex * force
                        fy += ey * force
                dx[i] += fx
                dy[i] += fy
        for i, j in links:
            ex = xs[i] - xs[j]
            ey = ys[i] - ys[j]
            d = math.sqrt(ex * ex + ey * ey) or 0.01
            force = d / k
            dx[i] -= ex * force
            dy[i] -= ey * force
            dx[j] += ex * force
            dy[j] += ey * force
        limit = temperature * (1.0 - step / rounds) + 1.0
        for i in range(len(names)):
            d = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if d > 0:
                move = min(d, limit) / d
                xs[i] += dx[i] * move
                ys[i] += dy[i] * move
    return {n: (xs[i], ys[i]) for i, n in enumerate(names)}


def force(nodes: Sequence[str], edges: Sequence[tuple[str, str]], seed: int = 7) -> Pos:
    """Each connected part placed radially from its best-linked node, relaxed, then packed
    in rows, biggest first. Singletons share a grid at the end."""
    graph = _graph(nodes, edges)
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(c)))
    rng = random.Random(seed)
    placed: list[tuple[Pos, float, float]] = []
    singles: list[str] = []
    total = len(graph)
    rounds = 60 if total <= 300 else 30 if total <= 1500 else 20
    for part in parts:
        if len(part) == 1:
            singles.extend(part)
            continue
        sub = graph.subgraph(part)
        start = min(part, key=lambda n: (-sub.degree(n), n))
        part_edges = sorted(tuple(sorted(e)) for e in sub.edges())
        pos = radial(sorted(part), part_edges, [start])
        pos = {n: (x + rng.uniform(-5, 5), y + rng.uniform(-5, 5)) for n, (x, y) in pos.items()}
        pos = relax(pos, part_edges, rounds)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        width, height = max(xs) - min(xs), max(ys) - min(ys)
        pos = {n: (x - min(xs), y - min(ys)) for n, (x, y) in pos.items()}
        placed.append((pos, width, height))
    if singles:
        side = math.ceil(math.sqrt(len(singles)))
        pos = {n: ((i % side) * SPACING, (i // side) * SPACING) for i, n in enumerate(singles)}
        placed.append((pos, (side - 1) * SPACING, ((len(singles) - 1) // side) * SPACING))
    area = sum((w + SPACING) * (h + SPACING) for _p, w, h in placed)
    shelf_width = max([math.sqrt(area) * 1.3] + [w for _p, w, _h in placed])
    out: Pos = {}
    x = y = row_height = 0.0
    for pos, width, height in placed:
        if x > 0 and x + width > shelf_width:
            x, y, row_height = 0.0, y + row_height + 2 * SPACING, 0.0
        for node, (px, py) in pos.items():
            out[node] = (x + px, y + py)
        x += width + 2 * SPACING
        row_height = max(row_height, height)
    return out


def compute(
    kind: str,
    nodes: Sequence[str],
    edges: Sequence[tuple[str, str]],
    roots: Sequence[str],
    primary: Sequence[tuple[str, str]] = (),
) -> Pos:
    """Positions for a scene's nodes with the named layout, centred on (0, 0).

    ``edges`` run the way data moves (source, target); ``primary`` are the answer's own
    edges, which the layered layout follows first.

    Example:
        >>> compute("force", ["a", "b"], [("a", "b")], [])["a"] != (0, 0)
        True
    """
    if not nodes:
        return {}
    if kind == "layered":
        pos = layered(nodes, edges, roots, primary)
    elif kind == "radial" and roots:
        pos = radial(nodes, edges, roots)
        if len(nodes) > 60:
            pos = relax(pos, edges, 15 if len(nodes) < 1000 else 8)
    else:
        pos = force(nodes, edges)
    return _centred(pos)
