"""``graphkit neo4j start|stop|status``: a local Neo4j 5.26 Community server, no Docker.

Only click is imported here; the manager (and the neo4j driver) load inside the commands.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from graphkit.cli.options import fail_cleanly, output_options

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _default_data_dir() -> str:
    return os.environ.get("GRAPHKIT_NEO4J_HOME") or "./.neo4j"


def _data_dir_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=_default_data_dir,
        show_default="$GRAPHKIT_NEO4J_HOME or ./.neo4j",
        help="The server's home: databases, logs, pid file. [env: GRAPHKIT_NEO4J_HOME]",
    )(func)


@click.group(name="neo4j", context_settings=CONTEXT)
def neo4j() -> None:
    """A local Neo4j 5.26 Community server on the JDK (no Docker).

    The first start downloads Neo4j from Maven Central with Maven (into ~/.m2) and
    builds a small launcher; later starts reuse it. Bolt listens on 127.0.0.1 only,
    with auth: user neo4j, password from NEO4J_PASSWORD.

    Example:

    \b
        export NEO4J_PASSWORD=a-long-password
        graphkit neo4j start --data-dir .neo4j
        graphkit neo4j status
        graphkit neo4j stop
    """


@neo4j.command()
@_data_dir_option
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=7687,
    envvar="NEO4J_PORT",
    show_default=True,
    help="Bolt port on 127.0.0.1. [env: NEO4J_PORT]",
)
@click.option(
    "--password",
    envvar="NEO4J_PASSWORD",
    show_envvar=False,
    metavar="TEXT",
    help="Password of user neo4j (8+ characters). Prefer the env var: "
    "an option shows in `ps`. [env: NEO4J_PASSWORD]",
)
@click.option(
    "--wait",
    "wait_seconds",
    type=float,
    default=180.0,
    show_default=True,
    help="Seconds to wait for the server to answer (after any build).",
)
@fail_cleanly
def start(data_dir: Path, port: int, password: str | None, wait_seconds: float) -> None:
    """Start the server (building it first if needed) and print the env to export.

    Returns once Bolt answers `RETURN 1` with the password. The password is set on
    every start, so a new NEO4J_PASSWORD takes effect on an existing data dir.

    Example:

        NEO4J_PASSWORD=a-long-password graphkit neo4j start --port 7687
    """
    from graphkit.backends.neo4j.server import manager

    if not password:
        raise click.ClickException(
            "No password for Neo4j: set NEO4J_PASSWORD (export NEO4J_PASSWORD=<8+ characters>) "
            "or pass --password."
        )
    if len(password) < manager.MIN_PASSWORD_LENGTH:
        raise click.ClickException(
            f"NEO4J_PASSWORD is too short: Neo4j requires at least {manager.MIN_PASSWORD_LENGTH} "
            "characters."
        )
    current = manager.status(data_dir)
    if current["running"]:
        click.echo(
            f"Neo4j is already running on {current['data_dir']} (pid {current['pid']}).",
            err=True,
        )
    else:
        click.echo(
            f"Starting Neo4j on 127.0.0.1:{port} (data: {current['data_dir']}) ...", err=True
        )
    uri = manager.start(data_dir, port, password=password, wait_seconds=wait_seconds)
    info = manager.status(data_dir)
    click.echo(f"Neo4j is running at {uri} (pid {info['pid']}, log: {info['log']}).", err=True)
    if info.get("memory"):
        click.echo(f"Memory: {info['memory']}.", err=True)
    click.echo(f"export NEO4J_URI={uri}")
    click.echo(f"export NEO4J_USER={manager.USER}")


@neo4j.command()
@_data_dir_option
@click.option(
    "--timeout",
    type=float,
    default=60.0,
    show_default=True,
    help="Seconds to wait after SIGTERM before SIGKILL.",
)
@fail_cleanly
def stop(data_dir: Path, timeout: float) -> None:
    """Stop the server cleanly (SIGTERM, then SIGKILL after --timeout).

    Example:

        graphkit neo4j stop --data-dir .neo4j
    """
    from graphkit.backends.neo4j.server import manager

    if manager.stop(data_dir, timeout=timeout):
        click.echo(f"Neo4j stopped ({Path(data_dir).resolve()}).")
    else:
        click.echo(f"Neo4j was not running ({Path(data_dir).resolve()}).")


@neo4j.command()
@_data_dir_option
@output_options(json_help="Print JSON.")
@fail_cleanly
def status(data_dir: Path, fmt: str) -> None:
    """Say whether the server runs, with its pid and URI. Exit 0 either way.

    Example:

        graphkit neo4j status --json
    """
    from graphkit.backends.neo4j.server import manager
    from graphkit.present.formats import emit
    from graphkit.present.reports import ServerStatus

    emit(ServerStatus(manager.status(data_dir)), fmt)
