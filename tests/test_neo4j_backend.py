"""Loading into Neo4j, the cypher command, --show-cypher, safety: against a real server."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit.backends.neo4j.client import Neo4jClient
from graphkit.backends.neo4j.connection import connect_driver
from graphkit.backends.neo4j.console import run_read_only
from graphkit.backends.neo4j.load.bulk import load_bulk
from graphkit.backends.neo4j.load.transaction import load
from graphkit.backends.neo4j.store import Neo4jStore
from graphkit.cli import cli
from graphkit.errors import Neo4jError
from graphkit.graph import Graph
from graphkit.ingest.validation import load_seeds
from graphkit.model.semantics import flows
from tests_support import EDGE, ROOT, SEEDS, connect, loaded_neo4j, same, server_env

pytestmark = pytest.mark.neo4j


def run_cli(server: Any, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], env=server_env(server))
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
    from graphkit.ingest.synth import generate

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
        backend = Graph(Neo4jStore(driver, database))
        assert backend.store.meta()["status"] == "incomplete"
        assert backend.stats().load_warning
        summary = load_bulk([str(tmp_path)], driver, database, batch=200)
        assert backend.store.meta()["status"] == "complete"
        stats = backend.stats()
        assert stats.load_warning is None
        nodes = sum(stats.counts.values())
        assert summary.created == nodes
        # Exactly the relationships the records define, none twice.
        rels = driver.execute_query(
            "MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS n", database_=database
        ).records[0]["n"]
        assert rels == summary.relationships
    # The bulk graph answers like the memory backend built from the same files.
    from graphkit.backends.memory import MemoryStore

    mem = Graph(MemoryStore(load_seeds(tmp_path)))
    driver, database = connect(neo4j_server)
    with driver:
        neo = Graph(Neo4jStore(driver, database))

        # A denser graph than the seeds: caps and long chains matter here.
        for dataset in sorted(mem.store.data.datasets)[:40]:
            for hops, cap in ((4, 5), (6, 2)):
                same(
                    mem.reach(dataset, as_of="2020-06-01", max_hops=hops, max_paths=cap),
                    neo.reach(dataset, as_of="2020-06-01", max_hops=hops, max_paths=cap),
                )
        parties = [*sorted(mem.store.data.vendors)[:6], "fed-0", "fed-1", "loc-0"]
        for a in parties:
            same(
                mem.reachable(a, as_of="2020-06-01", max_hops=5, max_paths=2),
                neo.reachable(a, as_of="2020-06-01", max_hops=5, max_paths=2),
            )
            for b in parties:
                if a != b:
                    same(
                        mem.path(a, b, as_of="2020-06-01", max_hops=6, max_paths=3),
                        neo.path(a, b, as_of="2020-06-01", max_hops=6, max_paths=3),
                    )


def test_bulk_load_into_an_empty_database_then_again(neo4j_server: Any, tmp_path: Path) -> None:
    """An empty database takes CREATE; a second load of the same input MERGEs: same graph."""
    from graphkit.backends.neo4j.load.bulk import _auto
    from graphkit.ingest.synth import generate

    generate(tmp_path, relationships=2_000, seed=5)
    driver, database = connect(neo4j_server)
    with driver:
        _auto(driver, database, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS")
        first = load_bulk([str(tmp_path)], driver, database, batch=300)
        assert Graph(Neo4jStore(driver, database)).store.meta()["fresh"] is True
        after_first = counts(neo4j_server)
        again = load_bulk([str(tmp_path)], driver, database, batch=300)
        assert Graph(Neo4jStore(driver, database)).store.meta()["fresh"] is False
    # nothing changed: every node left as it was, every relationship rebuilt
    assert (again.created, again.unchanged) == (0, first.created)
    assert again.relationships == first.relationships
    assert again.removed == 0
    assert counts(neo4j_server) == after_first
    assert after_first == (first.created + 1, first.relationships)  # + the meta node


def test_a_failed_batch_is_raised_in_the_caller(neo4j_server: Any) -> None:
    from neo4j.exceptions import CypherSyntaxError

    from graphkit.backends.neo4j.load.batches import Writer

    driver, database = connect(neo4j_server)
    with driver:
        writer = Writer(driver, database)
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
        env={**server_env(neo4j_server), "NEO4J_PASSWORD": "wrong-password-xyz"},
    )
    assert result.exit_code == 1 and "wrong-password-xyz" not in result.output
    assert neo4j_server.uri in result.output
    # A password in the URI is masked; a missing database or a non-Bolt URI is named.
    host = neo4j_server.uri.split("://", 1)[1]
    for args, message in (
        (["--uri", f"bolt://neo4j:pw-in-uri-xyz@{host}"], "bolt://***@"),
        (["--database", "no-such-db"], "no database 'no-such-db'"),
        (["--uri", f"http://{host}"], "graphkit talks Bolt"),
        (["--uri", "bolt://127.0.0.1:1"], "cannot reach Neo4j at bolt://127.0.0.1:1"),
    ):
        for command in (["stats", "--backend", "neo4j"], ["load"], ["cypher", "RETURN 1"]):
            code, out = run_cli(neo4j_server, *command, *args)
            assert code == 1 and message in out and "pw-in-uri-xyz" not in out, out


SHOW_CYPHER = [
    ["reach", "irs-taxpayer-addresses", "--as-of", "2025-08-01"],
    ["reach", "utility-header-data", "--as-of", "2021-06-01", "--max-hops", "3"],
    ["reachable", "ice", "--as-of", "2025-08-01", "--max-paths", "1"],
    ["path", "nctue", "ice", "--as-of", "2021-06-01"],
    ["path", "irs", "ice", "--as-of", "2025-08-01", "--dataset", "irs-taxpayer-addresses"],
    ["show", "irs-ice-mou-2025"],
    ["search", "o'brien \\ medicaid"],
    ["search", "medicaid"],
    ["stats", "--as-of", "2025-12-15"],
]


@pytest.mark.parametrize("args", SHOW_CYPHER, ids=lambda a: " ".join(a[:2]))
def test_show_cypher_prints_queries_that_run_as_is(neo4j_server: Any, args: list[str]) -> None:
    """What --show-cypher prints runs unchanged, as cypher-shell would run it: each
    ``:param name => expr`` is evaluated by the server (cypher-shell runs ``RETURN expr``),
    the rest of the script is sent verbatim, and the rows are those graphkit used."""
    loaded_neo4j(neo4j_server, SEEDS)
    result = CliRunner().invoke(
        cli, [*args, "--backend", "neo4j", "--show-cypher", "--json"], env=server_env(neo4j_server)
    )
    assert result.exit_code == 0, result.output
    assert neo4j_server.password not in result.stderr
    scripts = ["// graphkit query" + s for s in result.stderr.split("// graphkit query")[1:]]
    assert len(scripts) >= 2
    driver, database = connect(neo4j_server)
    with driver:
        answers = [run_shell_script(driver, database, script) for script in scripts]
    queries = "\n".join(scripts)
    if args[0] in ("reach", "reachable", "path"):
        assert "FLOWS" in queries and ":param day => '" in queries
        hops = [r["hops"] for rows in answers for r in rows if "hops" in r]
        assert hops, "no query returned the paths"
        first = {
            "irs-taxpayer-addresses": "irs-ice-mou-2025",
            "utility-header-data": "nctue-equifax-utility-data",
        }.get(args[1])
        if first:
            assert any(h[0][0] == first for h in hops)
        if args[0] == "path" and "--dataset" not in args:
            chains = {tuple(hop[0] for hop in h) for h in hops}
            assert (
                "nctue-equifax-utility-data",
                "equifax-thomson-reuters-utility-data",
                "west-publishing-clear-ice",
            ) in chains
    if args[0] == "show":
        records = [r for rows in answers for r in rows if "record" in r]
        assert any(r["id"] == "irs-ice-mou-2025" for r in records)
    if args[0] == "search":
        found = {r["id"] for rows in answers for r in rows if "id" in r}
        assert ("medicaid-enrollee-data" in found) == (args[1] == "medicaid")
    if args[0] == "stats":
        status = next(rows for rows in answers if rows and "status" in rows[0])
        import json

        shown = json.loads(result.stdout)["agreements_by_status"]
        assert {r["status"]: r["n"] for r in status} == shown


def run_shell_script(driver: Any, database: str, script: str) -> list[dict[str, Any]]:
    """Run one printed script the way cypher-shell does; return the query's rows."""
    params: dict[str, Any] = {}
    query: list[str] = []
    for line in script.splitlines():
        if line.startswith(":param "):
            name, expr = line[len(":param ") :].split(" => ", 1)
            value = driver.execute_query(f"RETURN {expr} AS value", database_=database)
            params[name] = value.records[0]["value"]
        else:
            assert not line.startswith(":"), line
            query.append(line)
    text = "\n".join(query).strip()
    assert text.endswith(";")
    return run_read_only(Neo4jClient(driver, database), text, params)[1]


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
    code, out = run_cli(neo4j_server, "cypher", "RETURN 1 AS x", "--param", f"{hostile}=1")
    assert code == 1 and "NAME=VALUE" in out  # a parameter name is never written into Cypher
    assert counts(neo4j_server) == before
    assert mem.search(hostile) == neo.search(hostile) == []


