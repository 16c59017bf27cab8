"""Who is who across imports: a party matched by identifier first, then by normalized name
and alias, with a person's decisions (judgements) applied on every import.

The resolution file (``resolutions.yaml`` beside the seeds; seed loading skips it) holds
judgements in the spirit of nomenklatura's: "this identifier or name *is* that record"
(``same``), or "it is *not*" (``different``)::

    judgements:
      - {identifier: "uei:FVJMNPLMEEJ2", record: regents-of-the-university-of-minnesota,
         judgement: same, note: the 2024 award's registrant is the same university}
      - {name: IDENTIX INCORPORATED, identifier: "uei:TK98R7BHL5R8",
         record: identix-incorporated, judgement: different}

An identifier names one party: a record that carries it is the match, whatever the name
says. Without one, a name (or alias) that matches exactly one record is matched and
listed for review; a record whose identifier of the same scheme differs is another
registrant with the same name, never merged; several matches are ambiguous, left out.

Example:
    >>> r = Resolver.of(load_seeds_for_doc())
    >>> r.find("EXAMPLE ANALYTICS, LLC", [], ("vendor",)).ident
    'example-analytics'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.errors import InputError, Problem
from graphkit.ingest.locate import RESOLUTION_FILE
from graphkit.interop.seedout import NameIndex, normalize
from graphkit.model import registry
from graphkit.model.data import GraphData

JUDGEMENTS = ("same", "different")
__all__ = ["RESOLUTION_FILE", "Judgement", "Match", "Resolver", "read_judgements"]


def load_seeds_for_doc() -> GraphData:
    """The test fixture's existing seeds (for the example above)."""
    from graphkit.ingest.validation import load_seeds

    return load_seeds("tests/fixtures/usaspending/existing")


@dataclass(frozen=True)
class Judgement:
    """A person's decision: ``what`` (``uei:...`` or ``name:...``) is, or is not, ``record``.
    A judgement that names both a name and an identifier applies only to rows with both
    (the other in ``also``)."""

    what: str
    record: str
    same: bool
    line: int | None = None
    also: tuple[str, ...] = ()


@dataclass(frozen=True)
class Match:
    """How a name was resolved: ``how`` is identifier, judgement, name, new or ambiguous."""

    ident: str | None
    how: str
    candidates: tuple[str, ...] = ()


def read_judgements(path: str | Path) -> list[Judgement]:
    """The judgements of a resolution file; InputError naming line and field."""
    from graphkit.ingest.yamlfile import read_yaml_file

    name = str(path)
    data, lines = read_yaml_file(path, "--resolutions")
    fix = (
        "write judgements: [{identifier: 'uei:...' or name: '...', record: id, "
        "judgement: same or different}]"
    )
    items = data.get("judgements") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise InputError([Problem(name, 1, "judgements", f"missing or not a list; {fix}")])
    out: list[Judgement] = []
    problems: list[Problem] = []
    for n, item in enumerate(items):
        line = lines.get(("judgements", n))
        if not isinstance(item, dict):
            problems.append(Problem(name, line, f"judgements.{n}", f"not a mapping; {fix}"))
            continue
        record, verdict = item.get("record"), item.get("judgement")
        whats = [f"{k}:{v}" if k == "name" else str(v) for k, v in item.items() if k in _WHAT]
        if not isinstance(record, str) or verdict not in JUDGEMENTS or not whats:
            problems.append(Problem(name, line, f"judgements.{n}", f"incomplete; {fix}"))
            continue
        out.append(Judgement(whats[0], record, verdict == "same", line, tuple(whats[1:])))
    if problems:
        raise InputError(problems)
    return out


_WHAT = ("identifier", "name")


@dataclass
class Resolver:
    """Parties by identifier (``scheme:value``) and by name, and the judgements to apply."""

    names: NameIndex
    by_identifier: dict[str, str] = field(default_factory=dict)
    #: record id -> {scheme: value} of the identifiers it carries
    schemes: dict[str, dict[str, str]] = field(default_factory=dict)
    #: (the keys a row must all have, the record): "these are the same" / "these differ"
    same: list[tuple[frozenset[str], str]] = field(default_factory=list)
    different: list[tuple[frozenset[str], str]] = field(default_factory=list)

    @classmethod
    def of(cls, data: GraphData, judgements: Sequence[Judgement] = ()) -> Resolver:
        resolver = cls(NameIndex.of(data))
        for party in (*data.agencies.values(), *data.vendors.values()):
            for ident in party.identifiers:
                resolver.by_identifier.setdefault(ident.key, party.id)
                resolver.schemes.setdefault(party.id, {})[ident.scheme] = ident.value
        for judgement in judgements:
            keys = frozenset(_key(part) for part in (judgement.what, *judgement.also))
            (resolver.same if judgement.same else resolver.different).append(
                (keys, judgement.record)
            )
        return resolver

    def add(self, ident: str, kind: str, name: str, identifiers: list[dict[str, Any]]) -> None:
        """A record the import creates: found by its name and identifiers from now on."""
        self.names.add(ident, kind, name)
        for item in identifiers:
            key = _key(f"{item['scheme']}:{item['value']}")
            self.by_identifier.setdefault(key, ident)
            self.schemes.setdefault(ident, {})[item["scheme"]] = item["value"]

    def remember(self, ident: str, identifiers: list[dict[str, Any]]) -> None:
        """Identifiers a row gives for a record it matched: later rows find it by them."""
        for item in identifiers:
            self.by_identifier.setdefault(_key(f"{item['scheme']}:{item['value']}"), ident)

    def find(self, name: str, identifiers: list[dict[str, Any]], kinds: tuple[str, ...]) -> Match:
        keys = [_key(f"{i['scheme']}:{i['value']}") for i in identifiers]
        has = {*keys, _key(f"name:{name}")}
        for needed, record in self.same:
            if needed <= has:
                return Match(record, "judgement")
        for key in keys:
            if key in self.by_identifier and self.names.kind[self.by_identifier[key]] in kinds:
                return Match(self.by_identifier[key], "identifier")
        mine = {i["scheme"]: i["value"] for i in identifiers}
        found = [
            ident
            for ident in self.names.find(name, kinds)
            if not any(r == ident and needed <= has for needed, r in self.different)
            and not any(
                self.schemes.get(ident, {}).get(s, v) != v for s, v in mine.items()
            )  # another registrant of the same name
        ]
        if len(found) > 1:
            return Match(None, "ambiguous", tuple(found))
        if found:
            return Match(found[0], "name")
        return Match(None, "new")


_UPPER = {scheme.name: scheme.upper for scheme in registry.ID_SCHEMES}


def _key(what: str) -> str:
    """A judgement's subject as compared: ``scheme:VALUE``, or ``name:`` its normal form."""
    scheme, _, value = what.partition(":")
    if scheme == "name":
        return f"name:{normalize(value)}"
    upper = _UPPER.get(scheme, False)
    return f"{scheme}:{value.strip().upper() if upper else value.strip()}"
