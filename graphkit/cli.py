"""The ``graphkit`` command: a thin layer over the library.

Every command is something the Python API does too (see ``graphkit.open_graph``).
Imports of anything heavy happen inside the commands, so ``graphkit --help`` is fast.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from graphkit import GraphkitError, __version__
from graphkit.cli_options import (
    backend_options,
    fail_cleanly,
    open_from_options,
    question_options,
    show_cypher_option,
)

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from graphkit.ingest.locate import bundled_seeds_hash

    click.echo(f"graphkit, version {__version__}, bundled seeds content {bundled_seeds_hash()}")
    ctx.exit()


@click.group(context_settings=CONTEXT)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Print the version and the bundled seeds' content hash, then exit.",
)
def cli() -> None:
    """graphkit: who can get at whose data.

    A cited graph of agencies, vendors, datasets and the agreements that move
    data between them. Ask it who can reach a dataset on a date, what a party can
    reach, and how data flows from one party to another.

    Example:

        graphkit reach irs-taxpayer-addresses --as-of 2025-08-01
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print problems as JSON.")
@fail_cleanly
def validate(paths: tuple[str, ...], as_json: bool) -> None:
    """Check seed files and report every problem with file, line, field and fix.

    Exit 0 when clean, 1 otherwise. PATHS default to seeds/.

    Example:

        graphkit validate seeds/
    """
    from graphkit.output import to_json
    from graphkit.validation import SeedError, load_seeds

    try:
        data = load_seeds(*paths)
    except SeedError as exc:
        if as_json:
            click.echo(to_json({"ok": False, "problems": [p.to_dict() for p in exc.problems]}))
        else:
            click.echo(str(exc), err=True)
        sys.exit(1)
    counts = {kind: len(records) for kind, records in data.by_kind().items()}
    if as_json:
        click.echo(to_json({"ok": True, "problems": [], "counts": counts}))
    else:
        summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        click.echo(f"OK: {summary}; no problems.")


@cli.command()
def schema() -> None:
    """Print the JSON Schema of a seed file (derived from the data model).

    Example:

        graphkit schema > seed.schema.json
    """
    from graphkit.output import to_json
    from graphkit.schema import json_schema

    click.echo(to_json(json_schema()))


@cli.command()
@click.argument("dataset")
@question_options
@backend_options
@fail_cleanly
def reach(
    dataset: str, as_of: str | None, max_hops: int, max_paths: int, as_json: bool, **opts: Any
) -> None:
    """Every party that can obtain DATASET on a date, with paths and sources.

    DATASET is an id, or a unique name or alias (case-insensitive).

    Example:

        graphkit reach irs-taxpayer-addresses --as-of 2025-08-01
    """
    from graphkit.output import emit
    from graphkit.render import render_reach

    graph = open_from_options(opts)
    emit(graph.reach(dataset, as_of, max_hops, max_paths), as_json, render_reach)


@cli.command()
@click.argument("party")
@question_options
@click.option(
    "--no-components",
    is_flag=True,
    help="Count only PARTY itself, not its components (e.g. ICE without HSI).",
)
@backend_options
@fail_cleanly
def reachable(
    party: str,
    as_of: str | None,
    max_hops: int,
    max_paths: int,
    no_components: bool,
    as_json: bool,
    **opts: Any,
) -> None:
    """Every dataset PARTY can obtain on a date, with paths and sources.

    Example:

        graphkit reachable ice --as-of 2025-08-01
    """
    from graphkit.output import emit
    from graphkit.render import render_reachable

    graph = open_from_options(opts)
    result = graph.reachable(party, as_of, max_hops, max_paths, components=not no_components)
    emit(result, as_json, render_reachable)


