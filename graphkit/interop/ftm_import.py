"""FollowTheMoney JSON Lines (``graphkit export --format ftm``, or an Aleph export) back
into seed records: the inverse of :mod:`graphkit.interop.ftm`.

``Article`` -> source, ``PublicBody`` -> agency, ``Company``/``Organization`` -> vendor,
``Table`` -> dataset, ``Contract`` -> agreement, with ``ContractAward`` (a party and its
role) and ``Documentation`` (custodian, derived_from, moves; an Article documenting an
entity is one of its sources) links. A ``graphkit:`` note brings back what FtM cannot
say; without one, confidence is ``unconfirmed``, kinds are ``other`` (``contract`` for an
agreement), a party without a graphkit role is a ``signatory`` (who sends data to whom
is for a person to decide) and the agreement is undated. Any other schema is an error.

Example:
    >>> plan = plan_ftm("tests/fixtures/ftm/aleph.jsonl")
    >>> [(p["party"][:19], p["role"]) for p in plan.records["agreements"][0]["parties"]]
    [('example-city-police', 'signatory'), ('example-plate-reade', 'signatory')]
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graphkit.errors import GraphkitError, InputError, Problem
from graphkit.ingest.read import json_lines
from graphkit.interop.ftm import NOTE_PREFIX, SCHEMA_OF, ftm_model
from graphkit.interop.ftm_props import KEPT, FileCitation, cite_file
from graphkit.interop.seedout import Plan, slug
from graphkit.model import registry
from graphkit.model.registry import names
from graphkit.model.schema import ID_PATTERN, KINDS

#: FtM schema -> the kind read from it: each kind's own schema, and any organization.
KIND_OF_SCHEMA = {schema: key for key, schema in SCHEMA_OF.items()} | {"Organization": "vendors"}
LINKS = ("ContractAward", "Documentation")
ROLES = names(registry.ROLES)
__all__ = ["FileCitation", "plan_ftm", "read_ftm"]


def _gk_id(ftm_id: str, name: str, schema: str) -> str:
    """The FtM id when it is a graphkit id, else a slug of the name and a hash of the id."""
    import re

    if re.match(ID_PATTERN, ftm_id) and len(ftm_id) <= 200:
        return ftm_id
    head = f"src-{slug(name, 40)}" if schema == "Article" else slug(name or "entity", 50)
    return f"{head}-{hashlib.sha1(ftm_id.encode()).hexdigest()[:8]}"


def read_ftm(path: str | Path) -> list[tuple[int, Any]]:
    """(line, entity proxy) of every line; SeedError naming each bad line."""
    model = ftm_model()
    from followthemoney.exc import InvalidData

    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GraphkitError(f"cannot read {name} ({exc}); save it as UTF-8") from None
    out: list[tuple[int, Any]] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    accepted = ", ".join([*KIND_OF_SCHEMA, *LINKS])
    for number, data in json_lines(name, text, problems, "one FtM entity per line"):
        schema = data.get("schema") if isinstance(data, dict) else None
        if schema not in KIND_OF_SCHEMA and schema not in LINKS:
            problems.append(
                Problem(
                    name,
                    number,
                    "schema",
                    f"FtM schema {schema!r} is not "
                    f"imported; graphkit reads {accepted}: remove the line",
                )
            )
            continue
        if not isinstance(data.get("properties", {}), dict):
            problems.append(
                Problem(
                    name,
                    number,
                    "properties",
                    'properties must be an object of lists ({"name": ["..."]}), as FtM writes them',
                )
            )
            continue
        try:
            proxy = model.get_proxy(data, cleaned=False)
            proxy.schema.validate(data)
        except InvalidData as exc:
            detail = getattr(exc, "errors", None) or str(exc)
            problems.append(Problem(name, number, "properties", f"invalid {schema}: {detail}"))
            continue
        if not proxy.id:
            problems.append(Problem(name, number, "id", "the entity has no id; give it one"))
            continue
        if proxy.id in seen:
            problems.append(
                Problem(
                    name,
                    number,
                    "id",
                    f"duplicate id {proxy.id!r}, first on line {seen[proxy.id]}; keep one",
                )
            )
            continue
        seen[proxy.id] = number
        out.append((number, proxy))
    if problems:
        raise InputError(problems)
    return out


class _Reader:
    def __init__(self, name: str, entities: list[tuple[int, Any]]) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.ids = {p.id: _gk_id(p.id, p.caption, p.schema.name) for _, p in entities}
        self.line = {p.id: n for n, p in entities}
        self.records: dict[str, tuple[str, dict[str, Any]]] = {}
        self.url_sources: dict[str, dict[str, Any]] = {}
        #: ``Schema.property`` -> how many entities had it and lost it
        self.dropped: Counter[str] = Counter()

    def problem(self, ftm_id: str, field: str, message: str) -> None:
        self.problems.append(Problem(self.name, self.line.get(ftm_id), field, message))

    def ref(self, link: Any, prop: str) -> str | None:
        target = link.first(prop)
        if target not in self.ids:
            self.problem(link.id, prop, f"{target!r} is not an entity in this file; add it")
            return None
        return self.ids[target]

    def extras(self, proxy: Any) -> dict[str, Any]:
        for note in proxy.get("notes", quiet=True):
            if note.startswith(NOTE_PREFIX):
                try:
                    value = json.loads(note[len(NOTE_PREFIX) :])
                except json.JSONDecodeError as exc:
                    self.problem(proxy.id, "notes", f"the graphkit note is not JSON ({exc.msg})")
                    return {}
                return value if isinstance(value, dict) else {}
        return {}

    def sources(self, proxy: Any) -> list[str]:
        out = [self.ids[p] for p in proxy.get("proof", quiet=True) if p in self.ids]
        for url in proxy.get("sourceUrl", quiet=True):
            ident = f"src-{slug(url.split('/')[2] if '//' in url else url, 40)}"
            ident += f"-{hashlib.sha1(url.encode()).hexdigest()[:8]}"
            publisher = proxy.first("publisher", quiet=True) or url.split("/")[2]
            self.url_sources[ident] = {
                "id": ident,
                "publisher": publisher,
                "title": url,
                "url": url,
            }
            out.append(ident)
        return out

    def entity(self, proxy: Any, kind: str) -> None:
        ident = self.ids[proxy.id]
        if kind == "sources":
            whole = self.extras(proxy)  # values too long for FtM, kept whole
            record = {
                "id": ident,
                "publisher": whole.get("publisher") or proxy.first("publisher"),
                "title": whole.get("title") or proxy.first("title") or proxy.first("name"),
                "url": proxy.first("sourceUrl"),
                "date": proxy.first("publishedAt"),
                "note": whole.get("note") or proxy.first("description"),
                "copy_kind": whole.get("copy_kind"),
            }
            self.records[proxy.id] = (kind, record)
            return
        extras = self.extras(proxy)
        name_prop = "title" if kind == "agreements" else "name"
        record = {
            "id": ident,
            "name": extras.get("name")  # a name longer than FtM holds is kept whole there
            or proxy.first(name_prop)
            or proxy.first("name")
            or proxy.caption,
            "aliases": extras.get("aliases")
            or list(dict.fromkeys([*proxy.get("alias"), *self.weak(proxy)])),
            "description": extras.get("note") or proxy.first("description"),
            "sources": self.sources(proxy),
            "confidence": extras.get("confidence", "unconfirmed"),
            "claims": extras.get("claims", []),
        }
        if kind in ("agencies", "vendors"):
            parent = proxy.first("parent")
            record |= {
                "kind": extras.get("kind", "other"),
                "parent": self.ids.get(parent or ""),
                "identifiers": extras.get("identifiers") or self.identifiers(proxy, record),
                "website": self.website(proxy),
            }
            if kind == "agencies":
                record["jurisdiction"] = extras.get("jurisdiction")
        elif kind == "datasets":
            fields = extras.get("fields") or list(proxy.get("keywords"))
            record |= {"fields": fields, "derived_from": []}
            for key in ("system_number", "individuals", "record_sources"):
                if key in extras:
                    record[key] = extras[key]
        else:
            record |= {"kind": extras.get("kind", "contract"), "parties": [], "datasets": []}
            record["signed"] = proxy.first("contractDate")
            for key in (
                "status",
                "last_evidenced",
                "term_end",
                "amounts",
                "terms",
                "start_known",
                "basis",
                "routine_use",
            ):
                record[key] = extras.get(key)
            if "amounts" not in extras:
                cite = {"sources": record["sources"], "confidence": record["confidence"]}
                currency = proxy.first("currency") or "USD"
                record["amounts"] = [
                    {"value": value, "currency": currency.upper(), "kind": "other", **cite}
                    for value in self.amounts(proxy)
                ]
        self.records[proxy.id] = (kind, record)

    def weak(self, proxy: Any) -> list[str]:
        """``weakAlias`` values (Aleph's and OpenSanctions' short names): kept as aliases."""
        return [str(v) for v in proxy.get("weakAlias", quiet=True)]

    def website(self, proxy: Any) -> str | None:
        """The first ``website`` that is an http(s) address (the others are reported)."""
        sites = [str(v) for v in proxy.get("website", quiet=True)]
        good = [s for s in sites if s.startswith(("https://", "http://"))]
        if len(good) != len(sites) or len(good) > 1:
            self.dropped[f"{proxy.schema.name}.website (beyond the first address)"] += 1
        return good[0] if good else None

    def count_dropped(self, proxy: Any) -> None:
        """Count each property of the entity that no graphkit field keeps."""
        kept = KEPT.get(proxy.schema.name, frozenset())
        for prop in proxy.properties:
            if prop not in kept:
                self.dropped[f"{proxy.schema.name}.{prop}"] += 1

    def identifiers(self, proxy: Any, record: dict[str, Any]) -> list[dict[str, Any]]:
        """A plain FtM entity's UEI, DUNS, CAGE and Wikidata properties as identifiers,
        cited to the entity's own sources."""
        from graphkit.interop.ftm import FTM_IDENTIFIER

        return [
            {"scheme": scheme, "value": value, "sources": record["sources"]}
            for scheme, prop in FTM_IDENTIFIER.items()
            for value in proxy.get(prop, quiet=True)
        ]

    def amounts(self, proxy: Any) -> list[float]:
        """The entity's ``amount`` values as numbers; a problem for each that is not one."""
        from graphkit.interop.usaspending import amount_value

        out = []
        for text in proxy.get("amount"):
            try:
                out.append(amount_value(str(text).strip()))
            except ValueError:
                self.problem(proxy.id, "amount", f"{text!r} is not a number: write digits")
        return out

    def link(self, proxy: Any) -> None:
        if proxy.schema.name == "ContractAward":
            contract, party = self.ref(proxy, "contract"), self.ref(proxy, "supplier")
            target = self.records.get(proxy.first("contract") or "")
            if contract is None or party is None or not target or target[0] != "agreements":
                if contract is not None and party is not None:
                    self.problem(proxy.id, "contract", "not a Contract in this file")
                return
            role = proxy.first("role")
            ag = target[1]
            ag["parties"].append({"party": party, "role": role if role in ROLES else "signatory"})
            ag.setdefault("effective_from", proxy.first("startDate"))
            ag.setdefault("effective_to", proxy.first("endDate"))
            return
        doc, other = self.ref(proxy, "document"), self.ref(proxy, "entity")
        if doc is None or other is None:
            return
        role = proxy.first("role")
        for prop in ("document", "entity"):
            if proxy.first(prop) not in self.records:
                self.problem(
                    proxy.id, prop, f"{proxy.first(prop)!r} is a link, not an entity: name one"
                )
                return
        doc_kind, doc_record = self.records[proxy.first("document")]
        other_kind, other_record = self.records[proxy.first("entity")]
        if doc_kind == "sources" and other_kind != "sources":
            other_record["sources"].append(doc)
        elif doc_kind == "datasets" and role == "custodian":
            doc_record["custodian"] = other
        elif doc_kind == "datasets" and role == "derived_from":
            doc_record["derived_from"].append(other)
        elif doc_kind == "datasets" and role == "moves" and other_kind == "agreements":
            other_record["datasets"].append(doc)
        else:
            self.problem(
                proxy.id,
                "role",
                f"a Documentation link with role {role!r} from a "
                f"{doc_kind[:-1]} is not read; use custodian, derived_from or moves",
            )


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in (None, [], {})}


