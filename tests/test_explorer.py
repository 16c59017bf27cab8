"""The local explorer (``graphkit serve``) on the memory backend: its pages, their JSON
(equal to the CLI's ``--json``) and CSV, its errors, its safety. Expected contents are
written by hand from the seeds."""

from __future__ import annotations

import html
import json
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hostile_seeds import corpus, write_seeds
from markupsafe import escape
from starlette.testclient import TestClient

from graphkit import open_graph
from graphkit.cli import cli
from graphkit.explorer import serve as serving
from graphkit.explorer.app import ExplorerConfig, create_app
from tests_support import EDGE, ROOT, SEEDS

PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
DAY = "2025-08-01"
DATASET = "irs-taxpayer-addresses"


def client_for(graph: Any, **config: Any) -> TestClient:
    app = create_app(graph, ExplorerConfig(port=PORT, **config))
    return TestClient(app, base_url=BASE)


@pytest.fixture(scope="module")
def client() -> TestClient:
    return client_for(open_graph(SEEDS))


def cli_json(*args: str) -> Any:
    done = CliRunner().invoke(cli, [*args, "--seeds", str(SEEDS), "--json"])
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def cli_text(*args: str) -> str:
    done = CliRunner().invoke(cli, [*args, "--seeds", str(SEEDS)])
    assert done.exit_code == 0, done.output
    return done.stdout


def body_of(response: Any) -> str:
    """The page's text with tags removed and entities read: what a reader sees."""
    return html.unescape(re.sub(r"<[^>]+>", " ", response.text))


# ------------------------------------------------------------------------ search
def test_search_finds_a_party_by_alias(client: TestClient) -> None:
    page = client.get("/search", params={"q": "Immigration and Customs Enforcement"})
    assert page.status_code == 200
    first = re.search(r'<ol class="gx-hits">\s*<li><a href="([^"]+)">', page.text)
    assert first and first.group(1) == "/party/ice"
    hits = client.get("/search.json", params={"q": "Immigration and Customs Enforcement"}).json()
    assert hits[0] == {
        "id": "ice",
        "kind": "agency",
        "name": "U.S. Immigration and Customs Enforcement",
        "matched": "Immigration and Customs Enforcement",
    }
    assert hits == cli_json("search", "Immigration and Customs Enforcement")


