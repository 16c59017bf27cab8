"""``graphkit serve``: the local web explorer (:mod:`graphkit.explorer`)."""

from __future__ import annotations

from typing import Any

import click

from graphkit.cli.options import backend_options, fail_cleanly, open_from_options


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Any other than this machine's own is served with a warning.",
)
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--time-limit",
    default=None,
    type=float,
    metavar="SECONDS",
    help="Seconds a question may take before its page says it is too slow [default: 10].",
)
@click.option(
    "--open/--no-open",
    "open_browser",
    default=False,
    show_default=True,
    help="Open the explorer in the default web browser once it listens.",
)
@backend_options
@fail_cleanly
def serve(host: str, port: int, time_limit: float | None, open_browser: bool, **opts: Any) -> None:
    """Browse the graph in a web browser: search, a page per entity, the questions as
    forms and permalinks, each page also as .json and .csv. Read-only; local by default.

    Example:

        graphkit serve --seeds seeds

        graphkit serve --backend neo4j --port 8080
    """
    from graphkit.explorer import serve as serving

    secrets = tuple(v for k in ("password", "uri") if (v := opts.get(k)))
    plan = serving.plan_serve(host, port, time_limit, secrets)
    for warning in plan.warnings:
        click.echo(warning, err=True)
    graph = open_from_options(opts)

    def started() -> None:
        click.echo(f"graphkit explorer at {plan.url} (Ctrl-C stops it)", err=True)
        if open_browser:
            import webbrowser

            webbrowser.open(plan.url)

    with graph:
        serving.run_server(graph, plan, on_start=started)


COMMANDS = [serve]
