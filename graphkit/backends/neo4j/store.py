"""The Neo4j store: every question's primitives run as Cypher inside the database.

Records come back exactly as loaded (each node keeps its validated record as JSON),
so :class:`~graphkit.questions.graph.Questions` explains answers identically on both
backends. Every statement is in :mod:`graphkit.backends.neo4j.queries`.

Example (needs a running Neo4j loaded with ``graphkit load``):
    >>> g = Graph(Neo4jStore.connect())                        # doctest: +SKIP
    >>> g.reach("irs-taxpayer-addresses", as_of="2025-08-01").results[0].party.id  # doctest: +SKIP
    'ice'
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from typing import Any

from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.client import Failure, Neo4jClient, query_failed
from graphkit.backends.neo4j.connection import connect_driver, public_uri, settings
from graphkit.backends.neo4j.cypher_text import shell_script
from graphkit.backends.neo4j.load.state import Holder, LoadState
from graphkit.errors import GraphkitError, LimitError, Neo4jError
from graphkit.evidence.grade import EVIDENCE_LEVELS
from graphkit.model.schema import KINDS, Dataset
from graphkit.questions.explain import sources_in
from graphkit.questions.order import derived_holding
from graphkit.questions.results import SearchHit, Stats
from graphkit.questions.search import rank_search
from graphkit.questions.store import RawEdge, RawHop, RawPath, Record

_MODELS = {label: model for model, label in KINDS.values()}

#: Seconds one query of a question may run before the server stops it.
DEFAULT_TIMEOUT = 60.0
TIMEOUT_ENV = "GRAPHKIT_NEO4J_TIMEOUT"


class Neo4jStore:
    """Primitives answered by Cypher in a Neo4j database loaded with ``graphkit load``."""

    name = "neo4j"

    def __init__(
        self,
        driver: Any,
        database: str,
        show_cypher: bool = False,
        timeout: float | None = None,
    ) -> None:
        """``timeout``: seconds each query may run before the server stops it (default
        ``$GRAPHKIT_NEO4J_TIMEOUT``, else 60)."""
        self.client = Neo4jClient(driver, database)
        self.driver = driver
        self.database = database
        self.show_cypher = show_cypher
        self.timeout = _timeout(timeout)
        self._cache: dict[str, Record] = {}
        self._load: tuple[str, ...] = ()  # the load the cache holds records of

    @classmethod
    def connect(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        show_cypher: bool = False,
        timeout: float | None = None,
    ) -> Neo4jStore:
        """Connect with the given settings or ``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD``/
        ``NEO4J_DATABASE``; fail with a clear message when the graph was never loaded.
        ``timeout``: seconds each query may run (default ``$GRAPHKIT_NEO4J_TIMEOUT``, else 60)."""
        limit = _timeout(timeout)  # a bad setting fails before connecting
        driver, db = connect_driver(uri, user, password, database)
        backend = cls(driver, db, show_cypher, limit)
        state = backend.load_state()
        if not state.exists:
            driver.close()
            holder = Holder.of(state)
            raise Neo4jError(
                f"Neo4j at {public_uri(str(settings(uri)['uri']))} holds no graphkit data yet. "
                + (
                    f"A first load is running ({holder.name}): ask again once it has finished."
                    if holder is not None and not holder.stale()
                    else "Run `graphkit load` first."
                )
            )
        return backend

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()

    def run(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run a read query with parameters; print it first with ``show_cypher``.

        The server stops it after ``self.timeout`` seconds (a :class:`LimitError`)."""
        if self.show_cypher:
            print(f"// graphkit query ({self.database})", file=sys.stderr)
            print(shell_script(query, params) + "\n", file=sys.stderr)
        with self.client.errors(self._failed, chain=True):
            return self.client.read(query, params, self.timeout)

    def _failed(self, failure: Failure) -> GraphkitError:
        if failure.kind == "timeout":
            return LimitError(
                f"the question took longer than {self.timeout:g} s on Neo4j and was "
                "stopped. Narrow it: lower max_hops or max_paths (--max-hops, "
                f"--max-paths), or allow more time with {TIMEOUT_ENV}=SECONDS."
            )
        return query_failed(failure)

    def meta(self) -> dict[str, Any] | None:
        """What the last ``graphkit load`` recorded, or None when nothing was loaded."""
        state = self.load_state()
        return dict(state.properties) if state.exists else None

    def load_state(self) -> LoadState:
        """The state of the last load into the database (read from its meta node)."""
        return LoadState.read(self.run)

    def unfinished(self, meta: dict[str, Any] | None = None) -> str | None:
        """Why answers would be partial: the last load into the database did not finish
        (it is running, was killed, or stopped on an error). None when it finished."""
        state = self.load_state() if meta is None else LoadState.from_meta(meta)
        return state.unfinished(self.database)

    # -------------------------------------------------------------- primitives
    def provenance(self, strict: bool = True) -> str:
        """Which load answers. Called as each question starts: when the database was
        loaded again since the last question, the record cache is cleared.

        With ``strict`` (every question but ``stats``), a load that did not finish is
        refused with :class:`~graphkit.errors.Neo4jError`: its answers would be partial.
        """
        meta = self.meta() or {}
        load = tuple(str(meta.get(k)) for k in ("data_version", "status", "finished", "started"))
        if load != self._load:
            self._cache.clear()
            self._load = load
        refusal = self.unfinished(meta) if strict else None
        if refusal:
            raise Neo4jError(refusal)
        return (
            f"data: Neo4j database {self.database!r}, loaded data version "
            f"{meta.get('data_version', '?')} ({meta.get('status', 'never loaded')})"
        )

    def records(self, ids: Iterable[str]) -> dict[str, Record]:
        wanted = [i for i in dict.fromkeys(ids) if i not in self._cache]
        if wanted:
            for row in self.run(q.RECORDS, ids=wanted):
                self._cache[row["id"]] = _record(row)
        return {i: self._cache[i] for i in dict.fromkeys(ids) if i in self._cache}

    def match_names(self, text: str) -> list[str]:
        return [row["id"] for row in self.run(q.MATCH_NAMES, text=text.strip().casefold())]

    def search(self, text: str, limit: int) -> list[SearchHit]:
        needle = text.strip().casefold()
        rows = self.run(q.SEARCH, text=needle)
        return rank_search(
            needle, ((r["id"], r["kind"], r["name"], r["aliases"]) for r in rows), limit
        )

    def derived_closures(self, dataset_ids: list[str]) -> dict[str, dict[str, tuple[str, ...]]]:
        # One query for all; each derived dataset keeps its shortest, then smallest, chain.
        out: dict[str, dict[str, tuple[str, ...]]] = {d: {} for d in dataset_ids}
        for row in self.run(q.DERIVED_MANY, ids=list(dataset_ids)):
            chains = out[row["root"]]
            chain = tuple(row["chain"])
            current = chains.get(row["id"])
            if current is None or (len(chain), chain) < (len(current), current):
                chains[row["id"]] = chain
        return out

    def reach_paths(
        self,
        closure: dict[str, tuple[str, ...]],
        day: str,
        max_hops: int,
        targets: set[str] | None,
        limit: int | None = None,
    ) -> list[RawPath]:
        """Whole groups of shortest paths per party, group after group, until each party has
        ``limit`` simple paths or no longer ones exist (Cypher's SHORTEST k GROUPS)."""
        records = self.records(closure)
        out: list[RawPath] = []
        items = []
        for dataset in sorted(closure):
            record = records[dataset]
            assert isinstance(record, Dataset)
            origin = record.custodian
            chain = closure[dataset]
            held = derived_holding(dataset, chain, origin, targets)
            out += [held] if held else []
            items.append(
                {
                    "dataset": dataset,
                    "origin": origin,
                    "targets": sorted(targets) if targets is not None else None,
                }
            )
        found: dict[tuple[str, str], list[tuple[RawHop, ...]]] = {}
        for groups in range(1, max_hops + 1):
            query = q.reach_groups_query(groups, max_hops, bound=targets is not None)
            rows = self.run(query, items=items, day=day)
            lengths: dict[tuple[str, str], set[int]] = {}
            batch: dict[tuple[str, str], list[tuple[RawHop, ...]]] = {}
            for row in rows:
                key = (row["dataset"], row["party"])
                lengths.setdefault(key, set()).add(row["length"])
                batch.setdefault(key, [])
                if row["simple"]:
                    batch[key].append(tuple((a, s, t) for a, s, t in row["hops"]))
            found.update(batch)
            pending: dict[str, list[str]] = {}
            for key, paths in batch.items():
                if (limit is None or len(paths) < limit) and len(lengths[key]) == groups:
                    pending.setdefault(key[0], []).append(key[1])
            if not pending:
                break
            origins = {item["dataset"]: item["origin"] for item in items}
            items = [
                {"dataset": d, "origin": origins[d], "targets": sorted(parties)}
                for d, parties in sorted(pending.items())
            ]
        for (dataset, _party), paths in sorted(found.items()):
            out.extend((dataset, closure[dataset], hops) for hops in paths)
        return out

    def datasets_reaching(self, parties: list[str], day: str, max_hops: int) -> set[str]:
        """Exactly the datasets that reach ``parties`` or are held by them, and their
        ancestors: a backward search over (party, dataset) pairs, one query a hop."""
        found, seen = set(self.held_by(parties)), set[tuple[str, str]]()
        layer: list[dict[str, Any]] = [{"party": p, "datasets": None} for p in sorted(parties)]
        for _ in range(max_hops):
            nxt: dict[str, set[str]] = {}
            for row in self.run(q.UPSTREAM, layer=layer, parties=sorted(parties), day=day):
                if row["holds"]:  # its custodian is reached: the dataset is not followed on
                    found.add(row["dataset"])
                elif (row["party"], row["dataset"]) not in seen:
                    seen.add((row["party"], row["dataset"]))
                    nxt.setdefault(row["party"], set()).add(row["dataset"])
            layer = [{"party": p, "datasets": sorted(d - found)} for p, d in sorted(nxt.items())]
            if not (layer := [s for s in layer if s["datasets"]]):
                break
        return set(self.run(q.ANCESTORS, ids=sorted(found))[0]["ids"]) if found else found

    def held_by(self, parties: list[str]) -> list[str]:
        return [row["id"] for row in self.run(q.HELD_BY, parties=parties)]

    def party_paths(
        self,
        source: str,
        target: str,
        day: str | None,
        max_hops: int,
        datasets: list[str] | None,
        limit: int | None,
    ) -> list[tuple[RawHop, ...]]:
        paths: list[tuple[RawHop, ...]] = []
        for groups in range(1, max_hops + 1):
            rows = self.run(
                q.party_groups_query(groups, max_hops),
                source=source,
                target=target,
                day=day,
                datasets=datasets,
            )
            paths = [tuple((a, s, t) for a, s, t in r["hops"]) for r in rows if r["simple"]]
            done = limit is not None and len(paths) >= limit
            if done or len({r["length"] for r in rows}) < groups:
                break
        return paths

    def data_ids(self, kind: str) -> list[str]:
        return [row["id"] for row in self.run(q.IDS_OF_KIND, kind=kind)]

    def agreements_covering(self, dataset_ids: list[str]) -> list[str]:
        return [row["id"] for row in self.run(q.AGREEMENTS_COVERING, ids=dataset_ids)]

    def agreements_to(self, parties: list[str]) -> list[str]:
        return [row["id"] for row in self.run(q.AGREEMENTS_TO, parties=parties)]

    def components(self, party_id: str) -> list[str]:
        return [row["id"] for row in self.run(q.COMPONENTS, id=party_id)]

    def related(self, ident: str) -> set[str]:
        rows = self.run(q.RELATED, id=ident)
        return set(rows[0]["ids"]) if rows else set()

    def citing(self, source_id: str) -> dict[str, Record]:
        quoted = json.dumps(source_id)
        ids = [row["id"] for row in self.run(q.CITING, quoted=quoted)]
        return {i: r for i, r in self.records(ids).items() if source_id in sources_in(r)}

    def origin(self, ident: str) -> dict[str, Any] | None:
        rows = self.run(q.ORIGIN, id=ident)
        if not rows or rows[0]["file"] is None:
            return None
        return {"file": rows[0]["file"], "line": rows[0]["line"]}

    def neighbourhood(self, center: str | None, depth: int) -> tuple[set[str], list[RawEdge]]:
        if center is None:
            nodes = set(self.run(q.VIEW_ALL)[0]["ids"])
        else:
            start = self.run(q.VIEW_START, id=center)[0]
            layer = set(start["ids"]) if start["label"] == "Agreement" else {center}
            nodes = set(layer)
            for _ in range(depth):
                found = set(self.run(q.VIEW_LAYER, layer=sorted(layer))[0]["ids"])
                layer = found - nodes
                nodes |= layer
                if not layer:
                    break
        rows = self.run(q.VIEW_EDGES, ids=sorted(nodes))
        edges = [
            (r["source"], r["target"], r["type"], r["agreement"] if r["type"] == "FLOWS" else None)
            for r in rows
        ]
        return nodes, edges

    def stats(self, day: str) -> Stats:
        counts_rows = {r["label"]: r for r in self.run(q.STATS_COUNTS)}
        counts = {}
        claims = unsourced = 0
        for kind, (_model, lab) in KINDS.items():
            row = counts_rows.get(lab)
            counts[kind] = row["n"] if row else 0
            if row:
                claims += row["claims"] or 0
                unsourced += row["unsourced"] or 0
        dates = self.run(q.STATS_DATES)[0]
        on = {"day": day, **q.STATUS_PARAMS}  # the day, the registry's statuses
        meta = self.meta() or {}
        complete = meta.get("status") == "complete"
        return Stats(
            backend=self.name,
            as_of=day,
            counts=counts,
            flows=self.run(q.STATS_FLOWS)[0]["n"],
            agreements_by_kind={r["kind"]: r["n"] for r in self.run(q.STATS_KINDS)},
            agreements_by_status={r["status"]: r["n"] for r in self.run(q.STATS_BY_STATUS, **on)},
            agreements_by_evidence=_evidence_counts(
                {r["level"]: r["n"] for r in self.run(q.STATS_BY_EVIDENCE, **on)}
            ),
            claims=claims,
            claims_without_source=unsourced,
            date_range={"first": dates["first"], "last": dates["last"]} if dates["first"] else None,
            load_status=meta.get("status", "never loaded"),
            load_warning=None
            if complete
            else self.unfinished(meta)  # a running load: wait for it; a dead one: --break-lock
            or "nothing was loaded yet: run `graphkit load`.",
            load_data_version=meta.get("data_version"),
        )


