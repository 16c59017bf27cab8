"""Options and helpers shared by every command that asks the graph a question.

Kept apart from ``cli.py`` so that command groups in other modules (``viz``, ``neo4j``)
use the very same options without importing the main CLI.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from graphkit import GraphkitError


def fail_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Library errors become a clean message and exit 1; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GraphkitError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


def backend_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by every command that asks the graph a question."""
    options = [
        click.option(
            "--backend",
            type=click.Choice(["memory", "neo4j"]),
            envvar="GRAPHKIT_BACKEND",
            default="memory",
            show_default=True,
            help="Where the questions run. [env: GRAPHKIT_BACKEND]",
        ),
        click.option(
            "--seeds",
            "seeds",
            multiple=True,
            type=click.Path(),
            help="Seed files or folders for the memory backend (default: $GRAPHKIT_SEEDS, "
            "else ./seeds, else the seeds bundled with graphkit).",
        ),
        click.option("--uri", envvar="NEO4J_URI", help="Neo4j URI. [env: NEO4J_URI]"),
        click.option("--user", envvar="NEO4J_USER", help="Neo4j user. [env: NEO4J_USER]"),
        click.option(
            "--password",
            envvar="NEO4J_PASSWORD",
            show_envvar=False,
            help="Neo4j password. [env: NEO4J_PASSWORD]",
        ),
        click.option(
            "--database", envvar="NEO4J_DATABASE", help="Neo4j database. [env: NEO4J_DATABASE]"
        ),
        click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


#: ``--show-cypher``: every command that asks the backend a question has it.
show_cypher_option = click.option(
    "--show-cypher",
    is_flag=True,
    help="Neo4j backend: print the Cypher and its parameters to stderr.",
)


def question_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Options of reach, reachable and path."""
    options = [
        click.option(
            "--as-of",
            "as_of",
            metavar="DATE",
            help="The date to ask about, YYYY-MM-DD (default: today).",
        ),
        click.option(
            "--max-hops",
            default=4,
            show_default=True,
            type=int,
            help="Longest chain of agreements to follow.",
        ),
        click.option(
            "--max-paths",
            default=5,
            show_default=True,
            type=int,
            help="Paths shown per party or dataset.",
        ),
        show_cypher_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def open_from_options(opts: dict[str, Any]) -> Any:
    from graphkit.backends import open_backend

    backend = opts.pop("backend")
    seeds = opts.pop("seeds", ())
    conn = {k: opts.pop(k) for k in ("uri", "user", "password", "database")}
    show_cypher = opts.pop("show_cypher", False)
    if backend == "neo4j":
        return open_backend(
            backend="neo4j", show_cypher=show_cypher, **{k: v for k, v in conn.items() if v}
        )
    return open_backend(*seeds, backend="memory")