def test_labels_and_types_only_from_the_allow_list() -> None:
    from graphkit.backends.neo4j import queries as q

    with pytest.raises(ValueError):
        q.label("Agency`) DETACH DELETE n //")
    with pytest.raises(ValueError):
        q.rel_type("FLOWS]->() DELETE r //")
    with pytest.raises(ValueError):
        q.hops("4] DELETE r //")  # type: ignore[arg-type]


def documented_queries() -> dict[str, str]:
    """docs/queries.cypher as {name: script}."""
    text = (ROOT / "docs" / "queries.cypher").read_text()
    blocks = text.split("\n// name: ")[1:]
    return {b.splitlines()[0].strip(): "\n".join(b.splitlines()[1:]) for b in blocks}


def test_every_documented_query_runs_and_answers_right(neo4j_server: Any) -> None:
    """Each query in docs/queries.cypher, run as printed, gives what the seeds say."""
    mem, _neo = loaded_neo4j(neo4j_server, SEEDS)
    data = mem.store.data
    queries = documented_queries()
    assert len(queries) >= 10
    driver, database = connect(neo4j_server)
    with driver:
        rows = {name: run_shell_script(driver, database, q) for name, q in queries.items()}
    for name, answer in rows.items():
        assert answer, f"{name} returned no rows"

    reach = mem.reach("irs-taxpayer-addresses", as_of="2025-08-01")
    assert sorted(r["party"] for r in rows["who-reaches-a-dataset-on-a-date"]) == sorted(
        item.party.name for item in reach.results
    )
    assert rows["who-reaches-a-dataset-on-a-date"][0]["agreements"] == ["irs-ice-mou-2025"]

    direct = {(r["dataset"], r["agreement"]) for r in rows["what-a-party-reaches-directly"]}
    assert ("irs-taxpayer-addresses", "irs-ice-mou-2025") in direct
    assert all(a in data.agreements and d in data.datasets for d, a in direct)

    by_status = {r["status"]: r["agreements"] for r in rows["agreements-by-status-on-a-date"]}
    assert by_status == mem.stats(as_of="2025-12-15").agreements_by_status

    stops = {
        (a.id, str(e.date), e.status)
        for a in data.agreements.values()
        for e in a.status
        if e.status in ("enjoined", "rescinded", "suspended", "paused")
    }
    got = {
        (
            next(a.id for a in data.agreements.values() if a.name == r["agreement"]),
            r["date"],
            r["status"],
        )
        for r in rows["enjoined-or-rescinded-agreements"]
    }
    assert got == stops and ("irs-ice-mou-2025", "2025-11-21", "enjoined") in got

    largest: dict[str, float] = {}
    for agreement in data.agreements.values():
        usd = [m.value for m in agreement.amounts if m.currency == "USD"]
        for role in agreement.parties:
            if role.party in data.vendors and usd:
                name = data.vendors[role.party].name
                largest[name] = max(largest.get(name, 0.0), *usd)
    vendors = rows["vendors-by-reported-value"]
    assert {r["vendor"]: r["largest_usd"] for r in vendors} == largest
    assert [r["largest_usd"] for r in vendors] == sorted(largest.values(), reverse=True)

    chains = {tuple(r["agreements"]) for r in rows["paths-between-two-parties"]}
    assert (
        "nctue-equifax-utility-data",
        "equifax-thomson-reuters-utility-data",
        "west-publishing-clear-ice",
    ) in chains
    assert all(r["parties"][0] == "NCTUE" for r in rows["paths-between-two-parties"])

    changed = sorted(
        (e.date.first.isoformat(), a.name, e.status)
        for a in data.agreements.values()
        for e in a.status
        if "2025-07-01" < e.date.first.isoformat() <= "2026-01-31"
    )
    got_changed = [r for r in rows["what-changed-between-two-dates"]]
    assert len(got_changed) == len(changed)
    assert sorted((r["agreement"], r["status"]) for r in got_changed) == sorted(
        (n, s) for _d, n, s in changed
    )

    derived = {
        (d.name, data.datasets[o].name, (data.agencies | data.vendors)[d.custodian].name)
        for d in data.datasets.values()
        for o in d.derived_from
    }
    assert {
        (r["derived"], r["from_dataset"], r["held_by"])
        for r in rows["custodians-and-derived-datasets"]
    } == derived

    cited = {data.sources[s].url for s in data.agreements["irs-ice-mou-2025"].sources}
    assert {r["url"] for r in rows["sources-of-an-agreement"]} == cited

    counts: dict[str, set[str]] = {}
    for agreement in data.agreements.values():
        for role in agreement.parties:
            counts.setdefault(role.party, set()).add(agreement.id)
    top = rows["parties-by-number-of-agreements"]
    assert top[0]["party"] == data.agencies["ice"].name
    for r in top:
        party = next(p for p in (data.agencies | data.vendors).values() if p.name == r["party"])
        assert r["agreements"] == len(counts[party.id])

    via = sum(len(flow.via) for agreement in data.agreements.values() for flow in flows(agreement))
    assert len(rows["intermediaries-and-resellers"]) == via

    assert [r["id"] for r in rows["components-of-an-agency"]] == mem.store.components("dhs")


