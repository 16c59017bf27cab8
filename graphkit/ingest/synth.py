"""A deterministic generator of realistic-shaped synthetic graphs, in the bulk format.

Writes one JSON Lines file per kind (``sources.jsonl``, ``agencies.jsonl``,
``vendors.jsonl``, ``datasets.jsonl``, ``agreements.jsonl``), the same files
``graphkit validate`` and ``graphkit load`` read. The shape follows the real data:
federal, state and local agencies with components; vendors whose number of
customers follows a power law; datasets derived from others; agreements with dates
and status changes; chains of re-sharing several hops deep. Same arguments, same
bytes. Every record cites a synthetic source on ``example.org``; none of it is fact.

Example:
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> stats = generate(out, relationships=2_000)
    >>> sorted(p.name for p in out.iterdir())[:2]
    ['agencies.jsonl', 'agreements.jsonl']
"""

from __future__ import annotations

import bisect
import json
import os
import random
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from graphkit.errors import GraphkitError

#: How many graph relationships one agreement brings, with the datasets, parties and
#: sources around it (parties, covers, cites, flows, and about 2.23 IN_STATE spans):
#: measured, 8.09 at 100k (5.86 before the IN_STATE spans).
PER_AGREEMENT = 8.05
STATES = 50
KINDS_OF_AGREEMENT = [
    "contract",
    "contract",
    "contract",
    "mou",
    "information_exchange_agreement",
    "data_exchange_agreement",
    "network_access",
    "routine_use",
    "license",
    "pilot",
    "commercial_supply",
    "informal_lookups",
]
FIELDS = ["name", "address", "date_of_birth", "ssn", "phone", "photo", "vehicle", "location"]


class _Writer:
    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.files: dict[str, TextIO] = {}
        self.counts: dict[str, int] = {}

    def write(self, kind: str, record: dict[str, Any]) -> None:
        if kind not in self.files:
            self.files[kind] = (self.out / f"{kind}.jsonl").open("w", encoding="utf-8")
        self.files[kind].write(json.dumps(record, separators=(",", ":")) + "\n")
        self.counts[kind] = self.counts.get(kind, 0) + 1

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()


def _cite(rng: random.Random, sources: int) -> dict[str, Any]:
    return {
        "sources": [f"src-{rng.randrange(sources)}"],
        "confidence": rng.choice(["primary_document", "multiple_outlets", "single_outlet"]),
    }


def _date(rng: random.Random, start: int = 2008, end: int = 2026) -> str:
    year = rng.randint(start, end)
    return f"{year:04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def generate(out: Path, relationships: int = 10_000, seed: int = 7) -> dict[str, int]:
    """Write a synthetic graph of about ``relationships`` relationships into ``out``, a new
    folder or one that holds no records (made-up records never mix with real seeds).

    The files are written into a hidden staging folder inside ``out`` (which seed readers
    skip) and moved up when complete: an interrupted run leaves no readable records.
    Returns the number of records written per kind.

    Raises:
        GraphkitError: ``out`` holds records, is a file, or cannot be written.
    """
    _refuse_records(out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".gk-synth-", dir=out))
        try:
            counts = _generate(staging, relationships, seed)
            _refuse_records(out)  # nothing appeared meanwhile
            for path in sorted(staging.iterdir()):
                os.replace(path, out / path.name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except OSError as exc:
        raise GraphkitError(f"cannot write into {out}: {exc.strerror or exc}", "out") from None
    return counts


def _refuse_records(out: Path) -> None:
    """Refuse an ``out`` that is a file or holds records (hidden folders aside, as the seed
    readers skip them)."""
    from graphkit.ingest.read import SEED_SUFFIXES, TABLE_SUFFIXES

    if out.exists() and not out.is_dir():
        raise GraphkitError(f"out {out} is a file: name a new or empty folder", "out")
    held = sorted(
        p
        for p in out.rglob("*")
        if p.suffix in {*SEED_SUFFIXES, *TABLE_SUFFIXES}
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(out).parts[:-1])
    )
    if held:
        raise GraphkitError(
            f"out {out} holds records ({held[0].name} and {len(held) - 1} more): synthetic "
            "records must not mix with real ones; name a new or empty folder",
            "out",
        )


