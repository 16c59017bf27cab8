"""Commands on seed data itself: ``validate``, ``schema`` and ``synth``."""

from __future__ import annotations

import sys

import click

from graphkit.cli.options import fail_cleanly, output_options
from graphkit.present.words import wrote_line


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@output_options(json_help="Print problems as JSON.")
@fail_cleanly
def validate(paths: tuple[str, ...], fmt: str) -> None:
    """Check seed files and report every problem with file, line, field and fix.

    Exit 0 when clean (warnings, such as an agreement in force with no reported end and no
    last evidence, are listed but do not fail), 1 otherwise. PATHS default to the seeds
    found as for every command ($GRAPHKIT_SEEDS, ./seeds, the bundled seeds).

    Example:

        graphkit validate seeds/
    """
    from graphkit.present.formats import emit, render
    from graphkit.present.words import warning_line
    from graphkit.tasks import validate as check

    checked = check(*paths)
    if not checked.ok and fmt == "text":  # the problems are a message
        click.echo(render(checked, text=str), err=True)
    else:
        emit(checked, fmt, text=str)
    if fmt == "text" and checked.ok:
        for warning in checked.warnings:
            click.echo(warning_line(warning), err=True)
    if not checked.ok:
        sys.exit(1)


@click.command()
def schema() -> None:
    """Print the JSON Schema of a seed file (derived from the data model).

    Example:

        graphkit schema > seed.schema.json
    """
    from graphkit.model.schema import json_schema
    from graphkit.present.formats import emit

    emit(json_schema(), "json")


@click.command()
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

    from graphkit.ingest.synth import generate, iter_sizes

    size = next(iter_sizes(relationships))
    counts = generate(Path(out), size, seed)
    click.echo(
        wrote_line(f"{sum(counts.values()):,} records to {out}")
        + ": "
        + ", ".join(f"{n:,} {kind}" for kind, n in counts.items())
    )


COMMANDS = [validate, schema, synth]
