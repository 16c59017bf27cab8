"""Story pages (``graphkit story``): the story file checked like the seeds, the page built
from the example story of the seeds, and the command's files and errors. No browser (see
``tests/test_story_browser.py``)."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit import open_graph
from graphkit.cli.main import cli
from graphkit.errors import InputError
from graphkit.viz.page import _csp_hash
from graphkit.viz.story import story_page
from graphkit.viz.storyfile import read_story
from tests_support import SEEDS, loaded_neo4j

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "stories" / "irs-ice-mou.yaml"
MOU = "irs-ice-mou-2025"
FLOW = "FLOWS:irs-ice-mou-2025:irs:ice:0"
CUSTODY = "CUSTODIAN_OF:irs:irs-taxpayer-addresses"

GOOD = """\
title: A short story
view: {question: reach, dataset: irs-taxpayer-addresses}
steps:
  - date: 2025-04-07
    caption: The agreement is made public.
    nodes: [irs, ice]
    agreements: [irs-ice-mou-2025]
    sources: [src-americanoversight-irs-ice-mou]
  - date: 2025-11-21
    caption: A court bars new disclosures.
    nodes: [irs]
    sources: [src-cnn-judge-blocks-irs]
"""


@pytest.fixture(scope="module")
def graph() -> Any:
    return open_graph()


@pytest.fixture(scope="module")
def example(graph: Any) -> Any:
    return story_page(graph, EXAMPLE)


def write(folder: Path, text: str, name: str = "story.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(graph: Any, path: Path) -> list[tuple[int | None, str]]:
    with pytest.raises(InputError) as caught:
        story_page(graph, path)
    assert all(p.file == str(path) for p in caught.value.problems)
    return [(p.line, p.field) for p in caught.value.problems]


def story_json(html: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="gk-story-data">(.*?)</script>', html)
    assert match, "the page embeds its steps"
    return dict(json.loads(match.group(1)))


# ------------------------------------------------------------------ the example story
def test_the_example_story_builds_from_the_seeds(example: Any) -> None:
    steps = story_json(example.html)["steps"]
    assert [s["date"] for s in steps] == ["2025-04-07", "2025-05-12", "2025-07-01", "2025-11-21"]
    assert [s["index"] for s in steps] == [0, 1, 2, 3]  # each its own date on the slider
    assert steps[0]["nodes"] == ["ice", "irs", "irs-taxpayer-addresses"]
    assert steps[0]["agreements"] == [MOU]
    # The agreement's link, and the custody link between two highlighted nodes.
    assert steps[0]["edges"] == [CUSTODY, FLOW]
    assert steps[1]["nodes"] == ["ice", "irs"] and steps[1]["edges"] == [FLOW]
    assert steps[3]["nodes"] == ["ice", "irs"] and steps[3]["edges"] == [FLOW]
    assert example.view == "story" and example.stats["base_view"] == "reach"
    assert example.stats["dates"] == ["2025-04-07", "2025-05-12", "2025-07-01", "2025-11-21"]
    assert example.default_filename() == "graphkit-story-irs-ice-mou.html"


def test_the_page_tells_every_step_with_its_date_caption_and_sources(example: Any) -> None:
    text = example.html.split('<main class="gk-text"', 1)[1]
    story = text.split("The answer as text", 1)[0]
    parts = story.split('<li id="gk-step-')[1:]
    items = [(part.split('"', 1)[0], part) for part in parts]
    assert [n for n, _ in items] == ["1", "2", "3", "4"]
    first = items[0][1]
    assert '<time datetime="2025-04-07">2025-04-07</time>' in first
    assert "made public in a court filing on Monday 7 April 2025" in first
    assert "American Oversight</bdi>, “<bdi>Here&#39;s What the Government" in first
    assert 'href="https://americanoversight.org/heres-what-the-government' in first
    last = items[3][1]
    assert (
        "Judge Kollar-Kotelly" in last
        and "<bdi>CNN, via a syndicated copy on kioncentralcoast.com</bdi>" in last
        and "2025-11-21" in last
    )
    # The panel above the diagram: step 1 shown, the others hidden until stepped to.
    assert (
        re.search(r'<article class="gk-story-step" data-gk-step="1" [^>]*aria-label', text) is None
    )
    head = example.html.split("</header>", 1)[0]
    assert re.search(r'data-gk-step="1" aria-label="Step 1 of 4">', head)
    assert re.search(r'data-gk-step="4" aria-label="Step 4 of 4" hidden>', head)
    assert "<h1><bdi>The IRS-ICE agreement on taxpayer addresses" in head


def test_the_story_page_is_self_contained_under_the_same_policy(example: Any) -> None:
    from graphkit.viz.story import _story_js

    html = example.html
    assert "<script src" not in html and "<link" not in html
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert found
    csp = unescape(found.group(1))
    assert "connect-src 'none'" in csp and "default-src 'none'" in csp
    assert _csp_hash(_story_js()) in csp  # the story script may run, and no other
    assert csp.count("'sha256-") == 3


def test_a_caption_is_escaped(graph: Any, tmp_path: Path) -> None:
    hostile = GOOD.replace("The agreement is made public.", '"<script>alert(1)</script> & co"')
    html = story_page(graph, write(tmp_path, hostile)).html
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


HOSTILE = """\
title: "</title><script>window.__pwned=7</script>"
summary: "<img src=x onerror=window.__pwned=8> \u202e reversed"
view: {question: reach, dataset: hx-data}
steps:
  - date: 2021-03-01
    caption: "</bdi></p><script>window.__pwned=9</script> \u2028 & more"
    nodes: [hx-agency, hx-rtl]
    agreements: [hx-ag-rtl]
    sources: [hx-src-script, hx-src-img]
