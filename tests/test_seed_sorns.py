"""The Privacy Act notices in the seeds: systems of records found by their numbers, their
routine uses graded declared, each version of DHS/ICE-011 on its own date, and SSA's Master
Files on a 2025 date with the declared routine uses apart from the other agreements.

Expected answers are written out from the notices (seeds/agreements/sorns.yaml, whose
sources say which parts of each notice were read).
"""

from __future__ import annotations

from graphkit.graph import Graph
from graphkit.present.formats import render
from graphkit.questions.results import PartyReach

#: Every system of records the seeds give a number, by that number (hand-copied).
SYSTEMS = {
    "DHS/ICE-011": "dhs-ice-011",
    "DHS/ICE-009": "dhs-ice-009",
    "DHS/ICE-008": "dhs-ice-008",
    "DHS/ICE-007": "dhs-ice-007",
    "DHS/USCIS-ICE-CBP-001": "dhs-alien-file",
    "DHS/USCIS-004": "dhs-uscis-save",
    "DHS/USCIS-007": "dhs-uscis-benefits-information",
    "60-0058": "ssa-master-files",
    "60-0389": "ssa-travel-border-crossing-records",
    "60-0373": "ssa-digital-identity-file",
    "09-70-0541": "cms-t-msis",
    "Treasury/IRS 34.037": "irs-audit-trail-records",
    "Treasury/IRS 24.030": "irs-individual-master-file",
    "JUSTICE/FBI-001": "fbi-ncic-records",
}


def test_each_system_is_found_by_its_number(seed_graph: Graph) -> None:
    for number, dataset in SYSTEMS.items():
        shown = seed_graph.show(number)
        assert shown.entity.id == dataset, number
        assert shown.entity.kind == "dataset"


def test_ice_011_timeline_shows_each_routine_use_version_on_its_date(seed_graph: Graph) -> None:
    steps = seed_graph.timeline("DHS/ICE-011").steps
    events = [
        (c.date, c.agreement.id.removeprefix("ice-011-ru-"), c.status)
        for step in steps
        for c in step.causes
    ]
    assert events == [
        ("2009-06-04", "legal-orientation-2009", "active"),
        ("2010-03-01/2015-04-01", "legal-orientation-2009", "superseded"),
        ("2010-05-03/..", "detainee-locator-2010", "active"),
        ("2015-04-01", "detainee-locator-2010", "superseded"),
        ("2015-04-01", "public-health-2015", "active"),
        ("2015-04-01", "sex-offender-release-2015", "active"),
        ("2015-06-01", "public-health-2015", "superseded"),
        ("2015-06-01", "sex-offender-release-2015", "superseded"),
        ("2015-06-01", "violent-crime-release-2015", "active"),
        ("2016-10-19/2024-08-05", "violent-crime-release-2015", "superseded"),
    ]


def test_ice_011_routine_uses_reach_the_classes_they_name_only_while_in_force(
    seed_graph: Graph,
) -> None:
    def parties(day: str) -> set[str]:
        answer = seed_graph.reach("dhs-ice-011", as_of=day)
        assert answer.results == []  # a published permission is never listed as a flow
        return {it.party.id for it in answer.declared}

    assert parties("2009-06-03") == set()
    assert parties("2009-06-04") == {"cat-legal-orientation-providers"}
    assert parties("2015-05-01") == {
        "cat-domestic-law-enforcement",
        "cat-sex-offender-registries",
        "cat-public-health-entities",
    }
    assert parties("2015-07-01") == {"cat-domestic-law-enforcement"}
    # The 2016 reissue's effective date was not read: uncertain from its publication until
    # the 2024 reissue took effect; the 2009 uses were replaced for certain by April 2015.
    later = seed_graph.reach("dhs-ice-011", as_of="2017-01-01")
    assert later.results == [] and later.declared == []
    assert [u.agreement.id for u in later.uncertain] == ["ice-011-ru-violent-crime-release-2015"]
    assert seed_graph.reach("dhs-ice-011", as_of="2024-08-05").uncertain == []


