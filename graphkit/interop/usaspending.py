"""USAspending contract downloads as seed records: award summaries and transaction files,
as usaspending.gov produces them (see :mod:`graphkit.interop.usaspending_rows`).

One agreement per award, kind ``contract``, in force over its period of performance, its
obligation as an ``obligated`` amount (below zero when more was de-obligated than was
left: kept, and said as de-obligated), its page as its source (``primary_document``).
The awarding sub-agency receives the data and the recipient provides it. An IDV
(``CONT_IDV_...``) is a ``contract_vehicle``: its parties are signatories (a vehicle
moves nothing; the orders under it, ``parent_award_id_piid``, are the agreements that
can), and it ends with its ``ordering_period_end_date``.

Parties are resolved by identifier first (the recipient's UEI, DUNS and CAGE code, the
agencies' USAspending codes), then by normalized name and alias, with the judgements of
a resolution file applied (:mod:`graphkit.interop.resolve`); new parties carry the
identifiers, so a re-import finds them again. An award already in the seeds (its unique
key or PIID is an agreement's id or alias) is reported and never written twice. The
``--datasets`` map (:mod:`graphkit.interop.usaspending_select`) says which datasets
awards move.

Example:
    >>> plan = plan_usaspending("tests/fixtures/usaspending/awards.csv", load_seeds_for_doc())
    >>> plan.matched["EXAMPLE ANALYTICS, LLC"], len(plan.records["agreements"])
    ('example-analytics', 3)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError, InputError
from graphkit.interop.resolve import Judgement, Match, Resolver, load_seeds_for_doc
from graphkit.interop.seedout import Plan, fresh_id, slug
from graphkit.interop.usaspending_rows import (
    USED_COLUMNS,
    Award,
    amount_value,
    fold,
    header_problems,
    kind_of_file,
)
from graphkit.interop.usaspending_select import Rule, datasets_for, read_dataset_map
from graphkit.model import registry
from graphkit.model.data import GraphData

__all__ = ["amount_value", "load_seeds_for_doc", "plan_usaspending", "read_dataset_map"]

CITE = {"confidence": "primary_document"}
#: (scheme, column) of the identifiers read for a recipient, and for each agency.
RECIPIENT_IDS = (("uei", "recipient_uei"), ("duns", "recipient_duns"), ("cage", "cage_code"))
AGENCY_IDS = (("usaspending_agency", "awarding_agency_code"),)
SUB_AGENCY_IDS = (("usaspending_subagency", "awarding_sub_agency_code"),)


def read_awards(path: str | Path) -> tuple[str, list[Award]]:
    """The download's kind and its awards; InputError naming every bad cell."""
    from graphkit.interop.csvfile import read_rows

    name = str(path)
    header, rows = read_rows(path, USED_COLUMNS)
    problems = header_problems(name, header)
    if problems:
        raise InputError(problems)
    kind = kind_of_file(header)
    assert kind is not None
    awards, problems = fold(name, kind, rows)
    if problems:
        raise InputError(problems)
    return kind, awards


def plan_usaspending(
    path: str | Path,
    existing: GraphData,
    datasets: Sequence[Rule] | dict[str, list[str]] | None = None,
    judgements: Sequence[Judgement] = (),
    progress: Callable[[int, int], None] | None = None,
) -> Plan:
    """The records a contract download adds to ``existing``; InputError naming every bad
    cell. ``progress`` is called with the awards done and their number, now and then."""
    if isinstance(datasets, dict):
        datasets = [Rule((("vendor", v),), tuple(ids)) for v, ids in datasets.items()]
    rules = list(datasets or [])
    kind, awards = read_awards(path)
    awards.sort(key=lambda a: not a.is_vehicle)  # vehicles first: their orders name them
    plan = Plan(str(path))
    builder = _Builder(plan, existing, Resolver.of(existing, judgements))
    for n, award in enumerate(awards, start=1):
        builder.award(award, rules)
        if progress and (n % 1000 == 0 or n == len(awards)):
            progress(n, len(awards))
    _check_datasets(plan, existing, rules)
    new = [f"{r['name']!r} ({r['id']})" for k in ("agencies", "vendors") for r in plan.records[k]]
    if new:
        more = f" and {len(new) - 20} more" if len(new) > 20 else ""
        plan.review.append(
            f"new parties ({len(new)}; no record is them, by identifier or name; a judgement "
            f"'same' joins one to a record): {', '.join(new[:20])}{more}"
        )
    unknown = sorted({j.record for j in judgements if j.same} - builder.taken)
    if unknown:
        plan.review.append(
            f"judgements name records no seed and no row of this file is: {', '.join(unknown)}"
        )
    _notes(plan, kind, awards)
    return plan


