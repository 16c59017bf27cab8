"""Options and helpers shared by the commands, defined once.

Kept apart from ``main.py`` so that every command module (questions, data, database,
server, viz) uses the very same options without importing the others.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import click

from graphkit.errors import GraphkitError, NotFound
from graphkit.model.registry import CONFIDENCE_ORDER, EVIDENCE_ORDER
from graphkit.questions.limits import DEFAULT_MAX_HOPS, DEFAULT_MAX_PATHS

#: Library argument names as the command line spells them.
OPTION_NAMES = {
    "as_of": "--as-of",
    "output": "-o/--output",
    "from": "--from",
    "to": "--to",
    "out": "OUT",
    "max_hops": "--max-hops",
    "max_paths": "--max-paths",
    "depth": "--depth",
    "context": "--context",
    "limit": "--limit",
    "backend": "--backend",
    "batch": "--batch",
    "relationships": "--relationships",
    "evidence": "--evidence",
    "only": "--only",
    "min_confidence": "--min-confidence",
    "timeout": "--timeout",
    "param": "--param",
    "mode": "--mode",
    "context_max": "--context-max",
    "from_date": "--from",
    "to_date": "--to",
    "port": "--port",
    "time_limit": "--time-limit",
}

Decorator = Callable[[Any], Any]


def cli_message(exc: GraphkitError) -> str:
    """A library error in command-line words: option names, and where to look next.

    Example:
        >>> from graphkit.errors import DateError
        >>> cli_message(DateError("as_of 'x' is not a date: write YYYY-MM-DD", "as_of"))
        "--as-of 'x' is not a date: write YYYY-MM-DD"
    """
    text = str(exc)
    option = OPTION_NAMES.get(exc.argument or "")
    if option and exc.argument and text.startswith(exc.argument):
        text = option + text[len(exc.argument) :]
    if isinstance(exc, NotFound):
        word = exc.text.split()[0] if exc.text.split() else ""
        text += f" Try `graphkit search {word}` to find ids."
    return text


def fail_cleanly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Library errors become a clean message and exit 1; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except GraphkitError as exc:
            raise click.ClickException(cli_message(exc)) from None

    return wrapper


def apply_options(options: Sequence[Decorator], func: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate ``func`` with click options, listed in the order ``--help`` shows them."""
    for option in reversed(options):
        func = option(func)
    return func


def _connection() -> list[Decorator]:
    return [
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
    ]


def neo4j_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Connection options of the commands that only talk to Neo4j."""
    return apply_options(_connection(), func)


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
        *_connection(),
    ]
    return apply_options(options, func)


def output_options(*formats: str, rows: str = "row", json_help: str | None = None) -> Decorator:
    """The output flags, from the registered formats: ``--json`` always, and each of
    ``formats`` (``jsonl``, ``csv``) for a command whose answer has rows (``rows`` says
    what one row is). The command gets one argument, ``fmt``: text when no flag is given.

    Example:
        >>> @click.command()
        ... @output_options("csv", rows="change")
        ... def cmd(fmt: str) -> None:
        ...     click.echo(fmt)
        >>> from click.testing import CliRunner
        >>> [CliRunner().invoke(cmd, args).output.strip() for args in (["--csv"], [])]
        ['csv', 'text']
    """
    from graphkit.present.formats import FORMATS

    chosen = [FORMATS[name] for name in ("json", *formats)]

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            asked = [f for f in chosen if kwargs.pop(f"as_{f.name}", False)]
            if len(asked) > 1:
                names = " and ".join(f.flags[0] for f in asked)
                raise click.UsageError(f"{names} ask for two formats: choose one")
            return func(*args, fmt=asked[0].name if asked else "text", **kwargs)

        options = [
            click.option(
                *fmt.flags,
                f"as_{fmt.name}",
                is_flag=True,
                help=(json_help if fmt.name == "json" and json_help else fmt.help).format(
                    rows=rows
                ),
            )
            for fmt in chosen
        ]
        return apply_options(options, wrapper)

    return decorate


#: ``--show-cypher``: every command that asks the backend a question has it.
show_cypher_option = click.option(
    "--show-cypher",
    is_flag=True,
    help="Neo4j backend: print the Cypher and its parameters to stderr.",
)


def console_limit_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--limit`` and ``--timeout`` of the ``cypher`` console."""
    from graphkit.questions.limits import CONSOLE_LIMIT as DEFAULT_LIMIT
    from graphkit.questions.limits import CONSOLE_TIMEOUT as DEFAULT_TIMEOUT

    options = [
        click.option(
            "--limit",
            default=DEFAULT_LIMIT,
            show_default=True,
            type=click.IntRange(min=1),
            help="Rows shown at most; a longer result is cut, and says so.",
        ),
        click.option(
            "--timeout",
            default=DEFAULT_TIMEOUT,
            show_default=True,
            type=click.FloatRange(min=0, min_open=True),
            metavar="SECONDS",
            help="The server stops the query after this many seconds.",
        ),
    ]
    return apply_options(options, func)


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
            default=DEFAULT_MAX_HOPS,
            show_default=True,
            type=int,
            help="Longest chain of agreements to follow.",
        ),
        click.option(
            "--max-paths",
            default=DEFAULT_MAX_PATHS,
            show_default=True,
            type=int,
            help="Paths shown per party or dataset.",
        ),
        click.option(
            "--evidence",
            type=click.Choice([*EVIDENCE_ORDER, "any"]),
            default="any",
            show_default=True,
            help="The weakest evidence kept: evidenced (a source shows it on the date), "
            "presumed (no end reported since the last evidence), declared (a published "
            "permission, no transfer shown), any (also agreements reported with no date "
            "or uncertain on the date). evidenced and presumed hide the declared paths.",
        ),
        click.option(
            "--only",
            type=click.Choice(EVIDENCE_ORDER),
            help="Only paths of exactly this evidence (instead of --evidence): "
            "--only declared shows the published permissions alone (routine uses).",
        ),
        click.option(
            "--min-confidence",
            type=click.Choice(CONFIDENCE_ORDER),
            default=CONFIDENCE_ORDER[-1],
            show_default=True,
            help="The weakest confidence kept (a path is as sure as its weakest hop).",
        ),
        show_cypher_option,
    ]
    return apply_options(options, func)


def connect(opts: dict[str, Any]) -> tuple[Any, str]:
    """A verified Neo4j driver and database from the connection options (popped)."""
    from graphkit.backends.neo4j.connection import connect_driver

    conn = [opts.pop(k, None) for k in ("uri", "user", "password", "database")]
    return connect_driver(*conn)


def open_from_options(opts: dict[str, Any]) -> Any:
    """The :class:`~graphkit.graph.Graph` the options name (options popped)."""
    from graphkit import open_graph

    backend = opts.pop("backend")
    seeds = opts.pop("seeds", ())
    conn = {k: opts.pop(k) for k in ("uri", "user", "password", "database")}
    show_cypher = opts.pop("show_cypher", False)
    if backend == "neo4j":
        return open_graph(
            backend="neo4j", show_cypher=show_cypher, **{k: v for k, v in conn.items() if v}
        )
    return open_graph(*seeds, backend="memory")
