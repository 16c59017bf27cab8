"""What a load changed: :class:`LoadSummary`, the answer of every loader.

Example:
    >>> print(LoadSummary(created=2, relationships=1, data_version="abc"))
    created 2, updated 0, removed 0, unchanged 0 nodes; 1 relationships; data version abc
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class LoadSummary:
    """What a load changed."""

    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    relationships: int = 0
    #: In a reload that rebuilt only the relationships of changed records: how many
    #: (None: all of them were written).
    relationships_rebuilt: int | None = None
    data_version: str = ""
    mode: str = "transaction"
    by_kind: dict[str, int] = field(default_factory=dict)
    #: How a bulk load began: resumed an interrupted one, or started over (and why); why
    #: ``auto`` chose its mode.
    note: str = ""
    #: Seconds per step of an offline import (files, stop, import, start, finish).
    timings: dict[str, float] = field(default_factory=dict)

    def __str__(self) -> str:
        if self.mode == "import":
            steps = ", ".join(f"{k} {v:.1f} s" for k, v in self.timings.items())
            note = f"; {self.note}" if self.note else ""
            return (
                f"imported {self.created} nodes and {self.relationships} relationships with "
                f"Neo4j's offline importer ({steps}); data version {self.data_version}{note}"
            )
        if self.mode == "bulk":
            note = f" ({self.note})" if self.note else ""
            same = f" ({self.unchanged} unchanged, left as they were)" if self.unchanged else ""
            rels = f"{self.relationships} relationships"
            if self.relationships_rebuilt is not None:
                kept = self.relationships - self.relationships_rebuilt
                rels = f"{self.relationships_rebuilt} relationships ({kept} unchanged, kept)"
            return (
                f"wrote {self.created} nodes{same} and {rels} in batches, removed "
                f"{self.removed} nodes; data version {self.data_version}{note}"
            )
        return (
            f"created {self.created}, updated {self.updated}, removed {self.removed}, "
            f"unchanged {self.unchanged} nodes; {self.relationships} relationships; "
            f"data version {self.data_version}"
        )
