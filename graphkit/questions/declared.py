"""Published permissions kept apart from flows in ``reach``, ``reachable`` and ``path``:
the paths that are only *declared* (a routine use in a system-of-records notice), and
the standard routine uses counted rather than listed (``docs/semantics.md``, "Declared
permissions apart").

A path is declared when every hop is in force on the date and its weakest hop is declared
(:func:`graphkit.evidence.filters.grade`). A declared path through a standard routine use
(``routine_use.standard``: litigation, congress, breach...) is counted, not listed, unless
``standard_uses`` asks for them.

Example:
    >>> import datetime as dt
    >>> from graphkit import open_graph
    >>> store = open_graph("tests/graphs/sorn").store
    >>> hop = ("ru-1", "agy", "doj")
    >>> split = split_declared(store, {"doj": [("sys", ("sys",), (hop,))]},
    ...                        dt.date(2025, 6, 1), standard_uses=False)
    >>> split.flows, split.declared, split.standard
    ({}, {}, ['ru-1'])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from graphkit.evidence.filters import agreement_ids, grade
from graphkit.model.schema import RECEIVING_ROLES, Agreement
from graphkit.questions.explain import ref
from graphkit.questions.order import RawPath
from graphkit.questions.results import ChainResult, StandardUse
from graphkit.questions.store import Record, Store


@dataclass
class Split:
    """A reach's raw paths by party: flows, declared permissions, and the standard routine
    uses (agreement ids, in id order) whose paths are counted, not listed."""

    flows: dict[str, list[RawPath]] = field(default_factory=dict)
    declared: dict[str, list[RawPath]] = field(default_factory=dict)
    standard: list[str] = field(default_factory=list)


def _standard_hops(path: RawPath, records: dict[str, Record]) -> list[str]:
    """The agreements on the path that are standard routine uses."""
    out = []
    for agreement_id, _a, _b in path[2]:
        ag = records[agreement_id]
        if isinstance(ag, Agreement) and ag.routine_use and ag.routine_use.standard:
            out.append(agreement_id)
    return out


def split_declared(
    store: Store, by_party: dict[str, list[RawPath]], day: dt.date, standard_uses: bool
) -> Split:
    """The paths of each party split into flows and declared permissions; with
    ``standard_uses`` False, the declared paths through a standard routine use are left
    out and their agreements named in ``standard``."""
    records = store.records(agreement_ids(p for paths in by_party.values() for p in paths))
    split = Split()
    standard: set[str] = set()
    for party, paths in by_party.items():
        for path in paths:
            if grade(path, records, day)[0] != "declared":
                split.flows.setdefault(party, []).append(path)
                continue
            hidden = [] if standard_uses else _standard_hops(path, records)
            if hidden:
                standard.update(hidden)
            else:
                split.declared.setdefault(party, []).append(path)
    split.standard = sorted(standard)
    return split


def split_chains(
    chains: list[ChainResult], standard_uses: bool
) -> tuple[list[ChainResult], list[ChainResult], list[str]]:
    """``path``'s chains as ``split_declared`` splits ``reach``'s: the flows, the declared
    chains, and (unless ``standard_uses``) the standard routine uses counted instead of
    the declared chains through them (agreement ids, in id order)."""
    flows, declared, standard = [], [], set()
    for chain in chains:
        if chain.evidence != "declared":
            flows.append(chain)
            continue
        hidden = (
            [] if standard_uses else [h.agreement.id for h in chain.hops if h.agreement.standard]
        )
        standard.update(hidden)
        if not hidden:
            declared.append(chain)
    return flows, declared, sorted(standard)


def standard_refs(store: Store, ids: list[str]) -> list[StandardUse]:
    """The standard routine uses as the answer names them, with their recipients."""
    records = store.records(ids)
    parties = {
        p.party
        for ag in records.values()
        if isinstance(ag, Agreement)
        for p in ag.parties
        if p.role in RECEIVING_ROLES
    }
    names = store.records(sorted(parties))
    out = []
    for ident in ids:
        ag = records[ident]
        assert isinstance(ag, Agreement) and ag.routine_use and ag.routine_use.standard
        to = [ref(names[p.party]) for p in ag.parties if p.role in RECEIVING_ROLES]
        out.append(StandardUse(ref(ag), ag.routine_use.number, ag.routine_use.standard, to))
    return out
