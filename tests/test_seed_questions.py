"""The real seeds answer the questions the project started from, with sources.

Run on the memory backend here; test_parity.py asks the same of Neo4j.
"""

from __future__ import annotations

from graphkit.graph import Graph
from graphkit.present.words import agreement_evidence, agreement_status


def reached(
    graph: Graph, dataset: str, day: str, declared: bool = False
) -> dict[str, list[list[str]]]:
    """Each party's paths: the flows, or (``declared``) the published permissions."""
    result = graph.reach(dataset, as_of=day)
    items = result.declared if declared else result.results
    return {it.party.id: [p.agreements for p in it.paths] for it in items}


def test_irs_addresses_reach_ice_through_the_mou_until_the_injunction(
    seed_graph: Graph,
) -> None:
    before = seed_graph.reach("irs-taxpayer-addresses", as_of="2025-08-01")
    assert before.custodian.id == "irs"
    ice = next(it for it in before.results if it.party.id == "ice")
    hop = ice.paths[0].hops[0]
    assert (hop.source.id, hop.target.id, hop.agreement.id) == ("irs", "ice", "irs-ice-mou-2025")
    assert hop.agreement.kind == "mou" and hop.agreement.status == "active"
    assert hop.agreement.signed == "2025-04-07"
    urls = [before.sources[s]["url"] for s in hop.agreement.sources]
    assert any("americanoversight.org" in u for u in urls)
    assert "ice" not in reached(seed_graph, "irs-taxpayer-addresses", "2025-12-15")
    enjoined = seed_graph.show("irs-ice-mou-2025").timeline[-1]
    assert (enjoined.date, enjoined.status, enjoined.by) == (
        "2025-11-21",
        "enjoined",
        "court-ddc",
    )


def test_irs_injunction_takes_effect_on_its_day(seed_graph: Graph) -> None:
    assert ["irs-ice-mou-2025"] in reached(seed_graph, "irs-taxpayer-addresses", "2025-11-20")[
        "ice"
    ]
    assert reached(seed_graph, "irs-taxpayer-addresses", "2025-11-21") == {}


def test_ssa_addresses_reach_ice(seed_graph: Graph) -> None:
    paths = reached(seed_graph, "ssa-last-known-addresses", "2025-06-01")
    assert ["ssa-dhs-addresses-2025"] in paths["ice"]
    # The Master Files routine uses for DHS were published on 12 November 2025: a
    # published permission, listed apart from the flows (declared), none shown before.
    assert "ice" not in reached(seed_graph, "ssa-master-files", "2025-11-11", declared=True)
    after = reached(seed_graph, "ssa-master-files", "2025-11-12", declared=True)
    assert {"dhs", "uscis", "ice"} <= set(after)
    assert after["ice"] == [["ssa-master-files-routine-use-2025"]]
    assert "ice" not in reached(seed_graph, "ssa-master-files", "2025-11-12")


def test_medicaid_data_over_time(seed_graph: Graph) -> None:
    july = seed_graph.reach("medicaid-enrollee-data", as_of="2025-08-01")
    ice = next(it for it in july.results if it.party.id == "ice")
    assert ice.paths[0].hops[0].agreement.id == "cms-dhs-iea-2025"
    assert ice.paths[0].hops[0].agreement.status == "active"
    during = seed_graph.reach("medicaid-enrollee-data", as_of="2025-08-20")
    ice = next(it for it in during.results if it.party.id == "ice")
    assert ice.paths[0].hops[0].agreement.status == "limited"
    # The agreement's term ended on 9 September 2025.
    october = reached(seed_graph, "medicaid-enrollee-data", "2025-10-01")
    assert ["cms-dhs-iea-2025"] not in october.get("ice", [])
    # The CMS notice of 25 November 2025 (a published permission, listed apart as
    # declared): still limited by the August injunction.
    december = seed_graph.reach("medicaid-enrollee-data", as_of="2025-12-15")
    ice = next(it for it in december.declared if it.party.id == "ice")
    hop = ice.paths[0].hops[0]
    assert (hop.agreement.id, hop.agreement.status) == ("cms-medicaid-notice-2025", "limited")
    january = seed_graph.reach("medicaid-enrollee-data", as_of="2026-01-10")
    ice = next(it for it in january.declared if it.party.id == "ice")
    hop = ice.paths[0].hops[0]
    assert (hop.agreement.id, hop.agreement.status) == ("cms-medicaid-notice-2025", "limited")
    assert hop.agreement.status_note


