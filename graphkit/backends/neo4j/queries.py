"""Every Cypher statement graphkit runs, in one place: reads, writes and schema, as
constants or small builders, with ``$parameters``.

Values always travel as parameters. Labels and relationship types cannot be
parameters in Cypher, so they come only from the schema's allow-lists through
:func:`label` and :func:`rel_type`, which refuse anything else. The one number
written into a query, a hop limit, is checked to be a small int first.

Example:
    >>> label("Agency")
    '`Agency`'
    >>> label("Agency`) DETACH DELETE n //")
    Traceback (most recent call last):
    ...
    ValueError: 'Agency`) DETACH DELETE n //' is not a graphkit label
"""

from __future__ import annotations

from graphkit.model.registry import APART_STATES, CARRYING_STATUSES, DRAWN_LABELS
from graphkit.model.schema import LABELS, PARTY_LABELS, REL_TYPES

#: Stands for "no end" in carry windows stored in Neo4j (Cypher compares strings).
OPEN_END = "9999-12-31"


def label(name: str) -> str:
    """A node label from the allow-list, backtick-quoted; anything else is refused."""
    if name not in LABELS:
        raise ValueError(f"{name!r} is not a graphkit label")
    return f"`{name}`"


def rel_type(name: str) -> str:
    """A relationship type from the allow-list, backtick-quoted; anything else is refused."""
    if name not in REL_TYPES:
        raise ValueError(f"{name!r} is not a graphkit relationship type")
    return f"`{name}`"


def hops(max_hops: int) -> int:
    """A hop limit that is safe to write into a query."""
    if not isinstance(max_hops, int) or isinstance(max_hops, bool) or not 0 <= max_hops <= 12:
        raise ValueError(f"hop limit {max_hops!r} must be an int from 0 to 12")
    return max_hops


# A relationship ``r`` carries on $day: one of its windows holds the day.
CARRIES = (
    "any(i IN range(0, coalesce(size({r}.carry_from), 0) - 1) "
    "WHERE {r}.carry_from[i] <= $day AND $day < {r}.carry_until[i])"
)
# No party twice on a path.
SIMPLE = "all(n IN nodes(p) WHERE single(m IN nodes(p) WHERE m = n))"


def reach_groups_query(groups: int, max_hops: int, bound: bool = False) -> str:
    """For each item {dataset, origin, targets}, the paths of the ``groups`` shortest lengths
    from the origin to each party (or each of ``targets``) along FLOWS carrying the dataset
    on $day. Selection is per (origin, party) pair, so each party gets whole length groups.

    With ``bound``, every item names its targets and each target is matched first, so
    both ends of the search are bound (Neo4j then searches from both sides at once).
    """
    if bound:
        start = (
            "UNWIND $items AS item\n"
            "UNWIND item.targets AS target\n"
            "MATCH (c:`Party` {id: item.origin}), (x:`Party` {id: target})\n"
        )
        end = "(x)"
    else:
        start = "UNWIND $items AS item\nMATCH (c:`Party` {id: item.origin})\n"
        end = "(x:`Party` WHERE item.targets IS NULL OR x.id IN item.targets)"
    return (
        start + f"MATCH p = SHORTEST {hops(groups)} GROUPS (c)(()-[r:`FLOWS`]->()\n"
        f"    WHERE item.dataset IN r.datasets AND {CARRIES.format(r='r')}"
        f"){{1,{hops(max_hops)}}}\n"
        f"  {end}\n"
        f"RETURN item.dataset AS dataset, x.id AS party, length(p) AS length, {SIMPLE} AS simple,\n"
        "       [r IN relationships(p) | [r.agreement, startNode(r).id, endNode(r).id]] AS hops"
    )


