"""The questions: ``reach``, ``reachable``, ``path``, ``show``, ``search`` and ``stats``."""

from __future__ import annotations

from typing import Any

import click

from graphkit.cli.options import (
    backend_options,
    fail_cleanly,
    open_from_options,
    output_options,
    question_options,
    show_cypher_option,
)

STANDARD_USES = click.option(
    "--standard-uses",
    is_flag=True,
    help="List the standard routine uses (litigation, congress, breach...) among the "
    "declared permissions instead of counting them.",
)


@click.command()
@click.argument("dataset")
@question_options
@STANDARD_USES
@backend_options
@output_options()
@fail_cleanly
def reach(
    dataset: str,
    as_of: str | None,
    max_hops: int,
    max_paths: int,
    evidence: str,
    min_confidence: str,
    only: str | None,
    standard_uses: bool,
    fmt: str,
    **opts: Any,
) -> None:
    """Every party that can obtain DATASET on a date, with paths and sources; apart, who
    may receive it under a published routine use (declared, no transfer shown), the
    standard routine uses counted.

    DATASET is an id, a system of records' number, or a unique name or alias
    (case-insensitive).

    Example:

        graphkit reach irs-taxpayer-addresses --as-of 2025-08-01

        graphkit reach ssa-master-files --as-of 2025-12-01 --only declared
    """
    from graphkit.present.formats import emit

    graph = open_from_options(opts)
    result = graph.reach(
        dataset,
        as_of=as_of,
        max_hops=max_hops,
        max_paths=max_paths,
        evidence=evidence,
        min_confidence=min_confidence,
        only=only,
        standard_uses=standard_uses,
    )
    emit(result, fmt)


@click.command()
@click.argument("party")
@question_options
@click.option(
    "--no-components",
    is_flag=True,
    help="Count only PARTY itself, not its components (e.g. ICE without HSI).",
)
@STANDARD_USES
@backend_options
@output_options()
@fail_cleanly
def reachable(
    party: str,
    as_of: str | None,
    max_hops: int,
    max_paths: int,
    evidence: str,
    min_confidence: str,
    only: str | None,
    no_components: bool,
    standard_uses: bool,
    fmt: str,
    **opts: Any,
) -> None:
    """Every dataset PARTY can obtain on a date, with paths and sources; apart, those it
    may receive under a published routine use (declared), the standard ones counted.

    Example:

        graphkit reachable ice --as-of 2025-08-01
    """
    from graphkit.present.formats import emit

    graph = open_from_options(opts)
    result = graph.reachable(
        party,
        as_of=as_of,
        max_hops=max_hops,
        max_paths=max_paths,
        components=not no_components,
        evidence=evidence,
        min_confidence=min_confidence,
        only=only,
        standard_uses=standard_uses,
    )
    emit(result, fmt)


@click.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--dataset", help="Only chains that carry this dataset on every hop.")
@click.option(
    "--any-data",
    is_flag=True,
    help="Also chains whose data changes along the way (labelled connectivity only).",
)
@question_options
@STANDARD_USES
@backend_options
@output_options()
@fail_cleanly
def path(
    source: str,
    target: str,
    dataset: str | None,
    any_data: bool,
    as_of: str | None,
    max_hops: int,
    max_paths: int,
    evidence: str,
    min_confidence: str,
    only: str | None,
    standard_uses: bool,
    fmt: str,
    **opts: Any,
) -> None:
    """How data flows from party FROM to party TO on a date: chains that carry one
    dataset (or data derived from it) end to end; apart, chains in force only under a
    published routine use (declared), the standard ones counted.

    Example:

        graphkit path nctue ice --as-of 2021-06-01
    """
    from graphkit.present.formats import emit

    graph = open_from_options(opts)
    result = graph.path(
        source,
        target,
        as_of=as_of,
        max_hops=max_hops,
        max_paths=max_paths,
        dataset=dataset,
        evidence=evidence,
        min_confidence=min_confidence,
        only=only,
        any_data=any_data,
        standard_uses=standard_uses,
    )
    emit(result, fmt)


@click.command()
@click.argument("ident", metavar="ID")
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="The date of the agreement status shown, YYYY-MM-DD (default: today).",
)
@show_cypher_option
@backend_options
@output_options()
@fail_cleanly
def show(ident: str, as_of: str | None, fmt: str, **opts: Any) -> None:
    """An entity with every claim about it and its sources; an agreement with its
    status on a date, graded (evidence, last evidenced, term end).

    Example:

        graphkit show irs-ice-mou-2025 --as-of 2025-08-01
    """
    from graphkit.present.formats import emit

    emit(open_from_options(opts).show(ident, as_of=as_of), fmt)


@click.command()
@click.argument("text")
@click.option("--limit", default=20, show_default=True, help="Most rows to show.")
@show_cypher_option
@backend_options
@output_options("jsonl", "csv", rows="match")
@fail_cleanly
def search(text: str, limit: int, fmt: str, **opts: Any) -> None:
    """Entities whose id, name or alias contains TEXT, and sources whose id, title or
    publisher does (`graphkit show SOURCE-ID` lists what cites one).

    Example:

        graphkit search medicaid
    """
    from graphkit.present.answers import render_search
    from graphkit.present.formats import emit

    emit(open_from_options(opts).search(text, limit=limit), fmt, text=render_search)


@click.command()
@click.option("--as-of", "as_of", metavar="DATE", help="Date for agreement statuses.")
@show_cypher_option
@backend_options
@output_options()
@fail_cleanly
def stats(as_of: str | None, fmt: str, **opts: Any) -> None:
    """Counts by kind and status, claims without a source, dates covered.

    Example:

        graphkit stats
    """
    from graphkit.present.formats import emit

    emit(open_from_options(opts).stats(as_of=as_of), fmt)


COMMANDS = [reach, reachable, path, show, search, stats]