def _timeout(timeout: float | None) -> float:
    """The query timeout in seconds: ``timeout``, else ``$GRAPHKIT_NEO4J_TIMEOUT``, else 60.

    Example:
        >>> _timeout(5)
        5.0
    """
    where, shown = "timeout", repr(timeout)
    if timeout is None:
        text = os.environ.get(TIMEOUT_ENV, "").strip()
        if not text:
            return DEFAULT_TIMEOUT
        where, shown = TIMEOUT_ENV, repr(text)
        try:
            timeout = float(text)
        except ValueError:
            timeout = 0.0
    if not 0 < timeout < float("inf"):
        raise Neo4jError(f"{where} must be a number of seconds above 0, got {shown}")
    return float(timeout)


def _evidence_counts(found: dict[str, int]) -> dict[str, int]:
    return {level: found.get(level, 0) for level in EVIDENCE_LEVELS}


def _record(row: dict[str, Any]) -> Record:
    """A node's stored record, validated again: one edited outside ``graphkit load`` that no
    longer validates is refused with a clear error, never used."""
    from pydantic import ValidationError

    model = _MODELS.get(row["label"])
    try:
        if model is None:
            raise ValueError(f"unknown label {row['label']!r}")
        return model.model_validate_json(row["record"] or "")  # type: ignore[return-value]
    except (ValidationError, ValueError) as exc:
        first = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        raise Neo4jError(
            f"the record {row['id']!r} in Neo4j no longer validates ({first}): it was changed "
            "outside graphkit. Run `graphkit load` again to restore it from the seeds."
        ) from None