def party_groups_query(groups: int, max_hops: int) -> str:
    """Paths of the ``groups`` shortest lengths from $source to $target along FLOWS carrying
    on $day (null: any flow, on any date; $datasets: null, or datasets of which every hop
    carries one)."""
    return (
        "MATCH (a:`Party` {id: $source}), (b:`Party` {id: $target})\n"
        f"MATCH p = SHORTEST {hops(groups)} GROUPS (a)(()-[r:`FLOWS`]->()\n"
        f"    WHERE ($day IS NULL OR {CARRIES.format(r='r')})"
        " AND ($datasets IS NULL OR any(d IN r.datasets WHERE d IN $datasets))"
        f"){{1,{hops(max_hops)}}}(b)\n"
        f"RETURN length(p) AS length, {SIMPLE} AS simple,\n"
        "       [r IN relationships(p) | [r.agreement, startNode(r).id, endNode(r).id]] AS hops"
    )


# One step of a backward search over (party, dataset) pairs: for each {party, datasets}
# (datasets null: any), the parties outside $parties with a flow into it carrying one of
# those datasets on $day; ``holds``: the party is that dataset's custodian.
UPSTREAM = (
    "UNWIND $layer AS s\n"
    "MATCH (y:`Party`)-[r:`FLOWS`]->(z:`Party` {id: s.party})\n"
    "WHERE NOT y.id IN $parties AND "
    + CARRIES.format(r="r")
    + "\nUNWIND [d IN r.datasets WHERE s.datasets IS NULL OR d IN s.datasets] AS d\n"
    "WITH DISTINCT y, d\n"
    "RETURN y.id AS party, d AS dataset,\n"
    "       EXISTS { (y)-[:`CUSTODIAN_OF`]->(:`Dataset` {id: d}) } AS holds"
)


