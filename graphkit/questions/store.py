"""The store protocol: the few primitives a backend runs where its data is.

:class:`~graphkit.questions.graph.Questions` turns these into answers: it resolves
names, orders and caps paths, applies the safety ceiling and explains each hop.
A store only finds: paths along flows that carry on a date, records by id, names.
Because ordering, capping and explaining live in one place, two stores that find
the same paths give identical answers.

Example:
    >>> from graphkit.backends.memory import MemoryStore
    >>> from graphkit.ingest.validation import load_seeds
    >>> isinstance(MemoryStore(load_seeds()), Store)
    True
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

from graphkit.model.schema import Entity, Source
from graphkit.questions.order import RawHop, RawPath, path_key
from graphkit.questions.results import SearchHit, Stats

Record = Source | Entity
#: (from, to, relationship type, agreement id for FLOWS else None)
RawEdge = tuple[str, str, str, str | None]


@runtime_checkable
class Store(Protocol):
    """What a backend supplies. Ids are strings; days are ISO dates (``YYYY-MM-DD``)."""

    name: str

    def provenance(self, strict: bool = True) -> str:
        """Which data answers: the seeds read (memory), the load (Neo4j). With ``strict``,
        raise a :class:`~graphkit.errors.GraphkitError` when that data is known to be
        partial (a load that did not finish); ``stats`` passes False to answer anyway."""
        ...

    def records(self, ids: Iterable[str]) -> dict[str, Record]:
        """The records with these ids (unknown ids are left out)."""
        ...

    def match_names(self, text: str) -> list[str]:
        """Ids whose name or an alias equals ``text``, ignoring case."""
        ...

    def search(self, text: str, limit: int) -> list[SearchHit]:
        """Entities whose id, name or alias contains ``text``, best matches first."""
        ...

    def derived_closures(self, dataset_ids: list[str]) -> dict[str, dict[str, tuple[str, ...]]]:
        """For each dataset: itself and every dataset derived from it, each with the
        shortest (then smallest) derivation chain from it."""
        ...

    def reach_paths(
        self,
        closure: dict[str, tuple[str, ...]],
        day: str,
        max_hops: int,
        targets: set[str] | None,
        limit: int | None = None,
    ) -> list[RawPath]:
        """Paths from each dataset's custodian along flows that carry it on ``day``: for each
        party and dataset at least the first ``limit`` in :func:`path_key` order (or all)."""
        ...

    def datasets_reaching(self, parties: list[str], day: str, max_hops: int) -> set[str]:
        """Datasets that reach ``parties`` within ``max_hops`` along flows carrying them on
        ``day``, or that they hold, with their ancestors. Both stores give exactly these (a
        superset would give the same answers, only slower: each is searched from)."""
        ...

    def held_by(self, parties: list[str]) -> list[str]:
        """Datasets whose custodian is one of ``parties``."""
        ...

    def party_paths(
        self,
        source: str,
        target: str,
        day: str | None,
        max_hops: int,
        datasets: list[str] | None,
        limit: int | None,
    ) -> list[tuple[RawHop, ...]]:
        """Chains of flows carrying on ``day`` (on any date when None) from ``source`` to
        ``target``, each hop naming one of ``datasets`` (any, when None): at least the
        first ``limit`` in :func:`path_key` order (or all)."""
        ...

    def data_ids(self, kind: str) -> list[str]:
        """Every id of one kind (``dataset``, ``agreement``, ``agency``...), sorted."""
        ...

    def agreements_covering(self, dataset_ids: list[str]) -> list[str]:
        """Agreements that name any of these datasets, sorted by id."""
        ...

    def agreements_to(self, parties: list[str]) -> list[str]:
        """Agreements that name any of these parties as recipient, sorted by id."""
        ...

    def components(self, party_id: str) -> list[str]:
        """The party and every party below it through ``parent``, sorted by id."""
        ...

    def related(self, ident: str) -> set[str]:
        """Ids directly linked to an entity (parties, datasets, agreements, parent...)."""
        ...

    def citing(self, source_id: str) -> dict[str, Record]:
        """Every record that cites the source anywhere (itself, a claim, a status event,
        an amount, its last evidence or term end), by id."""
        ...

    def origin(self, ident: str) -> dict[str, Any] | None:
        """Where the record was read, when known: ``{"file":..., "line":...}``."""
        ...

    def neighbourhood(self, center: str | None, depth: int) -> tuple[set[str], list[RawEdge]]:
        """Party and dataset ids within ``depth`` links of ``center`` (all when None), and the
        edges among them. Links are flows, custody, derivation and parent, either way; an
        agreement as center starts from its parties and datasets."""
        ...

    def stats(self, day: str) -> Stats:
        """Counts by kind and status on ``day``, claims without a source, dates covered."""
        ...

    def close(self) -> None:
        """Release what the store holds (a driver, a connection pool)."""
        ...


__all__ = ["RawEdge", "RawHop", "RawPath", "Record", "Store", "path_key"]
