"""Dates as the sources give them: exact, partial, bounded or approximate.

Sources often give only a month or a year. A :class:`PartialDate` (``2025``, ``2025-04``,
``2025-04-07``) keeps the precision for display and knows its first and last day, so that
"as of" questions can use a partial date as a start (its first day) or an end (its last).

Some give less: "in place by June 2018", "mid-June 2025", "logs from June 2024 on". A
:class:`BoundedDate` holds such a date in the Library of Congress Extended Date/Time
Format (EDTF, read by the ``edtf`` package): on or before ``../2018-06``, on or after
``2024-06/..``, between ``2025-06-10/2025-06-20``, approximate ``2025-06-15~``, uncertain
``2025-06?`` (both: ``%``). It is a window ``[first, last]`` of the days the event may
have happened on; ``str()`` gives it back as written, :meth:`BoundedDate.phrase` in words.

Example:
    >>> d = PartialDate.parse("2025-02")
    >>> d.first.isoformat(), d.last.isoformat(), str(d)
    ('2025-02-01', '2025-02-28', '2025-02')
    >>> b = parse_date("../2018-06")
    >>> b.first == OPEN_START, b.last.isoformat(), b.phrase()
    (True, '2018-06-30', 'by 2018-06')
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
import time
from dataclasses import dataclass
from typing import ClassVar

import edtf

from graphkit.errors import DateError

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: Years a date may have: 9999-12-31 stands for an open end in Neo4j, and year 0 does
#: not exist in Python's calendar.
FIRST_YEAR, LAST_YEAR = 1000, 9998


#: The first day of a window open at its start (``../2018-06``), the last of one open at
#: its end (``2024-06/..``). ISO strings of these sort before and after every real date.
OPEN_START, OPEN_END = dt.date.min, dt.date.max


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    #: A partial date is a period, not an uncertainty: an event dated ``2025-02`` takes
    #: effect on 1 February (see docs/semantics.md).
    uncertain: ClassVar[bool] = False

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

    @property
    def precision(self) -> int:
        """1 for a year, 2 for a month, 3 for a day: a finer date says more."""
        return 1 + (self.month is not None) + (self.day is not None)

    @property
    def effect(self) -> dt.date:
        """The day an event of this date takes effect: its first."""
        return self.first

    def phrase(self) -> str:
        """The date in an answer's words: as written.

        Example:
            >>> PartialDate(2025, 4).phrase()
            '2025-04'
        """
        return str(self)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_PLAIN = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
#: The EDTF forms graphkit reads (a subset of EDTF level 1), each a named group.
_BOUNDED = re.compile(
    rf"^(?:\.\./(?P<before>{_PLAIN})|(?P<after>{_PLAIN})/\.\.|(?P<lo>{_PLAIN})/(?P<hi>{_PLAIN})"
    rf"|(?P<about>{_PLAIN})(?P<mark>[~?%]))$"
)
_QUALIFIER = {"~": "approximate", "?": "uncertain", "%": "approximate and uncertain"}


@dataclass(frozen=True)
class BoundedDate:
    """A date known only within a window: the event happened on some day in
    ``[first, last]`` (``OPEN_START`` / ``OPEN_END`` when a side is open).

    ``form`` is ``before`` (``../X``), ``after`` (``X/..``), ``between`` (``A/B``),
    ``approximate`` (``X~``), ``uncertain`` (``X?``) or ``approximate and uncertain``
    (``X%``). An approximate or uncertain date widens by one unit of its precision on each
    side (a day by a week: ``2025-06-15~`` is 8 to 22 June; a month by a month; a year by
    a year).

    Example:
        >>> d = parse_date("2025-06-15~")
        >>> d.first.isoformat(), d.last.isoformat(), d.phrase(), str(d)
        ('2025-06-08', '2025-06-22', 'mid-June 2025', '2025-06-15~')
        >>> parse_date("2025-06-10/2025-06-20").phrase()
        'between 2025-06-10 and 2025-06-20'
    """

    text: str
    form: str
    first: dt.date
    last: dt.date
    #: The date the window is phrased from (``X`` of ``../X``, ``X~``...; ``A`` of ``A/B``).
    anchor: PartialDate
    uncertain: ClassVar[bool] = True

    @property
    def precision(self) -> int:
        """A bounded date is coarser than any plain one: it never narrows a plain date."""
        return 0

    @property
    def effect(self) -> dt.date | None:
        """The first day on which the event has happened for certain: the window's last day
        (an event takes effect on its day); None when the window is open at its end."""
        return None if self.last == OPEN_END else self.last

    def phrase(self) -> str:
        """The window in words, made from the notation.

        Example:
            >>> parse_date("2024-06/..").phrase(), parse_date("2025-06~").phrase()
            ('on or after 2024-06', 'about 2025-06')
        """
        if self.form == "before":
            return f"by {self.anchor}"
        if self.form == "after":
            return f"on or after {self.anchor}"
        if self.form == "between":
            return f"between {self.anchor} and {self.text.split('/')[1]}"
        about = "about " if "approximate" in self.form else ""
        if about and self.anchor.day == 15:  # about the 15th: the middle of the month
            assert self.anchor.month is not None
            words = f"mid-{_MONTHS[self.anchor.month - 1]} {self.anchor.year}"
        else:
            words = f"{about}{self.anchor}"
        return f"{words} (uncertain)" if "uncertain" in self.form else words

    def __str__(self) -> str:
        return self.text


#: A date in a seed: plain (exact or partial) or bounded.
AnyDate = PartialDate | BoundedDate


def _widen(date: PartialDate, sign: int) -> dt.date:
    """One unit of the date's precision beyond it (a week for a day)."""
    if date.day is not None:
        return (date.first if sign < 0 else date.last) + dt.timedelta(days=7 * sign)
    if date.month is not None:
        months = date.year * 12 + date.month - 1 + sign
        year, month = divmod(months, 12)
        return PartialDate(year, month + 1).first if sign < 0 else PartialDate(year, month + 1).last
    return PartialDate(date.year + sign).first if sign < 0 else PartialDate(date.year + sign).last