# The read-only console's own statements: find and stop its transaction on Ctrl-C (the
# console tags its transaction's metadata with graphkit_cypher).
CONSOLE_FIND_OWN = (
    "SHOW TRANSACTIONS YIELD transactionId AS id, metaData AS meta "
    "WHERE meta.graphkit_cypher = $tag RETURN collect(id) AS ids"
)
CONSOLE_TERMINATE_OWN = "TERMINATE TRANSACTIONS $ids"
IDS_OF_KIND = "MATCH (n:`Entity`) WHERE n.kind_name = $kind RETURN n.id AS id ORDER BY id"
AGREEMENTS_COVERING = (
    "MATCH (a:`Agreement`)-[:`COVERS`]->(d:`Dataset`) WHERE d.id IN $ids\n"
    "RETURN DISTINCT a.id AS id ORDER BY id"
)
AGREEMENTS_TO = (
    "MATCH (p:`Party`)-[r:`PARTY_TO`]->(a:`Agreement`) WHERE p.id IN $parties "
    "AND r.role = 'recipient'\nRETURN DISTINCT a.id AS id ORDER BY id"
)
HELD_BY = (
    "MATCH (p:`Party`)-[:`CUSTODIAN_OF`]->(d:`Dataset`) WHERE p.id IN $parties\n"
    "RETURN d.id AS id ORDER BY id"
)
ANCESTORS = (
    "MATCH (d:`Dataset`)-[:`DERIVED_FROM`*0..]->(a:`Dataset`) WHERE d.id IN $ids\n"
    "RETURN collect(DISTINCT a.id) AS ids"
)
DERIVED_MANY = (
    "UNWIND $ids AS root\n"
    "MATCH p = (e:`Dataset`)-[:`DERIVED_FROM`*0..]->(d:`Dataset` {id: root})\n"
    "RETURN root, e.id AS id, [n IN reverse(nodes(p)) | n.id] AS chain"
)
RECORDS = (
    "MATCH (n:`Entity`) WHERE n.id IN $ids\nRETURN n.id AS id, n.label AS label, n.record AS record"
)
MATCH_NAMES = (
    "MATCH (n:`Entity`) WHERE n.label <> 'Source' AND "
    "(n.name_lower = $text OR $text IN n.aliases_lower OR $text IN n.identifiers_lower)\n"
    "RETURN n.id AS id ORDER BY id"
)
# Entities by id, name or alias; sources by id, title or publisher (their "alias").
SEARCH = (
    "MATCH (n:`Entity`) WHERE n.id CONTAINS $text OR n.name_lower CONTAINS $text OR "
    "any(a IN n.aliases_lower WHERE a CONTAINS $text) OR "
    "any(i IN n.identifiers_lower WHERE i CONTAINS $text) OR "
    "(n.label = 'Source' AND toLower(n.publisher) CONTAINS $text)\n"
    "RETURN n.id AS id, n.kind_name AS kind, n.name AS name, "
    "CASE n.label WHEN 'Source' THEN [n.publisher] "
    "ELSE coalesce(n.aliases, []) + coalesce(n.identifiers, []) END AS aliases"
)
COMPONENTS = (
    "MATCH (c:`Party`)-[:`PART_OF`*0..]->(p:`Party` {id: $id})\n"
    "RETURN DISTINCT c.id AS id ORDER BY id"
)
RELATED = (
    "MATCH (n:`Entity` {id: $id})-[r:`PARTY_TO`|`COVERS`|`CUSTODIAN_OF`|`DERIVED_FROM`|"
    "`PART_OF`]-(m:`Entity`)\n"
    "RETURN collect(DISTINCT m.id) AS ids"
)
# Candidates that may cite a source anywhere in their record (its JSON holds the quoted
# id); the caller keeps those whose record really does (graphkit.questions.explain).
CITING = (
    "MATCH (n:`Entity`) WHERE n.label <> 'Source' AND n.record CONTAINS $quoted\n"
    "RETURN n.id AS id ORDER BY id"
)
ORIGIN = "MATCH (n:`Entity` {id: $id}) RETURN n.origin_file AS file, n.origin_line AS line"
#: The labels drawn in views, from the registry (never from data), as a Cypher list.
DRAWN = "[" + ", ".join(f"'{name}'" for name in DRAWN_LABELS) + "]"
LINKS = "`FLOWS`|`CUSTODIAN_OF`|`DERIVED_FROM`|`PART_OF`"
VIEW_ALL = f"MATCH (n:`Entity`) WHERE n.label IN {DRAWN} RETURN collect(n.id) AS ids"
VIEW_START = (
    "MATCH (c:`Entity` {id: $id})\n"
    "OPTIONAL MATCH (c)-[:`PARTY_TO`|`COVERS`]-(x:`Entity`) WHERE c.label = 'Agreement'\n"
    "RETURN c.label AS label, collect(DISTINCT x.id) AS ids"
)
VIEW_LAYER = (
    f"MATCH (n:`Entity`)-[:{LINKS}]-(m:`Entity`) WHERE n.id IN $layer\n"
    f"  AND m.label IN {DRAWN}\n"
    "RETURN collect(DISTINCT m.id) AS ids"
)
VIEW_EDGES = (
    f"MATCH (a:`Entity`)-[r:{LINKS}]->(b:`Entity`) WHERE a.id IN $ids AND b.id IN $ids\n"
    "RETURN a.id AS source, b.id AS target, type(r) AS type, r.agreement AS agreement"
)
# The status of each agreement on $day: the one IN_STATE stretch that holds it (the
# stretches cover every day once; written from graphkit.model.semantics.status_spans, the
# code that answers in memory: docs/schema.md).
STATUS_ON = """
MATCH (a:`Agreement`)-[s:`IN_STATE`]->(a) WHERE s.from <= $day < s.to
WITH a, s.status AS status
"""
#: The parameters the evidence count needs besides ``$day``: the registry's carrying
#: statuses and the states apart from them (graphkit.model.registry), never from data.
STATUS_PARAMS: dict[str, list[str]] = {
    "carrying": sorted(CARRYING_STATUSES),
    "apart": sorted(APART_STATES),
}
STATS_BY_STATUS = STATUS_ON + "RETURN status, count(*) AS n ORDER BY status"
# Agreements in force on $day, by evidence (graphkit.evidence.grade), and the undated ones.
STATS_BY_EVIDENCE = (
    STATUS_ON
    + """WITH a, status WHERE status IN $carrying OR status IN $apart
RETURN CASE
  WHEN status IN $apart THEN status
  WHEN coalesce(a.declared, false) THEN 'declared'
  WHEN a.open_from IS NOT NULL AND $day >= a.open_from AND $day > a.evidence_until
    THEN 'presumed'
  ELSE 'evidenced' END AS level, count(*) AS n"""
)
STATS_COUNTS = (
    "MATCH (n:`Entity`) RETURN n.label AS label, count(*) AS n, "
    "sum(n.claims_total) AS claims, sum(n.claims_unsourced) AS unsourced"
)
STATS_KINDS = "MATCH (a:`Agreement`) RETURN a.kind AS kind, count(*) AS n ORDER BY kind"
STATS_FLOWS = "MATCH ()-[r:`FLOWS`]->() RETURN count(r) AS n"
STATS_DATES = "MATCH (a:`Agreement`) UNWIND a.dates AS d RETURN min(d) AS first, max(d) AS last"
#: The meta node, and the seconds since its lock's holder last made progress (server clock).
META = (
    "MATCH (m:`GraphkitMeta` {id: 'load'}) RETURN properties(m) AS meta, "
    "duration.inSeconds(datetime(m.lock_beat), datetime()).seconds AS idle"
)


