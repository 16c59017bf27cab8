"""``graphkit export``: the graph on a date, or one answer, for other tools; and
``graphkit import``: FollowTheMoney entities, USAspending award CSVs and graphkit's own CSV
export as new seed files."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

import click

from graphkit.cli.options import (
    apply_options,
    backend_options,
    fail_cleanly,
    open_from_options,
    output_options,
)
from graphkit.present.words import wrote_line

FORMATS = ["graphml", "gexf", "csv", "cypher", "ftm"]
#: Formats of the whole graph only: the offline importer's files.
WHOLE_FORMATS = [*FORMATS, "neo4j-admin"]


def export_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--format, -o and --as-of, with the backend options."""
    options = [
        click.option(
            "--format",
            "fmt",
            type=click.Choice(FORMATS),
            required=True,
            help="graphml and gexf (Gephi), csv (a folder: nodes.csv and links.csv, for "
            "Kumu, Flourish, spreadsheets; records.csv for graphkit import csv), cypher (a "
            "script that recreates the graph), "
            "ftm (FollowTheMoney entities, JSON Lines, for Aleph).",
        ),
        click.option("-o", "--output", required=True, type=click.Path(), help="File or folder."),
        click.option("--as-of", "as_of", metavar="DATE", help="Statuses on this date."),
        click.option(
            "--force",
            is_flag=True,
            help="Replace output files that exist (without it, an existing file is refused).",
        ),
    ]
    return backend_options(apply_options(options, func))


def _write(
    graph: Any, fmt: str, output: str, force: bool, answer: Any = None, as_of: str | None = None
) -> None:
    """``Graph.export``, saying what it wrote."""
    for path in graph.export(fmt, output, as_of=as_of, answer=answer, force=force):
        detail = None
        if fmt == "ftm":  # how many entities the file holds, one a line
            with open(path, encoding="utf-8") as handle:
                detail = f"{sum(1 for _line in handle)} entities"
        click.echo(wrote_line(path, detail), err=True)


def _force(opts: dict[str, Any]) -> bool:
    """``--force``, given after the subcommand or before it (``export --force reach ...``)."""
    parent = click.get_current_context().parent
    return bool(opts.pop("force", False) or (parent and parent.params.get("force")))


def _answer(opts: dict[str, Any], fmt: str) -> tuple[Any, bool]:
    """The graph the options name (cypher and ftm export seed records: memory only), and
    whether to replace existing output (--force)."""
    if fmt in ("ftm", "cypher") and opts.get("backend") == "neo4j":
        raise click.UsageError(f"--format {fmt} exports seed records: use the memory backend")
    force = _force(opts)
    return open_from_options(opts), force


@click.group(invoke_without_command=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(WHOLE_FORMATS),
    help="The format (see subcommands); neo4j-admin (whole graph only): a folder with the "
    "CSV files `neo4j-admin database import full` reads, import.sh and after-import.cypher.",
)
@click.option("-o", "--output", type=click.Path(), help="File or folder.")
@click.option("--as-of", "as_of", metavar="DATE", help="Statuses on this date.")
@click.option(
    "--force",
    is_flag=True,
    help="Replace output files that exist (without it, an existing file is refused).",
)
@backend_options
@click.pass_context
@fail_cleanly
def export(
    ctx: click.Context, fmt: str | None, output: str | None, as_of: str | None, **opts: Any
) -> None:
    """Export the whole graph (statuses on a date), or one answer, to GraphML, GEXF, CSV,
    FollowTheMoney, a Cypher script, or the files of Neo4j's offline importer.

    Examples:

    \b
        graphkit export --format gexf -o graph.gexf
        graphkit export reach irs-taxpayer-addresses --as-of 2025-08-01 --format csv -o irs/
        graphkit export --format neo4j-admin -o neo4j-import/
    """
    if ctx.invoked_subcommand is not None:
        return
    if not fmt or not output:
        raise click.UsageError("name --format and -o (or a question: graphkit export reach ...)")
    if fmt == "neo4j-admin":
        if opts.pop("force", False):
            raise click.UsageError(
                "--force does not apply to neo4j-admin: it writes only into a new or empty folder"
            )
        _neo4j_admin(output, opts)
        return
    graph, force = _answer(opts, fmt)
    _write(graph, fmt, output, force, as_of=as_of)