def test_search_finds_a_party_by_identifier(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(EDGE, seeds)
    (seeds / "vendors.yaml").write_text(
        "vendors:\n  - id: v1\n    name: Vendor One\n    kind: data_broker\n"
        "    identifiers:\n      - {scheme: uei, value: AAAA1111BBBB, sources: [s1]}\n"
        "    sources: [s1]\n    confidence: primary_document\n",
        encoding="utf-8",
    )
    found = client_for(open_graph(seeds)).get("/search.json", params={"q": "aaaa1111"}).json()
    assert [(hit["id"], hit["matched"]) for hit in found] == [("v1", "AAAA1111BBBB")]


def test_search_by_a_system_number_links_to_the_dataset(client: TestClient) -> None:
    page = client.get("/search", params={"q": "DHS/ICE-011"})
    assert '<a href="/dataset/dhs-ice-011">' in page.text
    assert "CSV" in page.text and "/search.csv?q=DHS%2FICE-011" in page.text


def test_an_empty_search_asks_for_text(client: TestClient) -> None:
    page = client.get("/search", params={"q": ""})
    assert page.status_code == 200 and "Type a name" in page.text
    assert client.get("/search.json", params={"q": ""}).json() == []


# ------------------------------------------------------------------ entity pages
def test_home_counts_the_graph(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "37 agencies" in " ".join(body_of(page).split())
    assert client.get("/index.json").json()["counts"]["agreements"] == 62
    assert 'action="/search"' in page.text


def test_a_party_page_shows_claims_beside_their_sources(client: TestClient) -> None:
    page = client.get("/party/ice")
    assert page.status_code == 200
    text = " ".join(body_of(page).split())
    assert "U.S. Immigration and Customs Enforcement" in text
    assert "ICE; Immigration and Customs Enforcement" in text  # its aliases
    claim = re.search(r"<tr><td>surveillance_spending_since_2008</td>(.*?)</tr>", page.text)
    assert claim is not None
    assert "about 2.8 billion USD" in claim.group(1)
    assert '<a href="/source/src-americandragnet-methodology">' in claim.group(1)
    assert '<a href="/reachable/ice">What it can obtain</a>' in page.text
    assert '<a href="/party/ice-hsi">' in page.text  # a component, linked


def test_a_dataset_page_links_to_who_can_obtain_it(client: TestClient) -> None:
    page = client.get(f"/dataset/{DATASET}")
    assert page.status_code == 200
    assert "IRS taxpayer last-known addresses" in page.text
    assert f'<a href="/reach/{DATASET}">Who can obtain it</a>' in page.text
    assert '<a href="/party/irs">' in page.text  # its custodian


def test_a_dataset_page_shows_when_access_to_it_changed(client: TestClient) -> None:
    page = client.get(f"/dataset/{DATASET}")
    changes = page.text.split('id="changes"')[1].split("</table>")[0]
    rows = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td>(.*?)</tr>", changes, re.S)
    assert [date for date, _ in rows] == ["2025-04-07", "2025-11-21"]
    # each row: can now obtain, can no longer obtain, under which agreement
    signed, enjoined = (re.findall(r"<td>(.*?)</td>", cells, re.S) for _, cells in rows)
    assert signed[0].startswith('<a href="/party/ice">') and signed[1] == ""
    assert enjoined[0] == "" and enjoined[1].startswith('<a href="/party/ice">')
    assert '<a href="/agreement/irs-ice-mou-2025">' in signed[2] == enjoined[2]


def test_an_agreement_page_shows_its_timeline(client: TestClient) -> None:
    page = client.get("/agreement/irs-ice-mou-2025", params={"as_of": DAY})
    assert page.status_code == 200
    rows = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td><td>(\w+)</td>", page.text)
    assert rows[0] == ("2025-04-07", "active")
    assert ("2025-11-21", "enjoined") in rows
    assert "On 2025-08-01: <strong>active</strong>, evidenced" in page.text


def test_a_source_page_lists_what_cites_it(client: TestClient) -> None:
    page = client.get("/source/src-ap-medicaid-ice")
    assert page.status_code == 200
    assert "Associated Press" in page.text
    cited = page.text.split('id="cited-by"')[1]
    assert '<a href="/party/cms">' in cited
    assert '<a href="/dataset/medicaid-enrollee-data">' in cited


def test_a_page_of_the_wrong_kind_or_by_name_redirects_to_its_own(client: TestClient) -> None:
    moved = client.get("/party/irs-ice-mou-2025.json", follow_redirects=False)
    assert (moved.status_code, moved.headers["location"]) == (
        302,
        "/agreement/irs-ice-mou-2025.json",
    )
    named = client.get("/party/ICE", follow_redirects=False)
    assert named.headers["location"] == "/party/ice"


def test_entity_json_is_the_cli_show_json(client: TestClient) -> None:
    for path, ident in (("party", "ice"), ("source", "src-ap-medicaid-ice")):
        assert client.get(f"/{path}/{ident}.json").json() == cli_json("show", ident)
    shown = client.get("/agreement/irs-ice-mou-2025.json", params={"as_of": DAY}).json()
    assert shown == cli_json("show", "irs-ice-mou-2025", "--as-of", DAY)


def test_entity_csv_has_a_row_per_field(client: TestClient) -> None:
    page = client.get("/party/ice.csv")
    assert page.headers["content-type"].startswith("text/csv")
    lines = page.text.splitlines()
    assert lines[0] == "field,value"
    assert "name,U.S. Immigration and Customs Enforcement" in lines


# --------------------------------------------------------------------- questions
QUESTIONS = [
    (f"/reach/{DATASET}.json?as_of={DAY}", ["reach", DATASET, "--as-of", DAY]),
    (
        f"/reachable/ice.json?as_of={DAY}&only=declared",
        ["reachable", "ice", "--as-of", DAY, "--only", "declared"],
    ),
    (
        f"/path/irs/ice.json?as_of={DAY}&max_hops=3",
        ["path", "irs", "ice", "--as-of", DAY, "--max-hops", "3"],
    ),
    (
        "/diff.json?from=2025-08-01&to=2025-12-15&subject=irs-taxpayer-addresses",
        ["diff", "--from", "2025-08-01", "--to", "2025-12-15", DATASET],
    ),
    ("/timeline/irs-ice-mou-2025.json", ["timeline", "irs-ice-mou-2025"]),
]


@pytest.mark.parametrize(("url", "args"), QUESTIONS)
def test_question_json_is_the_cli_json(client: TestClient, url: str, args: list[str]) -> None:
    page = client.get(url)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("application/json")
    assert page.json() == cli_json(*args)


def test_question_json_is_byte_for_byte_the_cli_output(client: TestClient) -> None:
    page = client.get(f"/reach/{DATASET}.json", params={"as_of": DAY})
    done = CliRunner().invoke(
        cli, ["reach", DATASET, "--as-of", DAY, "--seeds", str(SEEDS), "--json"]
    )
    assert page.text == done.stdout


def test_the_reach_page_has_form_permalink_text_view_embed_and_downloads(
    client: TestClient,
) -> None:
    page = client.get(f"/reach/{DATASET}", params={"as_of": DAY, "evidence": "evidenced"})
    assert page.status_code == 200
    text = page.text
    assert 'action="/ask/reach"' in text
    assert 'name="as_of" type="date" value="2025-08-01"' in text
    assert '<option value="evidenced" selected>' in text
    link = f"/reach/{DATASET}?as_of=2025-08-01&amp;evidence=evidenced"
    assert f'<a href="{link}">' in text
    view = f"/view/reach/{DATASET}.html?as_of=2025-08-01&amp;evidence=evidenced"
    assert f'<iframe class="gx-view" src="{view}"' in text
    for fmt in ("svg", "png"):
        assert f"/view/reach/{DATASET}.{fmt}?as_of=2025-08-01" in text
    embed = html.unescape(text.split('id="gx-embed"')[1].split(">", 1)[1].split("</textarea>")[0])
    # the snippet is HTML: its & is written &amp;, as in any attribute
    src = f"{BASE}/view/reach/{DATASET}.html?as_of=2025-08-01&amp;evidence=evidenced"
    assert embed.startswith(f'<iframe src="{src}"')
    assert (
        'title="Who can obtain IRS taxpayer last-known addresses (irs-taxpayer-addresses)"' in embed
    )
    answer = html.unescape(text.split('<pre class="gx-text">')[1].split("</pre>")[0])
    assert answer.rstrip("\n") == cli_text(
        "reach", DATASET, "--as-of", DAY, "--evidence", "evidenced"
    ).rstrip("\n")


def test_a_sent_form_goes_to_the_permalink(client: TestClient) -> None:
    form = {"dataset": DATASET, "as_of": DAY, "only": "", "max_hops": "4", "evidence": "any"}
    moved = client.get("/ask/reach", params=form, follow_redirects=False)
    assert moved.status_code == 303
    assert moved.headers["location"] == f"/reach/{DATASET}?as_of={DAY}"  # no defaults
    path = client.get("/ask/path", params={"from": "irs", "to": "ice"}, follow_redirects=False)
    assert path.headers["location"] == "/path/irs/ice"


def test_question_csv_has_a_row_per_path(client: TestClient) -> None:
    lines = client.get("/path/irs/ice.csv", params={"as_of": DAY}).text.splitlines()
    assert lines[0].startswith("path,hop,from,to,agreement")
    assert lines[1].startswith("1,1,irs,ice,irs-ice-mou-2025")
    diff = client.get("/diff.csv", params={"from": "2025-08-01", "to": "2025-12-15"})
    done = CliRunner().invoke(
        cli, ["diff", "--from", "2025-08-01", "--to", "2025-12-15", "--seeds", str(SEEDS), "--csv"]
    )
    assert diff.text == done.stdout


def test_the_view_is_the_viz_page_and_its_pictures(client: TestClient) -> None:
    from graphkit.viz import reach_view

    page = client.get(f"/view/reach/{DATASET}.html", params={"as_of": DAY})
    assert page.status_code == 200
    assert page.text == reach_view(open_graph(SEEDS), DATASET, DAY).html
    svg = client.get(f"/view/reach/{DATASET}.svg", params={"as_of": DAY})
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "attachment" in svg.headers["content-disposition"]
    assert client.get("/view/reach/x.exe").status_code == 400


# ------------------------------------------------------------------------ errors
def test_a_bad_id_is_404_with_did_you_mean(client: TestClient) -> None:
    page = client.get("/dataset/irs-taxpayer")
    assert page.status_code == 404
    assert "no agency or agreement or dataset or source or vendor called 'irs-taxpayer'" in body_of(
        page
    )
    assert "Did you mean" in page.text
    assert f'<a href="/dataset/{DATASET}">' in page.text
    assert client.get("/reach/no-such-dataset.json").json()["status"] == 404
    assert client.get("/no/such/page").status_code == 404


def test_a_bad_date_is_400_naming_the_field_and_the_form(client: TestClient) -> None:
    page = client.get(f"/reach/{DATASET}", params={"as_of": "2025-13-01"})
    assert page.status_code == 400
    assert "as_of '2025-13-01' is not a date: write YYYY-MM-DD" in body_of(page)
    diff = client.get("/diff.json", params={"from": "soon", "to": "2025-12-15"})
    assert diff.status_code == 400
    assert diff.json()["error"] == "from 'soon' is not a date: write YYYY-MM-DD"
    assert "from is missing" in body_of(client.get("/diff", params={"to": "2025-12-15"}))
    assert client.get("/diff.json").json()["error"] == "from is missing: write a date, YYYY-MM-DD"
    empty = client.get("/diff")  # no dates yet: the form to fill in
    assert empty.status_code == 200 and 'action="/ask/diff"' in empty.text
    assert 'name="from" type="date" value=""' in empty.text and "Choose the two dates" in empty.text


def test_bad_parameters_are_400_naming_them(client: TestClient) -> None:
    unknown = client.get(f"/reach/{DATASET}", params={"colour": "red"})
    assert unknown.status_code == 400 and "colour is not a parameter of reach" in body_of(unknown)
    number = client.get(f"/reach/{DATASET}.json", params={"max_hops": "four"})
    assert number.status_code == 400 and "max_hops 'four' is not a whole number" in number.text
    choice = client.get(f"/reach/{DATASET}.json", params={"evidence": "rumour"})
    assert choice.status_code == 400 and "evidence 'rumour' is not one of" in choice.text


def test_a_question_over_its_limits_says_which_and_how_to_narrow(client: TestClient) -> None:
    paths = client.get(f"/reach/{DATASET}", params={"max_paths": "500"})
    assert paths.status_code == 422
    assert "max_paths 500 is over the explorer's limit of 100; lower it" in body_of(paths)
    hops = client.get(f"/reach/{DATASET}.json", params={"max_hops": "13"})
    assert hops.status_code == 422
    assert hops.json()["error"] == "max_hops 13 is out of range; use 1 to 12"


def test_a_question_over_the_time_limit_is_503(tmp_path: Path) -> None:
    slow = client_for(open_graph(SEEDS), time_limit=0.001)
    page = slow.get("/timeline/ice")  # far longer than a millisecond
    assert page.status_code == 503
    assert "longer than the explorer's limit of 0.001 s; narrow it" in body_of(page)
    assert "Traceback" not in page.text


def test_an_error_in_a_question_is_a_clean_500(client: TestClient) -> None:
    class Broken:
        store = open_graph(SEEDS).store

        def show(self, *_a: Any, **_k: Any) -> Any:
            raise RuntimeError("secret-internal-detail /srv/path")

    page = client_for(Broken()).get("/party/ice")
    assert page.status_code == 500
    assert "secret-internal-detail" not in page.text and "Traceback" not in page.text
    assert "the server's log says why" in body_of(page)


# ------------------------------------------------------------------------ safety
def test_hostile_names_are_escaped_everywhere(tmp_path: Path) -> None:
    names = corpus()
    graph = open_graph(write_seeds(tmp_path / "seeds", names))
    client = client_for(graph)
    script = names.index("<script>alert(1)</script><img src=x onerror=alert(1)>")
    for url in (
        f"/party/h{script}",
        f"/dataset/d{script}",
        f"/agreement/g{script}",
        f"/reach/d{script}?as_of=2021-06-01",
        "/search?q=script",
        "/source/s1",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "<script>alert" not in page.text and "<img src=x" not in page.text, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text, url
    for i in range(len(names)):
        name = graph.resolve(f"h{i}").name  # as loaded (the loader trims outer blanks)
        shown = client.get(f"/party/h{i}.json").json()
        assert shown["entity"]["name"] == name
        page = client.get(f"/party/h{i}").text
        assert str(escape(name)) in page, i  # as Jinja's autoescape writes it


def test_what_the_address_says_is_escaped(client: TestClient) -> None:
    attack = "<script>alert(1)</script>"
    for page in (
        client.get("/search", params={"q": attack}),
        client.get(f"/party/{attack}"),
        client.get(f"/reach/{DATASET}", params={"as_of": attack}),
        client.get(f"/reach/{DATASET}", params={attack: "1"}),
    ):
        assert attack not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_every_page_has_the_security_headers(client: TestClient) -> None:
    page = client.get("/party/ice")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "form-action 'self'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "no-referrer"
    view = client.get(f"/view/reach/{DATASET}.html", params={"as_of": DAY})
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', view.text)
    assert meta is not None
    assert (
        view.headers["content-security-policy"]
        == html.unescape(meta.group(1)) + "; frame-ancestors *"
    )
    assert client.get("/nowhere").headers["x-content-type-options"] == "nosniff"


def test_no_page_loads_anything_from_elsewhere(client: TestClient) -> None:
    for url in (
        "/",
        "/search?q=ice",
        "/party/ice",
        "/source/src-ap-medicaid-ice",
        f"/reach/{DATASET}?as_of={DAY}",
        f"/view/reach/{DATASET}.html?as_of={DAY}",
    ):
        text = client.get(url).text
        loads = re.findall(r'<(?:script|link|img|iframe)[^>]*(?:src|href)="([^"]*)"', text)
        assert all(not re.match(r"(?i)(https?:)?//", u) for u in loads), (url, loads)
        assert "<script src=" not in text or 'src="/static/explorer.js"' in text


def test_only_this_machines_host_is_answered(client: TestClient) -> None:
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "evil.example:8765"}).status_code == 400
    assert client.get("/", headers={"host": "127.0.0.1:9999"}).status_code == 400
    assert client.get("/", headers={"host": f"localhost:{PORT}"}).status_code == 200
    wide = client_for(open_graph(SEEDS), host="0.0.0.0")
    assert wide.get("/", headers={"host": "192.0.2.7:8765"}).status_code == 200


def test_only_get_and_head_are_answered(client: TestClient) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        page = client.request(method, "/party/ice")
        assert page.status_code == 405, method
        assert page.headers["allow"] == "GET, HEAD"
    head = client.head("/party/ice")
    assert head.status_code == 200 and head.content == b""


# --------------------------------------------------------------------- the command
def test_serve_warns_on_another_address(monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[Any] = []
    monkeypatch.setattr(serving, "run_server", lambda graph, plan, on_start: served.append(plan))
    wide = CliRunner().invoke(
        cli, ["serve", "--host", "0.0.0.0", "--port", "8123", "--seeds", str(SEEDS)]
    )
    assert wide.exit_code == 0, wide.output
    assert "Warning: listening on 0.0.0.0" in wide.stderr and wide.stdout == ""
    local = CliRunner().invoke(cli, ["serve", "--seeds", str(SEEDS)])
    assert local.exit_code == 0 and "Warning" not in local.stderr
    assert [(p.config.host, p.config.port) for p in served] == [
        ("0.0.0.0", 8123),
        ("127.0.0.1", 8000),
    ]
    bad = CliRunner().invoke(cli, ["serve", "--port", "70000", "--seeds", str(SEEDS)])
    assert bad.exit_code == 1 and "--port 70000 is out of range; use 1 to 65535" in bad.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_really_serves_over_a_socket() -> None:
    port = free_port()
    args = [sys.executable, "-m", "graphkit", "serve", "--port", str(port), "--seeds", str(SEEDS)]
    server = subprocess.Popen(args, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        reply = b""
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
                    ask = f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
                    conn.sendall(ask.encode())
                    while chunk := conn.recv(65536):
                        reply += chunk
                break
            except OSError:
                time.sleep(0.1)
        head, _, page = reply.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), head
        assert b"graphkit explorer" in page and b"agencies" in page
        assert b"\r\nserver:" not in head.lower()
    finally:
        server.terminate()
        server.wait(timeout=30)