def plan_ftm(path: str | Path, cite: FileCitation | None = None) -> Plan:
    """The seed records in a FtM JSON Lines file; InputError naming each bad line.

    ``cite``: the file as the source of every entity that cites none. Each property no
    graphkit field keeps is reported once, with the number of entities that had it.
    """
    entities = read_ftm(path)
    reader = _Reader(str(path), entities)
    for _, proxy in entities:
        reader.count_dropped(proxy)
    for _, proxy in entities:
        if proxy.schema.name in KIND_OF_SCHEMA:
            reader.entity(proxy, KIND_OF_SCHEMA[proxy.schema.name])
    for _, proxy in entities:
        if proxy.schema.name in LINKS:
            reader.link(proxy)
    for _, proxy in entities:  # an authority with no award of its own signs
        if proxy.schema.name == "Contract":
            parties = reader.records[proxy.id][1]["parties"]
            for authority in proxy.get("authority"):
                party = reader.ref(proxy, "authority") and reader.ids.get(authority)
                if party and party not in {p["party"] for p in parties}:
                    parties.insert(0, {"party": party, "role": "signatory"})
    plan = Plan(str(path))
    for record in reader.url_sources.values():
        plan.add("sources", record)
    if cite is not None:
        plan.add("sources", cite.record())
    for ftm_id, (kind, raw) in reader.records.items():
        record = _clean(raw)
        if cite is not None and kind != "sources":
            cite_file(record, cite.record()["id"])
        if kind != "sources" and not record.get("sources"):
            reader.problem(
                ftm_id,
                "proof",
                "cites no source: add proof (an Article) or sourceUrl, or cite the whole "
                "file: --source-title, --source-publisher, --source-url (and --retrieved)",
            )
        if kind == "datasets" and "custodian" not in record:
            reader.problem(
                ftm_id,
                "custodian",
                "no custodian: add a Documentation link from "
                "this Table to its holder with role custodian",
            )
        try:
            KINDS[kind][0].model_validate(record)
        except ValidationError as exc:
            for error in exc.errors():
                where = ".".join(str(p) for p in error["loc"])
                reader.problem(ftm_id, where, f"{error['msg']} (as a graphkit {kind[:-1]})")
        plan.add(kind, record)
    if reader.problems:
        raise InputError(reader.problems)
    plan.notes += [
        f"FtM property not kept: {prop} ({count} entit{'y' if count == 1 else 'ies'})"
        for prop, count in sorted(reader.dropped.items())
    ]
    return plan
