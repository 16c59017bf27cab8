"""Checking records: each one against the data model, then across records (references,
dates, roles, cycles), every problem with its file, line, field and fix.

Example:
    >>> from graphkit.ingest.read import seed_files, read_file
    >>> problems: list = []
    >>> index = Index()
    >>> raws = [r for f in seed_files(["tests/graphs/edge"]) for r in read_file(f, problems)]
    >>> for raw in raws:
    ...     index.add(raw, problems)
    >>> [validated(raw, index, problems) is not None for raw in raws][:3], problems
    ([True, True, True], [])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from graphkit.errors import Problem
from graphkit.ingest.read import Raw, field_name
from graphkit.model import registry
from graphkit.model.schema import (
    CARRYING_STATUSES,
    KIND_NAMES,
    KINDS,
    RECEIVING_ROLES,
    SENDING_ROLES,
    Agreement,
    Dataset,
    Entity,
    Party,
    Source,
)

_FIXES = {
    "missing": "add it",
    "extra_forbidden": "remove it, or check its spelling against `graphkit schema`",
    "too_short": "add at least one",
    "list_type": "write a list, such as [a, b] or one '- ' item per line",
    "string_type": "write it as text (put quotes around a value that looks like a number)",
    "model_type": "write a mapping of field: value",
    "dict_type": "write a mapping of field: value",
    "int_type": "write a whole number",
    "int_parsing": "write a whole number",
    "float_type": "write a number",
    "float_parsing": "write a number",
    "string_too_short": "write some text",
    "string_too_long": "shorten it (Neo4j indexes names up to about 8 KB)",
    "finite_number": "write a finite number",
}


def pydantic_problems(raw: Raw, exc: ValidationError) -> list[Problem]:
    out = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        message = error["msg"]
        kind = error["type"]
        if kind == "string_pattern_mismatch":
            last = loc[-1] if loc else ""
            if last == "url":
                message = "not an http(s) address; links must start with http:// or https://"
            elif last == "currency":
                message = "currency is a three-letter code such as USD"
            elif last == "field":
                message = "a claim's field is a snake_case name such as record_count"
            else:
                message = (
                    "not a valid id: ids are lower-case letters, digits and hyphens, "
                    "such as 'irs-ice-mou-2025'"
                )
        elif kind == "value_error":
            message = str(error.get("ctx", {}).get("error", message))
        elif _FIXES.get(kind):
            message = f"{message}: {_FIXES[kind]}"
        if kind == "literal_error":
            message = f"unknown value {error.get('input')!r}; {message.lower()}"
        out.append(Problem(raw.file, raw.line(*loc), field_name(raw, loc), message))
    return out


@dataclass
class Index:
    """What cross-record checks need to know of every record: small, whatever the input size."""

    kinds: dict[str, str] = field(default_factory=dict)  # id -> seed-file kind
    where: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    links: dict[str, tuple[str, list[str], int | None]] = field(default_factory=dict)
    #: ``scheme:value`` -> (party id, file, line) of the first party that carries it
    identifiers: dict[str, tuple[str, str, int | None]] = field(default_factory=dict)

    def add(self, raw: Raw, problems: list[Problem]) -> None:
        """Index one raw record (before full validation): id, kind, parent / derived_from."""
        data = raw.data
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            return
        ident = data["id"]
        if ident in self.kinds:
            first = self.where[ident]
            problems.append(
                Problem(
                    raw.file,
                    raw.line("id"),
                    field_name(raw, ("id",)),
                    f"duplicate id; {ident!r} is already used at {first[0]}:{first[1]}; "
                    "give one a new id",
                )
            )
            return
        self.kinds[ident] = raw.kind
        self.where[ident] = (raw.file, raw.line())
        for attr in ("parent", "derived_from"):
            value = data.get(attr)
            refs = [value] if isinstance(value, str) else value
            if isinstance(refs, list) and all(isinstance(r, str) for r in refs) and refs:
                self.links[ident] = (attr, refs, raw.line(attr))

    def is_first(self, raw: Raw, ident: str) -> bool:
        """Whether ``raw`` is where ``ident`` was first defined (later copies are duplicates)."""
        return self.where.get(ident) == (raw.file, raw.line())


#: What a reference must name: the kind (or ``parties``) -> (how to say it, seed-file keys).
_WHAT = {kind.key: (kind.article, {kind.key}) for kind in registry.RECORD_KINDS}
_WHAT["parties"] = (registry.PARTY_ARTICLE, {k.key for k in registry.RECORD_KINDS if k.party})


def check_record(record: Source | Entity, raw: Raw, index: Index, problems: list[Problem]) -> None:
    """Checks that look beyond one record: references, dates, roles."""

    def problem(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(raw.file, raw.line(*loc), field_name(raw, loc), message))

    def need(loc: tuple[str | int, ...], ref: str, expected: str) -> None:
        what, kinds = _WHAT[expected]
        found = index.kinds.get(ref)
        if found in kinds:
            return
        if found:
            problem(loc, f"{ref!r} is a {KIND_NAMES[found]}, not {what}; name {what} here")
        else:
            problem(
                loc,
                f"unknown id {ref!r}; add {what} with this id, "
                "or fix the spelling (`graphkit search` finds ids)",
            )

    if isinstance(record, Source):
        return
    for i, ref in enumerate(record.sources):
        need(("sources", i), ref, "sources")
    for c, claim in enumerate(record.claims):
        for i, ref in enumerate(claim.sources):
            need(("claims", c, "sources", i), ref, "sources")
    if isinstance(record, Party):
        _check_identifiers(record, raw, index, need, problem)
    parent = getattr(record, "parent", None)
    if parent:
        need(("parent",), parent, raw.kind)
        if parent == record.id:
            problem(("parent",), "an entity cannot be its own parent")
    if isinstance(record, Dataset):
        need(("custodian",), record.custodian, "parties")
        for i, ref in enumerate(record.derived_from):
            need(("derived_from", i), ref, "datasets")
    if isinstance(record, Agreement):
        _check_agreement(record, need, problem)


def _check_identifiers(record: Party, raw: Raw, index: Index, need: Any, problem: Any) -> None:
    """Each identifier cites known sources and names one party only."""
    for n, ident in enumerate(record.identifiers):
        for i, ref in enumerate(ident.sources):
            need(("identifiers", n, "sources", i), ref, "sources")
        first = index.identifiers.setdefault(ident.key, (record.id, raw.file, raw.line()))
        if first[0] != record.id:
            problem(
                ("identifiers", n, "value"),
                f"{ident.key} is already the identifier of {first[0]!r} ({first[1]}:{first[2]}); "
                "one identifier names one party: merge the two records, or correct the value",
            )


def _check_agreement(ag: Agreement, need: Any, problem: Any) -> None:
    for group in ("status", "amounts"):
        for c, item in enumerate(getattr(ag, group)):
            for i, ref in enumerate(item.sources):
                need((group, c, "sources", i), ref, "sources")
    for key in ("last_evidenced", "term_end"):
        evidence = getattr(ag, key)
        for i, ref in enumerate(evidence.sources if evidence else []):
            need((key, "sources", i), ref, "sources")
    seen: set[tuple[str, str]] = set()
    for i, party in enumerate(ag.parties):
        need(("parties", i, "party"), party.party, "parties")
        if (party.party, party.role) in seen:
            problem(("parties", i), f"{party.party!r} is listed twice as {party.role}")
        seen.add((party.party, party.role))
    _check_both_ends(ag, problem)
    for i, ref in enumerate(ag.datasets):
        need(("datasets", i), ref, "datasets")
    roles = {p.role for p in ag.parties}
    if ag.datasets and not (roles & SENDING_ROLES and roles & RECEIVING_ROLES):
        problem(
            ("parties",),
            "an agreement that moves datasets needs at least one "
            f"{' or '.join(sorted(SENDING_ROLES))} and one "
            f"{' or '.join(sorted(RECEIVING_ROLES))}; add the missing role",
        )
    if ag.effective_from and ag.effective_to and ag.effective_to.last < ag.effective_from.first:
        problem(
            ("effective_to",),
            f"ends ({ag.effective_to}) before it starts "
            f"({ag.effective_from}); swap or correct the dates",
        )
    if ag.signed and ag.effective_to and ag.effective_to.last < ag.signed.first:
        problem(
            ("effective_to",),
            f"ends ({ag.effective_to}) before it was signed "
            f"({ag.signed}); correct one of the dates",
        )
    previous = None
    for i, event in enumerate(ag.status):
        if event.by:
            need(("status", i, "by"), event.by, "parties")
        if previous is not None and event.date.first < previous.first:
            problem(
                ("status", i, "date"),
                f"{event.date} comes before the previous event "
                f"({previous}); list status events in date order",
            )
        previous = event.date


def _check_both_ends(ag: Agreement, problem: Any) -> None:
    """A party that both sends and receives under one agreement would move data to itself:
    the flow is dropped, so the agreement would silently say less than it reads."""
    sends = {p.party for p in ag.parties if p.role in SENDING_ROLES}
    for i, party in enumerate(ag.parties):
        if party.role in RECEIVING_ROLES and party.party in sends:
            problem(
                ("parties", i),
                f"{party.party!r} is both provider and recipient: data cannot flow from a "
                "party to itself; keep one role (name the component that receives it)",
            )


def check_cycles(index: Index, problems: list[Problem]) -> None:
    """``parent`` and ``derived_from`` must never lead back to where they start."""
    for start in sorted(index.links):
        attr = index.links[start][0]
        seen: set[str] = set()
        stack = [start]
        while stack:
            node = stack.pop()
            link = index.links.get(node)
            if link is None or link[0] != attr:
                continue
            if start in link[1]:
                file = index.where[start][0]
                kind = KIND_NAMES[index.kinds[start]]
                problems.append(
                    Problem(
                        file,
                        index.links[start][2],
                        f"{kind} {start!r} {attr}",
                        f"{attr} leads back to {start!r} (a cycle); remove one link",
                    )
                )
                break
            for ref in link[1]:
                if ref not in seen:
                    seen.add(ref)
                    stack.append(ref)


def validated(raw: Raw, index: Index, problems: list[Problem]) -> Source | Entity | None:
    """Validate one raw record fully; None (with problems) when it is not clean."""
    if not isinstance(raw.data, dict):
        problems.append(
            Problem(
                raw.file,
                raw.line(),
                f"{raw.kind}[{raw.path[1]}]",
                "a record is a mapping of field: value",
            )
        )
        return None
    model = KINDS[raw.kind][0]
    try:
        record: Source | Entity = model.model_validate(raw.data)  # type: ignore[assignment]
    except ValidationError as exc:
        problems.extend(pydantic_problems(raw, exc))
        return None
    if not index.is_first(raw, record.id):
        return None  # a duplicate, reported while indexing
    check_record(record, raw, index, problems)
    return record


def evidence_warning(record: Source | Entity, raw: Raw) -> Problem | None:
    """A warning, not an error: an agreement in force at its latest event, with neither a
    reported end nor any later evidence, would be answered as "presumed" for ever after."""
    if not isinstance(record, Agreement) or not record.status:
        return None
    if record.status[-1].status not in CARRYING_STATUSES:
        return None
    if record.effective_to or record.last_evidenced or record.term_end:
        return None
    if record.basis == "declared":  # graded "declared", never "presumed"
        return None
    return Problem(
        raw.file,
        raw.line(),
        field_name(raw, ("status",)),
        f"{record.status[-1].status} since {record.status[-1].date} with no reported end "
        "and no last_evidenced: after that date answers can only say 'presumed'. Add "
        "last_evidenced (the latest date a source shows it in force, with that source), "
        "term_end (a reported term) or effective_to (a reported end)",
    )
