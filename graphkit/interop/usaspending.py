"""USAspending award CSVs (the award download of usaspending.gov) as seed records.

One agreement per award: kind ``contract``, in force over the period of performance,
the obligated amount as an ``obligated`` amount, the award's permalink as its source
(confidence ``primary_document``). The awarding agency (its sub-agency when there is
one) is the recipient of the data and the award's recipient the provider. Names are
matched to existing agencies and vendors by normalized name and alias; unmatched ones
become new records; a name that matches more than one record is listed and its award
left out, never merged silently. The CSV does not say which datasets an award moves:
a map (vendor id -> dataset ids, ``--datasets``) fills them in.

Example:
    >>> plan = plan_usaspending("tests/fixtures/usaspending/awards.csv", load_seeds_for_doc())
    >>> plan.matched["EXAMPLE ANALYTICS, LLC"], len(plan.records["agreements"])
    ('example-analytics', 3)
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError, InputError, Problem
from graphkit.interop.seedout import NameIndex, Plan, fresh_id, slug
from graphkit.model.data import GraphData

#: The columns read, as the prime award summary download of contracts names them
#: (``query_paths["award"]["d1"]`` in fedspendingtransparency/usaspending-api,
#: usaspending_api/download/v2/download_column_historical_lookups.py): the award key
#: and PIID, ``total_obligated_amount``, the period of performance, the awarding agency
#: and sub-agency, ``recipient_name`` and ``usaspending_permalink``.
ID_COLUMNS = ("contract_award_unique_key", "award_id_piid")
AMOUNT_COLUMNS = ("total_obligated_amount",)
#: Columns of the transaction download (``query_paths["transaction_search"]["d1"]``, same
#: file), which has one row per transaction, not per award.
TRANSACTION_COLUMNS = ("contract_transaction_unique_key", "total_dollars_obligated")
REQUIRED = (
    "recipient_name",
    "awarding_agency_name",
    "awarding_sub_agency_name",
    "period_of_performance_start_date",
    "period_of_performance_current_end_date",
    "usaspending_permalink",
)
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: A date as the downloads write it: a day, maybe with a time of day.
DATE_CELL = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)
#: An amount as the downloads write it: digits, a decimal point, thousands separators only
#: in their places (``1,234.5``; never ``1,2,3`` or ``1_000``).
AMOUNT_CELL = re.compile(r"[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?")


def _is_day(value: str) -> bool:
    """A date cell that names a real day (``2026-02-30`` does not)."""
    if not DATE_CELL.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError:
        return False
    return True


def amount_value(text: str) -> float:
    """The number an amount cell holds; ValueError for anything else.

    Example:
        >>> amount_value("1,234.50"), amount_value("-7")
        (1234.5, -7.0)
        >>> amount_value("1_000")
        Traceback (most recent call last):
        ...
        ValueError: '1_000' is not an amount
    """
    if not AMOUNT_CELL.fullmatch(text):
        raise ValueError(f"{text!r} is not an amount")
    return float(text.replace(",", ""))


CITE = {"confidence": "primary_document"}


def load_seeds_for_doc() -> GraphData:
    """The test fixture's existing seeds (for the example above)."""
    from graphkit.ingest.validation import load_seeds

    return load_seeds("tests/fixtures/usaspending/existing")


def _header_problems(name: str, header: list[str]) -> list[Problem]:
    problems = []
    transaction = [c for c in TRANSACTION_COLUMNS if c in header]
    if transaction and not any(c in header for c in AMOUNT_COLUMNS):
        fix = (
            f"this is the transaction download ({transaction[0]} is its column), one row per "
            "transaction; download the prime award summary of contracts instead (Award Data "
            "Archive, or Custom Award Data with award-level files), which has one row per award"
        )
        return [Problem(name, 1, transaction[0], fix)]
    missing = [c for c in REQUIRED if c not in header]
    if not any(c in header for c in ID_COLUMNS):
        missing.append(" or ".join(ID_COLUMNS))
    if not any(c in header for c in AMOUNT_COLUMNS):
        missing.append(" or ".join(AMOUNT_COLUMNS))
    for column in missing:
        problems.append(
            Problem(
                name,
                1,
                column,
                "missing column; download the prime award summary of contracts from "
                "usaspending.gov (Award Data Archive or Custom Award Data), which has it",
            )
        )
    return problems