def _neo4j_admin(output: str, opts: dict[str, Any]) -> None:
    from pathlib import Path

    from graphkit.interop.neo4j_admin import write_admin_export

    if opts.get("backend") == "neo4j":
        raise click.UsageError("--format neo4j-admin exports seed files: use the memory backend")
    files = write_admin_export(list(opts.get("seeds", ())), Path(output))
    click.echo(wrote_line(f"{len(files)} files to {output}"), err=True)
    click.echo(
        f"Next: stop the server; bash {Path(output) / 'import.sh'}; start it; "
        f"cypher-shell -f {Path(output) / 'after-import.cypher'}",
        err=True,
    )


@export.command("reach")
@click.argument("dataset")
@export_options
@fail_cleanly
def export_reach(dataset: str, fmt: str, output: str, as_of: str | None, **opts: Any) -> None:
    """Who can obtain DATASET on a date: the paths, as a graph.

    Example:

        graphkit export reach irs-taxpayer-addresses --as-of 2025-08-01 --format csv -o irs/
    """
    graph, force = _answer(opts, fmt)
    _write(graph, fmt, output, force, graph.reach(dataset, as_of=as_of))


@export.command("reachable")
@click.argument("party")
@export_options
@fail_cleanly
def export_reachable(party: str, fmt: str, output: str, as_of: str | None, **opts: Any) -> None:
    """What PARTY can obtain on a date, as a graph.

    Example:

        graphkit export reachable ice --as-of 2025-08-01 --format gexf -o ice.gexf
    """
    graph, force = _answer(opts, fmt)
    _write(graph, fmt, output, force, graph.reachable(party, as_of=as_of))


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
    graph, force = _answer(opts, fmt)
    _write(graph, fmt, output, force, graph.path(source, target, as_of=as_of))


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
    graph, force = _answer(opts, fmt)
    _write(graph, fmt, output, force, graph.view(center, depth=depth, as_of=as_of))


@click.group("import")
def import_() -> None:
    """Import FollowTheMoney entities, USAspending award CSVs, Federal Register Privacy
    Act notices or graphkit's own CSV export as new seed files.

    An import writes new YAML seed files into --into (a folder of their own), never
    edits existing ones, prints a summary first, and writes nothing when the input has
    a problem or the output would not validate.

    Example:

        graphkit import usaspending awards.csv --into seeds/usaspending --datasets map.yaml
    """


def _into(plan: Any, into: str, existing: tuple[str, ...], dry_run: bool, fmt: str) -> None:
    from graphkit.interop.seedout import write_plan
    from graphkit.present.formats import emit

    emit(plan, fmt, text=type(plan).summary)
    if dry_run:
        click.echo("Dry run: nothing written.", err=True)
        return
    for path in write_plan(plan, into, existing):
        click.echo(wrote_line(path), err=True)


def import_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """FILE, --into, --seeds, --dry-run, --json."""
    options = [
        click.argument("file", type=click.Path()),
        click.option(
            "--into",
            required=True,
            type=click.Path(file_okay=False),
            help="A folder for the new seed files (never existing files).",
        ),
        click.option(
            "--seeds",
            "seeds",
            multiple=True,
            type=click.Path(),
            help="Existing seeds to match names against and validate with.",
        ),
        click.option("--dry-run", is_flag=True, help="Print the summary; write nothing."),
    ]
    return apply_options(options, output_options(json_help="Print the summary as JSON.")(func))


@import_.command("ftm")
@import_options
@click.option("--source-title", help="Cite the file itself: its dataset's title.")
@click.option("--source-publisher", help="... its publisher.")
@click.option("--source-url", help="... the address it was downloaded from.")
@click.option("--retrieved", metavar="DATE", help="... the day it was downloaded.")
@fail_cleanly
def import_ftm(
    file: str, into: str, seeds: tuple[str, ...], dry_run: bool, fmt: str, **cite: str | None
) -> None:
    """FollowTheMoney JSON Lines (graphkit export --format ftm, an Aleph export, an
    OpenSanctions dataset) as seed files; checked alone, or with --seeds when given.
    Entities that cite no source of their own are cited to the file, given once with
    --source-title, --source-publisher and --source-url (and --retrieved).

    Example:

        graphkit import ftm entities.jsonl --into imported/
    """
    from graphkit.interop.ftm_import import FileCitation, plan_ftm

    given = {k: v for k, v in cite.items() if v}
    needed = ("source_title", "source_publisher", "source_url")
    if given and not all(k in given for k in needed):
        missing = ", ".join(f"--{k.replace('_', '-')}" for k in needed if k not in given)
        raise click.UsageError(f"citing the file needs {missing} too")
    citation = None
    if given:
        citation = FileCitation(
            given["source_title"],
            given["source_publisher"],
            given["source_url"],
            given.get("retrieved"),
        )
    _into(plan_ftm(file, citation), into, seeds, dry_run, fmt)


