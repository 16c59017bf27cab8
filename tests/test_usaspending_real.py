"""USAspending downloads as they come: real award summaries of ICE contracts (excerpts in
tests/fixtures/usaspending/real, origins in tests/fixtures/README.md), and transaction
files folded into the same awards. Expected answers are read off the files by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.ingest.validation import load_seeds
from graphkit.interop.resolve import Judgement
from graphkit.interop.seedout import Plan, write_plan
from graphkit.interop.usaspending import plan_usaspending
from graphkit.interop.usaspending_select import read_dataset_map
from tests_support import SEEDS, refused_import, seeds_with

FIX = Path(__file__).resolve().parent / "fixtures" / "usaspending"
MN = FIX / "real" / "Contracts_PrimeAwardSummaries_2025-03-21_H19M57S23_1.csv"
UMN = FIX / "real" / "Contracts_PrimeAwardSummaries_2025-03-28_H02M59S08_1.csv"
LOCAL = FIX / "real" / "us-local-gov-ice-contracts.csv"
RULES = FIX / "real_datasets.yaml"


def agreements(plan: Plan) -> dict[str, dict[str, Any]]:
    return {a["id"]: a for a in plan.records["agreements"]}


def vendors(plan: Plan) -> dict[str, dict[str, Any]]:
    return {v["id"]: v for v in plan.records["vendors"]}


def uei(record: dict[str, Any]) -> list[str]:
    return [i["value"] for i in record.get("identifiers", []) if i["scheme"] == "uei"]


@pytest.fixture(scope="module")
def mn_plan() -> Plan:
    return plan_usaspending(MN, load_seeds(SEEDS), read_dataset_map(RULES))


def test_negative_totals_are_kept_as_de_obligations(mn_plan: Plan) -> None:
    award = agreements(mn_plan)["usaspending-ci000200303cp0503gc0659gs05p98gcd0001"]
    assert [(a["value"], a["kind"]) for a in award["amounts"]] == [(-54495.0, "obligated")]
    assert any("3 awards obligate less than zero" in note for note in mn_plan.notes)


def test_an_idv_is_a_vehicle_that_ends_with_its_ordering_period(mn_plan: Plan) -> None:
    vehicle = agreements(mn_plan)["usaspending-hscems17d00002"]
    assert vehicle["kind"] == "contract_vehicle"
    assert {p["role"] for p in vehicle["parties"]} == {"signatory"}  # it moves nothing itself
    assert (vehicle["effective_from"], vehicle["effective_to"]) == ("2017-09-28", "2022-09-26")
    assert "datasets" not in vehicle


def test_orders_under_a_vehicle_are_the_agreements_and_name_it(mn_plan: Plan) -> None:
    order = agreements(mn_plan)["usaspending-70cmsw18fr0000013"]
    assert [p["role"] for p in order["parties"]] == ["provider", "recipient"]
    assert [(c["field"], c["value"]) for c in order["claims"]] == [
        ("parent_award_id_piid", "HSCEMS17D00002")
    ]
    assert "(usaspending-hscems17d00002)" in order["description"]


def test_an_award_already_in_the_seeds_is_reported_not_written(mn_plan: Plan) -> None:
    key = "CONT_AWD_70CDCR18P00000017_7012_-NONE-_-NONE-"
    assert mn_plan.already == {key: "vigilant-ice-lpr-2017"}
    assert not [a for a in mn_plan.records["agreements"] if "70CDCR18P00000017" in a["aliases"]]


def test_one_name_with_two_ueis_is_two_vendors(mn_plan: Plan) -> None:
    named = vendors(mn_plan).items()
    identix = {i: uei(v) for i, v in named if v["name"] == "IDENTIX INCORPORATED"}
    assert identix == {
        "identix-incorporated": ["TK98R7BHL5R8"],
        "identix-incorporated-h5qgmwp3rgx6": ["H5QGMWP3RGX6"],
    }


def test_agencies_match_the_seeds_and_the_map_selects_by_description(mn_plan: Plan) -> None:
    assert mn_plan.matched["U.S. Immigration and Customs Enforcement"] == "ice"
    assert mn_plan.matched["WEST PUBLISHING CORPORATION"] == "west-publishing"
    moved = {i: a.get("datasets") for i, a in agreements(mn_plan).items() if a.get("datasets")}
    assert moved == {
        "usaspending-hscemr14f00006": ["clear-records"],
        "usaspending-70cmsd22fr0000187": ["clear-records"],
    }


def test_the_import_validates_and_shows_the_de_obligation(mn_plan: Plan, tmp_path: Path) -> None:
    write_plan(mn_plan, tmp_path / "mn", (SEEDS,))
    result = CliRunner().invoke(
        cli,
        [
            "show",
            "usaspending-ci000200303cp0503gc0659gs05p98gcd0001",
            "--seeds",
            str(SEEDS),
            "--seeds",
            str(tmp_path / "mn"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "de-obligated: 54,495 USD" in result.output
    assert "Identifiers" not in result.output  # an agreement has none
    vendor = CliRunner().invoke(
        cli, ["show", "uei:TJPWM9Y4S768", "--seeds", str(SEEDS), "--seeds", str(tmp_path / "mn")]
    )
    assert "GENERAL SECURITY SERVICES CORPORATION" in vendor.output
    assert "uei TJPWM9Y4S768" in vendor.output


def test_the_same_file_twice_gives_the_same_records(mn_plan: Plan) -> None:
    again = plan_usaspending(MN, load_seeds(SEEDS), read_dataset_map(RULES))
    assert again.records == mn_plan.records


def test_a_reimport_after_merging_writes_nothing_new(mn_plan: Plan, tmp_path: Path) -> None:
    write_plan(mn_plan, tmp_path / "mn", (SEEDS,))
    merged = load_seeds(SEEDS, tmp_path / "mn")
    again = plan_usaspending(MN, merged, read_dataset_map(RULES))
    assert again.records["agreements"] == [] and again.records["vendors"] == []
    assert sorted(again.already.values()) == sorted([*agreements(mn_plan), "vigilant-ice-lpr-2017"])


def test_a_uei_spelled_two_ways_is_one_vendor(mn_plan: Plan, tmp_path: Path) -> None:
    write_plan(mn_plan, tmp_path / "mn", (SEEDS,))
    local = plan_usaspending(LOCAL, load_seeds(SEEDS, tmp_path / "mn"))
    assert local.matched["SHERBURNE, COUNTY OF (INC)"] == "sherburne-county-sheriffs-office"
    assert [v for v in local.records["vendors"] if "M165QVFHYH66" in uei(v)] == []
    assert local.already == {
        "CONT_AWD_HSCECR10P00114_7012_-NONE-_-NONE-": "usaspending-hscecr10p00114"
    }


def test_two_spellings_and_two_ueis_stay_apart_until_judged_the_same(tmp_path: Path) -> None:
    apart = plan_usaspending(UMN, load_seeds(SEEDS))
    assert {i: uei(v) for i, v in vendors(apart).items()} == {
        "regents-of-the-university-of-minnesota": ["KABJZBBJ4B54"],
        "regents-of-university-of-minnesota": ["FVJMNPLMEEJ2"],
    }
    judged = tmp_path / "resolutions.yaml"
    judged.write_text(
        "judgements:\n"
        "  - {identifier: 'uei:FVJMNPLMEEJ2', record: regents-of-the-university-of-minnesota,"
        " judgement: same}\n",
        encoding="utf-8",
    )
    runs = []
    for n in (1, 2):
        into = tmp_path / f"run{n}"
        result = CliRunner().invoke(
            cli,
            [
                *("import", "usaspending", str(UMN), "--into", str(into)),
                *("--seeds", str(SEEDS), "--resolutions", str(judged)),
            ],
        )
        assert result.exit_code == 0, result.output
        runs.append((into / "parties.yaml").read_text(encoding="utf-8"))
        runs.append((into / "agreements.yaml").read_text(encoding="utf-8"))
    assert runs[0:2] == runs[2:4]  # the decision survives a re-import: the same ids
    parties = yaml.safe_load(runs[0])["vendors"]
    assert [v["id"] for v in parties] == ["regents-of-the-university-of-minnesota"]
    providers = {a["parties"][0]["party"] for a in yaml.safe_load(runs[1])["agreements"]}
    assert providers == {"regents-of-the-university-of-minnesota"}


def test_a_different_judgement_keeps_a_name_match_apart(tmp_path: Path) -> None:
    judgements = [Judgement("name:WEST PUBLISHING CORPORATION", "west-publishing", False)]
    plan = plan_usaspending(MN, load_seeds(SEEDS), judgements=judgements)
    assert "WEST PUBLISHING CORPORATION" not in plan.matched
    assert "west-publishing-corporation" in vendors(plan)


def test_a_judgement_naming_a_name_and_an_identifier_needs_both(tmp_path: Path) -> None:
    # "these differ" for the name together with a UEI the rows do not carry: it is not a
    # judgement about every row of that name, so the name still matches the seeds' party
    both = Judgement(
        "name:WEST PUBLISHING CORPORATION", "west-publishing", False, also=("uei:ZZZZ00000000",)
    )
    plan = plan_usaspending(MN, load_seeds(SEEDS), judgements=[both])
    assert "WEST PUBLISHING CORPORATION" in plan.matched
    assert "west-publishing-corporation" not in vendors(plan)


def test_transactions_fold_into_the_awards_of_the_summary() -> None:
    existing = load_seeds(FIX / "existing")
    summary = plan_usaspending(FIX / "awards.csv", existing)
    folded = plan_usaspending(FIX / "transactions.csv", existing)

    def shape(plan: Plan) -> dict[str, Any]:
        return {
            a["id"]: (
                a["parties"],
                a["amounts"][0]["value"],
                a["effective_from"],
                a.get("effective_to"),
            )
            for a in plan.records["agreements"]
        }

    assert shape(folded) == shape(summary)
    assert shape(folded)["usaspending-example0001"][1:] == (125000.0, "2024-01-15", "2026-01-14")
    assert any("7 transactions folded into 4 awards" in note for note in folded.notes)


@pytest.mark.parametrize(
    ("rule", "selected"),
    [
        ("{piid: HSCEMR14F00006, datasets: [clear-records]}", ["usaspending-hscemr14f00006"]),
        ("{psc: DA10, datasets: [clear-records]}", ["usaspending-70cmsd22fr0000187"]),
        (
            "{naics: '519190', psc: D317, datasets: [clear-records]}",
            ["usaspending-hscemr14f00006"],
        ),
        (
            "{vendor: sherburne-county-sheriffs-office, datasets: [clear-records]}",
            ["usaspending-hscecr10p00114"],
        ),
    ],
)
def test_the_dataset_map_selects_by_piid_psc_naics_or_vendor(
    rule: str, selected: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(f"select:\n  - {rule}\n", encoding="utf-8")
    plan = plan_usaspending(MN, load_seeds(SEEDS), read_dataset_map(path))
    moved = sorted(a["id"] for a in plan.records["agreements"] if a.get("datasets"))
    assert moved == sorted(selected)


def test_a_bad_map_rule_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("select:\n  - {pssc: D317, datasets: [x]}\n", encoding="utf-8")
    output = refused_import("usaspending", MN, "--datasets", path, into=tmp_path / "o")
    assert f"{path}: 1 problem; nothing was written" in output
    assert ":2: select.0: unknown key 'pssc'" in output


@pytest.mark.neo4j
def test_the_import_answers_alike_on_both_backends(
    mn_plan: Plan, neo4j_server: Any, tmp_path: Path
) -> None:
    """The real summary, imported and validated with the seeds, loaded into Neo4j: reach,
    path, lookups by identifier and search give the same answers on both backends."""
    from graphkit.backends.memory import MemoryStore
    from graphkit.backends.neo4j.load.transaction import load
    from graphkit.backends.neo4j.store import Neo4jStore
    from graphkit.graph import Graph
    from tests_support import connect, same

    write_plan(mn_plan, tmp_path / "mn", (SEEDS,))
    data = load_seeds(SEEDS, tmp_path / "mn")
    driver, database = connect(neo4j_server)
    with driver:
        load(data, driver, database)
        memory, neo4j = Graph(MemoryStore(data)), Graph(Neo4jStore(driver, database))
        for graph in (memory, neo4j):
            found = graph.resolve("uei:TJPWM9Y4S768").id
            assert found == "general-security-services-corporation"
            assert [hit.id for hit in graph.search("TJPWM9Y4")] == [found]
        path = neo4j.path("west-publishing", "ice", as_of="2014-06-01")
        same(memory.path("west-publishing", "ice", as_of="2014-06-01"), path)
        hops = [[h["agreement"]["id"] for h in p["hops"]] for p in path.to_dict()["paths"]]
        assert hops == [["usaspending-hscemr14f00006"]]
        reach = neo4j.reach("clear-records", as_of="2023-06-01")
        same(memory.reach("clear-records", as_of="2023-06-01"), reach)
        blocked = [
            (b["agreement"]["id"], b["agreement"]["status"]) for b in reach.to_dict()["blocked"]
        ]
        assert blocked == [("usaspending-hscemr14f00006", "expired")]


def test_the_resolution_file_beside_the_seeds_is_applied_and_not_loaded(tmp_path: Path) -> None:
    seeds = seeds_with(
        tmp_path,
        SEEDS,
        "resolutions.yaml",
        "judgements:\n"
        "  - {name: REGENTS OF UNIVERSITY OF MINNESOTA,"
        " record: regents-of-the-university-of-minnesota, judgement: same}\n",
    )
    load_seeds(seeds)  # the judgements are not read as seeds
    result = CliRunner().invoke(
        cli,
        ["import", "usaspending", str(UMN), "--into", str(tmp_path / "o"), "--seeds", str(seeds)],
    )
    assert result.exit_code == 0, result.output
    parties = yaml.safe_load((tmp_path / "o" / "parties.yaml").read_text(encoding="utf-8"))
    assert [v["id"] for v in parties["vendors"]] == ["regents-of-the-university-of-minnesota"]


def test_bad_cells_of_a_transaction_file_are_each_named(tmp_path: Path) -> None:
    lines = (FIX / "transactions.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",50000.00,", ",fifty,")
    lines[4] = lines[4].replace("2023-06-01,2023-06-01", "2023-06-01,2023-02-30")
    bad = tmp_path / "transactions.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = refused_import("usaspending", bad, into=tmp_path / "o")
    assert f"{bad}: 2 problems; nothing was written" in output
    assert f"{bad}:3: federal_action_obligation: 'fifty' is not a number" in output
    assert f"{bad}:5: period_of_performance_start_date: '2023-02-30' is not a date" in output


def test_a_transaction_file_without_its_obligation_names_the_download(tmp_path: Path) -> None:
    text = (FIX / "transactions.csv").read_text(encoding="utf-8")
    bad = tmp_path / "t.csv"
    bad.write_text(text.replace("federal_action_obligation", "obligation", 1), encoding="utf-8")
    output = refused_import("usaspending", bad, into=tmp_path / "o")
    assert (
        f"{bad}:1: federal_action_obligation: missing column; the download "
        "Contracts_PrimeTransactions_*.csv" in output
    )