def read_awards(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """The rows of an award CSV with their line numbers; SeedError on a bad header."""
    from graphkit.interop.csvfile import read_rows

    header, rows = read_rows(path)
    problems = _header_problems(str(path), header)
    if problems:
        raise InputError(problems)
    return rows


def _first(row: dict[str, str], columns: tuple[str, ...]) -> tuple[str, str]:
    for column in columns:
        if row.get(column):
            return column, row[column]
    return columns[0], ""


def _row_problems(name: str, line: int, row: dict[str, str]) -> list[Problem]:
    out = []
    for column in (*REQUIRED[:2], REQUIRED[3], REQUIRED[5]):
        if not row.get(column):
            out.append(Problem(name, line, column, "empty; every award needs it"))
    for column in ("period_of_performance_start_date", "period_of_performance_current_end_date"):
        value = row.get(column, "")
        if value and not _is_day(value):
            out.append(Problem(name, line, column, f"{value!r} is not a date: write YYYY-MM-DD"))
    column, amount = _first(row, AMOUNT_COLUMNS)
    try:
        if amount_value(amount) < 0:
            out.append(
                Problem(
                    name,
                    line,
                    column,
                    f"{amount} is negative (a deobligation); use the "
                    "award summary download, whose total is the award's obligation",
                )
            )
    except ValueError:
        out.append(
            Problem(name, line, column, f"{amount!r} is not a number: write digits, as 1234.56")
        )
    permalink = row.get("usaspending_permalink", "")
    if permalink and not permalink.startswith(("https://", "http://")):
        out.append(
            Problem(name, line, "usaspending_permalink", "not an http(s) address of the award")
        )
    if not _first(row, ID_COLUMNS)[1]:
        out.append(Problem(name, line, ID_COLUMNS[0], "empty; every award needs an award id"))
    return out


def read_dataset_map(path: str | Path) -> dict[str, list[str]]:
    """``vendor id: [dataset ids]`` from a YAML file; SeedError naming line and field."""
    from graphkit.ingest.yamlfile import YamlProblem, parse_yaml

    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
        data, lines = parse_yaml(text, name)
    except OSError as exc:
        raise GraphkitError(f"--datasets: cannot read {name} ({exc.strerror})") from None
    except YamlProblem as exc:
        raise InputError([Problem(name, exc.line, exc.field, exc.message)]) from None
    fix = "write one 'vendor-id: [dataset-id, ...]' per line"
    if not isinstance(data, dict):
        raise InputError([Problem(name, 1, "", f"a dataset map is a mapping; {fix}")])
    out, problems = {}, []
    for key, value in data.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(Problem(name, lines.get((key,)), key, f"not a list of ids; {fix}"))
            continue
        out[key] = value
    if problems:
        raise InputError(problems)
    return out


def plan_usaspending(
    path: str | Path, existing: GraphData, datasets: dict[str, list[str]] | None = None
) -> Plan:
    """The records an award CSV adds to ``existing``; SeedError, naming every bad cell."""
    name = str(path)
    rows = read_awards(path)
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        problems += _row_problems(name, line, row)
        column, key = _first(row, ID_COLUMNS)
        if key and key in seen:
            problems.append(
                Problem(
                    name,
                    line,
                    column,
                    f"duplicate award {key!r}, first on line {seen[key]}; "
                    "keep one row per award (the award summary download has one)",
                )
            )
        seen.setdefault(key, line)
    if problems:
        raise InputError(problems)
    plan = Plan(name)
    builder = _Builder(plan, existing)
    for line, row in rows:
        builder.award(line, row)
    used = existing.datasets.keys() | {d["id"] for d in plan.records["datasets"]}
    unknown = [
        f"{vendor}: {d}" for vendor, ids in (datasets or {}).items() for d in ids if d not in used
    ]
    if unknown:
        raise GraphkitError(f"--datasets: unknown dataset ids in the map ({'; '.join(unknown)})")
    for agreement in plan.records["agreements"]:
        vendor = agreement["parties"][0]["party"]
        agreement["datasets"] = list((datasets or {}).get(vendor, []))
        if not agreement["datasets"]:
            del agreement["datasets"]
            plan.without_datasets.append(agreement["id"])
    return plan


class _Builder:
    def __init__(self, plan: Plan, existing: GraphData) -> None:
        self.plan = plan
        self.index = NameIndex.of(existing)
        self.taken = {r.id for kind in existing.by_kind().values() for r in kind.values()}

    def _new_id(self, base: str) -> str:
        return fresh_id(base, self.taken)

    def party(self, name: str, kinds: tuple[str, ...], new: dict[str, Any], src: str) -> str | None:
        found = self.index.find(name, kinds)
        if len(found) > 1:
            self.plan.ambiguous[name] = found
            return None
        if found:
            if found[0] not in self.plan.ids():
                self.plan.matched[name] = found[0]
            return found[0]
        ident = self._new_id(slug(name))
        kind = "agencies" if "parent" in new or new["kind"] == "federal" else "vendors"
        record = {"id": ident, "name": name, **{k: v for k, v in new.items() if v}}
        self.plan.add(kind, {**record, "sources": [src], **CITE})
        self.index.add(ident, "agency" if kind == "agencies" else "vendor", name)
        return ident

    def award(self, line: int, row: dict[str, str]) -> None:
        _, key = _first(row, ID_COLUMNS)
        piid = row.get("award_id_piid") or key
        agency_name = row["awarding_agency_name"]
        sub_name = row.get("awarding_sub_agency_name") or agency_name
        vendor_name = row["recipient_name"]
        src = self._new_id(f"src-usaspending-{slug(piid)}")
        agency = self.party(agency_name, ("agency",), {"kind": "federal"}, src)
        sub = agency
        if agency is not None and sub_name != agency_name:
            sub = self.party(sub_name, ("agency",), {"kind": "component", "parent": agency}, src)
        vendor = self.party(vendor_name, ("vendor", "agency"), {"kind": "contractor"}, src)
        if agency is None or sub is None or vendor is None:
            self.plan.skipped.append(f"line {line}, award {piid}: a party name is ambiguous")
            self.taken.discard(src)
            return
        title = f"Award {piid}: {sub_name} to {vendor_name}"
        self.plan.add(
            "sources",
            {
                "id": src,
                "publisher": "USAspending.gov",
                "title": title,
                "url": row["usaspending_permalink"],
                "note": (
                    "Title written by graphkit import from the award's id, awarding "
                    "sub-agency and recipient columns; the page is the award's summary."
                ),
            },
        )
        _, amount = _first(row, AMOUNT_COLUMNS)
        start = row["period_of_performance_start_date"][:10]
        end = row["period_of_performance_current_end_date"][:10]
        cite = {"sources": [src], **CITE}
        agreement: dict[str, Any] = {
            "id": self._new_id(f"usaspending-{slug(piid)}"),
            "name": title,
            "kind": "contract",
            "parties": [{"party": vendor, "role": "provider"}, {"party": sub, "role": "recipient"}],
            "effective_from": start,
            **({"effective_to": end} if end else {}),
            "status": [{"date": start, "status": "active", **cite}],
            "amounts": [
                {"value": amount_value(amount), "currency": "USD", "kind": "obligated"} | cite
            ],
            "description": f"USAspending award {key}, period of performance {start} to {end}.",
            **cite,
        }
        self.plan.add("agreements", agreement)