@import_.command("csv")
@import_options
@fail_cleanly
def import_csv(file: str, into: str, seeds: tuple[str, ...], dry_run: bool, fmt: str) -> None:
    """graphkit's own CSV export (FILE is its folder: nodes.csv, links.csv, records.csv) as
    seed files; checked alone, or with --seeds when given.

    Example:

        graphkit import csv exported/ --into imported/
    """
    from graphkit.interop.csv_import import plan_csv

    _into(plan_csv(file), into, seeds, dry_run, fmt)


@contextlib.contextmanager
def _progress_bar(label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress callback ``(done, total)`` that draws a bar on stderr from its first call
    (click draws it only on a terminal)."""
    bars: list[Any] = []

    def progress(done: int, total: int) -> None:
        if not bars:
            bars.append(click.progressbar(length=total, label=label, file=sys.stderr))
            bars[0].__enter__()
        bars[0].update(done - bars[0].pos)

    try:
        yield progress
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


@import_.command("usaspending")
@import_options
@click.option(
    "--datasets",
    "dataset_map",
    type=click.Path(),
    help="YAML map: which datasets awards move, selected by vendor id, PIID, "
    "product/service code, NAICS code or description pattern.",
)
@click.option(
    "--resolutions",
    type=click.Path(),
    help="Judgements on who is who (default: resolutions.yaml in the seed folder, if any).",
)
@fail_cleanly
def import_usaspending(
    file: str,
    into: str,
    seeds: tuple[str, ...],
    dry_run: bool,
    fmt: str,
    dataset_map: str | None,
    resolutions: str | None,
) -> None:
    """A USAspending contract download (award summaries, Contracts_PrimeAwardSummaries_*.csv,
    or transactions, Contracts_PrimeTransactions_*.csv) as agreements, one per award, with
    new agencies and vendors for parties no existing record is (--seeds, default the
    seeds found).

    Example:

        graphkit import usaspending Contracts_PrimeAwardSummaries_1.csv --into new/
    """
    from pathlib import Path

    from graphkit.ingest.locate import locate_seeds
    from graphkit.ingest.validation import load_seeds
    from graphkit.interop.resolve import RESOLUTION_FILE, read_judgements
    from graphkit.interop.usaspending import plan_usaspending, read_dataset_map

    existing = locate_seeds(seeds).paths
    rules = read_dataset_map(dataset_map) if dataset_map else None
    if resolutions is None:
        beside = [Path(p) / RESOLUTION_FILE for p in existing if Path(p).is_dir()]
        resolutions = next((str(p) for p in beside if p.is_file()), None)
    judgements = read_judgements(resolutions) if resolutions else []
    with _progress_bar("Importing awards") as progress:
        plan = plan_usaspending(file, load_seeds(*existing), rules, judgements, progress)
    _into(plan, into, tuple(str(p) for p in existing), dry_run, fmt)


@import_.command("federal-register")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option(
    "--into",
    required=True,
    type=click.Path(file_okay=False),
    help="A folder for the new seed files (never existing files).",
)
@click.option(
    "--seeds",
    "seeds",
    multiple=True,
    type=click.Path(),
    help="Existing seeds to resolve agencies and system numbers against (default: the "
    "seeds found).",
)
@click.option("--dry-run", is_flag=True, help="Print the summary; write nothing.")
@output_options(json_help="Print the summary as JSON.")
@fail_cleanly
def import_federal_register(
    files: tuple[str, ...], into: str, seeds: tuple[str, ...], dry_run: bool, fmt: str
) -> None:
    """Federal Register Privacy Act notices as seed files: a system of records notice
    becomes a dataset and one declared routine_use agreement per routine use; a matching
    notice a computer_matching_agreement. FILES are full-text XML, govinfo.gov or
    federalregister.gov HTML/text renderings, and the API's JSON metadata (for the
    publication date the XML lacks). Recipients no party matches are listed, not guessed.

    Example:

        graphkit import federal-register 2024-14768.xml 2024-14768.json --into seeds/fr
    """
    from graphkit.ingest.locate import locate_seeds
    from graphkit.ingest.validation import load_seeds
    from graphkit.interop.federal_register import plan_federal_register

    existing = locate_seeds(seeds).paths
    plan = plan_federal_register(list(files), load_seeds(*existing))
    _into(plan, into, tuple(str(p) for p in existing), dry_run, fmt)


COMMANDS = [export, import_]
