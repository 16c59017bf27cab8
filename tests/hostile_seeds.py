"""Seed folders whose names come from the hostile corpus (tests/hostile/names.json), and
the readers that check an export gives them back.

Example:
    >>> names = corpus()
    >>> any("\\r" in n for n in names) and any("\\u2028" in n for n in names)
    True
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from graphkit.interop.export import xml_safe
from graphkit.model.data import GraphData

CORPUS = Path(__file__).resolve().parent / "hostile" / "names.json"
#: The recipient's (made-up) UEI: its identifier's note is the first hostile name.
RECIPIENT_UEI = "HSTLRECPNT12"


def corpus() -> list[str]:
    """Every hostile string of the corpus."""
    return [item["name"] for item in json.loads(CORPUS.read_text(encoding="utf-8"))]


def write_seeds(folder: Path, names: list[str]) -> Path:
    """A seed folder where name ``i`` is agency ``h<i>`` (and its description), dataset
    ``d<i>`` and agreement ``g<i>`` (``h<i>`` provides ``d<i>`` to ``ice`` under it); the
    first two are the source's publisher and title (the last when there is only one)."""
    cite = {"sources": ["s1"], "confidence": "primary_document"}
    ids = [{"scheme": "uei", "value": RECIPIENT_UEI, "sources": ["s1"], "note": names[0]}]
    agencies = [{"id": "ice", "name": "Recipient", "kind": "federal", "identifiers": ids, **cite}]
    agencies += [
        {"id": f"h{i}", "name": n, "kind": "federal", "description": n, **cite}
        for i, n in enumerate(names)
    ]
    datasets = [
        {"id": f"d{i}", "name": n, "custodian": f"h{i}", **cite} for i, n in enumerate(names)
    ]
    status = [{"date": "2020-01-01", "status": "active", **cite}]
    agreements = [
        {
            "id": f"g{i}",
            "name": n,
            "kind": "mou",
            "parties": [
                {"party": f"h{i}", "role": "provider"},
                {"party": "ice", "role": "recipient"},
            ],
            "datasets": [f"d{i}"],
            "status": status,
            **cite,
        }
        for i, n in enumerate(names)
    ]
    source = {"id": "s1", "publisher": names[0], "title": names[-1 if len(names) < 2 else 1]}
    seeds = {
        "sources": [{**source, "url": "https://example.org/s1"}],
        "agencies": agencies,
        "datasets": datasets,
        "agreements": agreements,
    }
    folder.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(seeds, allow_unicode=False, sort_keys=False, width=10**6)
    (folder / "graph.yaml").write_text(text, encoding="utf-8")
    return folder


def names_of(data: GraphData) -> dict[str, Any]:
    """Every name and title the exports carry, by record id (source: publisher, title)."""
    out: dict[str, Any] = {e.id: e.name for e in data.entities()}
    out |= {i: (s.publisher, s.title) for i, s in data.sources.items()}
    return out


def descriptions_of(data: GraphData) -> dict[str, str | None]:
    """The agencies' descriptions, by id."""
    return {i: a.description for i, a in data.agencies.items()}


def drawn_names(data: GraphData) -> dict[str, str]:
    """What a GraphML or GEXF export holds of each name: nodes (parties and datasets) by
    id, agreements on their edges, with characters XML cannot hold as U+FFFD."""
    out = {i: xml_safe(r.name) for i, r in {**data.agencies, **data.datasets}.items()}
    return out | {i: xml_safe(a.name) for i, a in data.agreements.items()}
