"""When a notice takes effect, as its DATES section says: the system's own date, and
the separate one of its routine uses (a new or modified routine use takes effect only
after 30 days of public comment, 5 U.S.C. 552a(e)(11)); and a matching program's run.

Example:
    >>> import datetime as dt
    >>> published = dt.date(2019, 10, 8)
    >>> dates = ("The System of Records Notice (SORN) is applicable on October 8, 2019, with"
    ...     " the exception of the routine uses. The routine uses will not be effective until"
    ...     " November 7, 2019, pending public comment.")
    >>> system_effective(dates, published), routine_uses_effective(dates, published)
    (datetime.date(2019, 10, 8), datetime.date(2019, 11, 7))
    >>> system_effective("This modified system will be effective 30 days after publication",
    ...     published)
    datetime.date(2019, 11, 7)
    >>> both = ("This modified system will be effective upon publication, except for the"
    ...     " routine uses, which will be effective 30 days after publication.")
    >>> system_effective(both, published), routine_uses_effective(both, published)
    (datetime.date(2019, 10, 8), datetime.date(2019, 11, 7))
"""

from __future__ import annotations

import datetime as dt
import re

from graphkit.interop.federal_register.notice import word_dates

#: "30 days after publication", "[INSERT DATE 30 DAYS AFTER DATE OF PUBLICATION ...]".
DAYS_AFTER = re.compile(r"(\d+|thirty|forty)[- ]days? after (the )?(date of )?publication", re.I)
WORDS = {"thirty": 30, "forty": 40}
#: "effective upon publication", "on the date of publication".
UPON = re.compile(r"\b(upon|on the date of|on) publication\b", re.I)
#: Where a sentence turns to the routine uses' own date: "..., except for the routine
#: uses, which ...", "with the exception of the routine uses".
EXCEPT = re.compile(r",?\s*(except(ing)? (for )?|with the exception of )the routine uses", re.I)
#: A matching program runs 18 months from its effective date (5 U.S.C. 552a(o)(2)(D)),
#: renewable once for up to 12 more.
MATCHING_MONTHS = 18


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.;])\s+(?=[A-Z\[])", text) if s.strip()]


def _date_in(sentence: str, published: dt.date | None) -> dt.date | None:
    found = word_dates(sentence)
    if found:
        return found[0]
    days = DAYS_AFTER.search(sentence)
    if days and published:
        count = WORDS.get(days.group(1).lower()) or int(days.group(1))
        return published + dt.timedelta(days=count)
    if UPON.search(sentence) and published:
        return published
    return None


def _effective(sentence: str) -> bool:
    return bool(re.search(r"\b(effective|applicable|take effect|in effect)\b", sentence, re.I))


def system_effective(dates: str, published: dt.date | None) -> dt.date | None:
    """The date the notice (the system) takes effect, or None when DATES gives none."""
    for sentence in _sentences(dates):
        own = EXCEPT.split(sentence, maxsplit=1)[0]  # the system's part of the sentence
        if (
            _effective(own)
            and not re.search(r"routine uses? (will|shall)", own, re.I)
            and (day := _date_in(own, published)) is not None
        ):
            return day
    return None


def routine_uses_effective(dates: str, published: dt.date | None) -> dt.date | None:
    """The date its routine uses take effect: their own date when DATES gives one apart
    ("The routine uses will not be effective until November 7, 2019"), else the system's."""
    for sentence in _sentences(dates):
        if re.search(r"routine uses?", sentence, re.I) and _effective(sentence):
            if re.search(r"exception of the routine uses", sentence, re.I):
                continue
            if (day := _date_in(sentence, published)) is not None:
                return day
    return system_effective(dates, published)


def months_valid(text: str) -> int:
    """How many months a matching notice says the program runs (18 unless it says)."""
    match = re.search(r"(\d+) months", text)
    return int(match.group(1)) if match else MATCHING_MONTHS


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` (the last day of a shorter month when it has no such day).

    Example:
        >>> add_months(dt.date(2021, 1, 1), 18), add_months(dt.date(2020, 8, 31), 18)
        (datetime.date(2022, 7, 1), datetime.date(2022, 2, 28))
    """
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th