PING = "RETURN 1"

# ------------------------------------------------------------------- schema


def schema_statements() -> list[str]:
    """The constraints and indexes graphkit needs, from the label allow-list (idempotent).

    Example:
        >>> schema_statements()[0]
        'CREATE CONSTRAINT graphkit_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE'
    """
    statements = [
        "CREATE CONSTRAINT graphkit_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
        "CREATE CONSTRAINT graphkit_meta_id IF NOT EXISTS FOR (n:GraphkitMeta) REQUIRE n.id "
        "IS UNIQUE",
    ]
    for name in LABELS[1:]:
        statements.append(
            f"CREATE INDEX graphkit_{name.lower()}_id IF NOT EXISTS FOR (n:{label(name)}) ON (n.id)"
        )
    statements.append(
        "CREATE INDEX graphkit_entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name_lower)"
    )
    return statements


# ------------------------------------------------------------------- writes
ENTITY_HASHES = "MATCH (n:`Entity`) RETURN n.id AS id, n.hash AS hash"
ENTITY_STATE = (
    "MATCH (n:`Entity`) RETURN n.id AS id, n.hash AS hash, n.label AS label, "
    "n.origin_file AS file, n.origin_line AS line"
)
#: A bulk reload leaves unchanged nodes as they are, but for the load they belong to.
TOUCH_ENTITIES = "UNWIND $ids AS id MATCH (n:`Entity` {id: id}) SET n.load_version = $version"
ENTITY_COUNT = "MATCH (n:`Entity`) RETURN count(n) AS n"
#: Every node but the load's meta node: graphkit's or not (the importer would erase them).
NODES_BESIDES_META = "MATCH (n) WHERE NOT n:`GraphkitMeta` RETURN count(n) AS n"
REMOVE_ENTITIES_NOT_IN = (
    "MATCH (n:`Entity`) WHERE NOT n.id IN $ids DETACH DELETE n RETURN count(*) AS n"
)
#: The batched writes of a bulk load run only while it holds the lock (``$load``).
HELD = "MATCH (held:`GraphkitMeta` {id: 'load'}) WHERE held.lock = $load "
DELETE_RELATIONSHIPS = "MATCH (:`Entity`)-[r]->(:`Entity`) WHERE type(r) IN $types DELETE r"
#: The same, in batches of their own transactions (needs an auto-commit transaction).
DELETE_RELATIONSHIPS_BATCHED = (
    HELD + "MATCH (:`Entity`)-[r]->(:`Entity`) WHERE type(r) IN $types "
    "CALL (r) { DELETE r } IN TRANSACTIONS OF 20000 ROWS"
)
#: The relationships the records ``$ids`` define, deleted (a reload rebuilds only those
#: of changed records): an agreement's FLOWS leave its senders, named in ``agreement``
#: (so these go first, while its PARTY_TO still lead to them); the rest are at its node.
DELETE_DEFINED = (
    "UNWIND $ids AS id MATCH (:`Agreement` {id: id})<-[:`PARTY_TO`]-(:`Entity`)"
    "-[f:`FLOWS`]->(:`Entity`) WHERE f.agreement = id WITH DISTINCT f DELETE f",
    "UNWIND $ids AS id MATCH (:`Entity` {id: id})-[r:`CITES`|`PART_OF`|`DERIVED_FROM`|`COVERS`|"
    "`IN_STATE`]"
    "->(:`Entity`) DELETE r",
    "UNWIND $ids AS id MATCH (:`Entity` {id: id})<-[r:`CUSTODIAN_OF`|`PARTY_TO`]-(:`Entity`) "
    "DELETE r",
)
#: Records whose relationships are still to be written (set with their node, cleared in
#: the transaction that writes them: a resumed reload knows exactly which are left).
MARK_PENDING = "UNWIND $ids AS id MATCH (n:`Entity` {id: id}) SET n.rels_pending = true"
CLEAR_PENDING = "UNWIND $ids AS id MATCH (n:`Entity` {id: id}) REMOVE n.rels_pending"
PENDING = "MATCH (n:`Entity`) WHERE n.rels_pending RETURN n.id AS id"
CLEAR_ALL_PENDING = (
    HELD + "MATCH (n:`Entity`) WHERE n.rels_pending IS NOT NULL "
    "CALL (n) { REMOVE n.rels_pending } IN TRANSACTIONS OF 10000 ROWS"
)
#: The FLOWS of agreements no longer in the input (they are not at the agreement's node,
#: so removing the node would not remove them).
REMOVE_STALE_FLOWS_BATCHED = (
    HELD + "MATCH (n:`Agreement`) WHERE n.load_version <> $version OR n.load_version IS NULL "
    "MATCH (n)<-[:`PARTY_TO`]-(:`Entity`)-[f:`FLOWS`]->(:`Entity`) WHERE f.agreement = n.id "
    "WITH DISTINCT f CALL (f) { DELETE f } IN TRANSACTIONS OF 10000 ROWS"
)
REMOVE_STALE_BATCHED = (
    HELD + "MATCH (n:`Entity`) WHERE n.load_version <> $version OR n.load_version IS NULL "
    "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS "
    "RETURN count(*) AS n"
)
META_TRANSACTION_DONE = (
    "MERGE (m:`GraphkitMeta` {id: 'load'}) SET m.status = 'complete', "
    "m.finished = toString(datetime()), m.data_version = $version, "
    "m.graphkit_version = $gk, m.mode = 'transaction', m.phase = 'done', m.error = null, "
    "m.node_count = null, m.relationship_count = null, m.row_format = $row_format"
)
# The load's lock (graphkit.backends.neo4j.load.lock): a write on the meta node first, so
# takers queue on it; then the lock is taken only when free (or it is the one broken).
LOCK_QUEUE = "MERGE (m:`GraphkitMeta` {id: 'load'}) SET m.lock_seq = coalesce(m.lock_seq, 0) + 1"
LOCK_TAKE = (
    "MATCH (m:`GraphkitMeta` {id: 'load'}) WHERE m.lock IS NULL OR m.lock = $breaking "
    "SET m.lock = $load, m.lock_host = $host, m.lock_pid = $pid, "
    "m.lock_since = toString(datetime()), m.lock_beat = m.lock_since RETURN m.lock AS lock"
)
#: Every write of a load's progress names the load: it changes nothing once another load
#: holds the lock (``n`` is 0 then), and each says the holder is alive (``lock_beat``).
MINE = "MATCH (m:`GraphkitMeta` {id: 'load'}) WHERE m.lock = $load SET "
BEAT, N = "m.lock_beat = toString(datetime()) ", "RETURN count(*) AS n"
DONE = (
    "m.status = 'complete', m.finished = toString(datetime()), m.phase = 'done', m.error = null, "
)
RELEASE = "REMOVE m.lock, m.lock_host, m.lock_pid, m.lock_since, m.lock_beat "
LOCK_RELEASE = MINE.removesuffix("SET ") + RELEASE + N
META_TRANSACTION_MINE = (
    MINE + DONE + "m.data_version = $version, m.graphkit_version = $gk, m.mode = 'transaction', "
    "m.node_count = null, m.relationship_count = null, m.row_format = $row_format " + RELEASE + N
)
#: A bulk load starts (or starts over): what it reads, in batches of what size, from
#: which phase (``deleting`` on a reload, ``nodes`` into an empty database).
META_BULK_STARTED = (
    MINE + "m.status = 'incomplete', m.mode = 'bulk', m.data_version = $version, "
    "m.done_batches = 0, m.fresh = $fresh, m.started = toString(datetime()), "
    "m.graphkit_version = $gk, m.batch = $batch, m.phase = $phase, m.phase_done = 0, "
    "m.phase_batches = $node_batches, m.node_batches = $node_batches, m.error = null, "
    "m.node_count = null, m.relationship_count = null, m.selective = $selective, "
    "m.row_format = CASE WHEN m.row_format = $row_format THEN m.row_format END, " + BEAT + N
)
#: Written in the same transaction as batch ``$n`` (the ``$k``-th of ``$t`` of ``$phase``).
META_BATCH_DONE = (
    MINE
    + "m.done_batches = $n, m.phase = $phase, m.phase_done = $k, "
    + ("m.phase_batches = $t, " + BEAT + N)
)
#: A phase that is not made of batches begins (``nodes`` after ``deleting``, ``removing``).
META_PHASE = MINE + "m.phase = $phase, m.phase_done = $k, m.phase_batches = $t, " + BEAT + N
#: Why a load stopped, when it knows (the input changed, the server ran out of memory).
META_ERROR = MINE + "m.error = $error, " + BEAT + N
META_BULK_DONE = MINE + DONE + "m.row_format = $row_format " + RELEASE + N
#: An offline import finished: the indexes exist and the lists are filled in.
IMPORT_COUNTS = "m.node_count = $nodes, m.relationship_count = $rels, "
META_IMPORT_DONE = MINE + DONE + IMPORT_COUNTS + "m.row_format = $row_format " + RELEASE + N
#: The same, for an import run by hand (``graphkit export --format neo4j-admin``).
META_IMPORT_FINISHED = "MATCH (m:`GraphkitMeta` {id: 'load'}) SET " + DONE.rstrip(", ")
AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
AWAIT_INDEXES_SCRIPT = "CALL db.awaitIndexes(600)"
#: Relationships by type (load checks and tests).
RELATIONSHIP_COUNTS = "MATCH (:`Entity`)-[r]->(:`Entity`) RETURN type(r) AS type, count(r) AS n"


def _node_labels(name: str) -> str:
    return f"{label(name)}:`Party`" if name in PARTY_LABELS else label(name)


def merge_nodes(name: str) -> str:
    """Upsert ``$rows`` as nodes with the label ``name`` (any other graphkit label removed).

    Example:
        >>> merge_nodes("Agency").startswith("UNWIND $rows AS row MERGE (n:`Entity`")
        True
    """
    others = ":".join(label(other) for other in LABELS if other != "Entity")
    return (
        "UNWIND $rows AS row MERGE (n:`Entity` {id: row.id}) "
        f"REMOVE n:{others} SET n = row, n:{_node_labels(name)}"
    )


def create_nodes(name: str) -> str:
    """Create ``$rows`` as nodes with the label ``name``: into a database with none."""
    return f"UNWIND $rows AS row CREATE (n:`Entity`:{_node_labels(name)}) SET n = row"


def create_relationships(rel: str) -> str:
    """Create ``$rows`` ({a, b, props}) as relationships of type ``rel``."""
    return (
        "UNWIND $rows AS row MATCH (a:`Entity` {id: row.a}), (b:`Entity` {id: row.b}) "
        f"CREATE (a)-[r:{rel_type(rel)}]->(b) SET r = row.props"
    )
