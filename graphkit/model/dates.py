"""Partial dates: ``2025``, ``2025-04`` and ``2025-04-07``.

Sources often give only a month or a year. A :class:`PartialDate` keeps the
precision for display and knows its first and last day, so that "as of"
questions can use a partial date as a start (its first day) or an end (its last).

Example:
    >>> d = PartialDate.parse("2025-02")
    >>> d.first.isoformat(), d.last.isoformat(), str(d)
    ('2025-02-01', '2025-02-28', '2025-02')
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from graphkit.errors import DateError

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: Years a date may have: 9999-12-31 stands for an open end in Neo4j, and year 0 does
#: not exist in Python's calendar.
FIRST_YEAR, LAST_YEAR = 1000, 9998


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (or a ``date``).

        Raises ``ValueError`` with a readable message for anything else.

        Example:
            >>> PartialDate.parse("2025-11-21").first
            datetime.date(2025, 11, 21)
        """
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and FIRST_YEAR <= value <= LAST_YEAR:
            return cls(value)
        text = str(value).strip()
        match = _PATTERN.match(text)
        if not match:
            raise DateError(f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise DateError(
                f"{text!r} has year {year}: write a year from {FIRST_YEAR} to {LAST_YEAR}"
            )
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"{text!r} has no month {month}: months run 01 to 12")
        if month is not None and day is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise DateError(f"{text!r} is not a real day: {year}-{month:02d} has {last} days")
        return cls(year, month, day)

    @property
    def first(self) -> dt.date:
        """The earliest day the date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> dt.date:
        """The latest day the date can mean."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_as_of(value: str | dt.date | None) -> dt.date:
    """The date a question is asked "as of": a full ISO date ``YYYY-MM-DD``, or today.

    Raises :class:`DateError` naming the argument ``as_of`` for anything else (compact
    and week forms such as ``20250801`` are refused: they are easy to misread).

    Example:
        >>> parse_as_of("2025-08-01")
        datetime.date(2025, 8, 1)
    """
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if not _ISO_DAY.match(text):
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise DateError(f"as_of {value!r} is not a date: write YYYY-MM-DD", "as_of") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DateError(
            f"as_of {value!r} is out of range: ask about a year from {FIRST_YEAR} to {LAST_YEAR}",
            "as_of",
        )
    return day


def date_text(value: PartialDate | None) -> str | None:
    """A partial date as written (``2025-04``), or None.

    Example:
        >>> date_text(PartialDate(2025, 4)), date_text(None)
        ('2025-04', None)
    """
    return None if value is None else str(value)