@cli.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--dataset", help="Only chains that carry this dataset on every hop.")
@question_options
@backend_options
@fail_cleanly
def path(
    source: str,
    target: str,
    dataset: str | None,
    as_of: str | None,
    max_hops: int,
    max_paths: int,
    as_json: bool,
    **opts: Any,
) -> None:
    """How data flows from party FROM to party TO on a date.

    Example:

        graphkit path nctue ice --as-of 2021-06-01
    """
    from graphkit.output import emit
    from graphkit.render import render_paths

    graph = open_from_options(opts)
    emit(graph.path(source, target, as_of, max_hops, max_paths, dataset), as_json, render_paths)


@cli.command()
@click.argument("ident", metavar="ID")
@show_cypher_option
@backend_options
@fail_cleanly
def show(ident: str, as_json: bool, **opts: Any) -> None:
    """An entity with every claim about it and its sources.

    Example:

        graphkit show irs-ice-mou-2025
    """
    from graphkit.output import emit
    from graphkit.render import render_show

    emit(open_from_options(opts).show(ident), as_json, render_show)


@cli.command()
@click.argument("text")
@click.option("--limit", default=20, show_default=True, help="Most rows to show.")
@show_cypher_option
@backend_options
@fail_cleanly
def search(text: str, limit: int, as_json: bool, **opts: Any) -> None:
    """Entities whose id, name or alias contains TEXT.

    Example:

        graphkit search medicaid
    """
    from graphkit.output import emit
    from graphkit.render import render_search

    emit(open_from_options(opts).search(text, limit), as_json, render_search)


@cli.command()
@click.option("--as-of", "as_of", metavar="DATE", help="Date for agreement statuses.")
@show_cypher_option
@backend_options
@fail_cleanly
def stats(as_of: str | None, as_json: bool, **opts: Any) -> None:
    """Counts by kind and status, claims without a source, dates covered.

    Example:

        graphkit stats
    """
    from graphkit.output import emit
    from graphkit.render import render_stats

    emit(open_from_options(opts).stats(as_of), as_json, render_stats)


def _connection(opts: dict[str, Any]) -> tuple[Any, str]:
    from graphkit.backends.neo4j import connect_driver

    return connect_driver(
        opts.get("uri"), opts.get("user"), opts.get("password"), opts.get("database")
    )


