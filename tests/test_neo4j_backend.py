"""Loading into Neo4j, the cypher command, --show-cypher, safety: against a real server."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit.backends.neo4j import Neo4jBackend, Neo4jError, connect_driver
from graphkit.cli import cli
from graphkit.loader import load, load_bulk
from graphkit.neo4jquery import run_read_only
from graphkit.validation import load_seeds
from tests_support import EDGE, ROOT, SEEDS, connect, loaded_neo4j

pytestmark = pytest.mark.neo4j


def env(server: Any) -> dict[str, str]:
    return {
        "NEO4J_URI": server.uri,
        "NEO4J_USER": server.user,
        "NEO4J_PASSWORD": server.password,
        "NEO4J_DATABASE": server.database,
    }


def run_cli(server: Any, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env(server))
    assert "Traceback" not in result.output, result.output
    assert server.password not in result.output
    return result.exit_code, result.output


def counts(server: Any) -> tuple[int, int]:
    driver, database = connect(server)
    with driver:
        nodes = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=database).records[
            0
        ]["n"]
        rels = driver.execute_query(
            "MATCH ()-[r]->() RETURN count(r) AS n", database_=database
        ).records[0]["n"]
    return nodes, rels


def test_load_twice_changes_nothing(neo4j_server: Any) -> None:
    data = load_seeds(EDGE)
    driver, database = connect(neo4j_server)
    with driver:
        load(data, driver, database)
        first = counts(neo4j_server)
        again = load(data, driver, database)
    assert (again.created, again.updated, again.removed) == (0, 0, 0)
    assert again.unchanged == sum(len(r) for r in data.by_kind().values())
    assert counts(neo4j_server) == first


def test_removed_entities_are_removed_and_others_untouched(
    neo4j_server: Any, tmp_path: Path
) -> None:
    driver, database = connect(neo4j_server)
    with driver:
        driver.execute_query("MERGE (:UserNote {id: 'mine'})", database_=database)
        load(load_seeds(EDGE), driver, database)
        text = (EDGE / "graph.yaml").read_text()
        smaller = text.replace(
            "  - {id: twin-2, name: Twin, kind: state, sources: [s1], "
            "confidence: primary_document}\n",
            "",
        )
        assert smaller != text
        (tmp_path / "graph.yaml").write_text(smaller)
        summary = load(load_seeds(tmp_path), driver, database)
        assert summary.removed == 1 and summary.created == 0
        ids = driver.execute_query(
            "MATCH (n:Entity {id: 'twin-2'}) RETURN n", database_=database
        ).records
        assert ids == []
        mine = driver.execute_query(
            "MATCH (n:UserNote) RETURN n.id AS id", database_=database
        ).records
        assert [r["id"] for r in mine] == ["mine"]
        driver.execute_query("MATCH (n:UserNote) DELETE n", database_=database)


def test_invalid_seeds_send_nothing(neo4j_server: Any, tmp_path: Path) -> None:
    loaded_neo4j(neo4j_server, EDGE)
    before = counts(neo4j_server)
    shutil.copy(EDGE / "graph.yaml", tmp_path / "graph.yaml")
    (tmp_path / "bad.yaml").write_text("agencies:\n  - {id: Bad Id, name: x}\n")
    code, out = run_cli(neo4j_server, "load", tmp_path)
    assert code == 1 and "bad.yaml:2" in out and "nothing was loaded" in out
    assert counts(neo4j_server) == before


def test_cli_load_prints_a_summary(neo4j_server: Any) -> None:
    code, out = run_cli(neo4j_server, "load", EDGE)
    assert code == 0 and re.search(r"created \d+, updated \d+, removed \d+", out)


def test_bulk_load_resumes_after_an_interruption(neo4j_server: Any, tmp_path: Path) -> None:
    from graphkit.synth import generate

    generate(tmp_path, relationships=3_000, seed=3)
    driver, database = connect(neo4j_server)
    calls = {"n": 0}

    def die_midway(done: int, total: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # as if the process were killed between batches

    with driver:
        with pytest.raises(KeyboardInterrupt):
            load_bulk([str(tmp_path)], driver, database, batch=200, progress=die_midway)
        backend = Neo4jBackend(driver, database)
        assert backend.meta()["status"] == "incomplete"
        assert "load_warning" in backend.stats()
        summary = load_bulk([str(tmp_path)], driver, database, batch=200)
        assert backend.meta()["status"] == "complete"
        stats = backend.stats()
        assert "load_warning" not in stats
        nodes = sum(stats["counts"].values())
        assert summary.created == nodes
        # Exactly the relationships the records define, none twice.
        rels = driver.execute_query(
            "MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS n", database_=database
        ).records[0]["n"]
        assert rels == summary.relationships
    # The bulk graph answers like the memory backend built from the same files.
    from graphkit.backends.memory import MemoryBackend

    mem = MemoryBackend(load_seeds(tmp_path))
    driver, database = connect(neo4j_server)
    with driver:
        neo = Neo4jBackend(driver, database)

        def same(a: Any, b: Any) -> None:
            left, right = a.to_dict(), b.to_dict()
            left["question"].pop("backend")
            right["question"].pop("backend")
            assert left == right

        # A denser graph than the seeds: caps and long chains matter here.
        for dataset in sorted(mem.data.datasets)[:40]:
            for hops, cap in ((4, 5), (6, 2)):
                same(
                    mem.reach(dataset, "2020-06-01", hops, cap),
                    neo.reach(dataset, "2020-06-01", hops, cap),
                )
        parties = [*sorted(mem.data.vendors)[:6], "fed-0", "fed-1", "loc-0"]
        for a in parties:
            same(mem.reachable(a, "2020-06-01", 5, 2), neo.reachable(a, "2020-06-01", 5, 2))
            for b in parties:
                if a != b:
                    same(mem.path(a, b, "2020-06-01", 6, 3), neo.path(a, b, "2020-06-01", 6, 3))


def test_bulk_load_into_an_empty_database_then_again(neo4j_server: Any, tmp_path: Path) -> None:
    """An empty database takes CREATE; a second load of the same input MERGEs: same graph."""
    from graphkit.loader import _auto
    from graphkit.synth import generate

    generate(tmp_path, relationships=2_000, seed=5)
    driver, database = connect(neo4j_server)
    with driver:
        _auto(driver, database, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS")
        first = load_bulk([str(tmp_path)], driver, database, batch=300)
        assert Neo4jBackend(driver, database).meta()["fresh"] is True
        after_first = counts(neo4j_server)
        again = load_bulk([str(tmp_path)], driver, database, batch=300)
        assert Neo4jBackend(driver, database).meta()["fresh"] is False
    assert (first.created, first.relationships) == (again.created, again.relationships)
    assert again.removed == 0
    assert counts(neo4j_server) == after_first
    assert after_first == (first.created + 1, first.relationships)  # + the meta node


def test_a_failed_batch_is_raised_in_the_caller(neo4j_server: Any) -> None:
    from neo4j.exceptions import CypherSyntaxError

    from graphkit.loader import _Writer

    driver, database = connect(neo4j_server)
    with driver:
        writer = _Writer(driver, database)
        try:
            writer.send([("THIS IS NOT CYPHER", {})])
            with pytest.raises(CypherSyntaxError):
                writer.wait()
            with pytest.raises(CypherSyntaxError):  # and nothing more is sent
                writer.send([("RETURN 1", {})])
        finally:
            writer.close()
    assert not writer.thread.is_alive()


def test_unreachable_and_refused_errors_name_the_uri_not_the_password(
    neo4j_server: Any,
) -> None:
    with pytest.raises(Neo4jError, match=r"cannot reach Neo4j at bolt://127\.0\.0\.1:1 "):
        connect_driver("bolt://127.0.0.1:1", "neo4j", "s3cret-never-shown")
    with pytest.raises(Neo4jError, match="refused the credentials") as caught:
        connect_driver(neo4j_server.uri, "neo4j", "wrong-password-xyz")
    assert "wrong-password-xyz" not in str(caught.value)
    result = CliRunner().invoke(
        cli,
        ["stats", "--backend", "neo4j"],
        env={**env(neo4j_server), "NEO4J_PASSWORD": "wrong-password-xyz"},
    )
    assert result.exit_code == 1 and "wrong-password-xyz" not in result.output
    assert neo4j_server.uri in result.output


def test_show_cypher_prints_queries_that_run_as_is(neo4j_server: Any) -> None:
    loaded_neo4j(neo4j_server, SEEDS)
    result = CliRunner().invoke(
        cli,
        [
            "reach",
            "irs-taxpayer-addresses",
            "--as-of",
            "2025-08-01",
            "--backend",
            "neo4j",
            "--show-cypher",
            "--json",
        ],
        env=env(neo4j_server),
    )
    assert result.exit_code == 0
    scripts = [s for s in result.stderr.split("// graphkit query") if ":param" in s]
    assert any("FLOWS" in s for s in scripts)
    driver, database = connect(neo4j_server)
    with driver:
        for script in scripts:
            params, query = shell_params(script)
            rows = run_read_only(driver, database, query, params)[1]
            if "FLOWS" in query:
                assert any(row["hops"][0][0] == "irs-ice-mou-2025" for row in rows)


def shell_params(script: str) -> tuple[dict[str, Any], str]:
    """Read cypher-shell ``:param name => literal`` lines back (literals are Cypher)."""
    params: dict[str, Any] = {}
    lines = [ln for ln in script.splitlines()[1:] if ln.strip()]
    query = []
    for line in lines:
        if line.startswith(":param "):
            name, literal = line[len(":param ") :].split(" => ", 1)
            params[name] = cypher_value(literal)
        else:
            query.append(line)
    return params, "\n".join(query).rstrip(";")


def cypher_value(literal: str) -> Any:
    import ast

    text = literal.replace("null", "None").replace("true", "True").replace("false", "False")
    text = re.sub(r"([{,]\s*)([A-Za-z_][A-Za-z0-9_]*):", r"\1'\2':", text)
    return ast.literal_eval(text)


def test_cypher_command_reads_and_refuses_writes(neo4j_server: Any) -> None:
    loaded_neo4j(neo4j_server, SEEDS)
    code, out = run_cli(
        neo4j_server,
        "cypher",
        "MATCH (a:Agency {id: $id}) RETURN a.name AS n",
        "--param",
        "id=ice",
        "--json",
    )
    assert code == 0 and "U.S. Immigration and Customs Enforcement" in out
    before = counts(neo4j_server)
    code, out = run_cli(neo4j_server, "cypher", "CREATE (x:Hacked {id: $id})", "--param", "id=1")
    assert code == 1 and "read-only" in out
    assert counts(neo4j_server) == before


@pytest.mark.parametrize(
    "hostile",
    [
        "x' OR 1=1 //",
        "ice'}) DETACH DELETE n //",
        "`) MATCH (n) DETACH DELETE n //",
        "\\u0027; MATCH (n) DETACH DELETE n",
        "$id",
    ],
)
def test_injection_through_ids_names_search_and_params(neo4j_server: Any, hostile: str) -> None:
    mem, neo = loaded_neo4j(neo4j_server, SEEDS)
    before = counts(neo4j_server)
    for args in (
        ["reach", hostile],
        ["reachable", hostile],
        ["show", hostile],
        ["path", hostile, "ice"],
        ["search", hostile],
    ):
        code, out = run_cli(neo4j_server, *args, "--backend", "neo4j")
        assert code in (0, 1)
        if args[0] == "search":
            assert out.strip() == "No match."
        else:
            assert "no " in out and "called" in out
    code, out = run_cli(
        neo4j_server,
        "cypher",
        "MATCH (n:Entity {id: $id}) RETURN count(n) AS c",
        "--param",
        f"id={hostile}",
        "--json",
    )
    assert code == 0 and '"c": 0' in out
    assert counts(neo4j_server) == before
    assert mem.search(hostile) == neo.search(hostile) == []


def test_labels_and_types_only_from_the_allow_list() -> None:
    from graphkit import cypher as q

    with pytest.raises(ValueError):
        q.label("Agency`) DETACH DELETE n //")
    with pytest.raises(ValueError):
        q.rel_type("FLOWS]->() DELETE r //")
    with pytest.raises(ValueError):
        q.hops("4] DELETE r //")  # type: ignore[arg-type]


def test_every_documented_query_runs(neo4j_server: Any) -> None:
    loaded_neo4j(neo4j_server, SEEDS)
    text = (ROOT / "docs" / "queries.cypher").read_text()
    blocks = [b for b in text.split("// name: ")[1:]]
    assert len(blocks) >= 10
    driver, database = connect(neo4j_server)
    with driver:
        for block in blocks:
            name = block.splitlines()[0].strip()
            params, query = shell_params(
                "header\n"
                + "\n".join(ln for ln in block.splitlines()[1:] if not ln.startswith("//"))
            )
            _keys, rows = run_read_only(driver, database, query, params)
            assert rows, f"{name} returned no rows"


def test_stats_on_neo4j(neo4j_server: Any) -> None:
    loaded_neo4j(neo4j_server, SEEDS)
    code, out = run_cli(neo4j_server, "stats", "--backend", "neo4j")
    assert code == 0 and "claims: " in out and "without a source: 0" in out
    assert "load status: complete" in out


def test_viz_on_the_neo4j_backend(neo4j_server: Any, tmp_path: Path) -> None:
    loaded_neo4j(neo4j_server, SEEDS)
    out = tmp_path / "irs.html"
    code, _ = run_cli(
        neo4j_server,
        "viz",
        "reach",
        "irs-taxpayer-addresses",
        "--as-of",
        "2025-08-01",
        "--backend",
        "neo4j",
        "-o",
        out,
    )
    assert code == 0
    html = out.read_text()
    assert "irs-ice-mou-2025" in html and "neo4j backend" in html
    assert neo4j_server.password not in html
