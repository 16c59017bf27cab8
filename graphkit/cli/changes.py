"""``diff`` and ``timeline``: what changed between two dates, and when; text, JSON or CSV."""

from __future__ import annotations

from typing import Any

import click

from graphkit.cli.options import backend_options, fail_cleanly, open_from_options


def _output(result: Any, as_json: bool, as_csv: bool, text: Any, rows: Any) -> None:
    from graphkit.present.changes import to_csv
    from graphkit.present.formats import emit

    if as_csv:
        click.echo(to_csv(rows(result)), nl=False)
    else:
        emit(result, as_json, text)


@click.command()
@click.argument("subject", required=False)
@click.option("--from", "from_date", required=True, metavar="DATE", help="The earlier date.")
@click.option("--to", "to_date", required=True, metavar="DATE", help="The later date.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV, one row per change and cause.")
@backend_options
@fail_cleanly
def diff(
    subject: str | None, from_date: str, to_date: str, as_csv: bool, as_json: bool, **opts: Any
) -> None:
    """Who gained and who lost access between two dates, and the events that caused it.

    SUBJECT is a dataset (who can obtain it), a party (what it can obtain), or nothing
    (the whole graph). Changes of evidence level or confidence are listed too.

    Example:

        graphkit diff --from 2025-08-01 --to 2025-12-15 irs-taxpayer-addresses
    """
    from graphkit.present.changes import diff_rows, render_diff

    result = open_from_options(opts).diff(from_date, to_date, subject=subject)
    _output(result, as_json, as_csv, render_diff, diff_rows)


@click.command()
@click.argument("subject")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV, one row per change and cause.")
@backend_options
@fail_cleanly
def timeline(subject: str, as_csv: bool, as_json: bool, **opts: Any) -> None:
    """Every dated event that changes who can obtain what about SUBJECT, in order, cited.

    SUBJECT is a dataset (who gains and loses it at each step), a party (what it gains
    and loses) or an agreement (its own events).

    Example:

        graphkit timeline medicaid-enrollee-data
    """
    from graphkit.present.changes import render_timeline, timeline_rows

    result = open_from_options(opts).timeline(subject)
    _output(result, as_json, as_csv, render_timeline, timeline_rows)


COMMANDS = [diff, timeline]