def neo4j_options(func: Any) -> Any:
    """Connection options of the commands that only talk to Neo4j."""
    for option in reversed(
        [
            click.option("--uri", envvar="NEO4J_URI", help="Neo4j URI. [env: NEO4J_URI]"),
            click.option("--user", envvar="NEO4J_USER", help="Neo4j user. [env: NEO4J_USER]"),
            click.option(
                "--password", envvar="NEO4J_PASSWORD", help="Neo4j password. [env: NEO4J_PASSWORD]"
            ),
            click.option(
                "--database", envvar="NEO4J_DATABASE", help="Neo4j database. [env: NEO4J_DATABASE]"
            ),
        ]
    ):
        func = option(func)
    return func


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@neo4j_options
@click.option(
    "--mode",
    type=click.Choice(["auto", "transaction", "bulk"]),
    default="auto",
    show_default=True,
    help="transaction: all in one transaction (seed-size input). bulk: streamed "
    "batches, resumable if interrupted. auto: bulk above 10 MB of input.",
)
@click.option("--batch", default=10_000, show_default=True, help="Rows per batch (bulk).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@fail_cleanly
def load(paths: tuple[str, ...], mode: str, batch: int, as_json: bool, **opts: Any) -> None:
    """Validate seed files, then load them into Neo4j (PATHS default to seeds/).

    Sends nothing when the seeds are invalid. Creates the constraints and indexes,
    writes in batches inside one transaction, removes what the seeds no longer hold,
    and prints what was created, updated and removed. Loading twice changes nothing.

    Example:

        NEO4J_PASSWORD=... graphkit load
    """
    from neo4j import exceptions

    from graphkit.loader import load as load_graph
    from graphkit.loader import load_bulk
    from graphkit.output import to_json
    from graphkit.validation import check_stream, default_seed_paths, load_seeds, seed_files

    files = seed_files(default_seed_paths(paths))
    if mode == "auto":
        mode = "bulk" if sum(f.stat().st_size for f in files) > 10_000_000 else "transaction"
    data = load_seeds(*paths) if mode == "transaction" else None
    index = check_stream(*paths) if mode == "bulk" else None  # both: nothing sent if invalid
    driver, database = _connection(opts)
    bar = None
    try:
        if sys.stderr.isatty() and not as_json:
            bar = click.progressbar(length=1, label="loading", file=sys.stderr)
            bar.__enter__()

        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar.length = total
                bar.update(done - bar.pos)

        try:
            if data is not None:
                summary = load_graph(data, driver, database, progress)
            else:
                summary = load_bulk(list(paths), driver, database, batch, progress, index)
        except (exceptions.Neo4jError, exceptions.DriverError) as exc:
            detail = getattr(exc, "message", None) or str(exc)
            raise GraphkitError(
                f"the load into {database} failed ({type(exc).__name__}: {detail}). "
                + (
                    "Nothing was changed (one transaction)."
                    if data is not None
                    else "Run `graphkit load` again with the same input to resume it."
                )
            ) from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
        driver.close()
    if as_json:
        click.echo(to_json(summary))
    else:
        click.echo(f"Loaded into {database}: {summary}")


@cli.command(name="cypher")
@click.argument("query")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A query parameter; VALUE is read as JSON when it can be, else as text.",
)
@neo4j_options
@click.option("--json", "as_json", is_flag=True, help="Print rows as JSON.")
@fail_cleanly
def cypher_command(query: str, params: tuple[str, ...], as_json: bool, **opts: Any) -> None:
    """Run a read-only Cypher QUERY against Neo4j (a write is refused by the server).

    Example:

        graphkit cypher "MATCH (a:Agency {id: $id}) RETURN a.name" --param id=ice
    """
    import json

    from graphkit.neo4jquery import run_read_only
    from graphkit.output import emit, table, to_json

    driver, database = _connection(opts)
    try:
        keys, rows = run_read_only(driver, database, query, params)
    finally:
        driver.close()
    if as_json:
        click.echo(to_json(rows))
        return

    def render(rows: list[dict[str, Any]]) -> str:
        def cell(value: Any) -> str:
            if isinstance(value, str):
                return value
            return json.dumps(value, ensure_ascii=False, default=str)  # one line per value

        cells = [[cell(r[k]) for k in keys] for r in rows]
        return table(cells, keys, [60] * len(keys)) + f"\n({len(rows)} rows)"

    emit(rows, False, render)


@cli.command()
@click.argument("out", type=click.Path(file_okay=False))
@click.option(
    "--relationships",
    default="10k",
    show_default=True,
    help="About how many graph relationships: 10k, 100k, 1M...",
)
@click.option("--seed", default=7, show_default=True, help="Same seed, same files.")
@fail_cleanly
def synth(out: str, relationships: str, seed: int) -> None:
    """Write a synthetic graph (JSON Lines, the bulk format) into the folder OUT.

    Deterministic and realistic in shape: federal, state and local agencies, vendors
    with a power-law number of customers, derived datasets, chains of re-sharing.
    Every record cites a synthetic source on example.org: none of it is fact.

    Example:

        graphkit synth /tmp/g100k --relationships 100k && graphkit load /tmp/g100k
    """
    from pathlib import Path

    from graphkit.synth import generate, iter_sizes

    size = next(iter_sizes(relationships))
    counts = generate(Path(out), size, seed)
    click.echo(
        f"Wrote {sum(counts.values()):,} records to {out}: "
        + ", ".join(f"{n:,} {kind}" for kind, n in counts.items())
    )


def _register_optional() -> None:
    """Command groups that live in their own modules."""
    from graphkit.neo4jserver.cli import neo4j
    from graphkit.viz.cli import viz

    cli.add_command(neo4j)
    cli.add_command(viz)


_register_optional()


def main() -> None:
    """Entry point of the console script and ``python -m graphkit``."""
    cli(prog_name="graphkit")
