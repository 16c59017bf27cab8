"""``graphkit viz``: write a question's answer as one self-contained HTML page.

A thin layer over :mod:`graphkit.viz`; heavy imports happen inside the commands.
The main CLI registers the group: ``from graphkit.cli.viz import viz``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from graphkit.cli.options import (
    apply_options,
    backend_options,
    fail_cleanly,
    open_from_options,
    output_options,
    question_options,
)


def page_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Where the page goes, and whether to print an embed snippet."""
    options = [
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False),
            help="The .html file to write (default: graphkit-<view>-<id>.html).",
        ),
        click.option(
            "--force",
            is_flag=True,
            help="Replace output files that exist (without it, an existing file is refused).",
        ),
        click.option(
            "--embed",
            is_flag=True,
            help="Also print an <iframe> snippet that shows the written file.",
        ),
    ]
    return apply_options(options, func)


def context_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """--context (how far the faded surroundings reach) and --context-max (how many)."""
    func = click.option(
        "--context-max",
        "context_max",
        default=8,
        show_default=True,
        type=int,
        help="Most faded nodes drawn around the answer, the most relevant first (0 to 150).",
    )(func)
    return click.option(
        "--context",
        default=1,
        show_default=True,
        type=int,
        help="Links of faded surroundings drawn around the paths (0 for none).",
    )(func)


def as_of_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--as-of",
        "as_of",
        metavar="DATE",
        help="Date for agreement statuses, YYYY-MM-DD (default: today).",
    )(func)


def time_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The date slider: which dates the page carries (--as-of is the one it opens at)."""
    options = [
        click.option(
            "--from",
            "date_from",
            metavar="DATE",
            help="First date of the slider, YYYY-MM-DD (default: the first event of the "
            "agreements in the view).",
        ),
        click.option(
            "--to",
            "date_to",
            metavar="DATE",
            help="Last date of the slider (default: the last event of those agreements).",
        ),
        click.option(
            "--no-slider",
            is_flag=True,
            help="Only the --as-of date: no slider, no change strip.",
        ),
    ]
    return apply_options(options, func)


def _view_options(opts: dict[str, Any]) -> dict[str, Any]:
    """The options every answer view takes, popped from ``opts``: context, slider, filters."""
    view: dict[str, Any] = {
        k: opts.pop(k) for k in ("context", "context_max", "date_from", "date_to") if k in opts
    }
    if "no_slider" in opts:
        view["slider"] = not opts.pop("no_slider")
    for key in ("evidence", "min_confidence", "only"):
        if key in opts:
            view[key] = opts.pop(key)
    return view


def _write(page: Any, output: str | None, embed: bool, fmt: str, force: bool) -> None:
    from graphkit.present.formats import emit
    from graphkit.present.reports import PageWritten

    written = PageWritten.of(page, page.save(output, force=force), embed)
    if fmt == "text":
        click.echo(written.message(), err=True)
    emit(written, fmt)


@click.group()
def viz() -> None:
    """Draw an answer as one HTML page: self-contained, safe, readable without JavaScript.

    The page holds the diagram (vis-network, inline), the same paths as text with
    citations, the sources and the question. It makes no network request and works
    from a file, in an iframe (see --embed) and on a phone.

    Example:

        graphkit viz reach irs-taxpayer-addresses --as-of 2025-08-01
    """


@viz.command()
@click.argument("dataset")
@question_options
@context_option
@time_options
@page_options
@backend_options
@output_options()
@fail_cleanly
def reach(
    dataset: str,
    as_of: str | None,
    max_hops: int,
    max_paths: int,
    output: str | None,
    embed: bool,
    force: bool,
    fmt: str,
    **opts: Any,
) -> None:
    """Who can obtain DATASET on a date, drawn from the dataset outwards.

    Example:

        graphkit viz reach irs-taxpayer-addresses --as-of 2025-08-01 -o reach.html
    """
    from graphkit.viz import reach_view

    view = _view_options(opts)
    page = reach_view(open_from_options(opts), dataset, as_of, max_hops, max_paths, **view)
    _write(page, output, embed, fmt, force)


@viz.command()
@click.argument("party")
@question_options
@click.option("--no-components", is_flag=True, help="Count only PARTY, not its components.")
@context_option
@time_options
@page_options
@backend_options
@output_options()
@fail_cleanly
def reachable(
    party: str,
    as_of: str | None,
    max_hops: int,
    max_paths: int,
    no_components: bool,
    output: str | None,
    embed: bool,
    force: bool,
    fmt: str,
    **opts: Any,
) -> None:
    """What PARTY can obtain on a date, each dataset drawn from its custodian.

    Example:

        graphkit viz reachable ice --as-of 2025-08-01
    """
    from graphkit.viz import reachable_view

    view = _view_options(opts)
    graph = open_from_options(opts)
    page = reachable_view(
        graph, party, as_of, max_hops, max_paths, components=not no_components, **view
    )
    _write(page, output, embed, fmt, force)


@viz.command()
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@click.option("--dataset", help="Only chains that carry this dataset on every hop.")
@click.option(
    "--any-data",
    is_flag=True,
    help="Also chains whose data changes along the way (labelled connectivity only).",
)
@question_options
@context_option
@time_options
@page_options
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
    output: str | None,
    embed: bool,
    force: bool,
    fmt: str,
    **opts: Any,
) -> None:
    """How data flows from FROM to TO on a date, every chain drawn left to right.

    Example:

        graphkit viz path nctue ice --as-of 2021-06-01
    """
    from graphkit.viz import path_view

    view = _view_options(opts)
    graph = open_from_options(opts)
    page = path_view(
        graph, source, target, as_of, max_hops, max_paths, dataset, any_data=any_data, **view
    )
    _write(page, output, embed, fmt, force)


@viz.command()
@click.argument("ident", metavar="ID")
@click.option("--depth", default=1, show_default=True, type=int, help="Links out from ID (0-6).")
@as_of_option
@time_options
@page_options
@backend_options
@output_options()
@fail_cleanly
def ego(
    ident: str,
    depth: int,
    as_of: str | None,
    output: str | None,
    embed: bool,
    force: bool,
    fmt: str,
    **opts: Any,
) -> None:
    """Everything within --depth links of ID, in rings around it.

    Example:

        graphkit viz ego ice --depth 2 --as-of 2025-08-01
    """
    from graphkit.viz import ego_view

    graph = open_from_options(opts)
    page = ego_view(graph, ident, depth, as_of, **_view_options(opts))
    _write(page, output, embed, fmt, force)


@viz.command(name="all")
@as_of_option
@time_options
@page_options
@backend_options
@output_options()
@fail_cleanly
def all_command(
    as_of: str | None,
    output: str | None,
    embed: bool,
    force: bool,
    fmt: str,
    **opts: Any,
) -> None:
    """The whole graph (physics off above 200 nodes: the layout is computed in Python).

    Example:

        graphkit viz all --as-of 2025-08-01 -o graph.html
    """
    from graphkit.viz import all_view

    page = all_view(open_from_options(opts), as_of, **_view_options(opts))
    _write(page, output, embed, fmt, force)