def test_ssa_master_files_on_a_2025_date_are_declared_apart_from_the_rest(
    seed_graph: Graph,
) -> None:
    answer = seed_graph.reach("ssa-master-files", as_of="2025-12-01")

    def grades(items: list[PartyReach]) -> dict[str, set[str]]:
        return {it.party.id: {p.evidence for p in it.paths} for it in items}

    # Flows: USCIS by the SAVE link to SSA records, reported in May 2025 and not since.
    assert grades(answer.results) == {"uscis": {"presumed"}}
    # Apart: who may receive the records under the 2025 routine uses.
    assert grades(answer.declared) == {
        "dhs": {"declared"},
        "uscis": {"declared"},
        "ice": {"declared"},
    }
    blocked = {b.agreement.id: b.agreement.status for b in answer.blocked}
    assert blocked == {
        "ssa-0058-ru-secret-service-1995": "superseded",
        "ssa-0058-ru-treasury-child-tax-1998": "superseded",
    }
    assert [u.agreement.id for u in answer.undated] == ["ssa-dhs-centralized-data-exchange"]
    # In 2000 the 1998 routine use to the Treasury was in force; uncertain: the 1995 one (its
    # effective date not read) and the SAVE link (only "in place by May 2025").
    then = seed_graph.reach("ssa-master-files", as_of="2000-01-01")
    assert then.results == []
    assert [it.party.id for it in then.declared] == ["treasury"]
    assert {u.agreement.id for u in then.uncertain} == {
        "ssa-0058-ru-secret-service-1995",
        "ssa-uscis-save-ssn-verification-2025",
    }


def test_every_routine_use_is_declared_and_cites_the_federal_register(seed_graph: Graph) -> None:
    ids = [
        "ice-011-ru-legal-orientation-2009",
        "ice-011-ru-detainee-locator-2010",
        "ice-011-ru-sex-offender-release-2015",
        "ice-011-ru-public-health-2015",
        "ice-011-ru-violent-crime-release-2015",
        "ssa-0058-ru-secret-service-1995",
        "ssa-0058-ru-treasury-child-tax-1998",
        "save-ru-i-airport-operators-2016",
    ]
    for ident in ids:
        shown = seed_graph.show(ident)
        record = shown.record
        assert record["kind"] == "routine_use" and record["basis"] == "declared", ident
        publishers = {shown.sources[s]["publisher"] for s in record["sources"]}
        assert publishers == {"Federal Register"}, ident
    save = seed_graph.show("save-ru-i-airport-operators-2016").record
    assert save["routine_use"] == {"number": "I"}


def test_a_use_lost_to_a_later_notice_says_no_more_than_the_graph_holds(
    seed_graph: Graph,
) -> None:
    # The 2015 reissue replaced the notice of March 2015; whether it kept the public health
    # use was not read, so the loss is said as the graph holds it, not as a withdrawal.
    text = render(seed_graph.diff("2015-05-01", "2015-07-01", subject="dhs-ice-011"))
    (line,) = [
        ln for ln in text.splitlines() if "may no longer receive" in ln and "public-health" in ln
    ]
    assert line.endswith(
        "the notice that granted it was replaced, and no later notice in the graph grants it"
    )
    # Every loss in the timeline is such a replacement, including 2015-06-01, when a new use
    # began the same day (a start is not a stop, so it does not change the words).
    timeline = render(seed_graph.timeline("dhs-ice-011")).splitlines()
    lost = [ln for ln in timeline if "may no longer receive" in ln]
    assert len(lost) == 4 and all(
        ln.endswith("no later notice in the graph grants it") for ln in lost
    )


def test_a_replaced_version_in_the_blocked_list_says_the_later_notice_may_grant_it(
    seed_graph: Graph,
) -> None:
    text = render(seed_graph.reach("ssa-master-files", as_of="2025-12-01"))
    lines = text.splitlines()
    at = next(i for i, ln in enumerate(lines) if "(ssa-0058-ru-secret-service-1995):" in ln)
    assert lines[at + 1].strip().startswith("superseded since 2006-01-11")
    assert lines[at + 2].strip() == (
        "replaced by a later notice: this version no longer applies; whether the later "
        "notice grants the same is in the graph only if it is listed above"
    )
