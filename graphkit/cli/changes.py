"""``diff`` and ``timeline``: what changed between two dates, and when; text, JSON or CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

import click

from graphkit.cli.options import backend_options, fail_cleanly, open_from_options
from graphkit.text import spreadsheet_row

CSV_COLUMNS = [
    "date",
    "party_id",
    "party",
    "dataset_id",
    "dataset",
    "change",
    "before",
    "after",
    "agreement_id",
    "event",
    "event_date",
    "sources",
]
#: diff --csv adds which part of the answer a row is: ``ends`` (the two dates compared) or
#: ``within`` (a change on its date inside the window).
DIFF_COLUMNS = [*CSV_COLUMNS, "part"]


def _csv(rows: list[dict[str, Any]], columns: list[str] = CSV_COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(spreadsheet_row(row) for row in rows)
    return out.getvalue()


def _rows(date: str, change: Any, causes: list[Any]) -> list[dict[str, Any]]:
    base = {
        "date": date,
        "party_id": change.party.id,
        "party": change.party.name,
        "dataset_id": change.dataset.id,
        "dataset": change.dataset.name,
        "change": change.change,
        "before": change.before or "",
        "after": change.after or "",
    }
    if not causes:
        return [{**base, "agreement_id": "", "event": "", "event_date": "", "sources": ""}]
    return [
        {
            **base,
            "agreement_id": c.agreement.id,
            "event": c.status,
            "event_date": c.date,
            "sources": " ".join(c.sources),
        }
        for c in causes
    ]


def _output(
    result: Any, as_json: bool, as_csv: bool, text: Any, rows: Any, columns: list[str] = CSV_COLUMNS
) -> None:
    from graphkit.cli.output import emit

    if as_csv:
        click.echo(_csv(rows(result), columns), nl=False)
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
    (the whole graph). Changes of evidence level or confidence are listed too. The answer
    compares the two dates, then lists every change on a date inside the window (after
    --from, up to --to) as the timeline does: access gained and lost again in between, and
    access reported with no date that is cut off on a known one.

    Example:

        graphkit diff --from 2025-08-01 --to 2025-12-15 irs-taxpayer-addresses
    """
    from graphkit.cli.render_changes import render_diff

    result = open_from_options(opts).diff(from_date, to_date, subject=subject)

    def rows(r: Any) -> list[dict[str, Any]]:
        ends = [{**row, "part": "ends"} for c in r.changes for row in _rows(r.to_date, c, c.causes)]
        inside = [{**row, "part": "within"} for c in r.within for row in _rows(c.date, c, c.causes)]
        return ends + inside

    _output(result, as_json, as_csv, render_diff, rows, DIFF_COLUMNS)


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
    from graphkit.cli.render_changes import render_timeline

    result = open_from_options(opts).timeline(subject)

    def rows(r: Any) -> list[dict[str, Any]]:
        out = []
        for step in r.steps:
            for change in (*step.gained, *step.lost, *step.changed):
                out += _rows(step.date, change, step.causes)
        return out

    _output(result, as_json, as_csv, render_timeline, rows)


COMMANDS = [diff, timeline]