"""


def hostile_story(folder: Path) -> Path:
    return write(folder, HOSTILE, "hostile.yaml")


def test_hostile_strings_in_a_story_stay_text(tmp_path: Path) -> None:
    html = story_page(
        open_graph(ROOT / "tests" / "graphs" / "hostile"), hostile_story(tmp_path)
    ).html
    for raw in (
        "<script>window.__pwned",
        "<img src=x",
        "</bdi></p><script>",
        'href="https://example.org/a"onmouseover',
    ):
        assert raw not in html
    assert "&lt;/bdi&gt;&lt;/p&gt;&lt;script&gt;window.__pwned=9&lt;/script&gt;" in html
    assert story_json(html)["steps"][0]["nodes"] == ["hx-agency", "hx-rtl"]


# ------------------------------------------------------------------ the file, checked
def test_a_good_story_file_reads(graph: Any, tmp_path: Path) -> None:
    story = read_story(graph, str(write(tmp_path, GOOD)))
    assert story.question == "reach" and story.args == {"dataset": "irs-taxpayer-addresses"}
    assert [(s.number, s.date, s.nodes, s.agreements) for s in story.steps] == [
        (1, "2025-04-07", ["irs", "ice"], [MOU]),
        (2, "2025-11-21", ["irs"], []),
    ]


def test_every_problem_of_the_file_is_named_with_its_line_and_field(
    graph: Any, tmp_path: Path
) -> None:
    text = """\
title: ""
colour: red
view: {question: reach, dataset: irs-taxpayer-addresses}
steps:
  - date: 2025-06-01
    caption: Between two changes.
    nodes: [irs, nope]
    sources: [src-nope]
  - date: 2025-13-01
    caption: "  "
    agreements: [irs]
    sources: []
  - date: 2025-04-07
    caption: Not drawn then.
    nodes: [ssa]
    agreements: [irs-ice-mou-2025]
    sources: [src-cnn-judge-blocks-irs]
    highlight: [ice]
