"""The visualizer without a browser: self-contained, escaped, cited, embeddable, no secrets."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit import open_graph
from graphkit.backends.memory import MemoryStore
from graphkit.cli.viz import viz
from graphkit.graph import Graph
from graphkit.ingest.validation import load_seeds
from graphkit.viz import (
    VizPage,
    all_view,
    ego_view,
    embed_snippet,
    page_for,
    path_view,
    reach_view,
    reachable_view,
)
from graphkit.viz.demo import synthetic_view
from graphkit.viz.model import safe_url
from graphkit.viz.network import PHYSICS_MAX
from graphkit.viz.page import script_json

GRAPHS = Path(__file__).resolve().parent / "graphs"
EDGE = GRAPHS / "edge"
HOSTILE = GRAPHS / "hostile"
DAY = "2020-03-15"
HOSTILE_DAY = "2021-06-01"
SECRET = "pw-Sup3r-S3cret-do-not-print"
CSP = "Content-Security-Policy"

HOSTILE_STRINGS = [
    "<script>window.__pwned",
    "<img src=x",
    "<svg onload",
    "<iframe src=javascript",
    '<a href="javascript',
    "<a href='https://evil",
    "</script><script>",
    "<b>bold</b>",
    '"onmouseover="',
]


class Parsed(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def policy(parsed: Parsed) -> str:
    [csp] = [a["content"] for _t, a in parsed.tags if a.get("http-equiv") == CSP]
    return csp or ""


def parse(text: str) -> Parsed:
    parser = Parsed()
    parser.feed(text)
    parser.close()
    return parser


def page_data(page: VizPage) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="gk-data">(.*?)</script>', page.html)
    assert match, "the page embeds its data"
    return json.loads(match.group(1))


def opening_text(page: VizPage) -> str:
    """The page without the pieces of its text version hidden on the date it opens at,
    nor the data of the other dates (the JSON the script shows them from)."""
    shown = re.sub(
        r'<(div|li|tr) [^>]*data-gk-in="[^"]*" hidden>.*?</\1>', "", page.html, flags=re.S
    )
    return re.sub(r'<script type="application/json" id="gk-data">.*?</script>', "", shown)


@pytest.fixture(scope="module")
def edge() -> Graph:
    return open_graph(EDGE)


@pytest.fixture(scope="module")
def hostile() -> Graph:
    return open_graph(HOSTILE)


@pytest.fixture(scope="module")
def edge_pages(edge: Graph) -> dict[str, VizPage]:
    return {
        "reach": reach_view(edge, "d1", as_of=DAY),
        "reachable": reachable_view(edge, "f", as_of=DAY),
        "path": path_view(edge, "a", "f", as_of=DAY),
        "ego": ego_view(edge, "a", depth=2, as_of=DAY),
        "all": all_view(edge, as_of=DAY),
    }


@pytest.fixture(scope="module")
def hostile_pages(hostile: Graph) -> dict[str, VizPage]:
    return {
        "reach": reach_view(hostile, "hx-data", as_of=HOSTILE_DAY),
        "reachable": reachable_view(hostile, "hx-long", as_of=HOSTILE_DAY),
        "path": path_view(hostile, "hx-agency", "hx-long", as_of=HOSTILE_DAY),
        "ego": ego_view(hostile, "hx-agency", depth=2, as_of=HOSTILE_DAY),
        "all": all_view(hostile, as_of=HOSTILE_DAY),
    }


# ------------------------------------------------------------------ self-contained
@pytest.mark.parametrize("view", ["reach", "reachable", "path", "ego", "all"])
def test_page_loads_nothing_from_the_network(edge_pages: dict[str, VizPage], view: str) -> None:
    page = edge_pages[view].html
    parsed = parse(page)
    assert not re.search(r"<script[^>]*\ssrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", page, re.IGNORECASE)
    for tag, attrs in parsed.tags:
        assert tag not in ("link", "iframe", "img", "object", "embed", "base", "form"), tag
        if tag == "script":
            assert "src" not in attrs
        if tag == "a" and attrs.get("href"):
            href = attrs["href"]
            assert href.startswith("#gk-") or safe_url(href), href
    csp = policy(parsed)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert len(parsed.scripts) == 3  # the data, vis-network, graphkit's script
    assert "vis-network" in page and "new vis.Network" in page


def test_scripts_match_the_policy_hashes(edge_pages: dict[str, VizPage]) -> None:
    import base64
    import hashlib

    parsed = parse(edge_pages["reach"].html)
    csp = policy(parsed)
    for script in parsed.scripts[1:]:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


# ----------------------------------------------------------------------- hostile
@pytest.mark.parametrize("view", ["reach", "reachable", "path", "ego", "all"])
def test_hostile_strings_are_escaped(hostile_pages: dict[str, VizPage], view: str) -> None:
    page = hostile_pages[view]
    text = page.html
    for raw in HOSTILE_STRINGS:
        assert raw not in text, raw
    assert "<!--" not in text
    assert "\u2028" not in text.split('id="gk-data">')[1].split("</script>")[0]
    parsed = parse(text)
    assert [t for t, _a in parsed.tags].count("script") == 3
    for tag, attrs in parsed.tags:
        assert tag not in ("img", "svg", "iframe", "b") or (tag == "svg" and "aria-hidden" in attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "a" and attrs.get("href"):
            assert attrs["href"].startswith("#gk-") or safe_url(attrs["href"])
    assert "&lt;script&gt;window.__pwned=6" in text or view == "reachable"


def test_hostile_data_round_trips_through_the_json(
    hostile_pages: dict[str, VizPage], hostile: Graph
) -> None:
    data = page_data(hostile_pages["all"])
    lines = {n["id"]: n["lines"][0] for n in data["nodes"]}
    for ident in ("hx-agency", "hx-vendor", "hx-href", "hx-court", "hx-quotes", "hx-long"):
        assert lines[ident] == hostile.store.records([ident])[ident].name
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert "\u202e" not in labels["hx-rtl"] and "evil RTL agency" in labels["hx-rtl"]
    long = labels["hx-long"].split("\n")  # wrapped on at most three short lines
    assert len(long) <= 3 and all(len(line) <= 24 for line in long) and long[-1].endswith("…")
    assert len(lines["hx-long"]) == 2000  # the longest name validation allows
    assert all(len(line) <= 240 for n in data["nodes"] for line in n["tip"])


def test_long_and_right_to_left_names_are_isolated_in_the_text(
    hostile_pages: dict[str, VizPage],
) -> None:
    text = hostile_pages["reach"].html
    assert "<bdi>\u202eevil RTL agency" in text
    assert "Long " + "x" * 1995 in text  # the full name in the text version
    assert "<title>" in text and "x" * 400 not in text.split("<title>")[1].split("</title>")[0]


def test_links_are_http_only() -> None:
    assert safe_url("https://example.org/x") == "https://example.org/x"
    assert safe_url("HTTP://example.org") == "HTTP://example.org"
    for bad in (
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "//example.org",
        "https://exa mple.org",
        "https://example.org/\n",
        "ftp://example.org",
        "",
        None,
    ):
        assert safe_url(bad) is None, bad


def test_a_non_http_source_is_plain_text(edge: Graph) -> None:
    answer = edge.reach("d1", as_of=DAY)
    answer.sources["s1"] = dict(answer.sources["s1"], url="javascript:window.__pwned=1")
    page = page_for(answer)
    assert 'href="javascript' not in page.html
    assert "javascript:window.__pwned=1</span> (not a web link)" in page.html
    note = page_data(page)["notes"]["1"]
    assert note["url"] is None and note["text_url"] == "javascript:window.__pwned=1"


def test_script_json_cannot_break_out() -> None:
    value = {"a": "</script><script>alert(1)</script>", "b": "<!-- x -->", "c": "a\u2028b\u2029&"}
    text = script_json(value)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in text
    assert json.loads(text) == value


# ---------------------------------------------------------------- what it shows
def test_reach_text_version_has_every_hop_and_citation(
    edge: Graph, edge_pages: dict[str, VizPage]
) -> None:
    page = edge_pages["reach"].html
    text = page.split('id="gk-text"')[1]
    answer = edge.reach("d1", as_of=DAY)
    for item in answer.results:
        assert f"<bdi>{item.party.name}</bdi>" in text
        for path in item.paths:
            for hop in path.hops:
                assert f"<bdi>{hop.source.name}</bdi> → <bdi>{hop.target.name}</bdi>" in text
                assert f"<code>{hop.agreement.id}</code>" in text
    assert "via <bdi>Network L</bdi>" in text
    assert 'href="#gk-src-1"' in text
    assert '<li id="gk-src-1" value="1"><bdi>Test Publisher</bdi>' in text
    assert 'href="https://example.org/s1"' in text
    assert "Derived: <bdi>Dataset One</bdi> → <bdi>Derived Two</bdi>" in text
    assert 'As of <time datetime="2020-03-15">' in page
    assert 'graphkit 0.1.0 · memory backend · content <span id="gk-hash">' in page


def test_paths_are_highlighted_and_context_faded(edge_pages: dict[str, VizPage]) -> None:
    data = page_data(edge_pages["reach"])
    roles = {n["id"]: n["role"] for n in data["nodes"]}
    assert roles["d1"] == "subject"
    assert roles["f"] == "path" and roles["l"] == "path"
    assert roles["g"] == "context" and roles["m"] == "context"
    edges = {(e["from"], e["to"], e["lines"][0]): e for e in data["edges"]}
    rescinded = edges[("a", "g", "A to G, rescinded (ag7)")]
    assert rescinded["carries"] is False and rescinded["dashes"]
    # Faded links carry no canvas label (labels are the answer's); the status is in the tooltip.
    assert rescinded["label"] == ""
    assert any("rescinded" in line for line in rescinded["tip"])
    on_path = edges[("a", "b", "A to B (ag1)")]
    assert on_path["onPath"] and not on_path["dashes"] and on_path["label"] == "MOU · 2020-01-01"
    assert on_path["color"]["color"] != rescinded["color"]["color"]
    ids = {e["id"] for e in data["edges"]}
    assert data["paths"] and all(set(p["edges"]) <= ids for p in data["paths"])
    f_path = next(p for p in data["paths"] if "f" in p["nodes"])
    assert {"d1", "a", "b", "c", "e", "f"} <= set(f_path["nodes"])


def test_links_are_drawn_the_way_the_data_moves(edge_pages: dict[str, VizPage]) -> None:
    data = page_data(edge_pages["reach"])
    held = [e for e in data["edges"] if e["kind"] == "CUSTODIAN_OF"]
    # The answer's links are labelled; faded ones say it in their tooltip only.
    assert held and all(e["label"] == ("held by" if e["onPath"] else "") for e in held)
    assert all(" held by " in e["tip"][0] for e in held)
    custody = next(e for e in held if e["from"] == "d1")
    assert custody["to"] == "a" and custody["smooth"] is False  # straight, left to right
    assert custody["lines"] == ["Dataset One held by Agency A"]
    x = {n["id"]: n["x"] for n in data["nodes"]}
    assert x["d1"] < x["a"]
    assert "Held by, derived into, part of" in edge_pages["reach"].html


def test_caption_points_to_the_sources(edge_pages: dict[str, VizPage]) -> None:
    page = edge_pages["reach"].html
    head = page[page.index('<header class="gk-head">') : page.index("</header>")]
    assert re.search(r'<a href="#gk-sources-h">\d+ sources?</a>, listed below', head)
    assert "As of <time" in head
    assert "backend" not in head and "content" not in head  # for readers: in the footer
    foot = page[page.index('<footer class="gk-foot">') :]
    assert "Facts are as reported by the sources listed" in foot  # attribution
    assert re.search(r'memory backend · content <span id="gk-hash">[0-9a-f]{12}</span>', foot)


def test_path_view_reads_left_to_right(edge_pages: dict[str, VizPage]) -> None:
    data = page_data(edge_pages["path"])
    x = {n["id"]: n["x"] for n in data["nodes"]}
    assert x["a"] < x["b"] < x["c"] < x["e"] < x["f"]
    assert data["options"]["physics"]["enabled"] is False


def test_ego_view_draws_non_carrying_agreements_dashed(edge_pages: dict[str, VizPage]) -> None:
    page = edge_pages["ego"]
    data = page_data(page)
    stopped = [e for e in data["edges"] if e["kind"] == "FLOWS" and not e["carries"]]
    names = {e["lines"][0] for e in stopped}
    assert names >= {"A to G, rescinded (ag7)", "A to N, only proposed (ag12)"}
    assert all(e["dashes"] for e in stopped)
    assert "<caption>Links drawn" in page.html
    assert "(not in force)" in page.html
    assert "Blocked: not in force on the date" in page.html  # the legend


def test_enjoined_agreement_is_not_a_path_later(edge: Graph) -> None:
    page = ego_view(edge, "a", depth=1, as_of="2020-07-01")
    data = page_data(page)
    [ag1] = [e for e in data["edges"] if e["lines"][0] == "A to B (ag1)"]
    assert ag1["carries"] is False and ag1["label"] == "MOU · enjoined 2020-06-15"


def test_empty_answer_says_so(edge: Graph) -> None:
    page = reach_view(edge, "d3", as_of="2019-06-01")
    # ag2 and ag11 would carry it but start on 2020-01-01: named, not silently dropped.
    assert (
        "No party other than the custodian can obtain it on this date "
        "(2 blocked: listed below)." in page.html
    )
    listed = page.html.split('class="gk-reported"', 1)[1].split("</ul>", 1)[0]
    assert len(re.findall(r"<li\b", listed)) == 2
    assert "<code>ag2</code>" in listed and "<code>ag11</code>" in listed
    assert listed.count("not started (starts 2020-01-01)") == 2
    later = reach_view(edge, "d3", as_of="2020-03-15")
    assert "No party other than the custodian" not in opening_text(later)
    assert "No party other than the custodian" in later.html  # on the earlier dates
    assert (
        "No party other than the custodian"
        not in reach_view(edge, "d3", as_of="2020-03-15", slider=False).html
    )


def test_same_answer_same_page(edge: Graph) -> None:
    assert reach_view(edge, "d1", as_of=DAY).html == reach_view(edge, "d1", as_of=DAY).html


def test_page_is_responsive_and_accessible(edge_pages: dict[str, VizPage]) -> None:
    page = edge_pages["reach"].html
    parsed = parse(page)
    [canvas] = [a for t, a in parsed.tags if a.get("id") == "gk-network"]
    assert canvas["role"] == "img" and "listed as text" in (canvas["aria-label"] or "")
    assert '<html lang="en">' in page and "<main " in page and "<noscript>" in page
    assert 'name="viewport"' in page
    assert "min-height: max(100vh, 320px)" in page and "width: 100%" in page
    assert "@media (max-width: 600px)" in page
    assert "Legend" in page


def test_big_view_has_no_physics_and_a_fixed_layout() -> None:
    view = synthetic_view(PHYSICS_MAX + 50)
    page = page_for(view)
    data = page_data(page)
    assert page.physics is False and data["options"]["physics"]["enabled"] is False
    members = [n for n in data["nodes"] if n["role"] != "group"]  # groups summarise them
    assert len(members) == PHYSICS_MAX + 50
    spots = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(spots) == len(data["nodes"])  # every node placed, none on another
    small = page_for(synthetic_view(40))
    assert small.physics is False  # the Python layout is final at any size: same picture as SVG


# -------------------------------------------------------------- embed, Jupyter
def test_embed_snippet_escapes_attributes() -> None:
    snippet = embed_snippet('dir/a "b".html', "Who <can> \"obtain\" & 'what'")
    parsed = parse(snippet)
    [(tag, attrs), (script, _none)] = parsed.tags
    assert tag == "iframe" and script == "script"  # the host script that sizes the frame
    assert attrs["height"] == "600"  # the height without script
    assert attrs["title"] == "Who <can> \"obtain\" & 'what'"
    assert attrs["src"] == "dir/a%20%22b%22.html"
    sandbox = attrs["sandbox"] or ""
    assert "allow-scripts" in sandbox and "allow-same-origin" not in sandbox
    assert "<can>" not in snippet


def test_repr_html_is_an_escaped_srcdoc(hostile_pages: dict[str, VizPage]) -> None:
    page = hostile_pages["reach"]
    shown = page._repr_html_()
    parsed = parse(shown)
    [(tag, attrs)] = parsed.tags
    assert tag == "iframe" and attrs["srcdoc"] == page.html
    assert "<script" not in shown


# ------------------------------------------------------------------------- CLI
def run(args: list[str], **env: str) -> Any:
    return CliRunner().invoke(viz, args, env=env or None, catch_exceptions=False)


def test_cli_writes_each_view(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    seeds = ["--seeds", str(EDGE), "--as-of", DAY]
    for args, name in (
        (["reach", "d1"], "graphkit-reach-d1.html"),
        (["reachable", "f"], "graphkit-reachable-f.html"),
        (["path", "a", "f"], "graphkit-path-a-f.html"),
        (["ego", "a", "--depth", "2"], "graphkit-ego-a.html"),
        (["all"], "graphkit-all.html"),
    ):
        result = run([*args, *seeds])
        assert result.exit_code == 0, result.output
        written = tmp_path / name
        assert written.is_file() and written.read_text().startswith("<!DOCTYPE html>")
        assert f"Wrote {name}" in result.output


def test_cli_output_embed_and_json(tmp_path: Path) -> None:
    out = tmp_path / "sub" / "page.html"
    result = run(["reach", "hx-data", "--seeds", str(HOSTILE), "-o", str(out), "--embed"])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    snippet = result.stdout[result.stdout.index("<iframe ") :]
    [(tag, attrs), (script, _attrs)] = parse(snippet).tags
    assert script == "script"  # the host script that sizes the frame
    assert tag == "iframe" and attrs["src"] == out.as_posix()
    assert (attrs["title"] or "").startswith("Who can obtain <svg onload")
    assert "<svg" not in snippet
    before = out.read_bytes()
    result = run(["path", "a", "f", "--seeds", str(EDGE), "-o", str(out), "--json", "--embed"])
    assert result.exit_code == 1 and "exists" in result.output and "--force" in result.output
    assert out.read_bytes() == before  # an existing page is never replaced unasked
    args = ["path", "a", "f", "--seeds", str(EDGE), "-o", str(out), "--json", "--embed"]
    result = run([*args, "--force"])
    summary = json.loads(result.stdout)
    assert (
        summary["view"] == "path"
        and summary["nodes"] > 3
        and summary["embed"].startswith("<iframe ")
    )


def test_cli_errors_are_clean(tmp_path: Path) -> None:
    result = CliRunner().invoke(viz, ["reach", "nope", "--seeds", str(EDGE)])
    assert result.exit_code == 1 and "no dataset called 'nope'" in result.output
    assert "Traceback" not in result.output
    result = CliRunner().invoke(viz, ["reach", "d1", "--seeds", str(EDGE), "--context", "9"])
    assert result.exit_code == 1 and "--context 9 is out of range" in result.output
    result = CliRunner().invoke(
        viz, ["all", "--seeds", str(EDGE), "-o", str(tmp_path / "missing" / "x" / "\0.html")]
    )
    assert result.exit_code != 0 and "Traceback" not in result.output


# --------------------------------------------------------------------- secrets
def test_password_never_reaches_the_page(tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    for args in (
        ["reach", "d1", "--seeds", str(EDGE), "-o", str(out)],
        ["all", "--seeds", str(EDGE), "-o", str(out), "--password", SECRET, "--embed", "--force"],
    ):
        result = run(args, NEO4J_PASSWORD=SECRET, NEO4J_USER="graphkit-user")
        assert result.exit_code == 0, result.output
        assert SECRET not in out.read_text() and SECRET not in result.output
        assert "graphkit-user" not in out.read_text()


class SecretNeo4j(MemoryStore):
    """Stands in for the Neo4j store: answers the same, and holds a password."""

    name = "neo4j"

    def __init__(self) -> None:
        super().__init__(load_seeds(EDGE))
        self.password = SECRET
        self.uri = f"bolt://neo4j:{SECRET}@localhost:7687"


def test_other_backends_draw_the_same_without_their_credentials() -> None:
    secret = Graph(SecretNeo4j())
    memory = open_graph(EDGE)
    for make in (
        lambda g: reach_view(g, "d1", as_of=DAY),
        lambda g: path_view(g, "a", "f", as_of=DAY),
        lambda g: ego_view(g, "a", depth=2, as_of=DAY),
        lambda g: all_view(g, as_of=DAY),
    ):
        page = make(secret)
        assert SECRET not in page.html and SECRET not in page._repr_html_()
        assert "neo4j backend" in page.html
        same = make(memory)
        content = re.compile(r'content <span id="gk-hash">[0-9a-f]{12}')
        assert content.findall(page.html) == content.findall(same.html) != []
        assert page_data(page)["nodes"] == page_data(same)["nodes"]
    assert html.escape(SECRET) not in reach_view(secret, "d1", as_of=DAY).html


def test_a_view_citing_no_source_says_so_in_the_page_and_the_picture() -> None:
    """The page's Sources section and the SVG's source line say the same words when what
    is drawn cites nothing (the words are graphkit.present.words')."""
    import dataclasses

    from graphkit.present import words
    from graphkit.viz.page import render_scene
    from graphkit.viz.svg import svg_of

    page = ego_view(open_graph(GRAPHS / "edge"), "a", depth=1, as_of="2020-03-15")
    assert page.scene is not None and page.notes  # as drawn, it cites its sources
    assert words.NO_SOURCE_SHOWN not in page.html
    bare = dataclasses.replace(page.scene, notes=[])
    assert f"<p>{words.NO_SOURCE_SHOWN}</p>" in render_scene(bare).html
    assert words.NO_SOURCE_SHOWN in svg_of(bare, notes=[])
    assert words.NO_SOURCE_SHOWN not in svg_of(page.scene, notes=page.notes)