def _check_datasets(plan: Plan, existing: GraphData, rules: list[Rule]) -> None:
    known = existing.datasets.keys() | {d["id"] for d in plan.records["datasets"]}
    unknown = sorted({d for rule in rules for d in rule.datasets} - known)
    if unknown:
        raise GraphkitError(f"--datasets: unknown dataset ids in the map ({', '.join(unknown)})")


def _notes(plan: Plan, kind: str, awards: list[Award]) -> None:
    if kind == "transactions":
        count = sum(len(a.lines) for a in awards)
        plan.notes.append(
            f"{count} transactions folded into {len(awards)} awards (by award key; "
            "obligations summed, dates spanned)"
        )
    short = sorted(line for a in awards for line in a.short_years)
    if short:
        plan.notes.append(
            f"dates written M/D/YY (a spreadsheet re-saved the file) on {len(short)} lines, "
            f"first line {short[0]}: years 00-68 read as 2000-2068, 69-99 as 1969-1999; "
            "download the file again for four-digit years"
        )
    negative = [a.piid for a in awards if a.obligated < 0]
    if negative:
        plan.notes.append(
            f"{len(negative)} awards obligate less than zero (more de-obligated than was "
            f"left), kept as de-obligated: {', '.join(negative[:5])}"
            + (" ..." if len(negative) > 5 else "")
        )


def _identifiers(award: Award, columns: tuple[tuple[str, str], ...], src: str) -> list[Any]:
    """The identifiers an award's cells give, each valid for its scheme."""
    out = []
    for scheme, column in columns:
        value = award.cell(column)
        spec = registry.id_scheme(scheme)
        value = value.upper() if spec.upper else value
        if value and re.fullmatch(spec.pattern, value):
            out.append({"scheme": scheme, "value": value, "sources": [src]})
    return out