"""
    assert problems_of(graph, write(tmp_path, text)) == [
        (1, "title"),  # empty
        (2, "colour"),  # unknown key
        (5, "steps[0].date"),  # not one of the view's dates
        (7, "steps[0].nodes[1]"),  # unknown id
        (8, "steps[0].sources[0]"),  # unknown source
        (9, "steps[1].date"),  # not a date
        (10, "steps[1].caption"),  # empty caption
        (11, "steps[1].agreements[0]"),  # an agency, not an agreement
        (12, "steps[1].sources"),  # no source
        (15, "steps[2].nodes[0]"),  # not drawn in the view on that date
        (18, "steps[2].highlight"),  # unknown key
    ]


@pytest.mark.parametrize(
    ("day", "fix"),
    [
        ("2025-06-01", "use 2025-05-12 or 2025-07-01"),  # between two of the view's dates
        ("2024-06-01", "use 2025-04-07, or start the view earlier with from: 2024-06-01"),
        ("2026-06-01", "use 2025-11-21: the view does not change after it"),
    ],
)
def test_a_date_off_the_slider_is_refused_with_the_dates_near_it(
    graph: Any, tmp_path: Path, day: str, fix: str
) -> None:
    text = GOOD.replace("2025-11-21", day)
    with pytest.raises(InputError) as caught:
        story_page(graph, write(tmp_path, text))
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (9, "steps[1].date")
    assert problem.message.endswith(fix)


def test_a_range_given_with_from_holds_its_first_date(graph: Any, tmp_path: Path) -> None:
    text = GOOD.replace("irs-taxpayer-addresses}", "irs-taxpayer-addresses, from: 2024-06-01}")
    page = story_page(graph, write(tmp_path, text.replace("2025-04-07", "2024-06-01")))
    assert [s["date"] for s in page.stats["steps"]] == ["2024-06-01", "2025-11-21"]


def test_an_agreement_not_drawn_on_its_date(graph: Any, tmp_path: Path) -> None:
    text = GOOD.replace("agreements: [irs-ice-mou-2025]", "agreements: [ssa-dhs-addresses-2025]")
    assert problems_of(graph, write(tmp_path, text)) == [(7, "steps[0].agreements[0]")]


@pytest.mark.parametrize(
    ("view", "line", "field"),
    [
        ("{question: reach, dataset: irs-taxpayer-adresses}", 2, "view.dataset"),
        ("{question: reach}", 2, "view.dataset"),
        ("{question: histogram}", 2, "view.question"),
        ("{question: ego, id: ice, depth: two}", 2, "view.depth"),
        ("{question: reach, dataset: irs-taxpayer-addresses, colour: red}", 2, "view.colour"),
        ("{question: reach, dataset: irs-taxpayer-addresses, from: 2025-02-30}", 2, "view.from"),
    ],
)
def test_a_bad_view_is_named(graph: Any, tmp_path: Path, view: str, line: int, field: str) -> None:
    text = GOOD.replace("{question: reach, dataset: irs-taxpayer-addresses}", view)
    assert (line, field) in problems_of(graph, write(tmp_path, text))


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("steps: [\n", 2, ""),  # not YAML
        ("- a list\n", 1, ""),  # not a mapping
        ("title: T\nview: {question: all}\nsteps: []\n", 3, "steps"),  # no step
    ],
)
def test_a_file_that_is_no_story(
    graph: Any, tmp_path: Path, text: str, line: int, field: str
) -> None:
    assert (line, field) in problems_of(graph, write(tmp_path, text))


def test_a_story_on_another_view(graph: Any, tmp_path: Path) -> None:
    text = GOOD.replace(
        "{question: reach, dataset: irs-taxpayer-addresses}", "{question: ego, id: irs, depth: 1}"
    )
    page = story_page(graph, write(tmp_path, text))
    assert page.stats["base_view"] == "ego"
    assert [s["date"] for s in page.stats["steps"]] == ["2025-04-07", "2025-11-21"]


# ------------------------------------------------------------------ the command
def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["story", *args])


def test_the_command_writes_the_page_and_replaces_it_only_with_force(tmp_path: Path) -> None:
    out = tmp_path / "story.html"
    first = run(str(EXAMPLE), "-o", str(out))
    assert first.exit_code == 0, first.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    out.write_text("kept", encoding="utf-8")
    again = run(str(EXAMPLE), "-o", str(out))
    assert again.exit_code == 1 and "--force" in again.output
    assert out.read_text(encoding="utf-8") == "kept"
    forced = run(str(EXAMPLE), "-o", str(out), "--force", "--json")
    assert forced.exit_code == 0
    assert json.loads(forced.stdout)["view"] == "story"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_the_command_reports_problems_and_writes_nothing(tmp_path: Path) -> None:
    story = write(tmp_path, GOOD.replace("[src-cnn-judge-blocks-irs]", "[src-nope]"))
    out = tmp_path / "story.html"
    result = run(str(story), "-o", str(out))
    assert result.exit_code == 1
    assert f"{story}:12: steps[1].sources[0]: unknown source id 'src-nope'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["story.yaml"]


def test_the_command_names_a_missing_file(tmp_path: Path) -> None:
    result = run(str(tmp_path / "none.yaml"))
    assert result.exit_code == 1 and "none.yaml" in result.output
    assert "Traceback" not in result.output


# ------------------------------------------------------------------ on Neo4j
@pytest.mark.neo4j
def test_the_story_is_the_same_on_neo4j(neo4j_server: Any, tmp_path: Path) -> None:
    memory, neo4j = loaded_neo4j(neo4j_server, SEEDS)
    assert story_page(neo4j, EXAMPLE).stats["steps"] == story_page(memory, EXAMPLE).stats["steps"]
    bad = write(tmp_path, GOOD.replace("nodes: [irs]\n", "nodes: [ssa, nope]\n"))
    assert (
        problems_of(neo4j, bad)
        == problems_of(memory, bad)
        == [
            (11, "steps[1].nodes[0]"),  # not drawn on that date
            (11, "steps[1].nodes[1]"),  # unknown
        ]
    )


def test_the_command_prints_an_embed_snippet(tmp_path: Path) -> None:
    out = tmp_path / "story.html"
    result = run(str(EXAMPLE), "-o", str(out), "--embed")
    assert result.exit_code == 0
    assert result.stdout.startswith(f'<iframe src="{out.as_posix()}" title="The IRS-ICE agreement')
    assert 'data-graphkit="view"' in result.stdout and "graphkit:height" in result.stdout
