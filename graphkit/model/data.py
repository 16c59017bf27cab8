"""GraphData: the validated records of a graph, by kind and id.

Example:
    >>> from graphkit.ingest.validation import load_seeds
    >>> data = load_seeds()
    >>> data.kind_of("irs")
    'agency'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from graphkit.errors import Problem
from graphkit.model.registry import ENTITY_KINDS, KIND_NAMES
from graphkit.model.schema import Agency, Agreement, Cited, Dataset, Entity, Source, Vendor

Party = Agency | Vendor


@dataclass
class GraphData:
    """All records of one graph. Built only from input that validated cleanly."""

    sources: dict[str, Source] = field(default_factory=dict)
    agencies: dict[str, Agency] = field(default_factory=dict)
    vendors: dict[str, Vendor] = field(default_factory=dict)
    datasets: dict[str, Dataset] = field(default_factory=dict)
    agreements: dict[str, Agreement] = field(default_factory=dict)
    #: Where each record was read: id -> (file, line).
    origin: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    #: Which seeds these are, for answers' headers: ``seeds: ... (how found), content <hash>``.
    provenance: str = ""
    #: What validates but answers less well than it could (file, line, field, fix).
    warnings: list[Problem] = field(default_factory=list)

    def by_kind(self) -> dict[str, dict[str, Source | Entity]]:
        """The record maps keyed by seed-file kind (``sources``, ``agencies``...)."""
        return {key: getattr(self, key) for key in KIND_NAMES}

    def get(self, ident: str) -> Source | Entity | None:
        """The record with this id, of any kind, or None."""
        for records in self.by_kind().values():
            if ident in records:
                return records[ident]
        return None

    def kind_of(self, ident: str) -> str | None:
        """``agency``, ``vendor``, ``dataset``, ``agreement``, ``source`` or None."""
        for kind, records in self.by_kind().items():
            if ident in records:
                return KIND_NAMES[kind]
        return None

    def party(self, ident: str) -> Party | None:
        """The agency or vendor with this id, or None."""
        return self.agencies.get(ident) or self.vendors.get(ident)

    def entities(self) -> Iterator[Entity]:
        """Every agency, vendor, dataset and agreement."""
        for key, name in KIND_NAMES.items():
            if name in ENTITY_KINDS:
                yield from getattr(self, key).values()

    def components(self, party_id: str) -> list[str]:
        """The party and every agency or vendor below it through ``parent``, sorted."""
        children: dict[str, list[str]] = {}
        parties: list[Party] = [*self.agencies.values(), *self.vendors.values()]
        for record in parties:
            if record.parent:
                children.setdefault(record.parent, []).append(record.id)
        out, stack = {party_id}, [party_id]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in out:
                    out.add(child)
                    stack.append(child)
        return sorted(out)


def cited_items(entity: Entity) -> list[Cited]:
    """Every claim an entity makes that must cite a source: itself, its claims, and an
    agreement's status events and amounts.

    Example:
        >>> from graphkit.ingest.validation import load_seeds
        >>> mou = load_seeds().agreements["irs-ice-mou-2025"]
        >>> len(cited_items(mou)) > len(mou.status)
        True
    """
    items: list[Cited] = [entity, *entity.claims]
    if isinstance(entity, Agreement):
        items += [*entity.status, *entity.amounts]
    return items
