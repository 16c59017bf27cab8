"""Run a user's Cypher safely: it reads the graph only, in bounded rows and time.

Before anything runs, the query is checked twice:

1. by its text (comments and literals aside): ``LOAD CSV``, ``SHOW ...``,
   ``TERMINATE ...``, ``PROFILE`` and procedures outside :data:`ALLOWED_PROCEDURES`
   are refused without asking the server;
2. by its plan: ``EXPLAIN <query>`` runs in the same read transaction and every
   operator of the plan is inspected. The query must be a read (``query_type`` ``r``),
   run in the session's database only, and hold no ``LoadCSV``, no command operator
   (``ShowTransactions``, ``TerminateTransactions``, ``ShowSettings``, administration,
   index and constraint commands...) and no procedure call but the read-only graph
   introspection of :data:`ALLOWED_PROCEDURES`.

Only then does the query run, in a read transaction (the server refuses any write)
with a server-side timeout; at most ``limit + 1`` rows are fetched, so a result cut at
``limit`` says so. Ctrl-C terminates the transaction on the server at once.

Example (needs a running Neo4j):
    >>> from graphkit.backends.neo4j.connection import connect_client
    >>> run_read_only(connect_client(), "RETURN $x AS x", ["x=1"])  # doctest: +SKIP
    Answer(keys=['x'], rows=[{'x': 1}], more=False)
"""

from __future__ import annotations

import json
import re
import secrets
import signal
import threading
from collections.abc import Iterable
from typing import Any, NamedTuple

from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.client import Failure, Neo4jClient
from graphkit.errors import GraphkitError, LimitError, Neo4jError
from graphkit.questions.limits import CONSOLE_LIMIT, CONSOLE_TIMEOUT

DEFAULT_LIMIT = CONSOLE_LIMIT
DEFAULT_TIMEOUT = CONSOLE_TIMEOUT

#: The only procedures the console calls: read-only introspection of the graph.
ALLOWED_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshipTypes",
        "db.propertyKeys",
        "db.schema.visualization",
        "db.schema.nodeTypeProperties",
        "db.schema.relTypeProperties",
    }
)

#: Plan operators of commands that Neo4j plans as reads (``SHOW ...``, ``TERMINATE ...``).
_COMMAND_PREFIXES = ("Show", "Terminate", "Administration", "System")

_WHY = "graphkit cypher reads the graph only"
_TAG = "graphkit_cypher"  # transaction metadata key: finds the console's transaction to stop it

_FIND_OWN = q.CONSOLE_FIND_OWN
_TERMINATE_OWN = q.CONSOLE_TERMINATE_OWN


class Answer(NamedTuple):
    """A console result: column names, rows (at most the limit), and whether more exist."""

    keys: list[str]
    rows: list[dict[str, Any]]
    more: bool = False


class Refused(GraphkitError):
    """The console refused a query before running it; the message says what and why."""


