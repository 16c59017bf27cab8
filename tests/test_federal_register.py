"""graphkit import federal-register on real notices (tests/fixtures/federal_register/,
see its README): the datasets, routine uses, recipients and dates written by hand from
reading each notice; versions that supersede each other; bad input refused whole."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from graphkit.errors import InputError
from graphkit.graph import Graph
from graphkit.ingest.validation import load_seeds
from graphkit.interop.federal_register.effective import (
    add_months,
    routine_uses_effective,
    system_effective,
)
from graphkit.interop.federal_register.synth import write_notices
from graphkit.interop.federal_register.systems import system_number
from graphkit.interop.federal_register.textread import read_text
from graphkit.interop.federal_register.uses import names_in, split_uses, standard_of
from tests_support import TESTS, refused_import, run_cli, seeds_with

FIX = TESTS / "fixtures" / "federal_register"
EXISTING = FIX / "existing"
GSA = [FIX / "2019-21885.xml", FIX / "2019-21885.json"]
VA = [FIX / "2020-25333.xml", FIX / "2020-25333.json"]


def imported(tmp_path: Path, *files: Path, seeds: Path = EXISTING) -> Any:
    new = tmp_path / "new"
    result = run_cli("import", "federal-register", *files, "--into", new, "--seeds", seeds)
    assert result.exit_code == 0, result.output
    return load_seeds(new, seeds), result.output


def refused(tmp_path: Path, *files: Path, seeds: Path = EXISTING) -> str:
    return refused_import("federal-register", *files, "--seeds", seeds, into=tmp_path / "refused")


# -- a real SORN: GSA/OGP-1 (FR Doc. 2019-21885), its full-text XML and API JSON ----------

#: Read by hand from the notice's ROUTINE USES section: letter -> (standard, recipients).
GSA_USES = {
    "a": ("law_enforcement_referral", ["category-law-enforcement-agencies"]),
    "b": ("oversight", ["opm", "omb", "gao"]),
    "c": ("congress", ["category-standard-congress"]),
    "d": ("litigation", ["category-standard-litigation"]),
    "e": ("records_management", ["nara"]),
    "f": ("contractors", ["category-standard-contractors"]),
    "g": ("litigation", ["category-standard-litigation"]),
    "i": ("breach", ["category-standard-breach"]),
    "j": ("other_breach", ["category-standard-other-breach"]),
}


def test_a_real_sorn_becomes_a_dataset_and_declared_routine_uses(tmp_path: Path) -> None:
    data, output = imported(tmp_path, *GSA)
    system = data.datasets["gsa-ogp-1"]
    assert (system.name, system.system_number, system.custodian) == (
        "e-Rulemaking Program Administrative System",
        "GSA/OGP-1",
        "gsa",
    )
    assert "GSA/OGP-1" in system.aliases
    assert len(system.fields) == 1 and "passwords as credentials" in system.fields[0]
    assert system.individuals[0].startswith("Covered individuals are partner agency users")
    assert system.record_sources[0].startswith("The information in the system may be submitted")
    # "The System of Records Notice (SORN) is applicable on October 8, 2019"
    assert [(c.field, c.value) for c in system.claims] == [("system_effective", "2019-10-08")]
    uses = {a.routine_use.number: a for a in data.agreements.values() if a.routine_use}
    assert sorted(uses) == sorted(GSA_USES)
    for letter, (standard, recipients) in GSA_USES.items():
        use = uses[letter]
        assert use.kind == "routine_use" and use.basis == "declared"
        assert use.routine_use is not None and use.routine_use.standard == standard
        assert [p.party for p in use.parties if p.role == "provider"] == ["gsa"]
        assert [p.party for p in use.parties if p.role == "recipient"] == recipients
        assert use.datasets == ["gsa-ogp-1"]
        # published 8 October 2019; the routine uses take effect 7 November 2019
        assert [(str(s.date), s.status) for s in use.status] == [
            ("2019-10-08", "proposed"),
            ("2019-11-07", "active"),
        ]
    assert uses["e"].routine_use.quote == "the National Archives and Records Administration (NARA)"
    assert data.agencies["category-law-enforcement-agencies"].kind == "category"
    # h (grievance examiners...) and k (a partner agency) name no party: listed, not guessed
    assert "routine use h of GSA/OGP-1" in output and "routine use k of GSA/OGP-1" in output
    assert "'a partner agency'" in output
    (source,) = [s for s in data.sources.values() if s.publisher == "Federal Register"]
    assert (str(source.date), source.title) == (
        "2019-10-08",
        "Privacy Act of 1974; System of Records",
    )
    assert str(source.url).endswith("/full_text/xml/2019/10/08/2019-21885.xml")
    assert "FR Doc. 2019-21885" in (source.note or "")
    assert all(source.id in a.sources for a in uses.values())


def test_reach_sees_the_routine_uses_only_once_they_take_effect(tmp_path: Path) -> None:
    data, _ = imported(tmp_path, *GSA)
    from graphkit.backends.memory import MemoryStore

    graph = Graph(MemoryStore(data))
    before = graph.reach("gsa-ogp-1", as_of="2019-10-20")  # proposed: nothing yet
    assert (before.results, before.declared, before.standard_uses) == ([], [], [])
    # All nine uses the importer read are boilerplate: counted, not listed, by default.
    after = graph.reach("GSA/OGP-1", as_of="2019-11-08")
    assert (after.results, after.declared, len(after.standard_uses)) == ([], [], 9)
    listed = graph.reach("GSA/OGP-1", as_of="2019-11-08", standard_uses=True)
    assert listed.results == []  # a published permission is never a flow
    grades = {r.party.id: r.evidence for r in listed.declared}
    assert grades["nara"] == "declared" and grades["opm"] == "declared"
    assert "category-law-enforcement-agencies" in grades
    assert set(grades.values()) == {"declared"}


# -- a real matching notice: IRS to VA (FR Doc. 2020-25333) ------------------------------


def test_a_real_matching_notice_becomes_a_matching_agreement(tmp_path: Path) -> None:
    data, _ = imported(tmp_path, *VA)
    match = data.agreements["cma-2020-25333"]
    assert match.kind == "computer_matching_agreement" and match.basis == "declared"
    # "the Internal Revenue Service (IRS) will disclose return information ... to the
    # Department of Veterans Affairs (VA)"
    assert [(p.party, p.role) for p in match.parties] == [("irs", "provider"), ("va", "recipient")]
    assert match.datasets == ["irs-irmf"]  # Treasury/IRS 22.061, named in the notice
    assert str(match.effective_from) == "2021-01-01"  # "will become effective January 1, 2021"
    assert match.term_end is not None and str(match.term_end.date) == "2022-06-30"  # 18 months
    assert [(str(s.date), s.status) for s in match.status] == [
        ("2020-11-17", "proposed"),
        ("2021-01-01", "active"),
    ]
    source = data.sources[match.sources[0]]
    assert "85 FR 73356" in (source.note or "")


# -- real text renderings (govinfo.gov), partial copies -----------------------------------


def test_govinfo_text_renderings_give_the_header_and_dates() -> None:
    ice_2015 = read_text(FIX / "2015-09615.txt")
    assert (ice_2015.document_number, ice_2015.citation) == ("2015-09615", "80 FR 24269")
    assert ice_2015.publication_date == dt.date(2015, 4, 30)
    assert ice_2015.action == "Notice of amendment of Privacy Act system of records."
    assert ice_2015.kind == "sorn"
    assert system_effective(ice_2015.dates, ice_2015.publication_date) == dt.date(2015, 6, 1)
    ice_2024 = read_text(FIX / "2024-14768.txt")
    assert (ice_2024.citation, ice_2024.publication_date) == ("89 FR 55638", dt.date(2024, 7, 5))
    assert "U.S. Immigration and Customs Enforcement" in ice_2024.agencies
    assert routine_uses_effective(ice_2024.dates, ice_2024.publication_date) == dt.date(2024, 8, 5)
    assert system_number(ice_2024.summary) == "DHS/ICE-011"


def test_the_html_rendering_reads_as_the_text_one(tmp_path: Path) -> None:
    text = (FIX / "2015-09615.txt").read_text(encoding="utf-8")
    page = tmp_path / "2015-09615.htm"
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    page.write_text(f"<html><head><title>FR</title></head><body><pre>{escaped}</pre></body></html>")
    html, plain = read_text(page), read_text(FIX / "2015-09615.txt")
    assert html.rendering == "html" and plain.rendering == "text"
    assert (html.document_number, html.citation, html.publication_date, html.dates) == (
        plain.document_number,
        plain.citation,
        plain.publication_date,
        plain.dates,
    )


def test_a_partial_copy_is_an_error_naming_the_notice_and_section(tmp_path: Path) -> None:
    output = refused(tmp_path, FIX / "2015-09615.txt", FIX / "2024-14768.txt")
    assert "FR Doc. 2015-09615" in output and "FR Doc. 2024-14768" in output
    assert "SYSTEM NAME AND NUMBER" in output and "partial copy" in output


# -- versions ----------------------------------------------------------------------------


def versions(tmp_path: Path, count: int) -> list[Path]:
    return write_notices(FIX / "2019-21885.xml", tmp_path / "notices", count, 1)


def test_each_version_supersedes_the_one_before_on_its_effective_date(tmp_path: Path) -> None:
    data, _ = imported(tmp_path, *versions(tmp_path, 3))
    statuses = {
        a.id: [(str(s.date), s.status) for s in a.status]
        for a in data.agreements.values()
        if a.routine_use and a.routine_use.number == "a"
    }
    # published 2019-10-08, 2020-10-07, 2021-10-07; uses effective 30 days later
    assert statuses == {
        "gsa-syn-0-2019-00000-ru-a": [
            ("2019-10-08", "proposed"),
            ("2019-11-07", "active"),
            ("2020-11-06", "superseded"),
        ],
        "gsa-syn-0-2020-00001-ru-a": [
            ("2020-10-07", "proposed"),
            ("2020-11-06", "active"),
            ("2021-11-06", "superseded"),
        ],
        "gsa-syn-0-2021-00002-ru-a": [("2021-10-07", "proposed"), ("2021-11-06", "active")],
    }
    assert data.datasets["gsa-syn-0"].sources == [
        "src-fr-2019-00000",
        "src-fr-2020-00001",
        "src-fr-2021-00002",
    ]
    new = tmp_path / "new"
    timeline = run_cli("timeline", "GSA/SYN-0", "--seeds", new, "--seeds", EXISTING).output
    for doc in ("2019-00000", "2020-00001", "2021-00002"):
        assert f"FR Doc. {doc}" in timeline
    assert "superseded" in timeline


def test_a_rescindment_ends_the_last_version(tmp_path: Path) -> None:
    notices = versions(tmp_path, 2)
    rescind = tmp_path / "rescind.txt"
    rescind.write_text(
        "[Federal Register Volume 90, Number 1 (Thursday, January 2, 2025)]\n"
        "[Notices]\n[Pages 100-101]\n[FR Doc No: 2025-00009]\n"
        "GENERAL SERVICES ADMINISTRATION\n"
        "Privacy Act of 1974; Rescindment of a System of Records Notice\n\n"
        "AGENCY: General Services Administration.\n"
        "ACTION: Notice of rescindment of a system of records.\n"
        "SUMMARY: GSA rescinds the system of records GSA/SYN-0, written for this test.\n"
        "DATES: This rescindment will be effective February 3, 2025.\n",
        encoding="utf-8",
    )
    data, _ = imported(tmp_path, *notices, rescind)
    last = data.agreements["gsa-syn-0-2020-00001-ru-a"]
    assert [(str(s.date), s.status) for s in last.status][-1] == ("2025-02-03", "rescinded")


# -- bad input: a clear error, nothing written --------------------------------------------

BOMB = """<?xml version="1.0"?>
<!DOCTYPE NOTICE [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<NOTICE><PREAMB><SUBJECT>Privacy Act of 1974; System of Records &d;</SUBJECT></PREAMB>
<FRDOC>[FR Doc. 2099-00001 Filed 1-1-99; 8:45 am]</FRDOC></NOTICE>
"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE NOTICE [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<NOTICE><PREAMB><SUBJECT>&secret;</SUBJECT></PREAMB></NOTICE>
"""


@pytest.mark.parametrize("xml", [BOMB, EXTERNAL], ids=["bomb", "external-entity"])
def test_entities_are_refused(tmp_path: Path, xml: str) -> None:
    path = tmp_path / "notice.xml"
    path.write_text(xml, encoding="utf-8")
    output = refused(tmp_path, path)
    assert "declares entities" in output and "notice.xml" in output
    assert "root:" not in output  # nothing of /etc/passwd


def test_a_notice_that_is_not_a_privacy_act_notice(tmp_path: Path) -> None:
    text = (FIX / "2019-21885.xml").read_text(encoding="utf-8")
    other = tmp_path / "meeting.xml"
    other.write_text(
        text.replace("Privacy Act of 1974; System of Records", "Sunshine Act Meetings").replace(
            "Notice of a new system of records.", "Notice of meeting."
        ),
        encoding="utf-8",
    )
    output = refused(tmp_path, other, GSA[1])
    assert "FR Doc. 2019-21885" in output and "SUBJECT" in output
    assert "'Sunshine Act Meetings' is not a system of records notice" in output


def test_a_notice_without_routine_uses(tmp_path: Path) -> None:
    text = (FIX / "2019-21885.xml").read_text(encoding="utf-8")
    start = text.index('<HD SOURCE="HD2">ROUTINE USES')
    end = text.index('<HD SOURCE="HD2">POLICIES AND PRACTICES FOR STORAGE')
    cut = tmp_path / "cut.xml"
    cut.write_text(text[:start] + text[end:], encoding="utf-8")
    output = refused(tmp_path, cut, GSA[1])
    assert "FR Doc. 2019-21885" in output
    assert "ROUTINE USES OF RECORDS MAINTAINED IN THE SYSTEM" in output


def test_a_system_number_another_dataset_has(tmp_path: Path) -> None:
    seeds = seeds_with(
        tmp_path,
        EXISTING,
        "more.yaml",
        "datasets:\n  - id: erulemaking-credentials\n    name: e-Rulemaking credentials\n"
        "    custodian: gsa\n    system_number: GSA/OGP-1\n    sources: [src-fedreg-fixture]\n"
        "    confidence: unconfirmed\n",
    )
    output = refused(tmp_path, *GSA, seeds=seeds)
    assert "FR Doc. 2019-21885" in output and "SYSTEM NAME AND NUMBER" in output
    assert "conflicts with existing dataset 'erulemaking-credentials'" in output


def test_the_xml_without_its_json_has_no_publication_date(tmp_path: Path) -> None:
    output = refused(tmp_path, GSA[0])
    assert "FR Doc. 2019-21885" in output and "publication date" in output
    assert "api/v1/documents/2019-21885.json" in output


def test_json_without_the_notice_and_an_unknown_custodian(tmp_path: Path) -> None:
    output = refused(tmp_path, GSA[1])
    assert "FR Doc. 2019-21885: metadata without the notice's text" in output
    bare = tmp_path / "bare"
    shutil.copytree(EXISTING, bare)
    yaml_text = (bare / "graph.yaml").read_text(encoding="utf-8")
    (bare / "graph.yaml").write_text(
        yaml_text.replace("General Services Administration", "Another Office").replace(
            "[GSA]", "[AO]"
        ),
        encoding="utf-8",
    )
    output = refused(tmp_path, *GSA, seeds=bare)
    assert "no existing agency is the custodian of GSA/OGP-1" in output and "AGENCY" in output


def test_the_same_notice_twice(tmp_path: Path) -> None:
    copy = tmp_path / "copy.xml"
    shutil.copy(GSA[0], copy)
    assert "given twice" in refused(tmp_path, *GSA, copy)


# -- the pieces, on phrases from the notices ---------------------------------------------


def test_dates_routine_uses_and_names() -> None:
    published = dt.date(2024, 7, 5)
    assert system_effective("effective 30 days after publication.", published) == dt.date(
        2024, 8, 4
    )
    assert system_effective("Submit comments on or before August 5, 2024.", published) is None
    assert add_months(dt.date(2021, 1, 1), 18) == dt.date(2022, 7, 1)
    assert system_number("DHS/USCIS-ICE-CBP-001 Alien File") == "DHS/USCIS-ICE-CBP-001"
    assert system_number("Treasury/IRS 22.061, as published") == "Treasury/IRS 22.061"
    assert standard_of("To a Member of Congress or to a congressional office") == "congress"
    assert standard_of("To a partner agency when GSA determines") is None
    uses = split_uses(
        ["Preamble as follows:", "1. To the IRS for audits.", "and so on.", "2. To A."]
    )
    assert [(u.number, u.text) for u in uses] == [
        ("1", "To the IRS for audits. and so on."),
        ("2", "To A."),
    ]
    assert names_in("the IRS, the FBI, or the Social Security Administration (SSA)") == [
        "IRS",
        "FBI",
        "Social Security Administration (SSA)",
    ]


def test_the_library_raises_input_error(tmp_path: Path) -> None:
    from graphkit.interop.federal_register import plan_federal_register

    with pytest.raises(InputError) as caught:
        plan_federal_register([GSA[0]], load_seeds(EXISTING))
    assert caught.value.problems[0].field == "publication date"


def test_a_notice_of_new_routine_uses_alone_adds_to_the_version_in_force(tmp_path: Path) -> None:
    notices = versions(tmp_path, 3)
    second = notices[2]  # 2020-00001.xml: keep its routine uses, drop the rest of the system
    text = second.read_text(encoding="utf-8")
    start = text.index('<HD SOURCE="HD2">CATEGORIES OF RECORDS')
    end = text.index('<HD SOURCE="HD2">ROUTINE USES')
    second.write_text(text[:start] + text[end:], encoding="utf-8")
    data, _ = imported(tmp_path, *notices)

    def events(ident: str) -> list[tuple[str, str]]:
        return [(str(s.date), s.status) for s in data.agreements[ident].status]

    # the first version stays in force beside the added uses until the third replaces both
    assert events("gsa-syn-0-2019-00000-ru-a")[-1] == ("2021-11-06", "superseded")
    assert events("gsa-syn-0-2020-00001-ru-a")[-1] == ("2021-11-06", "superseded")
    assert events("gsa-syn-0-2021-00002-ru-a")[-1] == ("2021-11-06", "active")
    assert data.datasets["gsa-syn-0"].fields  # the categories of records outlive the addition


def test_the_benchmark_runs_at_smoke_size() -> None:
    import subprocess
    import sys

    from tests_support import ROOT

    done = subprocess.run(
        [sys.executable, "benchmarks/fedreg_bench.py", "--notices", "40", "--systems", "10",
         "--sample", "3", "--no-neo4j"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "10 datasets, 360 agreements" in done.stdout  # 10 systems; 40 notices x 9 uses
    assert "memory reach: p50" in done.stdout  # figures printed, not asserted


def test_a_notice_whose_dates_give_no_effective_date_is_dated_on_or_after_it(
    tmp_path: Path,
) -> None:
    # The real GSA notice with its DATES paragraph cut to the comment deadline: it then
    # says nothing of when the system or its uses take effect.
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(GSA[1], folder / "2019-21885.json")
    text = GSA[0].read_text(encoding="utf-8")
    start = text.index("<P>The System of Records Notice (SORN) is applicable")
    stop = text.index("</P>", start)
    cut = "<P>Comments must be submitted by November 7, 2019.</P>"
    (folder / "2019-21885.xml").write_text(text[:start] + cut + text[stop + 4 :], "utf-8")
    data, output = imported(tmp_path, folder / "2019-21885.xml", folder / "2019-21885.json")
    assert "DATES gives no effective date" in output
    assert all(c.field != "system_effective" for c in data.datasets["gsa-ogp-1"].claims)
    uses = [a for a in data.agreements.values() if a.kind == "routine_use"]
    assert uses and {str(a.status[-1].date) for a in uses} == {"2019-10-08/.."}
    assert {a.status[-1].status for a in uses} == {"active"}