def test_schema_doc_matches_the_loaded_database(neo4j_server: Any) -> None:
    """docs/schema.md names exactly the labels, properties, relationship types,
    constraints and indexes that a load of the seeds creates."""
    loaded_neo4j(neo4j_server, SEEDS)
    doc = (ROOT / "docs" / "schema.md").read_text()
    section = doc[doc.index("## Properties") : doc.index("## Relationship types")]
    documented: dict[str, set[str]] = {}
    optional: dict[str, set[str]] = {}
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        first, props = line.split("|")[1:3]
        names = set(re.findall(r"`([a-z_]+)`", props))
        for lab in re.findall(r"`([A-Za-z]+)`", first):
            target = optional if "only" in first else documented
            target.setdefault(lab, set()).update(names)
    driver, database = connect(neo4j_server)
    with driver:
        node_types = driver.execute_query(
            "CALL db.schema.nodeTypeProperties() YIELD nodeLabels, propertyName "
            "RETURN nodeLabels AS labels, collect(propertyName) AS props",
            database_=database,
        ).records
        seen = {lab for record in node_types for lab in record["labels"]}
        assert {"Agency", "Vendor", "Dataset", "Agreement", "Source", "GraphkitMeta"} <= seen
        for record in node_types:
            labels = set(record["labels"])
            expected: set[str] = set()
            allowed: set[str] = set()
            for lab in labels:
                expected |= documented.get(lab, set())
                allowed |= optional.get(lab, set())
            assert labels - {"Entity", "Party"} <= set(documented), labels
            stored = set(record["props"])
            assert stored - allowed == expected, (labels, stored ^ expected)

        rel_doc: dict[str, set[str]] = {}
        rel_section = doc[doc.index("## Relationship types") : doc.index("## Data-flow")]
        for line in rel_section.splitlines():
            if line.startswith("| `"):
                cells = line.split("|")
                rel_doc[cells[1].strip(" `")] = set(re.findall(r"`([a-z_]+)`", cells[3]))
        rels = driver.execute_query(
            "MATCH (:Entity)-[r]->(:Entity) UNWIND (CASE WHEN size(keys(r)) = 0 THEN [null] "
            "ELSE keys(r) END) AS key RETURN type(r) AS type, collect(DISTINCT key) AS keys",
            database_=database,
        ).records
        assert {r["type"]: set(r["keys"]) for r in rels} == rel_doc

        names = driver.execute_query(
            "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN collect(name) AS n",
            database_=database,
        ).records[0]["n"]
        constraint = driver.execute_query(
            "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties",
            database_=database,
        ).records
    section = doc[doc.index("## Constraints and indexes") :]
    assert set(re.findall(r"`(graphkit_[a-z_]+)`", section)) == set(names)
    assert sorted(
        (c["name"], c["type"], c["labelsOrTypes"], c["properties"]) for c in constraint
    ) == [
        ("graphkit_entity_id", "UNIQUENESS", ["Entity"], ["id"]),
        ("graphkit_meta_id", "UNIQUENESS", ["GraphkitMeta"], ["id"]),
    ]


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