def parse_params(items: Iterable[str]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs to a dict; VALUE is JSON when it parses, else text.

    Example:
        >>> parse_params(["id=ice", "n=3", 'ids=["a","b"]'])
        {'id': 'ice', 'n': 3, 'ids': ['a', 'b']}
    """
    out: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip().isidentifier():
            raise GraphkitError(f"param {item!r} is not NAME=VALUE; e.g. --param id=ice", "param")
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError:
            parsed = value
        except RecursionError:
            raise GraphkitError(
                f"param {name.strip()!r} is nested too deeply; pass a flatter JSON value", "param"
            ) from None
        _check_param(name.strip(), parsed)
        out[name.strip()] = parsed
    return out


#: Cypher integers are 64-bit signed; deeper nesting than this is no graph parameter.
_INT_RANGE = (-(2**63), 2**63 - 1)
_MAX_DEPTH = 32


def _check_param(name: str, value: Any, depth: int = 0) -> None:
    """Refuse what the driver cannot send (huge integers, NaN) with a message, not a crash."""
    if depth > _MAX_DEPTH:
        raise GraphkitError(f"param {name!r} is nested too deeply; pass a flatter value", "param")
    if isinstance(value, bool):
        return
    if isinstance(value, int) and not _INT_RANGE[0] <= value <= _INT_RANGE[1]:
        raise GraphkitError(
            f"param {name!r} is a larger integer than Cypher holds (64 bits); pass it as text",
            "param",
        )
    if isinstance(value, float) and value != value:  # NaN
        raise GraphkitError(f"param {name!r} is not a number; pass a finite value", "param")
    if isinstance(value, list):
        for item in value:
            _check_param(name, item, depth + 1)
    if isinstance(value, dict):
        for item in value.values():
            _check_param(name, item, depth + 1)


def _plain(value: Any) -> Any:
    """Neo4j values as JSON-ready data (nodes and relationships as their properties)."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "nodes") and hasattr(value, "relationships"):
        return {
            "nodes": [_plain(n) for n in value.nodes],
            "relationships": [_plain(r) for r in value.relationships],
        }
    if hasattr(value, "items") and hasattr(value, "element_id"):
        props = {k: _plain(v) for k, v in value.items()}
        if hasattr(value, "start_node"):  # a relationship: say what it is and joins
            ends = {
                "start": value.start_node.get("id") if value.start_node else None,
                "end": value.end_node.get("id") if value.end_node else None,
            }
            return {"type": value.type, **ends, "properties": props}
        return props
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


# --------------------------------------------------------------------------- checks

_LITERALS = re.compile(
    r"//[^\n]*|/\*.*?\*/|'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`(?:[^`]|``)*`", re.DOTALL
)
# A namespaced procedure after CALL (``CALL dbms.listConfig()``); the plan check sees the rest.
_PROCEDURE = re.compile(
    r"\bCALL\s+((?:[A-Za-z_][\w$]*\s*\.\s*)+[A-Za-z_][\w$]*)\s*(?:\(|$|\s)", re.IGNORECASE
)


def _code(query: str) -> str:
    """The query with comments, strings and quoted names blanked (so a word in a string
    or a name never counts as a keyword)."""
    return _LITERALS.sub(lambda m: "_" if m.group(0)[0] == "`" else " '' ", query)


def check_text(query: str) -> None:
    """Refuse, from the text alone, what the console never runs.

    A first screen only: :func:`check_plan` decides on what the server would run.

    Example:
        >>> check_text("MATCH (n) WHERE n.name = 'LOAD CSV' RETURN n")
        >>> check_text("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l")
        Traceback (most recent call last):
        ...
        graphkit.backends.neo4j.console.Refused: graphkit cypher reads the graph only: LOAD CSV is refused (it reads files and fetches URLs).
    """  # noqa: E501
    code = _code(query)
    if re.search(r"\bLOAD\s+CSV\b", code, re.IGNORECASE):
        raise _refused("LOAD CSV", "it reads files and fetches URLs")
    head = re.match(r"\s*(?:CYPHER\b[^A-Za-z]*(?:\s+\w+\s*=\s*\w+)*\s*)?(\w+)(?:\s+(\w+))?", code)
    first = (head.group(1) or "").upper() if head else ""
    if first == "PROFILE":
        raise Refused(f"{_WHY}: PROFILE is refused (it runs the query); use EXPLAIN to see a plan.")
    if first in {"SHOW", "TERMINATE", "ALTER", "GRANT", "DENY", "REVOKE", "START", "STOP"}:
        words = " ".join(w.upper() for w in (head.group(1), head.group(2)) if w) if head else ""
        raise _refused(words, "it is a server command, not a read of the graph")
    if re.search(r"\bTERMINATE\s+TRANSACTIONS?\b", code, re.IGNORECASE):
        raise _refused("TERMINATE TRANSACTIONS", "it is a server command, not a read of the graph")
    for match in _PROCEDURE.finditer(code):
        name = re.sub(r"\s+", "", match.group(1))
        if name not in ALLOWED_PROCEDURES:
            raise _procedure_refused(name)


def check_plan(summary: Any, database: str) -> None:
    """Refuse a query whose plan (``EXPLAIN``) does anything but read this database's graph."""
    plan = getattr(summary, "plan", None)
    query_type = getattr(summary, "query_type", None)
    if not isinstance(plan, dict):
        raise Refused(f"{_WHY}: the server gave no plan for the query, so it is refused.")
    operators = list(_operators(plan))
    for operator, details in operators:
        name, _at, where = operator.partition("@")
        if name == "LoadCSV":
            raise _refused("LOAD CSV", "it reads files and fetches URLs")
        if name == "ProcedureCall":
            procedure = re.match(r"\s*([\w.$]+)\s*\(", details or "")
            if procedure is None:
                raise Refused(f"{_WHY}: a procedure call it cannot name is refused.")
            if procedure.group(1) not in ALLOWED_PROCEDURES:
                raise _procedure_refused(procedure.group(1))
        elif "Procedure" in name or "." in name:  # system procedures are named as operators
            raise _procedure_refused(name)
        if where and where.casefold() != database.casefold():
            raise Refused(
                f"{_WHY}: a query on database {where!r} is refused; the console reads "
                f"{database!r} (drop the USE clause)."
            )
    if query_type in ("w", "rw"):
        raise Refused(
            f"{_WHY}: writes are refused (graphkit cypher is read-only). "
            "Use `graphkit load` to change the data."
        )
    for operator, _details in operators:
        name = operator.partition("@")[0]
        if name.startswith(_COMMAND_PREFIXES):
            raise _refused(_words(name), "it is a server command, not a read of the graph")
    if query_type != "r":  # schema ("s"): index and constraint commands
        first = next((o for o, _d in operators if not o.startswith("ProduceResults")), "")
        what = _words(first.partition("@")[0]) or "a schema or administration command"
        raise _refused(what, "it is a schema or administration command, not a read of the graph")


def _operators(plan: dict[str, Any]) -> Iterable[tuple[str, str]]:
    args = plan.get("args") or {}
    yield str(plan.get("operatorType", "")), str(args.get("Details", ""))
    for child in plan.get("children") or ():
        yield from _operators(child)


def _words(operator: str) -> str:
    """``ShowTransactions`` -> ``SHOW TRANSACTIONS``."""
    return " ".join(re.findall(r"[A-Z][a-z]*|[a-z]+|\d+", operator)).upper() or operator


def _refused(what: str, why: str) -> Refused:
    return Refused(f"{_WHY}: {what} is refused ({why}).")


def _procedure_refused(name: str) -> Refused:
    return Refused(
        f"{_WHY}: the procedure {name} is refused; allowed: "
        f"{', '.join(sorted(ALLOWED_PROCEDURES))}."
    )


# --------------------------------------------------------------------------- running


def run_read_only(
    client: Neo4jClient,
    query: str,
    params: Iterable[str] | dict[str, Any],
    limit: int | None = DEFAULT_LIMIT,
    timeout: float = DEFAULT_TIMEOUT,
) -> Answer:
    """Check ``query`` (:func:`check_text`, then its plan, :func:`check_plan`), then run it
    on the ``client``'s database in a read transaction that the server stops after
    ``timeout`` seconds; return at most ``limit`` rows (``None``: all) and whether more
    exist.

    On Ctrl-C (KeyboardInterrupt) the transaction is terminated on the server before
    the interrupt goes on.

    Raises:
        Refused: the query does more than read the graph; nothing ran.
        LimitError: the query ran longer than ``timeout``; the server stopped it.
        GraphkitError: a Cypher error, or Neo4j could not be reached.
    """
    if limit is not None and limit < 1:
        raise LimitError(f"limit must be 1 or more, got {limit}", "limit")
    if not timeout > 0:
        raise LimitError(f"timeout must be more than 0 seconds, got {timeout}", "timeout")
    values = params if isinstance(params, dict) else parse_params(params)
    check_text(query)
    tag = secrets.token_hex(12)
    stop = threading.Event()
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["answer"] = _run(client, query, values, limit, timeout, tag, stop)
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="graphkit-cypher", daemon=True)
    # Ctrl-C only sets a flag: the wait below sees it, stops the server's transaction and
    # raises KeyboardInterrupt itself, whatever the interrupted socket read left in the
    # worker (the driver can fail there with an unrelated error).
    interrupted = threading.Event()
    previous = _on_interrupt(lambda *_args: interrupted.set())
    try:
        worker.start()
        while worker.is_alive() and not interrupted.is_set():
            worker.join(0.1)
    except KeyboardInterrupt:  # the default handler, off the main thread
        interrupted.set()
    finally:
        _on_interrupt(previous)
    if interrupted.is_set():
        stop.set()
        _terminate(client, tag)
        worker.join(3)
        raise KeyboardInterrupt
    if "error" in box:
        raise box["error"]
    answer: Answer = box["answer"]
    return answer