def _generate(out: Path, relationships: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    agreements = max(10, int(relationships / PER_AGREEMENT))
    sources = max(5, agreements // 20)
    federal = max(5, min(200, agreements // 400))
    local = max(10, agreements // 25)
    vendors = max(5, agreements // 40)
    writer = _Writer(out)
    try:
        for i in range(sources):
            writer.write(
                "sources",
                {
                    "id": f"src-{i}",
                    "publisher": f"Synthetic Outlet {i % 97}",
                    "title": f"Synthetic report {i}",
                    "date": _date(rng),
                    "url": f"https://example.org/synthetic/{i}",
                },
            )
        parties: list[str] = []
        for i in range(federal):
            writer.write(
                "agencies",
                {
                    "id": f"fed-{i}",
                    "name": f"Federal Agency {i}",
                    "kind": "federal",
                    "jurisdiction": "US",
                    **_cite(rng, sources),
                },
            )
            parties.append(f"fed-{i}")
            for c in range(rng.randint(0, 3)):
                writer.write(
                    "agencies",
                    {
                        "id": f"fed-{i}-c{c}",
                        "name": f"Component {c} of {i}",
                        "kind": "component",
                        "parent": f"fed-{i}",
                        **_cite(rng, sources),
                    },
                )
                parties.append(f"fed-{i}-c{c}")
        for s in range(STATES):
            for role in ("dmv", "police", "health"):
                writer.write(
                    "agencies",
                    {
                        "id": f"st{s}-{role}",
                        "name": f"State {s} {role}",
                        "kind": "state",
                        "jurisdiction": f"US-S{s}",
                        **_cite(rng, sources),
                    },
                )
                parties.append(f"st{s}-{role}")
        writer.write(
            "agencies",
            {"id": "network-0", "name": "State Network", "kind": "network", **_cite(rng, sources)},
        )
        for i in range(local):
            writer.write(
                "agencies",
                {
                    "id": f"loc-{i}",
                    "name": f"Local Police {i}",
                    "kind": "local",
                    "jurisdiction": f"US-S{i % STATES}",
                    **_cite(rng, sources),
                },
            )
            parties.append(f"loc-{i}")
        vendor_ids = []
        for i in range(vendors):
            kind = rng.choice(["data_broker", "surveillance_tech", "analytics", "reseller"])
            writer.write(
                "vendors",
                {"id": f"ven-{i}", "name": f"Vendor {i}", "kind": kind, **_cite(rng, sources)},
            )
            vendor_ids.append(f"ven-{i}")
        everyone = parties + vendor_ids
        # Power law: vendor i (and, less steeply, agency i) is chosen with weight 1/(i+1)^a.
        vendor_cum = _cumulative(len(vendor_ids), 1.2)
        party_cum = _cumulative(len(everyone), 0.6)
        holdings: dict[str, list[str]] = {}
        datasets: list[str] = []
        for owner in everyone:
            for n in range(1 + (rng.random() < 0.3)):
                ident = f"ds-{owner}-{n}"
                record: dict[str, Any] = {
                    "id": ident,
                    "name": f"Records of {owner} #{n}",
                    "custodian": owner,
                    "fields": rng.sample(FIELDS, 3),
                    **_cite(rng, sources),
                }
                if owner.startswith("ven-") and datasets and rng.random() < 0.5:
                    record["derived_from"] = sorted(set(rng.sample(datasets, 2)))
                writer.write("datasets", record)
                holdings.setdefault(owner, []).append(ident)
                datasets.append(ident)
        # What each party can pass on: what it holds, plus what it received (re-sharing).
        received: dict[str, list[str]] = {}
        for i in range(agreements):
            if rng.random() < 0.45:
                provider = vendor_ids[bisect.bisect(vendor_cum, rng.random())]
            else:
                provider = everyone[bisect.bisect(party_cum, rng.random())]
            recipient = everyone[bisect.bisect(party_cum, rng.random())]
            if recipient == provider:
                recipient = rng.choice(everyone)
            if recipient == provider:
                continue
            pool = holdings[provider] + received.get(provider, [])[-20:]
            covered = sorted(set(rng.sample(pool, min(len(pool), rng.randint(1, 2)))))
            received.setdefault(recipient, []).extend(covered)
            parties_of = [
                {"party": provider, "role": "provider"},
                {"party": recipient, "role": "recipient"},
            ]
            kind = rng.choice(KINDS_OF_AGREEMENT)
            if kind == "network_access":
                parties_of.append({"party": "network-0", "role": "intermediary"})
            start = _date(rng, 2008, 2025)
            status = [{"date": start, "status": "active", **_cite(rng, sources)}]
            roll = rng.random()
            if roll < 0.25:
                end_year = min(2026, int(start[:4]) + rng.randint(0, 4))
                later = max(start, f"{end_year:04d}-{rng.randint(1, 12):02d}-15")
                status.append(
                    {
                        "date": later,
                        "status": rng.choice(
                            ["enjoined", "rescinded", "suspended", "terminated", "limited"]
                        ),
                        **_cite(rng, sources),
                    }
                )
            record = {
                "id": f"ag-{i}",
                "name": f"Agreement {i}",
                "kind": kind,
                "parties": parties_of,
                "datasets": covered,
                "signed": start,
                "status": status,
                **_cite(rng, sources),
            }
            if rng.random() < 0.3:
                record["amounts"] = [
                    {
                        "value": round(rng.paretovariate(1.3) * 50_000, 2),
                        "currency": "USD",
                        "kind": "total_value",
                        **_cite(rng, sources),
                    }
                ]
            writer.write("agreements", record)
    finally:
        writer.close()
    return dict(writer.counts)


def _cumulative(n: int, alpha: float) -> list[float]:
    weights = [1.0 / (i + 1) ** alpha for i in range(n)]
    total = sum(weights)
    out, running = [], 0.0
    for w in weights:
        running += w / total
        out.append(running)
    out[-1] = 1.0
    return out


#: The largest synthetic graph: about 100M relationships.
MAX_SIZE = 100_000_000


def iter_sizes(spec: str) -> Iterator[int]:
    """``"10k,100k,1M"`` -> 10000, 100000, 1000000.

    Raises GraphkitError (argument ``relationships``) for anything else.

    Example:
        >>> list(iter_sizes("10k, 1.5M"))
        [10000, 1500000]
    """
    for raw in spec.split(","):
        part = raw.strip().lower()
        factor = {"k": 1_000, "m": 1_000_000}.get(part[-1:], 1)
        try:
            size = int(float(part.rstrip("km")) * factor)
        except (ValueError, OverflowError):
            size = -1
        if not 1_000 <= size <= MAX_SIZE:
            raise GraphkitError(
                f"relationships {raw.strip()!r} is not a size from 1k to 100M; "
                "write e.g. 10k, 100k or 1M",
                "relationships",
            )
        yield size
