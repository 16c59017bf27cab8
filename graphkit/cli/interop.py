"""``graphkit export``: the graph on a date, or one answer, for other tools."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from graphkit.cli.options import backend_options, fail_cleanly, open_from_options

FORMATS = ["graphml", "gexf", "csv", "cypher"]


def export_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--format, -o and --as-of, with the backend options."""
    for option in reversed(
        [
            click.option(
                "--format",
                "fmt",
                type=click.Choice(FORMATS),
                required=True,
                help="graphml and gexf (Gephi), csv (a folder: nodes.csv and links.csv, for "
                "Kumu, Flourish, spreadsheets), cypher (a script that recreates the graph).",
            ),
            click.option(
                "-o", "--output", required=True, type=click.Path(), help="File or folder."
            ),
            click.option("--as-of", "as_of", metavar="DATE", help="Statuses on this date."),
        ]
    ):
        func = option(func)
    return backend_options(func)


def _write(answer: Any, fmt: str, output: str) -> None:
    from graphkit.interop.export import write

    for path in write(answer, fmt, output):
        click.echo(f"Wrote {path}", err=True)


@click.group(invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="The format (see subcommands).")
@click.option("-o", "--output", type=click.Path(), help="File or folder.")
@click.option("--as-of", "as_of", metavar="DATE", help="Statuses on this date.")
@backend_options
@click.pass_context
@fail_cleanly
def export(
    ctx: click.Context, fmt: str | None, output: str | None, as_of: str | None, **opts: Any
) -> None:
    """Export the whole graph (statuses on a date), or one answer, to GraphML, GEXF, CSV
    or a Cypher script.

    Example:

        graphkit export --format gexf -o graph.gexf
        graphkit export reach irs-taxpayer-addresses --as-of 2025-08-01 --format csv -o irs/
    """
    if ctx.invoked_subcommand is not None:
        return
    if not fmt or not output:
        raise click.UsageError("name --format and -o (or a question: graphkit export reach ...)")
    opts.pop("as_json", None)
    if fmt == "cypher":
        _cypher(output, opts)
        return
    _write(open_from_options(opts).view(None, 1, as_of), fmt, output)


def _cypher(output: str, opts: dict[str, Any]) -> None:
    from pathlib import Path

    from graphkit.ingest.validation import load_seeds
    from graphkit.interop.export import cypher_script

    if opts.get("backend") == "neo4j":
        raise click.UsageError("--format cypher exports seed files: use the memory backend")
    Path(output).write_text(cypher_script(load_seeds(*opts.get("seeds", ()))), encoding="utf-8")
    click.echo(f"Wrote {output}", err=True)


@export.command("reach")
@click.argument("dataset")
@export_options
@fail_cleanly
def export_reach(dataset: str, fmt: str, output: str, as_of: str | None, **opts: Any) -> None:
    """Who can obtain DATASET on a date: the paths, as a graph.

    Example:

        graphkit export reach irs-taxpayer-addresses --as-of 2025-08-01 --format csv -o irs/
    """
    opts.pop("as_json", None)
    _write(open_from_options(opts).reach(dataset, as_of), fmt, output)


@export.command("reachable")
@click.argument("party")
@export_options
@fail_cleanly
def export_reachable(party: str, fmt: str, output: str, as_of: str | None, **opts: Any) -> None:
    """What PARTY can obtain on a date, as a graph.

    Example:

        graphkit export reachable ice --as-of 2025-08-01 --format gexf -o ice.gexf
    """
    opts.pop("as_json", None)
    _write(open_from_options(opts).reachable(party, as_of), fmt, output)


@export.command("path")
@click.argument("source", metavar="FROM")
@click.argument("target", metavar="TO")
@export_options
@fail_cleanly
def export_path(
    source: str, target: str, fmt: str, output: str, as_of: str | None, **opts: Any
) -> None:
    """How data flows from FROM to TO on a date, as a graph.

    Example:

        graphkit export path nctue ice --as-of 2021-06-01 --format graphml -o utility.graphml
    """
    opts.pop("as_json", None)
    _write(open_from_options(opts).path(source, target, as_of), fmt, output)


@export.command("ego")
@click.argument("center")
@click.option("--depth", default=1, show_default=True, help="Links from CENTER.")
@export_options
@fail_cleanly
def export_ego(
    center: str, depth: int, fmt: str, output: str, as_of: str | None, **opts: Any
) -> None:
    """Everything within --depth links of CENTER, with statuses on a date.

    Example:

        graphkit export ego clearview-ai --depth 2 --format gexf -o clearview.gexf
    """
    opts.pop("as_json", None)
    _write(open_from_options(opts).view(center, depth, as_of), fmt, output)


COMMANDS = [export]