def _run(
    client: Neo4jClient,
    query: str,
    values: dict[str, Any],
    limit: int | None,
    timeout: float,
    tag: str,
    stop: threading.Event,
) -> Answer:
    import neo4j

    fetch = min(limit + 1, 1000) if limit is not None else 1000
    with (
        client.errors(lambda failure: _cypher_error(failure, timeout)),
        client.session(default_access_mode=neo4j.READ_ACCESS, fetch_size=fetch) as session,
        session.begin_transaction(metadata={_TAG: tag}, timeout=timeout) as tx,
    ):
        check_plan(tx.run("EXPLAIN " + query, values).consume(), client.database)
        if stop.is_set():
            return Answer([], [], False)
        result = tx.run(query, values)
        keys = list(result.keys())
        rows: list[dict[str, Any]] = []
        more = False
        for record in result:
            if limit is not None and len(rows) >= limit:
                more = True
                break
            rows.append({k: _plain(record[k]) for k in keys})
        return Answer(keys, rows, more)
    raise AssertionError("unreachable")  # for mypy: the block returns or raises


def _cypher_error(failure: Failure, timeout: float) -> GraphkitError:
    code, message = failure.code, failure.detail
    if not code:  # the driver's own error: no server answered
        return Neo4jError(f"Neo4j connection failed: {failure.name}: {failure}")
    if failure.kind == "timeout":
        return LimitError(
            f"the query ran longer than the {timeout:g} s timeout and was stopped on the "
            "server. Raise --timeout, or narrow the query (a LIMIT, a WHERE, fewer hops)."
        )
    if failure.kind == "forbidden":
        return Refused(
            f"{_WHY}: writes are refused (graphkit cypher is read-only; {message}). "
            "Use `graphkit load` to change the data."
        )
    return Neo4jError(f"Cypher error {code}: {message}")


def _on_interrupt(handler: Any) -> Any:
    """Install ``handler`` for SIGINT and return the one it replaces (None off the main
    thread, where Python does not allow it: the default KeyboardInterrupt then applies)."""
    if handler is None:
        return None
    try:
        return signal.signal(signal.SIGINT, handler)
    except ValueError:  # not the main thread
        return None


def _terminate(client: Neo4jClient, tag: str) -> None:
    """Stop the console's transaction on the server (it carries ``tag`` in its metadata)."""
    try:
        with client.session() as s:
            ids = s.run(_FIND_OWN, tag=tag).single(strict=True)["ids"]
            if ids:
                s.run(_TERMINATE_OWN, ids=ids).consume()
    except Exception:  # best effort: the server's timeout stops it anyway
        return
