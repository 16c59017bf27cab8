"""FollowTheMoney (FtM) entities, the model of Aleph and OpenSanctions, as JSON Lines.

Each entity is built and checked with the ``followthemoney`` library itself (an optional
extra: ``pip install 'graphkit[interop]'``). The mapping (docs/interop.md):

- source: ``Article`` (title, publisher, publishedAt, sourceUrl); a record's sources
  are its ``proof``;
- agency: ``PublicBody``; vendor: ``Company``; the parent is ``parent``; a UEI, DUNS,
  CAGE code or Wikidata QID is ``uniqueEntityId``, ``dunsCode``, ``cageCode`` or
  ``wikidataId`` (every identifier, with its sources, is also in the note);
- dataset: ``Table``; its custodian, the datasets it derives from and the agreements
  that move it are ``Documentation`` links (role ``custodian``, ``derived_from``, ``moves``);
- agreement: ``Contract`` (title, contractDate = signed, status = the latest status);
  each party a ``ContractAward`` whose ``role`` is the graphkit role (provider,
  recipient...), with the effective dates as its startDate and endDate.

What FtM has no property for (confidence, kinds, the status timeline, evidence, claims,
amount kinds, terms, jurisdiction) goes in a ``notes`` value that starts with
``graphkit:`` and holds JSON, which the import reads back.

Example:
    >>> from graphkit.ingest.validation import load_seeds
    >>> entities = ftm_entities(load_seeds("tests/graphs/edge"))  # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError
from graphkit.model.data import GraphData
from graphkit.model.dates import AnyDate, PartialDate
from graphkit.model.registry import RECORD_KINDS
from graphkit.model.schema import Agency, Agreement, Dataset, Entity, Party, Source, Vendor

NOTE_PREFIX = "graphkit:"
#: Seed-file key -> the FtM schema its records are written as.
SCHEMA_OF = {kind.key: kind.ftm for kind in RECORD_KINDS}


def ftm_model() -> Any:
    """The FtM model; a clear error when the library is not installed."""
    try:
        from followthemoney import model
    except ImportError:
        raise GraphkitError(
            "format: FollowTheMoney needs the followthemoney library: "
            "pip install 'graphkit[interop]'",
            "format",
        ) from None
    return model


class _Builder:
    def __init__(self, model: Any) -> None:
        self.model = model
        self.out: list[Any] = []

    def entity(self, schema: str, ident: str, props: dict[str, Any]) -> Any:
        proxy = self.model.make_entity(schema)
        proxy.id = ident
        for prop, values in props.items():
            for value in values if isinstance(values, list) else [values]:
                if value is None or value == "":
                    continue
                text = value if isinstance(value, str) else str(value)
                limit = proxy.schema.get(prop).type.max_length if proxy.schema.get(prop) else None
                if limit and len(text) > limit:  # kept whole in the graphkit note (_extras)
                    text = value = text[:limit]
                before = len(proxy.get(prop))
                proxy.add(prop, text, quiet=True)
                if len(proxy.get(prop)) == before and text not in proxy.get(prop):
                    # FtM's cleaning left nothing (a name of control characters): write
                    # it escaped; the graphkit note keeps it as it is (_whole)
                    proxy.add(prop, text.encode("unicode_escape").decode("ascii"), quiet=True)
                if len(proxy.get(prop)) == before and text not in proxy.get(prop):
                    raise GraphkitError(
                        f"format: FollowTheMoney refused {schema} {ident!r} {prop}={value!r}"
                    )
        self.out.append(proxy)
        return proxy

    def link(self, schema: str, ident: str, props: dict[str, Any]) -> None:
        self.entity(schema, ident, props)


#: The longest values FtM's ``name`` and ``string`` types hold (their ``max_length``);
#: graphkit names and titles run to 2,000 characters. A longer value is cut to fit in
#: its FtM property and kept whole in the graphkit note, which the import reads first.
NAME_LIMIT, STRING_LIMIT = 384, 1024


def _whole(**values: str | list[str] | tuple[str, ...] | None) -> dict[str, Any]:
    """The values FtM would not keep as they are (``name``/``aliases`` in its name type,
    ``note``, a description, in its text type, the rest in its string type): too long,
    or changed by its cleaning (white space and control characters, Unicode
    normalization). The graphkit note keeps them whole.

    Example:
        >>> sorted(_whole(name="Two\\nlines", aliases=["plain"], title="x" * 1025))
        ['name', 'title']
    """
    from followthemoney.types import registry

    out: dict[str, Any] = {}
    for key, value in values.items():
        kind = {"name": registry.name, "aliases": registry.name, "note": registry.text}.get(
            key, registry.string
        )
        limit = {"name": NAME_LIMIT, "aliases": NAME_LIMIT, "note": kind.max_length}.get(
            key, STRING_LIMIT
        )
        items = [value] if isinstance(value, str) else list(value or ())
        if any(len(item) > limit or kind.clean(item) != item for item in items):
            out[key] = value if isinstance(value, str) else items
    return out


def _extras(record: Entity, **more: Any) -> str:
    extras: dict[str, Any] = {"confidence": record.confidence}
    extras |= _whole(name=record.name, aliases=record.aliases, note=record.description)
    if isinstance(record, Dataset):
        extras |= _whole(fields=record.fields)
    if record.claims:
        extras["claims"] = [c.model_dump(mode="json", exclude_none=True) for c in record.claims]
    extras |= {k: v for k, v in more.items() if v not in (None, [], {})}
    return NOTE_PREFIX + " " + json.dumps(extras, sort_keys=True)  # ASCII: FtM cleans text


def _common(record: Entity) -> dict[str, Any]:
    return {
        "name": record.name,
        "alias": list(record.aliases),
        "description": record.description,
        "proof": list(record.sources),
    }


#: Identifier scheme -> the FtM property of a legal entity that holds it (the rest, with
#: every identifier's sources, travel in the graphkit note).
FTM_IDENTIFIER = {
    "uei": "uniqueEntityId",
    "duns": "dunsCode",
    "cage": "cageCode",
    "wikidata": "wikidataId",
}


def _identifiers(record: Party) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"website": [record.website]} if record.website else {}
    for ident in record.identifiers:
        if ident.scheme in FTM_IDENTIFIER:
            out.setdefault(FTM_IDENTIFIER[ident.scheme], []).append(ident.value)
    return out


def _dump(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return [v.model_dump(mode="json", exclude_none=True) for v in value]
    return value.model_dump(mode="json", exclude_none=True)


def _agreement(b: _Builder, ag: Agreement) -> None:
    more = {
        "kind": ag.kind,
        "status": _dump(ag.status),
        "last_evidenced": _dump(ag.last_evidenced),
        "term_end": _dump(ag.term_end),
        "amounts": _dump(ag.amounts),
        "terms": _dump(ag.terms),
        "start_known": None if ag.start_known else False,
        "basis": ag.basis,
        "routine_use": _dump(ag.routine_use),
    }
    props = _common(ag) | {
        "title": ag.name,
        "type": ag.kind,
        "contractDate": _plain(ag.signed),
        "status": ag.status[-1].status if ag.status else None,
        "amount": [a.value for a in ag.amounts if a.currency == "USD"],
        "currency": "USD" if any(a.currency == "USD" for a in ag.amounts) else None,
        "notes": _extras(ag, **more),
    }
    b.entity("Contract", ag.id, props)
    for party in ag.parties:
        b.link(
            "ContractAward",
            f"{ag.id}--{party.role}--{party.party}",
            {
                "contract": ag.id,
                "supplier": party.party,
                "role": party.role,
                "startDate": str(ag.effective_from) if ag.effective_from else None,
                "endDate": str(ag.effective_to) if ag.effective_to else None,
            },
        )
    for dataset in ag.datasets:
        b.link(
            "Documentation",
            f"{ag.id}--moves--{dataset}",
            {"document": dataset, "entity": ag.id, "role": "moves"},
        )


def _plain(date: AnyDate | None) -> str | None:
    """A date FtM can hold: a plain one (FtM has no notation for a bound such as
    ``../2018-06``, which is left out)."""
    return str(date) if isinstance(date, PartialDate) else None


def _record(b: _Builder, kind: str, record: Source | Entity) -> None:
    if isinstance(record, Source):
        props = {
            "title": record.title,
            "name": record.title,
            "publisher": record.publisher,
            "publishedAt": _plain(record.date),
            "sourceUrl": record.url,
            "description": record.note,
        }
        # FtM has no property for the copy's kind, nor room for a long title: the note
        extras = _whole(title=record.title, publisher=record.publisher, note=record.note)
        if record.copy_kind:
            extras["copy_kind"] = record.copy_kind
        if extras:
            props["notes"] = NOTE_PREFIX + " " + json.dumps(extras)
        b.entity("Article", record.id, props)
    elif isinstance(record, Agency):
        notes = _extras(
            record,
            kind=record.kind,
            jurisdiction=record.jurisdiction,
            identifiers=_dump(record.identifiers),
        )
        props = _common(record) | _identifiers(record) | {"parent": record.parent, "notes": notes}
        b.entity("PublicBody", record.id, props)
    elif isinstance(record, Vendor):
        notes = _extras(record, kind=record.kind, identifiers=_dump(record.identifiers))
        props = _common(record) | _identifiers(record) | {"parent": record.parent, "notes": notes}
        b.entity("Company", record.id, props)
    elif isinstance(record, Dataset):
        notes = _extras(
            record,
            system_number=record.system_number,
            individuals=list(record.individuals),
            record_sources=list(record.record_sources),
        )
        props = _common(record) | {"keywords": list(record.fields), "notes": notes}
        b.entity("Table", record.id, props)
        links = [
            ("custodian", record.custodian),
            *(("derived_from", d) for d in record.derived_from),
        ]
        for role, other in links:
            b.link(
                "Documentation",
                f"{record.id}--{role}--{other}",
                {"document": record.id, "entity": other, "role": role},
            )
    elif isinstance(record, Agreement):
        _agreement(b, record)


def _closure(data: GraphData, ids: Iterable[str]) -> set[str]:
    """``ids`` with what they need to stand alone: parties, custodians, datasets, sources."""
    keep = set(ids)
    for ident in list(keep):
        ag = data.agreements.get(ident)
        if ag is not None:
            keep |= {p.party for p in ag.parties} | set(ag.datasets)
            keep |= {event.by for event in ag.status if event.by}
    for ident in list(keep):
        ds = data.datasets.get(ident)
        if ds is not None:
            keep |= {ds.custodian, *(d for d in ds.derived_from if d in keep)}
    stack = list(keep)
    while stack:  # parents, and their parents
        party = data.party(stack.pop())
        if party is not None and party.parent and party.parent not in keep:
            keep.add(party.parent)
            stack.append(party.parent)
    for ident in list(keep):
        record = data.get(ident)
        if record is not None and not isinstance(record, Source):
            keep |= {s for item in _cited(record) for s in item}
    return keep


def _cited(record: Entity) -> list[list[str]]:
    from graphkit.model.data import cited_items

    out = [list(item.sources) for item in cited_items(record)]
    if isinstance(record, Agreement):
        out += [list(e.sources) for e in (record.last_evidenced, record.term_end) if e]
    return out


def ftm_entities(data: GraphData, ids: Iterable[str] | None = None) -> list[Any]:
    """The FtM entities of ``data`` (or of ``ids`` and what they need), each checked."""
    model = ftm_model()
    keep = None if ids is None else _closure(data, ids)
    b = _Builder(model)
    for kind, records in data.by_kind().items():
        for ident, record in sorted(records.items()):
            if keep is None or ident in keep:
                _record(b, kind, record)
    if keep is not None:  # links to records left out would dangle
        b.out = [e for e in b.out if all(v in keep for v in _refs(e))]
    check_entities(model, b.out)
    return b.out


def _refs(entity: Any) -> list[str]:
    return [v for prop, v in entity.itervalues() if prop.type.name == "entity"]


def check_entities(model: Any, entities: list[Any]) -> None:
    """Every entity valid for its schema (the library's own check), with its required
    properties, and every reference resolved within the file."""
    from followthemoney.exc import InvalidData

    ids = {e.id for e in entities}
    for entity in entities:
        data = entity.to_dict()
        try:
            entity.schema.validate(data)
            model.get_proxy(data, cleaned=False)
        except InvalidData as exc:
            raise GraphkitError(f"format: {entity.schema.name} {entity.id!r}: {exc}") from None
        missing = [p for p in entity.schema.required if not entity.get(p)]
        dangling = [r for r in _refs(entity) if r not in ids]
        if missing or dangling:
            raise GraphkitError(
                f"format: {entity.schema.name} {entity.id!r} lacks {missing} or names "
                f"entities not exported {dangling}"
            )


def ftm_text(entities: list[Any]) -> str:
    """One JSON object per line, as ``ftm`` and Aleph read them."""
    return "".join(
        json.dumps(entity.to_dict(), sort_keys=True, ensure_ascii=False) + "\n"
        for entity in entities
    )


def write_ftm(entities: list[Any], out: str | Path, *, force: bool = False) -> Path:
    """:func:`ftm_text` written whole or not at all, an existing file replaced only with
    ``force`` (:mod:`graphkit.files`)."""
    from graphkit.files import write_text

    target = Path(out)
    write_text(target, ftm_text(entities), force=force)
    return target
