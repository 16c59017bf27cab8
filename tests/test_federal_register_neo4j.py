"""Notices imported from the Federal Register answer the same in Neo4j as in memory:
the declared routine uses of a real SORN, a matching program, and versions that
supersede each other, asked on dates before, during and after each version."""

from __future__ import annotations

import shutil
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.interop.federal_register.synth import write_notices
from tests_support import TESTS, loaded_neo4j, same

pytestmark = pytest.mark.neo4j

FIX = TESTS / "fixtures" / "federal_register"
DAYS = ["2019-10-20", "2019-11-08", "2020-11-06", "2021-06-01", "2021-11-06", "2023-01-01"]


@pytest.fixture(scope="module")
def pair(neo4j_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    work = tmp_path_factory.mktemp("fedreg")
    files = [
        *sorted(FIX.glob("20*-*.xml")),
        *sorted(FIX.glob("20*-*.json")),
        *write_notices(FIX / "2019-21885.xml", work / "versions", 6, 2),
    ]
    graph = work / "graph"
    shutil.copytree(FIX / "existing", graph)
    result = CliRunner().invoke(
        cli,
        ["import", "federal-register", *map(str, files), "--into", str(graph / "fr"),
         "--seeds", str(FIX / "existing")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return loaded_neo4j(neo4j_server, graph)


def test_reach_on_every_dataset_and_day(pair: Any) -> None:
    mem, neo = pair
    datasets = sorted(mem.store.data.datasets)
    assert {"gsa-ogp-1", "gsa-syn-0", "gsa-syn-1", "irs-irmf"} <= set(datasets)
    for dataset in datasets:
        for day in DAYS:
            same(mem.reach(dataset, as_of=day), neo.reach(dataset, as_of=day))
            same(
                mem.reach(dataset, as_of=day, standard_uses=True),
                neo.reach(dataset, as_of=day, standard_uses=True),
            )
    # the hand-read answer, on both: GSA/OGP-1's uses are in effect from 2019-11-07, all
    # standard ones: counted by default, listed (as declared permissions) when asked
    for graph in pair:
        default = graph.reach("gsa-ogp-1", as_of="2019-11-08")
        assert (default.results, default.declared, len(default.standard_uses)) == ([], [], 9)
        listed = graph.reach("gsa-ogp-1", as_of="2019-11-08", standard_uses=True)
        parties = {r.party.id for r in listed.declared}
        assert {"nara", "opm", "omb", "gao", "category-law-enforcement-agencies"} <= parties
        early = graph.reach("gsa-ogp-1", as_of="2019-10-20", standard_uses=True)
        assert (early.results, early.declared) == ([], [])


def test_versions_matching_and_reachable(pair: Any) -> None:
    mem, neo = pair
    for day in DAYS:
        same(mem.reachable("va", as_of=day), neo.reachable("va", as_of=day))
        same(mem.reachable("nara", as_of=day), neo.reachable("nara", as_of=day))
    same(mem.timeline("gsa-syn-0"), neo.timeline("gsa-syn-0"))
    for ident in ("gsa-syn-0-2019-00000-ru-a", "cma-2020-25333", "gsa-ogp-1"):
        assert mem.show(ident, as_of="2021-06-01") == neo.show(ident, as_of="2021-06-01")
    # the matching program: VA may receive IRS records once it takes effect (1 January 2021);
    # a published matching notice is a declared permission, apart from flows
    for graph in pair:
        on = graph.reach("irs-irmf", as_of="2021-06-01")
        assert on.results == [] and [r.party.id for r in on.declared] == ["va"]
        before = graph.reach("irs-irmf", as_of="2020-12-01")
        assert (before.results, before.declared) == ([], [])
