"""USAspending contract downloads as they come: which download a file is, what its cells
hold, and transactions folded into awards.

usaspending-api produces two contract files (fedspendingtransparency/usaspending-api,
``usaspending_api/api_contracts/contracts/v2/download/awards.md``,
``.../download/transactions.md`` and ``.../bulk_download/awards.md``; the columns are
``query_paths`` in ``usaspending_api/download/v2/download_column_historical_lookups.py``):

- **award summaries**, ``Contracts_PrimeAwardSummaries_*.csv``: the Advanced Search
  download of prime awards (``/api/v2/download/awards/``), one row per award, its
  ``total_obligated_amount`` net of every action;
- **transactions**, ``Contracts_PrimeTransactions_*.csv``: the Advanced Search download
  of transactions (``/api/v2/download/transactions/``), the Custom Award Data download
  (``/api/v2/bulk_download/awards/``) and the monthly Award Data Archive; one row per
  action, its ``federal_action_obligation``. Rows are folded into awards by
  ``contract_award_unique_key`` (by PIID and awarding agency where an older file has no
  key): obligations summed, dates spanned.

Example:
    >>> kind_of_file(["contract_transaction_unique_key", "federal_action_obligation"])
    'transactions'
    >>> day("12/22/17"), day("2017-12-22 00:00:00"), day("soon")
    ('2017-12-22', '2017-12-22', None)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from graphkit.errors import Problem

SUMMARY_FILE = "Contracts_PrimeAwardSummaries_*.csv (Advanced Search, prime award summaries)"
TRANSACTION_FILE = (
    "Contracts_PrimeTransactions_*.csv (Advanced Search transactions, Custom Award Data, "
    "or the Award Data Archive)"
)
#: Either download, as errors name it.
EITHER = f"{SUMMARY_FILE} or {TRANSACTION_FILE}"
#: The columns every award needs, in both downloads.
REQUIRED = (
    "award_id_piid",
    "recipient_name",
    "awarding_agency_name",
    "usaspending_permalink",
)
SUMMARY_AMOUNT = "total_obligated_amount"
TRANSACTION_KEY = "contract_transaction_unique_key"
TRANSACTION_AMOUNT = "federal_action_obligation"
START_COLUMNS = ("period_of_performance_start_date", "award_base_action_date", "action_date")
END_COLUMN = "period_of_performance_current_end_date"
ORDERING_END = "ordering_period_end_date"
DATE_COLUMNS = (*START_COLUMNS, END_COLUMN, ORDERING_END)
#: Every column the import reads (the rest of a download's 300 are not kept in memory).
USED_COLUMNS = frozenset(
    {
        *REQUIRED,
        *DATE_COLUMNS,
        SUMMARY_AMOUNT,
        TRANSACTION_KEY,
        TRANSACTION_AMOUNT,
        "contract_award_unique_key",
        "parent_award_id_piid",
        "award_or_idv_flag",
        "awarding_agency_code",
        "awarding_sub_agency_code",
        "awarding_sub_agency_name",
        "recipient_uei",
        "recipient_duns",
        "cage_code",
        "product_or_service_code",
        "naics_code",
        "prime_award_base_transaction_description",
        "transaction_description",
    }
)
_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})([ T][0-9:.]+(Z|[+-][0-9:]+)?)?")
#: A date as a spreadsheet re-saves it: month/day/year, the year in two or four digits.
_US = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{2}|[0-9]{4})( [0-9:]+)?")
#: An amount: digits, a decimal point, thousands separators only in their places.
AMOUNT_CELL = re.compile(r"[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?")


def kind_of_file(header: list[str]) -> str | None:
    """``summaries``, ``transactions``, or None when the header is neither download's."""
    if TRANSACTION_KEY in header or TRANSACTION_AMOUNT in header:
        return "transactions"
    if SUMMARY_AMOUNT in header:
        return "summaries"
    return None


