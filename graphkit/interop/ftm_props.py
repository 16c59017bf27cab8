"""What a FollowTheMoney import keeps of each entity, and the file as a source.

Each schema's properties that a graphkit field holds are listed in :data:`KEPT`; the
import reports every other one it meets, once, with the number of entities that had it
(FtM's ``jurisdiction``, ``keywords``, ``legalForm``... have no graphkit field).
``weakAlias`` values are kept as aliases and the first ``website`` as the party's.

A file published whole (an OpenSanctions dataset) gives no source per entity: it is
cited itself, through :class:`FileCitation`.

Example:
    >>> FileCitation("EU authorities", "OpenSanctions", "https://example.org/x.json",
    ...     "2026-01-02").record()["id"]
    'src-eu-authorities'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphkit.interop.seedout import slug

#: What every entity's import keeps: names, description, sources, the graphkit note.
_ENTITY = frozenset(
    ("name", "alias", "weakAlias", "description", "proof", "sourceUrl", "publisher", "notes")
)
_PARTY = _ENTITY | {"parent", "website", "uniqueEntityId", "dunsCode", "cageCode", "wikidataId"}
#: The FtM properties each schema's import keeps; any other is dropped and reported.
KEPT: dict[str, frozenset[str]] = {
    "Article": frozenset(
        ("title", "name", "publisher", "publishedAt", "sourceUrl", "description", "notes")
    ),
    "PublicBody": _PARTY,
    "Company": _PARTY,
    "Organization": _PARTY,
    "Table": _ENTITY | {"keywords"},
    "Contract": _ENTITY
    | {"title", "contractDate", "status", "amount", "currency", "authority", "type"},
    "ContractAward": frozenset(("contract", "supplier", "role", "startDate", "endDate")),
    "Documentation": frozenset(("document", "entity", "role")),
}


@dataclass(frozen=True)
class FileCitation:
    """The file itself as the source of entities that cite none of their own (a dataset
    published whole, as OpenSanctions' are): its title, publisher, address and the day
    it was retrieved, given once (``graphkit import ftm --source-...``)."""

    title: str
    publisher: str
    url: str
    retrieved: str | None = None

    def record(self) -> dict[str, Any]:
        when = f", retrieved {self.retrieved}" if self.retrieved else ""
        return {
            "id": f"src-{slug(self.title, 50)}",
            "publisher": self.publisher,
            "title": self.title,
            "url": self.url,
            "note": (
                f"The imported file as a whole{when}: its entities cite no source of their "
                "own, so each is cited to it (graphkit import ftm --source-title ...)."
            ),
        }


def cite_file(record: dict[str, Any], source: str) -> None:
    """Cite the file for a record (and its identifiers) that cites nothing of its own."""
    if not record.get("sources"):
        record["sources"] = [source]
    for ident in record.get("identifiers", []):
        if not ident.get("sources"):
            ident["sources"] = list(record["sources"])
