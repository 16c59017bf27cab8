"""The ``graphkit`` command: a thin layer over the library.

Every command is something the Python API does too (see ``graphkit.open_graph``).
Imports of anything heavy happen inside the commands, so ``graphkit --help`` is fast.
"""

from __future__ import annotations

import click

from graphkit import __version__

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


def _register() -> None:
    """Every command lives in the module named for what it does."""
    from graphkit.cli import changes, data, database, interop, questions, serve, story
    from graphkit.cli.server import neo4j
    from graphkit.cli.viz import viz

    for module in (questions, changes, data, database, interop, story, serve):
        for command in module.COMMANDS:
            cli.add_command(command)
    cli.add_command(neo4j)
    cli.add_command(viz)


_register()


def password_option(argv: list[str]) -> bool:
    """Whether the command line gives a password (``--password X`` or ``--password=X``),
    options only (not after ``--``).

    Example:
        >>> password_option(["graphkit", "load", "--password=x"])
        True
        >>> password_option(["graphkit", "search", "--", "--password"])
        False
    """
    for arg in argv[1:]:
        if arg == "--":
            return False
        if arg == "--password" or arg.startswith("--password="):
            return True
    return False


def main() -> None:
    """Entry point of the console script and ``python -m graphkit``: reads ``.env`` in
    the working folder (:mod:`graphkit.envfile`), then runs the command."""
    import sys
    from pathlib import Path

    from graphkit.envfile import apply_env_file
    from graphkit.errors import GraphkitError

    try:
        for warning in apply_env_file(Path(".env"), password_given=password_option(sys.argv)):
            click.echo(warning, err=True)
    except (GraphkitError, OSError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    cli(prog_name="graphkit")
