"""Commands that talk to Neo4j directly: ``load`` and the read-only ``cypher`` console."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from graphkit.cli.options import (
    cli_message,
    connect,
    console_limit_options,
    fail_cleanly,
    neo4j_options,
    output_options,
)
from graphkit.errors import GraphkitError, LoadError


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@neo4j_options
@click.option(
    "--mode",
    type=click.Choice(["auto", "transaction", "bulk", "import"]),
    default="auto",
    show_default=True,
    help="transaction: all in one transaction (seed-size input). bulk: streamed "
    "batches, resumable if interrupted; a reload rewrites only what changed. import: "
    "Neo4j's offline importer, a first load into the empty database of the server on "
    "--data-dir (its databases close while it imports). "
    "auto: import for a first load above 20 MB into that server, else bulk above 10 MB.",
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="GRAPHKIT_NEO4J_HOME",
    default=None,
    help="The data dir of the server `graphkit neo4j start` runs (for --mode import and "
    "auto's first loads); found from the URI when that server was started by graphkit "
    "on this machine. [env: GRAPHKIT_NEO4J_HOME]",
)
@click.option("--batch", default=10_000, show_default=True, help="Rows per batch (bulk).")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=0,
    metavar="SECONDS",
    help="When another load holds the database, wait up to SECONDS for it (default: refuse).",
)
@click.option(
    "--break-lock",
    is_flag=True,
    help="Take over the lock of a load that is gone (its process ended on this machine, "
    "or no progress for 30 minutes); a live load's lock is never broken.",
)
@output_options(json_help="Print the summary as JSON.")
@fail_cleanly
def load(
    paths: tuple[str, ...],
    mode: str,
    data_dir: Path | None,
    batch: int,
    wait: float,
    break_lock: bool,
    fmt: str,
    **opts: Any,
) -> None:
    """Validate seed files, then load them into Neo4j (PATHS default to seeds/).

    Writes nothing when the seeds are invalid. Creates the constraints and indexes,
    writes the graph (--mode, chosen by size and by whether this is a first load; the
    summary says which and why), removes what the seeds no longer hold, and prints
    what changed. Loading twice changes nothing. One load at a time per database:
    another is refused (or waits, --wait); a load that died leaves its lock, which
    --break-lock takes over. See docs/bulk.md.

    Examples:

    \b
        NEO4J_PASSWORD=... graphkit load
        NEO4J_PASSWORD=... graphkit load big/   # first load into `neo4j start`'s: importer
        NEO4J_PASSWORD=... graphkit load big/   # again: only what changed is rewritten
    """
    from graphkit.backends.neo4j.connection import settings
    from graphkit.backends.neo4j.load.gate import gate
    from graphkit.backends.neo4j.load.plan import load_paths
    from graphkit.present.formats import emit
    from graphkit.present.reports import loaded

    bar = None
    if sys.stderr.isatty() and fmt == "text":
        bar = click.progressbar(length=1, label="loading", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        if bar is not None:
            bar.length = total
            bar.update(done - bar.pos)

    entered = False

    def connected() -> tuple[Any, str]:
        nonlocal entered
        if bar is not None and not entered:
            bar.__enter__()
            entered = True
        return connect(dict(opts))

    conf = settings(opts.get("uri"), opts.get("user"), opts.get("password"), opts.get("database"))
    try:  # before anything is read: auto never stops a server it was not pointed at
        data_dir = gate(data_dir, conf["uri"], mode)
    except LoadError as exc:
        raise click.UsageError(cli_message(exc)) from None
    try:
        summary, database = load_paths(
            paths, connected, mode, batch, progress, data_dir, conf["password"], wait, break_lock
        )
    finally:
        if bar is not None and entered:
            bar.__exit__(None, None, None)
    emit(summary, fmt, text=loaded(database))


@click.command(name="cypher")
@click.argument("query", required=False)
@click.option(
    "-f",
    "--file",
    "script",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Run the ';'-separated statements and :param lines of a script file.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter; VALUE is read as JSON when it can be, else as text.",
)
@neo4j_options
@console_limit_options
@output_options("jsonl", "csv", rows="result row", json_help="Print rows as JSON.")
@fail_cleanly
def cypher_command(
    query: str | None,
    script: Path | None,
    params: tuple[str, ...],
    limit: int,
    timeout: float,
    fmt: str,
    **opts: Any,
) -> None:
    """Run Cypher that reads the graph, against Neo4j: a QUERY, a script, or a prompt.

    Read-only: writes, LOAD CSV, SHOW/TERMINATE and other server commands, and
    procedures other than db.labels, db.relationshipTypes, db.propertyKeys and
    db.schema.* are refused before anything runs. Shows at most --limit rows; the
    server stops each query after --timeout seconds; Ctrl-C stops it at once.

    With no QUERY: -f FILE, or a script on standard input, runs each statement (ended by
    ';') in turn, with cypher-shell's ':param name => value' lines; at a terminal, a
    prompt opens (history, statements over several lines, :param, :params, :help, :exit).

    Example:

        graphkit cypher "MATCH (a:Agency {id: $id}) RETURN a.name" --param id=ice

        graphkit cypher -f docs/queries.cypher
    """
    from graphkit.backends.neo4j.client import Neo4jClient
    from graphkit.backends.neo4j.console import check_text, parse_params, run_read_only
    from graphkit.backends.neo4j.shell import Session, check_script, line_reader
    from graphkit.present.formats import emit
    from graphkit.present.reports import CypherRows

    if query is not None and script is not None:
        raise click.UsageError("give a QUERY or -f FILE, not both")
    values = parse_params(params)  # bad parameters and refused statements fail before
    text, name = _script(script) if query is None else (None, "")
    if query is not None:  # any connection is made
        check_text(query)
    elif text is not None:
        check_script(text, name)
    try:
        client = Neo4jClient(*connect(opts))
        try:
            if query is not None:
                keys, rows, more = run_read_only(client, query, values, limit, timeout)
                emit(CypherRows(keys, rows, more, limit), fmt)
                return
            session = Session(
                lambda q, p: run_read_only(client, q, p, limit, timeout),
                show=lambda a: emit(CypherRows(a.keys, a.rows, a.more, limit), fmt),
                say=lambda message: click.echo(message, err=True),
                params=values,
            )
            if text is not None:
                session.run_script(text, name)
            else:
                with line_reader() as read:
                    session.prompt(read, client.database)
        finally:
            client.close()
    except KeyboardInterrupt:  # one press, wherever it lands: a message and exit 130
        click.echo("Interrupted: the query was stopped on the server.", err=True)
        sys.exit(130)


def _script(path: Path | None) -> tuple[str | None, str]:
    """The script to run and its name for messages; (None, "<stdin>") for a prompt."""
    stdin = sys.stdin
    if path is None and stdin.isatty():
        return None, "<stdin>"
    name = str(path) if path is not None else "<stdin>"
    try:
        data = path.read_bytes() if path is not None else stdin.buffer.read()
        return data.decode("utf-8-sig"), name
    except UnicodeDecodeError as exc:
        raise GraphkitError(
            f"{name}: byte {exc.start} is not UTF-8; save the script as UTF-8", "file"
        ) from None
    except OSError as exc:
        raise GraphkitError(
            f"{name}: cannot read it ({exc.strerror}); check the path", "file"
        ) from None


COMMANDS = [load, cypher_command]