def test_dmv_records_through_nlets(seed_graph: Graph) -> None:
    result = seed_graph.reach("dmv-records", as_of="2025-10-01")
    ice = next(it for it in result.results if it.party.id == "ice")
    hop = next(p for p in ice.paths if p.agreements == ["nlets-dmv-ice-access"]).hops[0]
    assert [v.id for v in hop.via] == ["nlets"]
    ny = seed_graph.show("nlets-dmv-ice-ny")
    assert ny.timeline[-1].by == "state-ny"
    # Washington still shared on 12 November 2025 and locked ICE out on the 18th.
    open_ = seed_graph.reach("dmv-records-wa", as_of="2025-11-17")
    ice = next(it for it in open_.results if it.party.id == "ice")
    assert [v.id for v in ice.paths[0].hops[0].via] == ["wa-state-patrol", "nlets"]
    assert reached(seed_graph, "dmv-records-wa", "2025-11-18") == {}


def test_clearview_contract_keeps_conflicting_amounts_side_by_side(
    seed_graph: Graph,
) -> None:
    paths = reached(seed_graph, "clearview-face-images", "2025-10-01")
    assert ["clearview-ice-2025"] in paths["ice-hsi"]
    # HSI's contract starts with the award of 5 September 2025. The 2020 licences are
    # dated to 2020 only and no source reports their end: evidenced in 2020, presumed
    # afterwards (not "expired", which no source says).
    before_award = seed_graph.reach("clearview-face-images", as_of="2025-09-04")
    assert {it.party.id: [p.agreements for p in it.paths] for it in before_award.results} == {
        "ice": [["clearview-ice-licences-2020"]]
    }
    assert before_award.results[0].evidence == "presumed"
    in_2020 = seed_graph.reach("clearview-face-images", as_of="2020-06-01")
    assert {it.party.id: [p.agreements for p in it.paths] for it in in_2020.results} == {
        "ice": [["clearview-ice-licences-2020"]]
    }
    assert in_2020.results[0].evidence == "evidenced"
    shown = seed_graph.show("clearview-ice-2025")
    amounts = {(a["kind"], a["value"]) for a in shown.record["amounts"]}
    assert {("obligated", 3_750_000), ("total_value", 9_225_000)} <= amounts
    sizes = [
        c
        for c in seed_graph.show("clearview-face-images").record["claims"]
        if "image" in c["field"]
    ]
    assert len({c["value"] for c in sizes}) >= 2  # 30 billion (2023) vs 50+ billion (2025)


def test_reachable_ice_counts_its_components(seed_graph: Graph) -> None:
    result = seed_graph.reachable("ice", as_of="2025-10-01")
    datasets = {it.dataset.id for it in result.results}
    assert {"clearview-face-images", "irs-taxpayer-addresses", "dmv-records"} <= datasets
    assert "ice-hsi" in [p.id for p in result.parties]


def test_path_from_irs_to_ice(seed_graph: Graph) -> None:
    result = seed_graph.path("irs", "ice", as_of="2025-08-01")
    assert result.paths[0].agreements == ["irs-ice-mou-2025"]
    assert seed_graph.path("irs", "ice", as_of="2025-12-15").paths == []


def test_every_claim_has_a_source(seed_graph: Graph) -> None:
    stats = seed_graph.stats()
    assert stats.claims_without_source == 0
    assert stats.counts["agreements"] >= 25
    for record in seed_graph.store.data.entities():
        assert record.sources
        for source in record.sources:
            assert source in seed_graph.store.data.sources