class _Builder:
    def __init__(self, plan: Plan, existing: GraphData, resolver: Resolver) -> None:
        self.plan = plan
        self.resolver = resolver
        self.taken = {r.id for kind in existing.by_kind().values() for r in kind.values()}
        self.awards: dict[str, str] = {}  # award key, PIID or id (upper case) -> agreement
        for agreement in existing.agreements.values():
            for name in (agreement.id, *agreement.aliases):
                self.awards.setdefault(name.upper(), agreement.id)
        self.reviewed: set[str] = set()
        self.created: set[str] = set()  # the parties this import creates

    def _new_id(self, base: str) -> str:
        return fresh_id(base, self.taken)

    def _review(self, name: str, match: Match, identifiers: list[Any]) -> None:
        if name in self.reviewed:
            return
        self.reviewed.add(name)
        shown = ", ".join(f"{i['scheme']} {i['value']}" for i in identifiers)
        if match.how == "name":
            add = f"; add {shown} to its identifiers to match by them next time" if shown else ""
            self.plan.review.append(
                f"{name!r} matched by name to {match.ident}: if it is another party, "
                f"add a judgement 'different'{add}"
            )

    def party(
        self, name: str, kinds: tuple[str, ...], new: dict[str, Any], ids: list[Any], src: str
    ) -> str | None:
        match = self.resolver.find(name, ids, kinds)
        if match.how == "ambiguous":
            self.plan.ambiguous[name] = list(match.candidates)
            return None
        if match.ident is not None and match.ident not in self.taken:
            pass  # judged the same as a record this import is to create: it gets that id
        elif match.ident is not None:
            if match.ident not in self.created:
                self.plan.matched[name] = match.ident
                self._review(name, match, ids)
            self.resolver.remember(match.ident, ids)
            return match.ident
        base = match.ident or slug(name)
        if base in self.taken and ids:
            base = f"{slug(name, 47)}-{slug(ids[0]['value'])}"
        ident = self._new_id(base)
        kind = "agencies" if new.get("kind") in ("federal", "component") else "vendors"
        record = {"id": ident, "name": name, **{k: v for k, v in new.items() if v}}
        if ids:
            record["identifiers"] = ids
        self.plan.add(kind, {**record, "sources": [src], **CITE})
        self.created.add(ident)
        self.resolver.add(ident, "agency" if kind == "agencies" else "vendor", name, ids)
        return ident

    def already(self, award: Award) -> str | None:
        for name in (award.key, award.piid, f"usaspending-{slug(award.piid)}"):
            if name.upper() in self.awards:
                return self.awards[name.upper()]
        return None

    def award(self, award: Award, rules: list[Rule]) -> None:
        known = self.already(award)
        if known is not None:
            self.plan.already[award.key] = known
            return
        src = self._new_id(f"src-usaspending-{slug(award.piid)}")
        agency_name = award.cell("awarding_agency_name")
        sub_name = award.cell("awarding_sub_agency_name") or agency_name
        vendor_name = award.cell("recipient_name")
        agency = self.party(
            agency_name,
            ("agency",),
            {"kind": "federal"},
            _identifiers(award, AGENCY_IDS, src),
            src,
        )
        sub = agency
        if agency is not None and sub_name != agency_name:
            sub = self.party(
                sub_name,
                ("agency",),
                {"kind": "component", "parent": agency},
                _identifiers(award, SUB_AGENCY_IDS, src),
                src,
            )
        vendor = self.party(
            vendor_name,
            ("vendor", "agency"),
            {"kind": "contractor"},
            _identifiers(award, RECIPIENT_IDS, src),
            src,
        )
        if agency is None or sub is None or vendor is None:
            where = f"line {award.lines[0]}, award {award.piid}"
            self.plan.skipped.append(f"{where}: a party name is ambiguous")
            self.taken.discard(src)
            return
        what = "IDV" if award.is_vehicle else "Award"
        title = f"{what} {award.piid}: {sub_name} to {vendor_name}"
        self.plan.add(
            "sources",
            {
                "id": src,
                "publisher": "USAspending.gov",
                "title": title,
                "url": award.cell("usaspending_permalink"),
                "note": (
                    "Title written by graphkit import from the award's id, awarding "
                    "sub-agency and recipient columns; the page is the award's summary."
                ),
            },
        )
        self.plan.add("agreements", self._agreement(award, title, vendor, sub, src, rules))

    def _agreement(
        self, award: Award, title: str, vendor: str, sub: str, src: str, rules: list[Rule]
    ) -> dict[str, Any]:
        cite = {"sources": [src], **CITE}
        start = award.start
        end = award.ordering_end if award.is_vehicle else award.end
        if end and start and end < start:
            self.plan.review.append(
                f"award {award.piid}: ends {end} before it starts {start} in the download; "
                "its end was left out"
            )
            end = None
        roles = ("signatory", "signatory") if award.is_vehicle else ("provider", "recipient")
        amount = {"value": award.obligated, "currency": "USD", "kind": "obligated"}
        span = f"period of performance {start} to {end or 'not given'}"
        if award.is_vehicle:
            span = f"an indefinite-delivery vehicle; orders until {end or 'not given'}"
        description = f"USAspending award {award.key}, {span}."
        claims = []
        if award.parent_piid:
            parent = self.awards.get(award.parent_piid.upper())
            under = f" ({parent})" if parent else ""
            description += f" An order under {award.parent_piid}{under}."
            claims.append({"field": "parent_award_id_piid", "value": award.parent_piid} | cite)
        agreement: dict[str, Any] = {
            "id": self._new_id(f"usaspending-{slug(award.piid)}"),
            "name": title,
            "aliases": [award.piid, award.key] if award.key != award.piid else [award.piid],
            "kind": "contract_vehicle" if award.is_vehicle else "contract",
            "parties": [{"party": vendor, "role": roles[0]}, {"party": sub, "role": roles[1]}],
            "effective_from": start,
            **({"effective_to": end} if end else {}),
            "status": [{"date": start, "status": "active", **cite}],
            "amounts": [amount | cite],
            "description": description,
            **({"claims": claims} if claims else {}),
            **cite,
        }
        for name in (award.key, award.piid):
            self.awards.setdefault(name.upper(), agreement["id"])
        moved = [] if award.is_vehicle else datasets_for(rules, award.row, vendor)
        if moved:
            agreement["datasets"] = moved
        elif not award.is_vehicle:
            self.plan.without_datasets.append(agreement["id"])
        return agreement