def day(text: str) -> str | None:
    """The ISO day a date cell names, or None. ``M/D/YY`` is read as %y reads it (00-68:
    2000-2068, 69-99: 1969-1999), the way a spreadsheet that re-saved the file wrote it."""
    text = text.strip()
    iso = _ISO.fullmatch(text)
    us = None if iso else _US.fullmatch(text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        if us:
            year = int(us[3])
            if len(us[3]) == 2:
                year += 2000 if year <= 68 else 1900
            return dt.date(year, int(us[1]), int(us[2])).isoformat()
    except ValueError:
        return None
    return None


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


@dataclass
class Award:
    """One award as the file gives it: a summary row, or its transactions folded."""

    key: str
    piid: str
    lines: list[int]
    row: dict[str, str]
    obligated: float = 0.0
    start: str | None = None
    end: str | None = None
    ordering_end: str | None = None
    #: Lines whose dates were read as month/day/two-digit year.
    short_years: list[int] = field(default_factory=list)

    @property
    def is_vehicle(self) -> bool:
        """An indefinite-delivery vehicle (IDV), not an award that moves anything itself."""
        flag = self.row.get("award_or_idv_flag", "").upper()
        return self.key.startswith("CONT_IDV_") or flag == "IDV"

    @property
    def parent_piid(self) -> str:
        return self.row.get("parent_award_id_piid", "")

    def cell(self, column: str) -> str:
        return self.row.get(column, "").strip()


def award_key(row: dict[str, str]) -> str:
    """The award's unique key, or PIID and awarding agency where an older file has none."""
    key = row.get("contract_award_unique_key", "").strip()
    if key:
        return key
    agency = row.get("awarding_agency_code") or row.get("awarding_agency_name", "")
    return f"{row.get('award_id_piid', '').strip()}|{agency.strip()}"


def header_problems(name: str, header: list[str]) -> list[Problem]:
    """What the header lacks, each naming the download that has it."""
    kind = kind_of_file(header)
    if kind is None:
        return [
            Problem(
                name,
                1,
                SUMMARY_AMOUNT,
                f"missing column, and no {TRANSACTION_AMOUNT} either: this is not a "
                f"USAspending contract download; download {EITHER} from usaspending.gov",
            )
        ]
    want = SUMMARY_FILE if kind == "summaries" else TRANSACTION_FILE
    needed = [*REQUIRED, TRANSACTION_AMOUNT if kind == "transactions" else SUMMARY_AMOUNT]
    out = [
        Problem(name, 1, column, f"missing column; the download {want} has it")
        for column in needed
        if column not in header
    ]
    if not any(column in header for column in START_COLUMNS):
        out.append(
            Problem(name, 1, START_COLUMNS[0], f"missing column; the download {want} has it")
        )
    return out


def _dates(award: Award, line: int, row: dict[str, str], name: str) -> list[Problem]:
    """Read the row's dates into the award: the earliest start (the first start column
    the row fills), the latest end and ordering end; a problem for each bad cell."""
    problems = []
    read: dict[str, str] = {}
    for column in DATE_COLUMNS:
        text = row.get(column, "").strip()
        if not text:
            continue
        value = day(text)
        if value is None:
            fix = "write YYYY-MM-DD, as the download does (or M/D/YYYY)"
            problems.append(Problem(name, line, column, f"{text!r} is not a date: {fix}"))
            continue
        read[column] = value
        two_digit = "/" in text and len(text.split(" ")[0].split("/")[2]) == 2
        if two_digit and line not in award.short_years:
            award.short_years.append(line)
    start = next((read[c] for c in START_COLUMNS if c in read), None)
    if start and (award.start is None or start < award.start):
        award.start = start
    for column, attr in ((END_COLUMN, "end"), (ORDERING_END, "ordering_end")):
        if column in read:
            setattr(award, attr, max(getattr(award, attr) or read[column], read[column]))
    return problems


def fold(
    name: str, kind: str, rows: list[tuple[int, dict[str, str]]]
) -> tuple[list[Award], list[Problem]]:
    """The awards of a download's rows (a transaction file's folded by award), and every
    problem in its cells."""
    amount_column = SUMMARY_AMOUNT if kind == "summaries" else TRANSACTION_AMOUNT
    awards: dict[str, Award] = {}
    problems: list[Problem] = []
    for line, row in rows:
        for column in REQUIRED:
            if not row.get(column, "").strip():
                problems.append(Problem(name, line, column, "empty; every award row needs it"))
        key = award_key(row)
        award = awards.get(key)
        if award is None:
            award = awards[key] = Award(key, row.get("award_id_piid", "").strip(), [], row)
        elif kind == "summaries":
            first = award.lines[0]
            problems.append(
                Problem(
                    name,
                    line,
                    "contract_award_unique_key",
                    f"award {key!r} again (first on line {first}): the award summary "
                    f"download has one row per award; download {SUMMARY_FILE} again, or "
                    f"import {TRANSACTION_FILE}, whose rows are folded by award",
                )
            )
            continue
        award.lines.append(line)
        problems += _dates(award, line, row, name)
        text = row.get(amount_column, "").strip()
        try:
            award.obligated += amount_value(text) if text else 0.0
        except ValueError:
            fix = "write digits, as 1234.56 (a de-obligation as -1234.56)"
            problems.append(Problem(name, line, amount_column, f"{text!r} is not a number: {fix}"))
        if kind == "transactions" and _later(row, award.row):
            award.row = row  # names and codes as of the latest action
        permalink = row.get("usaspending_permalink", "").strip()
        if permalink and not permalink.startswith(("https://", "http://")):
            fix = "not an http(s) address: the download's column is the award's page"
            problems.append(Problem(name, line, "usaspending_permalink", fix))
    for award in awards.values():
        if award.start is None and not any(
            p.line in award.lines and p.field in START_COLUMNS for p in problems
        ):
            problems.append(
                Problem(
                    name,
                    award.lines[0],
                    START_COLUMNS[0],
                    f"empty; an award needs its start date ({' or '.join(START_COLUMNS)})",
                )
            )
    return list(awards.values()), problems


def _later(row: dict[str, str], than: dict[str, str]) -> bool:
    a, b = day(row.get("action_date", "")), day(than.get("action_date", ""))
    return bool(a and (b is None or a > b))