def test_after_the_injunction_the_irs_answer_names_the_enjoined_mou(seed_graph: Graph) -> None:
    after = seed_graph.reach("irs-taxpayer-addresses", as_of="2025-12-15")
    assert after.results == []
    [mou] = after.blocked
    ag = mou.agreement
    assert (ag.id, ag.status, ag.status_since) == ("irs-ice-mou-2025", "enjoined", "2025-11-21")
    assert {"src-cnn-judge-blocks-irs", "src-legalnewsfeed-irs-halt"} <= set(ag.sources)
    assert [r.id for r in mou.target] == ["ice"]
    # before it, the MOU carried between a dated start and a reported end: evidenced
    before = seed_graph.reach("irs-taxpayer-addresses", as_of="2025-08-01").results[0]
    assert (before.party.id, before.evidence) == ("ice", "evidenced")


def test_venntel_2018_licences_are_presumed_in_2026_not_evidenced(seed_graph: Graph) -> None:
    [ice] = seed_graph.reach("venntel-location-data", as_of="2026-06-01").results
    hop = ice.paths[0].hops[0].agreement
    assert (ice.party.id, ice.evidence, hop.id) == ("ice", "presumed", "venntel-ice-2018")
    assert hop.last_evidenced == "2018"
    assert agreement_evidence(hop) == "presumed: last evidenced 2018, no end reported"


def test_the_undated_ssa_instruction_is_reported_date_unknown(seed_graph: Graph) -> None:
    answer = seed_graph.reach("ssa-appointment-schedules", as_of="2026-01-01")
    assert answer.results == []
    assert [u.agreement.id for u in answer.undated] == ["ssa-appointment-details-directive"]
    assert answer.undated[0].agreement.status == "undated"
    assert seed_graph.show("ssa-appointment-details-directive").status_today == {
        "status": "undated",
        "since": None,
    }


def test_the_mid_june_medicaid_directive_does_not_carry_on_june_1(seed_graph: Graph) -> None:
    june_1 = seed_graph.reach("medicaid-enrollee-data", as_of="2025-06-01")
    assert june_1.results == []
    directive = "hhs-cms-dhs-medicaid-transfer-2025-06"
    [blocked] = [b for b in june_1.blocked if b.agreement.id == directive]
    assert agreement_status(blocked.agreement) == "not started (starts mid-June 2025)"
    # the sources say only "mid-June" (2025-06-15~: 8 to 22 June): uncertain then, never
    # "not started" on a day the directive may already have been given
    june_20 = seed_graph.reach("medicaid-enrollee-data", as_of="2025-06-20")
    assert june_20.results == [] and directive not in [b.agreement.id for b in june_20.blocked]
    [uncertain] = june_20.uncertain
    assert agreement_status(uncertain.agreement) == (
        "uncertain on this date: the sources say mid-June 2025"
    )
    assert reached(seed_graph, "medicaid-enrollee-data", "2025-07-01") == {"dhs": [[directive]]}


def test_state_dmv_access_before_a_block_is_unknown_not_no(seed_graph: Graph) -> None:
    # New York blocked ICE by early November 2025 (reported 12 November); when its access
    # began is not reported: before the report, uncertain (it may already be blocked)
    before = seed_graph.reach("dmv-records-ny", as_of="2025-06-01")
    assert before.results == [] and before.blocked == []
    assert [u.agreement.id for u in before.uncertain] == ["nlets-dmv-ice-ny"]
    after = seed_graph.reach("dmv-records-ny", as_of="2025-12-01")
    assert [b.agreement.status for b in after.blocked] == ["terminated"]
    # Washington's access was seen open on 12 November 2025, cut on the 18th
    wa_before = seed_graph.reach("dmv-records-wa", as_of="2025-11-01")
    assert "nlets-dmv-ice-wa" in [u.agreement.id for u in wa_before.undated]
    assert "ice" in reached(seed_graph, "dmv-records-wa", "2025-11-15")
