"""What Federal Register notices become: the import plan of seed records.

- A system of records notice: a dataset for the system (id a slug of its number,
  ``system_number``, its custodian resolved to an existing party, its categories of
  records as ``fields``, its ``individuals`` and ``record_sources``); each routine use
  an agreement of kind ``routine_use``, ``basis: declared``, from the custodian to the
  recipients it names, resolved to existing parties or to a category party (agency kind
  ``category``); ``proposed`` on publication, ``active`` on the routine uses' effective
  date. A later notice of the same system ends the earlier version's routine uses
  (``superseded``) on its effective date; a rescindment ends them (``rescinded``).
- A matching notice: a ``computer_matching_agreement`` from the source agency to the
  recipient, in force from its effective date, its 18-month term as ``term_end``.

Every record cites the notice (publisher Federal Register, its title, FR citation,
document number, date and address). Recipients no party matches are listed for review,
never guessed; a notice that cannot be read is an error naming its document number and
section, and nothing is written.

Example:
    >>> from graphkit.ingest.validation import load_seeds
    >>> plan = plan_federal_register(
    ...     ["tests/fixtures/federal_register/2019-21885.xml",
    ...      "tests/fixtures/federal_register/2019-21885.json"],
    ...     load_seeds("tests/fixtures/federal_register/existing"))
    >>> [d["id"] for d in plan.records["datasets"]], len(plan.records["agreements"])
    (['gsa-ogp-1'], 9)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from graphkit.errors import InputError, Problem
from graphkit.interop.federal_register.effective import (
    routine_uses_effective,
    system_effective,
)
from graphkit.interop.federal_register.matching import matching_agreement
from graphkit.interop.federal_register.notice import SECTION_NAMES, Notice
from graphkit.interop.federal_register.read import read_notices
from graphkit.interop.federal_register.systems import (
    custodian_names,
    resolve,
    system_name,
    system_number,
)
from graphkit.interop.federal_register.uses import (
    Use,
    category_of,
    halves,
    name_forms,
    names_in,
    recipient_phrase,
    split_uses,
    standard_of,
    standard_party,
)
from graphkit.interop.federal_register.versions import Version, end_versions
from graphkit.interop.seedout import NameIndex, Plan, fresh_id, slug
from graphkit.model.data import GraphData
from graphkit.model.registry import STANDARD_ROUTINE_USES

CITE = {"confidence": "primary_document"}
PUBLISHER = "Federal Register"
STANDARD_TEXT = {term.name: term.description for term in STANDARD_ROUTINE_USES}
#: The longest quoted phrase a routine use keeps (a short phrase at most).
QUOTE_CHARS = 120


def _quote(phrase: str) -> str:
    if len(phrase) <= QUOTE_CHARS:
        return phrase
    return phrase[:QUOTE_CHARS].rsplit(" ", 1)[0] + " ..."


class Builder:
    """Builds the plan of a set of notices over ``existing`` seeds."""

    def __init__(self, existing: GraphData, source: str) -> None:
        self.existing = existing
        self.plan = Plan(source)
        self.index = NameIndex.of(existing)
        self.problems: list[Problem] = []
        self.taken = {r.id for kind in existing.by_kind().values() for r in kind.values()}
        self.numbers = {
            d.system_number: d.id for d in existing.datasets.values() if d.system_number
        }
        self.categories: dict[str, dict[str, Any]] = {}
        self.versions: dict[str, list[Version]] = {}
        self.datasets: dict[str, dict[str, Any]] = {}
        #: recipient phrase -> the parties it names (notices repeat their boilerplate)
        self.resolved: dict[str, list[str] | None] = {}

    # -- helpers ---------------------------------------------------------------------
    def problem(self, notice: Notice, key: str, message: str) -> None:
        field = SECTION_NAMES.get(key, key)
        self.problems.append(
            Problem(notice.file, notice.lines.get(key), field, f"{notice.label}: {message}")
        )

    def review(self, notice: Notice, text: str) -> None:
        self.plan.skipped.append(f"{notice.label}: {text}")

    def new_id(self, base: str) -> str:
        return fresh_id(base, self.taken)

    def category(self, spec: tuple[str, str, str], source: str) -> str:
        ident, name, description = spec
        if ident in self.existing.agencies:
            return ident
        record = self.categories.get(ident)
        if record is None:
            record = {
                "id": ident,
                "name": name,
                "kind": "category",
                "description": description,
                "sources": [],
                **CITE,
            }
            self.categories[ident] = record
            self.taken.add(ident)
        if record["sources"][-1:] != [source]:  # a notice's uses come one after another
            record["sources"].append(source)
        return ident

    # -- notices ---------------------------------------------------------------------
    def source(self, notice: Notice) -> str:
        doc = notice.document_number or "unknown"
        ident = self.new_id(f"src-fr-{slug(doc)}")
        where = f", {notice.citation}" if notice.citation else ""
        record = {
            "id": ident,
            "publisher": PUBLISHER,
            "title": notice.subject or f"FR Doc. {doc}",
            "date": notice.publication_date.isoformat() if notice.publication_date else None,
            "url": notice.url or f"https://www.federalregister.gov/d/{doc}",
            "note": f"FR Doc. {doc}{where}; read by graphkit import federal-register "
            f"from its {notice.rendering} rendering ({Path(notice.file).name}).",
        }
        self.plan.add("sources", {k: v for k, v in record.items() if v is not None})
        return ident

    def add(self, notice: Notice) -> None:
        kind = notice.kind
        if not notice.document_number:
            self.problem(notice, "document_number", "no [FR Doc. ...] line: give the API's JSON")
            return
        if kind is None:
            self.problem(
                notice,
                "subject",
                f"{notice.subject or 'untitled'!r} is not a system of records notice nor a "
                "matching notice (its subject and action say neither); give a Privacy Act "
                "notice",
            )
            return
        if notice.publication_date is None:
            self.problem(
                notice,
                "publication_date",
                "the rendering does not give it; pass the API's JSON of the document too "
                "(https://www.federalregister.gov/api/v1/documents/"
                f"{notice.document_number}.json)",
            )
            return
        if kind == "matching":
            matching_agreement(self, notice)
        elif kind == "rescindment":
            self.rescindment(notice)
        else:
            self.sorn(notice)

    def rescindment(self, notice: Notice) -> None:
        text = " ".join([notice.text("system"), notice.subject or "", notice.summary])
        number = system_number(text)
        if number is None:
            self.problem(notice, "system", "no system number in the notice: nothing to end")
            return
        version = Version(notice, number, self.source(notice))
        self.versions.setdefault(number, []).append(version)

    def sorn(self, notice: Notice) -> None:
        head = notice.text("system")
        number = system_number(head) if head else None
        if not head or number is None:
            missing = (
                "the copy read has no such section (a partial copy?)"
                if not head
                else "no system number in it"
            )
            self.problem(notice, "system", f"{missing}; give the whole notice")
            return
        uses = split_uses(notice.sections.get("routine_uses", []))
        if not uses:
            said = (
                "no lettered or numbered routine uses in it"
                if notice.text("routine_uses")
                else "no such section (a partial copy?)"
            )
            self.problem(notice, "routine_uses", f"{said}; give the whole notice")
            return
        custodian = resolve(self.index, custodian_names(number, notice.agencies))
        if custodian is None:
            names = ", ".join(custodian_names(number, notice.agencies))
            self.problem(
                notice,
                "agency",
                f"no existing agency is the custodian of {number} (tried: {names}); add it "
                "to the seeds (or an alias) and import again",
            )
            return
        ident = slug(number)
        known = self.numbers.get(number)
        clash = self.existing.datasets.get(ident)
        if (known and known != ident) or (clash and clash.system_number != number):
            other = known if known and known != ident else ident
            self.problem(
                notice,
                "system",
                f"system number {number} conflicts with existing dataset {other!r} "
                f"(the import's id is {ident!r}); give that dataset id {ident!r} and "
                f"system_number {number!r}, or leave this notice out",
            )
            return
        version = Version(notice, number, self.source(notice))
        self.versions.setdefault(number, []).append(version)
        if system_effective(notice.dates, version.published) is None and (
            routine_uses_effective(notice.dates, version.published) is None
        ):
            self.review(
                notice,
                "DATES gives no effective date: its uses are dated on or after publication",
            )
        version.uses = {use.number: use.text for use in uses}
        self.dataset(version, ident, custodian, head)
        for use in uses:
            self.routine_use(version, ident, custodian, use)

    def dataset(self, version: Version, ident: str, custodian: str, head: str) -> None:
        notice = version.notice
        if ident in self.existing.datasets:
            return
        record = self.datasets.get(ident)
        newer = record is None or version.published >= record["_published"]
        if record is None:
            record = {"id": ident, "sources": [], **CITE}
            self.datasets[ident] = record
            self.taken.add(ident)
        record["sources"].append(version.source)
        if version.dated:  # else DATES gives none: no claim the notice does not make
            record.setdefault("claims", []).append(
                {
                    "field": "system_effective",
                    "value": version.effective.isoformat(),
                    "sources": [version.source],
                    **CITE,
                    "note": f"the date FR Doc. {notice.document_number} says it takes effect",
                }
            )
        if newer and version.replaces:  # a notice of new routine uses alone keeps the rest
            record.update(
                {
                    "name": system_name(head, version.number),
                    "custodian": custodian,
                    "system_number": version.number,
                    "fields": notice.sections.get("records", []),
                    "individuals": notice.sections.get("individuals", []),
                    "record_sources": notice.sections.get("record_sources", []),
                    "_published": version.published,
                }
            )
        record.setdefault("name", system_name(head, version.number))
        record.setdefault("custodian", custodian)
        record.setdefault("system_number", version.number)
        record.setdefault("_published", version.published)

    def recipients(self, version: Version, use: Use, standard: str | None) -> list[str]:
        phrase = recipient_phrase(use.text) or ""
        spec = category_of(phrase) if phrase else None
        if spec:
            return [self.category(spec, version.source)]
        found = self.named(phrase) if phrase else None
        if found:
            return found
        if standard:
            spec = standard_party(standard, STANDARD_TEXT[standard])
            return [self.category(spec, version.source)]
        said = f"{_quote(phrase)!r}" if phrase else "no 'To ...' recipient"
        self.review(
            version.notice,
            f"routine use {use.number} of {version.number}: {said}: no party matches; add "
            "the recipient to the seeds (or an alias) and import again",
        )
        return []

    def named(self, phrase: str) -> list[str] | None:
        """The parties a recipient phrase names, each resolved, or None when one is not:
        the phrase whole, else each name it lists, else each half of that name."""
        if phrase not in self.resolved:
            self.resolved[phrase] = self._named(phrase)
        return self.resolved[phrase]

    def _named(self, phrase: str) -> list[str] | None:
        names = [phrase] if resolve(self.index, name_forms(phrase)) else names_in(phrase)
        out: list[str] = []
        for name in names:
            found = resolve(self.index, name_forms(name))
            parts = [name] if found else halves(name)
            ids = [found] if found else [resolve(self.index, name_forms(h)) for h in parts]
            if not ids or (not found and len(parts) < 2) or not all(ids):
                return None
            for said, ident in zip(parts, ids, strict=True):
                out.append(str(ident))
                self.plan.matched.setdefault(said, str(ident))
        return list(dict.fromkeys(out)) or None

    def routine_use(self, version: Version, dataset: str, custodian: str, use: Use) -> None:
        notice = version.notice
        standard = standard_of(use.text)
        recipients = [r for r in self.recipients(version, use, standard) if r != custodian]
        if not recipients:
            return
        doc = notice.document_number or ""
        cite = {"sources": [version.source], **CITE}
        status = []
        if version.published < version.uses_effective:
            status.append({"date": version.published.isoformat(), "status": "proposed", **cite})
        status.append({"date": version.when(version.uses_effective), "status": "active", **cite})
        phrase = recipient_phrase(use.text)
        where = f", {notice.citation}" if notice.citation else ""
        agreement: dict[str, Any] = {
            "id": self.new_id(f"{dataset}-{version.slug}-ru-{use.number.lower()}"),
            "name": f"{version.number} routine use {use.number} (FR Doc. {doc})",
            "kind": "routine_use",
            "basis": "declared",
            "parties": [
                {"party": custodian, "role": "provider"},
                *({"party": r, "role": "recipient"} for r in recipients),
            ],
            "datasets": [dataset],
            "status": status,
            "routine_use": {
                "number": use.number,
                **({"standard": standard} if standard else {}),
                **({"quote": _quote(phrase)} if phrase else {}),
            },
            "description": f"Routine use {use.number} of {version.number}, published in FR "
            f"Doc. {doc}{where}: a published permission to disclose the system's records, "
            "not evidence that any were disclosed."
            + (f" Standard routine use ({standard})." if standard else ""),
            **cite,
        }
        version.agreements.append(agreement)
        self.plan.add("agreements", agreement)

    # -- versions ----------------------------------------------------------------------
    def finish(self) -> Plan:
        if self.problems:
            raise InputError(self.problems)
        end_versions(self)
        for record in self.categories.values():
            self.plan.add("agencies", record)
        for record in self.datasets.values():
            record.pop("_published", None)
            self.plan.add("datasets", {k: v for k, v in record.items() if v != []})
        for records in self.plan.records.values():
            records.sort(key=lambda r: str(r["id"]))
        return self.plan


def plan_federal_register(paths: list[str | Path], existing: GraphData) -> Plan:
    """The records Federal Register notices add to ``existing``; InputError naming each
    notice's document number and section when one cannot be read, writing nothing."""
    notices = read_notices(paths)
    builder = Builder(existing, f"{len(notices)} Federal Register notice(s)")
    seen: dict[str, str] = {}
    for notice in notices:
        doc = notice.document_number or ""
        if doc and doc in seen:
            builder.problem(notice, "document_number", f"given twice (also {seen[doc]})")
            continue
        seen[doc] = notice.file
        builder.add(notice)
    return builder.finish()
