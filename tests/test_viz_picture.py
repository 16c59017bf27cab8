"""Static pictures of a view: SVG written by graphkit from the page's own layout, PNG
through headless Chromium (``-m browser`` for the PNG)."""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit import open_graph
from graphkit.cli.viz import viz
from graphkit.viz import reach_view
from tests.test_viz import page_data

SVG = "{http://www.w3.org/2000/svg}"
IRS = "irs-taxpayer-addresses"
HOSTILE = Path(__file__).resolve().parent / "graphs" / "hostile"


def texts(root: ET.Element) -> list[str]:
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def node_x(root: ET.Element) -> dict[str, float]:
    out = {}
    for group in root.iter(f"{SVG}g"):
        ident = group.get("data-gk-id")
        if ident:
            [shape] = list(group)
            out[ident] = float(shape.get("cx") or shape.get("x") or 0)
    return out


def test_svg_has_title_date_answer_legend_and_sources() -> None:
    page = reach_view(open_graph(), IRS, as_of="2025-08-01")
    svg = page.picture(size=(1200, 630))
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and (root.get("width"), root.get("height")) == ("1200", "630")
    lines = texts(root)
    assert "Who can obtain IRS taxpayer last-known addresses (irs-taxpayer-addresses)" in lines
    assert "As of 2025-08-01" in lines
    assert "1 party can obtain it on this date: U.S. Immigration and Customs Enforcement." in lines
    assert "Evidenced: a source shows data carried" in lines  # the legend: what is drawn
    assert not any(t.startswith("Blocked") for t in lines)
    assert any(t.startswith("Sources: ") for t in lines)
    assert any("memory backend · content " in t for t in lines)
    # Drawn from the page's layout: the dataset, then its custodian, then ICE.
    x = node_x(root)
    assert x[IRS] < x["irs"] < x["ice"]
    assert set(x) == {n["id"] for n in page_data(page)["nodes"] if not n.get("hidden")}
    assert svg == reach_view(open_graph(), IRS, as_of="2025-08-01").picture(size=(1200, 630))


def test_svg_on_a_later_date_draws_the_blocked_mou() -> None:
    root = ET.fromstring(reach_view(open_graph(), IRS, as_of="2025-12-15").picture())
    lines = texts(root)
    assert "As of 2025-12-15" in lines
    assert any(t.startswith("Blocked: not in force") for t in lines)
    assert not any(t.startswith("Evidenced") for t in lines)
    dashed = [p for p in root.iter(f"{SVG}path") if p.get("stroke-dasharray") == "7 5"]
    assert len(dashed) == 1  # the enjoined MOU, and only it


def test_svg_escapes_hostile_data() -> None:
    svg = reach_view(open_graph(HOSTILE), "hx-data", as_of="2021-06-01").picture()
    root = ET.fromstring(svg)  # well-formed: every string escaped
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert tags <= {
        "svg",
        "title",
        "rect",
        "text",
        "tspan",
        "defs",
        "marker",
        "path",
        "g",
        "circle",
        "polygon",
        "line",
    }
    assert not any(name.startswith("on") for el in root.iter() for name in el.attrib)
    assert not any("href" in name for el in root.iter() for name in el.attrib)  # no link
    assert any("<svg onload=window.__pwned=10>" in t for t in texts(root))


def test_cli_writes_svg_and_refuses_bad_sizes(tmp_path: Path) -> None:
    out = tmp_path / "irs.svg"
    args = ["reach", IRS, "--as-of", "2025-08-01", "--format", "svg", "-o", str(out)]
    result = CliRunner().invoke(viz, [*args, "--size", "800x450"])
    assert result.exit_code == 0, result.output
    root = ET.fromstring(out.read_text(encoding="utf-8"))
    assert (root.get("width"), root.get("height")) == ("800", "450")
    for size, words in (("10x10", "out of range"), ("big", "not WIDTHxHEIGHT")):
        bad = tmp_path / f"{size}.svg"
        result = CliRunner().invoke(viz, [*args[:-1], str(bad), "--size", size])
        assert result.exit_code == 1 and words in result.output and "1200x800" in result.output
        assert "Traceback" not in result.output and not bad.exists()
    result = CliRunner().invoke(viz, [*args[:-1], str(tmp_path / "e.svg"), "--embed"])
    assert result.exit_code == 1 and "--embed is for pages" in result.output


@pytest.mark.browser
def test_cli_writes_png_of_the_chosen_size(tmp_path: Path) -> None:
    from tests.test_viz_browser import chromium_path, need

    if chromium_path() is None:
        need("no Chromium: apt-get install -y chromium, or set GRAPHKIT_CHROMIUM")
    out = tmp_path / "irs.png"
    args = ["reach", IRS, "--as-of", "2025-08-01", "--format", "png", "--size", "1200x630"]
    result = CliRunner().invoke(viz, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 630)