def _day(value: time.struct_time) -> dt.date:
    """A date from the ``edtf`` package's bounds (a ``struct_time``)."""
    return dt.date(*edtf.struct_time_to_date(value).timetuple()[:3])


@functools.lru_cache(maxsize=4096)
def _parse_bounded(text: str) -> BoundedDate | None:
    match = _BOUNDED.match(text)
    if not match:
        return None
    parts = {k: PartialDate.parse(v) for k, v in match.groupdict().items() if v and k != "mark"}
    try:
        parsed = edtf.parse_edtf(text)
    except Exception:  # the edtf package raises its own exceptions and TypeError
        raise DateError(f"{text!r} is not a date the EDTF standard allows") from None
    if "before" in parts:
        form, first, last = "before", OPEN_START, _day(parsed.upper_strict())
    elif "after" in parts:
        form, first, last = "after", _day(parsed.lower_strict()), OPEN_END
    elif "lo" in parts:
        form, first, last = "between", _day(parsed.lower_strict()), _day(parsed.upper_strict())
        if last < first:
            raise DateError(f"{text!r} ends before it starts: write the earlier date first")
    else:
        form = _QUALIFIER[match["mark"]]
        first, last = _widen(parts["about"], -1), _widen(parts["about"], 1)
    anchor = parts.get("before") or parts.get("after") or parts.get("lo") or parts["about"]
    return BoundedDate(text, form, first, last, anchor)


def parse_date(value: object) -> AnyDate:
    """A seed date: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, or one of the EDTF forms
    ``../X``, ``X/..``, ``A/B``, ``X~``, ``X?``, ``X%`` (X, A, B plain dates).

    Raises :class:`DateError` with a readable message for anything else.

    Example:
        >>> parse_date("2025-07-14"), str(parse_date("../2018-06"))
        (PartialDate(year=2025, month=7, day=14), '../2018-06')
    """
    if isinstance(value, PartialDate | BoundedDate):
        return value
    if isinstance(value, str) and not _PATTERN.match(value.strip()):
        bounded = _parse_bounded(value.strip())
        if bounded is not None:
            return bounded
        text = value.strip()
        raise DateError(
            f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY, or an EDTF bound "
            "(../2018-06 on or before, 2024-06/.. on or after, 2025-06-10/2025-06-20 between, "
            "2025-06~ approximate, 2025-06? uncertain)"
        )
    return PartialDate.parse(value)


def date_phrase(text: str) -> str:
    """A date as written, in an answer's words (``../2018-06`` → ``by 2018-06``).

    Example:
        >>> date_phrase("2025-06-15~"), date_phrase("2025-04")
        ('mid-June 2025', '2025-04')
    """
    try:
        return parse_date(text).phrase()
    except DateError:
        return text


def since_phrase(text: str) -> str:
    """``since 2025-04``; a bound reads ``by 2018-06``, ``between ...``, ``on or after ...``.

    Example:
        >>> since_phrase("2025-04"), since_phrase("../2018-06")
        ('since 2025-04', 'by 2018-06')
    """
    words = date_phrase(text)
    return words if words.startswith(("by ", "on or after ", "between ")) else f"since {words}"


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_as_of(value: str | dt.date | None, argument: str = "as_of") -> dt.date:
    """The date a question is asked "as of": a full ISO date ``YYYY-MM-DD``, or today.

    Raises :class:`DateError` naming ``argument`` (``as_of``, or the option that gave the
    date, such as ``from``) for anything else (compact and week forms such as
    ``20250801`` are refused: they are easy to misread).

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
        message = f"{argument} {value!r} is not a date: write YYYY-MM-DD"
        raise DateError(message, argument) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DateError(
            f"{argument} {value!r} is out of range: ask about a year from {FIRST_YEAR} to "
            f"{LAST_YEAR}",
            argument,
        )
    return day


def sortable_text(value: AnyDate) -> str:
    """The date as a sortable plain date, for the range of dates covered (``stats``): a
    bound by the date it names (``../2018-06`` → ``2018-06``).

    Example:
        >>> sortable_text(parse_date("../2018-06")), sortable_text(PartialDate(2025))
        ('2018-06', '2025')
    """
    return str(value.anchor if isinstance(value, BoundedDate) else value)


def date_text(value: AnyDate | None) -> str | None:
    """A partial date as written (``2025-04``), or None.

    Example:
        >>> date_text(PartialDate(2025, 4)), date_text(None)
        ('2025-04', None)
    """
    return None if value is None else str(value)
