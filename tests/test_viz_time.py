"""The date slider without a browser: one snapshot per change date, each the same answer
as the single-date page of that date, and a page at most twice the single-date size."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit import open_graph
from graphkit.cli.viz import viz
from graphkit.graph import Graph
from graphkit.questions.changes import timeline
from graphkit.questions.names import resolve_ref
from graphkit.viz import VizPage, all_view, ego_view, path_view, reach_view, reachable_view

EDGE = Path(__file__).resolve().parent / "graphs" / "edge"


def page_data(page: VizPage) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="gk-data">(.*?)</script>', page.html)
    assert match
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def seeds() -> Graph:
    return open_graph()


SEED_VIEWS = {
    "reach": lambda g, **kw: reach_view(g, "irs-taxpayer-addresses", as_of="2025-08-01", **kw),
    "reachable": lambda g, **kw: reachable_view(g, "ice", as_of="2025-08-01", **kw),
    "path": lambda g, **kw: path_view(g, "nctue", "ice", as_of="2021-06-01", **kw),
    "ego": lambda g, **kw: ego_view(g, "ice", depth=2, as_of="2025-08-01", **kw),
    "all": lambda g, **kw: all_view(g, as_of="2025-08-01", **kw),
}


def agreements(data: dict[str, Any]) -> set[str]:
    return {e["id"].split(":")[1] for e in data["edges"] if e["id"].startswith("FLOWS:")}


def listed(graph: Graph, page: VizPage) -> set[str]:
    """The agreements a page names in its lists (blocked, uncertain, reported...) on any
    date: they move no data there, so they are not drawn, but their events are dates too."""
    named = set(re.findall(r"<code>([a-z0-9][a-z0-9-]*)</code>", page.html))
    return {i for i in named if resolve_ref(graph.store, i).kind == "agreement"}


def look(data: dict[str, Any], kind: str, index: int, k: int) -> dict[str, Any]:
    item = dict(data[kind][index])
    if k:
        item.update(data["time"]["looks"][kind][str(item["id"])][k])
    return item


@pytest.mark.parametrize("view", sorted(SEED_VIEWS))
def test_one_snapshot_per_change_date_and_at_most_twice_the_size(seeds: Graph, view: str) -> None:
    make = SEED_VIEWS[view]
    page, single = make(seeds), make(seeds, slider=False)
    data = page_data(page)
    snapshots = data["time"]["snapshots"]
    dates = [s["date"] for s in snapshots]
    assert dates == page.stats["dates"] == sorted(set(dates))
    drawn = agreements(data) | listed(seeds, page)
    events = {step.date for ag in drawn for step in timeline(seeds, ag).steps}
    opening = page_data(single)["view"] and re.search(r'datetime="([\d-]+)"', single.html)
    assert opening
    # Every event date of the agreements drawn or listed, and the date asked: nothing else.
    assert set(dates) == events | {opening.group(1)}
    assert dates[data["time"]["opening"]] == opening.group(1)
    assert len(page.html) <= 2 * len(single.html), (len(page.html), len(single.html))


def test_each_snapshot_is_the_single_date_answer(seeds: Graph) -> None:
    """Python computes every date the way the CLI does: what each snapshot draws is what
    the single-date page of that date draws."""
    page = reach_view(seeds, "irs-taxpayer-addresses", as_of="2025-08-01")
    data = page_data(page)
    assert {"2025-04-07", "2025-07-01", "2025-11-21"} <= set(page.stats["dates"])
    for snap in data["time"]["snapshots"]:
        alone = page_data(
            reach_view(seeds, "irs-taxpayer-addresses", as_of=snap["date"], slider=False)
        )
        drawn = {
            str(look(data, "nodes", i, k)["id"]): look(data, "nodes", i, k)["role"]
            for i, k in enumerate(snap["nodes"])
            if k >= 0
        }
        assert drawn == {n["id"]: n["role"] for n in alone["nodes"]}, snap["date"]
        edges = {
            look(data, "edges", i, k)["id"]: look(data, "edges", i, k)["label"]
            for i, k in enumerate(snap["edges"])
            if k >= 0
        }
        assert edges == {e["id"]: e["label"] for e in alone["edges"]}, snap["date"]
        on_paths = {n for p in data["paths"] if p["id"] in snap["paths"] for n in p["nodes"]}
        assert ("ice" in on_paths) == ("2025-04-07" <= snap["date"] < "2025-11-21")


def test_text_pieces_hold_their_dates_and_read_without_script(seeds: Graph) -> None:
    page = reach_view(seeds, "irs-taxpayer-addresses", as_of="2025-08-01")
    html = page.html
    ice = re.findall(
        r'<li class="gk-group" data-gk-in="[^"]*"( hidden)?>\s*<h3><bdi>U\.S\. Imm.*?'
        r'<p class="gk-dates">On ([^<]*)</p>',
        html,
        re.S,
    )
    # ICE's group and each distinct path: written once, with their dates; the opening
    # date's shown, the others hidden (the script shows them on their dates).
    assert [(hidden, when) for hidden, when in ice] == [("", "2025-04-07 to 2025-11-20")]
    paths = re.findall(
        r'<li class="gk-path" [^>]*data-gk-in="[^"]*"( hidden)?>\s*<p class="gk-path-head">.*?'
        r'<p class="gk-dates">On ([^<]*)</p>',
        html,
        re.S,
    )
    assert sorted(paths) == [
        ("", "2025-05-12 to 2025-11-20"),
        (" hidden", "2025-04-07 to 2025-05-11"),
    ]
    assert "li[data-gk-in][hidden] { display: list-item; }" in html  # <noscript>: all dates
    strip = html[
        html.index('class="gk-strip"') : html.index("</ol>", html.index('class="gk-strip"'))
    ]
    assert 'data-gk-date="2025-11-21"' in strip and "enjoined" in strip
    assert strip.count("<button") == len(re.findall(r'role="tooltip"', strip))


def test_cli_range_and_single_date(tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    args = ["reach", "d1", "--seeds", str(EDGE), "-o", str(out), "--json", "--force"]
    result = CliRunner().invoke(
        viz, [*args, "--as-of", "2020-03-15", "--from", "2020-02-01", "--to", "2020-12-31"]
    )
    assert result.exit_code == 0, result.output
    dates = json.loads(result.stdout)["dates"]
    assert dates[0] == "2020-02-01" and dates[-1] <= "2020-12-31" and "2020-03-15" in dates
    result = CliRunner().invoke(viz, [*args, "--as-of", "2020-03-15", "--no-slider"])
    assert json.loads(result.stdout)["dates"] == ["2020-03-15"]
    assert 'id="gk-slider"' not in out.read_text()
    result = CliRunner().invoke(viz, [*args, "--from", "2021-01-01", "--to", "2020-01-01"])
    assert result.exit_code == 1 and "before" in result.output and "Traceback" not in result.output
