"""The explorer over a real Neo4j: its question pages' JSON equals the CLI's ``--json``
with ``--backend neo4j``, and no page or error says anything of the server, its URI or
its password (the test server's password is a known string)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from graphkit.cli import cli
from graphkit.explorer.app import ExplorerConfig, create_app
from tests_support import SEEDS, loaded_neo4j, server_env

pytestmark = pytest.mark.neo4j

PORT = 8766
BASE = f"http://127.0.0.1:{PORT}"
DAY = "2025-08-01"
DATASET = "irs-taxpayer-addresses"

QUESTIONS = [
    (f"/reach/{DATASET}.json?as_of={DAY}", ["reach", DATASET, "--as-of", DAY]),
    (f"/reachable/ice.json?as_of={DAY}", ["reachable", "ice", "--as-of", DAY]),
    (f"/path/irs/ice.json?as_of={DAY}", ["path", "irs", "ice", "--as-of", DAY]),
    ("/party/ice.json", ["show", "ice"]),
]


@pytest.fixture(scope="module")
def backend(neo4j_server: Any) -> Any:
    _memory, neo4j = loaded_neo4j(neo4j_server, SEEDS)
    return neo4j


def client_for(graph: Any, server: Any) -> TestClient:
    # a generous time limit: the test machine is shared (the limit is tested in memory)
    config = ExplorerConfig(port=PORT, time_limit=300, secrets=(server.password, server.uri))
    return TestClient(create_app(graph, config), base_url=BASE)


@pytest.mark.parametrize(("url", "args"), QUESTIONS)
def test_question_json_is_the_cli_json_on_neo4j(
    backend: Any, neo4j_server: Any, url: str, args: list[str]
) -> None:
    page = client_for(backend, neo4j_server).get(url)
    assert page.status_code == 200
    done = CliRunner().invoke(
        cli, [*args, "--backend", "neo4j", "--json"], env=server_env(neo4j_server)
    )
    assert done.exit_code == 0, done.output
    assert page.json() == json.loads(done.stdout)
    assert page.json()["question" if "question" in page.json() else "entity"]


def test_neo4j_and_memory_pages_agree(backend: Any, neo4j_server: Any) -> None:
    from graphkit import open_graph

    url = f"/reach/{DATASET}.json?as_of={DAY}"
    here = client_for(backend, neo4j_server).get(url).json()
    there = (
        TestClient(create_app(open_graph(SEEDS), ExplorerConfig(port=PORT)), base_url=BASE)
        .get(url)
        .json()
    )
    for answer in (here, there):
        answer["question"].pop("backend"), answer["question"].pop("data")
    assert here == there


def test_no_page_or_error_names_the_server(backend: Any, neo4j_server: Any) -> None:
    client = client_for(backend, neo4j_server)
    urls = [
        "/",
        "/index.json",
        "/search?q=ice",
        "/party/ice",
        "/agreement/irs-ice-mou-2025.csv",
        "/source/src-ap-medicaid-ice",
        f"/reach/{DATASET}?as_of={DAY}",
        f"/reachable/ice.csv?as_of={DAY}",
        f"/path/irs/ice?as_of={DAY}",
        f"/diff?from=2025-08-01&to=2025-12-15&subject={DATASET}",
        "/timeline/irs-ice-mou-2025",
        f"/view/reach/{DATASET}.html?as_of={DAY}",
        "/party/no-such-party",
        f"/reach/{DATASET}?as_of=2025-13-01",
        f"/reach/{DATASET}?max_hops=13",
        "/nowhere",
    ]
    port = neo4j_server.uri.rsplit(":", 1)[-1]
    for url in urls:
        page = client.get(url)
        assert page.status_code < 500, (url, page.text[-600:])
        for secret in (neo4j_server.password, neo4j_server.uri, f":{port}", "bolt://"):
            assert secret not in page.text, (url, secret)
            assert all(secret not in v for v in page.headers.values()), (url, secret)


def test_a_backend_that_stops_answering_is_a_page_without_detail(neo4j_server: Any) -> None:
    _memory, graph = loaded_neo4j(neo4j_server, SEEDS)
    client = client_for(graph, neo4j_server)
    assert client.get("/party/ice").status_code == 200
    graph.close()  # the driver is gone: every question now fails inside the backend
    for url in ("/party/dhs", f"/reach/{DATASET}.json?as_of={DAY}"):
        page = client.get(url)
        assert page.status_code in (500, 503), url
        assert "not answering" in page.text or "could not answer" in page.text, url
        for secret in (neo4j_server.password, neo4j_server.uri, "bolt://", "Traceback"):
            assert secret not in page.text, (url, secret)
