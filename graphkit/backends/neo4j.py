"""The Neo4j backend: every question runs as Cypher inside the database.

Records come back exactly as loaded (each node keeps its validated record as
JSON), so the shared code in :class:`~graphkit.backends.base.Backend` explains
answers identically on both backends.

Example (needs a running Neo4j loaded with ``graphkit load``):
    >>> g = Neo4jBackend.connect()                   # doctest: +SKIP
    >>> g.reach("irs-taxpayer-addresses", as_of="2025-08-01").results[0].party.id  # doctest: +SKIP
    'ice'
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from collections.abc import Iterable
from typing import Any

from graphkit import GraphkitError
from graphkit import cypher as q
from graphkit.backends.base import Backend, RawHop, RawPath, Record, rank_search
from graphkit.dates import parse_as_of
from graphkit.schema import KINDS, Dataset

DEFAULT_URI = "bolt://127.0.0.1:7687"
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
_MODELS = {label: model for model, label in KINDS.values()}


class Neo4jError(GraphkitError):
    """Neo4j cannot be reached, refuses the credentials, or holds no graphkit data."""


def settings(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> dict[str, str | None]:
    """Connection settings from the arguments, else the environment, else defaults."""
    return {
        "uri": uri or os.environ.get("NEO4J_URI") or DEFAULT_URI,
        "user": user or os.environ.get("NEO4J_USER") or "neo4j",
        "password": password if password is not None else os.environ.get("NEO4J_PASSWORD"),
        "database": database or os.environ.get("NEO4J_DATABASE") or "neo4j",
    }


def public_uri(uri: str) -> str:
    """The URI as it may be shown: any ``user:password@`` part is masked.

    Example:
        >>> public_uri("bolt://neo4j:s3cret@db.example:7687")
        'bolt://***@db.example:7687'
    """
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@", r"\1***@", uri)


def connect_driver(
    uri: str | None = None,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> tuple[Any, str]:
    """A verified neo4j driver and the database name. Errors name the URI, never the password."""
    import neo4j

    conf = settings(uri, user, password, database)
    address = str(conf["uri"])
    where = public_uri(address)
    if not conf["password"]:
        raise Neo4jError(f"no password for Neo4j at {where}: set NEO4J_PASSWORD (or --password).")
    scheme, _sep, rest = address.partition("://")
    if scheme.lower() not in BOLT_SCHEMES:
        raise Neo4jError(
            f"bad Neo4j URI {where!r}: graphkit talks Bolt; use e.g. {DEFAULT_URI} "
            f"(schemes: {', '.join(BOLT_SCHEMES)})."
        )
    if "@" in rest.partition("/")[0]:
        raise Neo4jError(
            f"bad Neo4j URI {where!r}: put the user and password in NEO4J_USER and "
            "NEO4J_PASSWORD, not in the URI."
        )
    driver = None
    try:
        driver = neo4j.GraphDatabase.driver(
            address,
            auth=(str(conf["user"]), str(conf["password"])),
            connection_timeout=10,
            # The server's hints (an unknown label in an empty database...) are not
            # for graphkit's users: without this the driver logs them to stderr.
            notifications_min_severity="OFF",
        )
        driver.verify_connectivity()
        # verify_connectivity does not check the database: a missing one would only
        # fail later, in the middle of a command.
        driver.execute_query("RETURN 1", database_=str(conf["database"]))
    except Exception as exc:
        if driver is not None:
            driver.close()
        raise _connection_error(exc, where, conf) from None
    return driver, str(conf["database"])


def _connection_error(exc: Exception, where: str, conf: dict[str, str | None]) -> Exception:
    """A clear message for a failure to connect (never the password), or ``exc`` itself."""
    from neo4j import exceptions

    if isinstance(exc, exceptions.AuthError):
        return Neo4jError(
            f"Neo4j at {where} refused the credentials of user {conf['user']!r}. "
            "Check NEO4J_USER and NEO4J_PASSWORD."
        )
    if isinstance(exc, exceptions.ServiceUnavailable | OSError):
        return Neo4jError(
            f"cannot reach Neo4j at {where} ({type(exc).__name__}). Start it with "
            "`graphkit neo4j start` (or `docker compose up -d --wait`), or set NEO4J_URI."
        )
    if isinstance(exc, exceptions.ClientError) and "DatabaseNotFound" in (exc.code or ""):
        return Neo4jError(
            f"Neo4j at {where} has no database {conf['database']!r}. Set NEO4J_DATABASE "
            "(or --database) to an existing one; Community edition has only 'neo4j'."
        )
    if isinstance(exc, exceptions.Neo4jError):
        return Neo4jError(f"Neo4j at {where} refused the connection: {exc.message}")
    if isinstance(exc, exceptions.ConfigurationError | ValueError):
        text = str(exc).replace(str(conf["uri"]), where).replace(str(conf["password"]), "***")
        return Neo4jError(f"bad Neo4j URI {where!r}: {text} Use e.g. {DEFAULT_URI}.")
    return exc


class Neo4jBackend(Backend):
    """Questions answered by Cypher in a Neo4j database loaded with ``graphkit load``."""

    name = "neo4j"

    def __init__(self, driver: Any, database: str, show_cypher: bool = False) -> None:
        self.driver = driver
        self.database = database
        self.show_cypher = show_cypher
        self._cache: dict[str, Record] = {}

    @classmethod
    def connect(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        show_cypher: bool = False,
    ) -> Neo4jBackend:
        """Connect with the given settings or ``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD``/
        ``NEO4J_DATABASE``; fail with a clear message when the graph was never loaded."""
        driver, db = connect_driver(uri, user, password, database)
        backend = cls(driver, db, show_cypher)
        if backend.meta() is None:
            driver.close()
            raise Neo4jError(
                f"Neo4j at {public_uri(str(settings(uri)['uri']))} holds no graphkit data yet. "
                "Run `graphkit load` first."
            )
        return backend

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()

    def run(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run a read query with parameters; print it first with ``show_cypher``."""
        import neo4j
        from neo4j import exceptions

        if self.show_cypher:
            print(f"// graphkit query ({self.database})", file=sys.stderr)
            print(q.shell_script(query, params) + "\n", file=sys.stderr)
        try:
            records, _summary, _keys = self.driver.execute_query(
                query,
                params,
                database_=self.database,
                routing_=neo4j.RoutingControl.READ,
            )
        except (exceptions.Neo4jError, exceptions.DriverError, OSError) as exc:
            raise Neo4jError(
                f"Neo4j query failed ({type(exc).__name__}): {getattr(exc, 'message', None) or exc}"
            ) from exc
        return [record.data() for record in records]

    def meta(self) -> dict[str, Any] | None:
        """What the last ``graphkit load`` recorded, or None when nothing was loaded."""
        rows = self.run(q.META)
        return rows[0]["meta"] if rows else None

    # -------------------------------------------------------------- primitives
    def provenance(self) -> str:
        meta = self.meta() or {}
        return (
            f"data: Neo4j database {self.database!r}, loaded data version "
            f"{meta.get('data_version', '?')} ({meta.get('status', 'never loaded')})"
        )

    def records(self, ids: Iterable[str]) -> dict[str, Record]:
        wanted = [i for i in dict.fromkeys(ids) if i not in self._cache]
        if wanted:
            for row in self.run(q.RECORDS, ids=wanted):
                model = _MODELS[row["label"]]
                self._cache[row["id"]] = model.model_validate_json(row["record"])  # type: ignore[assignment]
        return {i: self._cache[i] for i in dict.fromkeys(ids) if i in self._cache}

    def match_names(self, text: str) -> list[str]:
        return [row["id"] for row in self.run(q.MATCH_NAMES, text=text.strip().casefold())]

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        needle = text.strip().casefold()
        if not needle:
            return []
        rows = self.run(q.SEARCH, text=needle)
        return rank_search(
            needle, ((r["id"], r["kind"], r["name"], r["aliases"]) for r in rows), limit
        )

    def derived_closure(self, dataset_id: str) -> dict[str, tuple[str, ...]]:
        return self.derived_closures([dataset_id])[dataset_id]

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
            if len(chain) > 1 and (targets is None or origin in targets):
                out.append((dataset, chain, ()))
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
        found: set[str] = set(self.held_by(parties))
        seen = set(parties)
        layer = list(parties)
        for _ in range(max_hops):
            if not layer:
                break
            row = self.run(q.UPSTREAM, layer=sorted(layer), day=day)[0]
            for datasets in row["datasets"]:
                found.update(datasets)
            layer = [p for p in row["parties"] if p not in seen]
            seen.update(layer)
        if not found:
            return found
        return set(self.run(q.ANCESTORS, ids=sorted(found))[0]["ids"])

    def held_by(self, parties: list[str]) -> list[str]:
        return [row["id"] for row in self.run(q.HELD_BY, parties=parties)]

    def party_paths(
        self,
        source: str,
        target: str,
        day: str,
        max_hops: int,
        dataset: str | None,
        limit: int,
    ) -> list[tuple[RawHop, ...]]:
        paths: list[tuple[RawHop, ...]] = []
        for groups in range(1, max_hops + 1):
            rows = self.run(
                q.party_groups_query(groups, max_hops),
                source=source,
                target=target,
                day=day,
                dataset=dataset,
            )
            paths = [tuple((a, s, t) for a, s, t in r["hops"]) for r in rows if r["simple"]]
            if len(paths) >= limit or len({r["length"] for r in rows}) < groups:
                break
        return paths

    def components(self, party_id: str) -> list[str]:
        return [row["id"] for row in self.run(q.COMPONENTS, id=party_id)]

    def related(self, ident: str) -> set[str]:
        rows = self.run(q.RELATED, id=ident)
        return set(rows[0]["ids"]) if rows else set()

    def origin(self, ident: str) -> dict[str, Any] | None:
        rows = self.run(q.ORIGIN, id=ident)
        if not rows or rows[0]["file"] is None:
            return None
        return {"file": rows[0]["file"], "line": rows[0]["line"]}

    def neighbourhood(
        self, center: str | None, depth: int
    ) -> tuple[set[str], list[tuple[str, str, str, str | None]]]:
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

    def stats(self, as_of: str | dt.date | None = None) -> dict[str, Any]:
        day = parse_as_of(as_of)
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
        meta = self.meta() or {}
        out: dict[str, Any] = {
            "backend": self.name,
            "as_of": day.isoformat(),
            "counts": counts,
            "flows": self.run(q.STATS_FLOWS)[0]["n"],
            "agreements_by_kind": {r["kind"]: r["n"] for r in self.run(q.STATS_KINDS)},
            "agreements_by_status": {
                r["status"]: r["n"] for r in self.run(q.STATS_BY_STATUS, day=day.isoformat())
            },
            "claims": claims,
            "claims_without_source": unsourced,
            "date_range": {"first": dates["first"], "last": dates["last"]}
            if dates["first"]
            else None,
        }
        out["load_status"] = meta.get("status", "never loaded")
        if meta.get("status") != "complete":
            out["load_warning"] = (
                "the last load did not finish; the data may be incomplete. Run `graphkit load` "
                "again to complete it."
            )
        if meta.get("data_version"):
            out["load_data_version"] = meta["data_version"]
        return out
