"""Counting Chinese working days: the rule, free of Django and of the database.

The calendar of one day is decided in this order:

1. the platform office's entry for that date (``CalendarDay``), if any;
2. the ``chinesecalendar`` package, if it knows the year;
3. otherwise Monday to Friday are working days, Saturday and Sunday are not.

A year is *known* when the package knows it or the office recorded the State
Council's notice for it (a ``CalendarYear``). A result that depends on an unknown
year is still computed (rule 3) but carries ``uncertain=True`` and the years.

The counting rule (see ``docs/decisions/0102-working-day-counting.md``):

* the *effective arrival day* of a message is the day it arrives, if that is a
  working day and it arrives no later than the cut-off time (default 17:00, in
  Asia/Shanghai); otherwise it is the first working day after the day it arrived;
* the effective arrival day is not counted: "N working days after START" is the
  N-th working day strictly after the effective arrival day (N = 0 gives the
  effective arrival day itself).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import chinese_calendar
from chinese_calendar import constants as package_data

SHANGHAI = ZoneInfo("Asia/Shanghai")
DEFAULT_CUTOFF = dt.time(17, 0)
# Far beyond any rule in the documents (the longest is 15 working days); the bound
# keeps a mistyped N from walking the calendar for minutes.
MAX_WORKDAYS = 10_000

_PACKAGE_YEARS = range(
    min(day.year for day in package_data.holidays),
    max(day.year for day in package_data.holidays) + 1,
)
_CUTOFF_PATTERN = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


@dataclass(frozen=True, slots=True)
class Deadline:
    """A date found by counting working days, and how sure the count is.

    ``uncertain`` is true when the count crossed a year whose holidays are not
    known yet (``unknown_years``); the date was then computed from weekends alone
    for those years and must be shown as provisional.
    """

    date: dt.date
    uncertain: bool = False
    unknown_years: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class OfficeYear:
    """What the platform office recorded for the dates of one calendar year.

    ``known``: the office entered the State Council's notice for this year.
    ``days``: the office's entries dated in this year, ``True`` = working day.
    """

    known: bool = False
    days: Mapping[dt.date, bool] = field(default_factory=dict)


OfficeLoader = Callable[[int], OfficeYear]


def package_knows_year(year: int) -> bool:
    """Whether the installed ``chinesecalendar`` has the notice for ``year``."""
    return year in _PACKAGE_YEARS


def local_moment(value: dt.date | dt.datetime) -> tuple[dt.date, dt.time | None]:
    """The Asia/Shanghai date and wall time of ``value``.

    A naive datetime is taken as Asia/Shanghai wall time; an aware one is
    converted. A plain date has no time (``None``): it counts as arriving within
    working hours.
    """
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(SHANGHAI)
        return value.date(), value.time().replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value, None
    raise TypeError(f"expected a date or datetime, got {type(value).__name__}")


def parse_cutoff(value: str | dt.time) -> dt.time:
    """``"17:00"`` → ``time(17, 0)``; raises ``ValueError`` on anything else."""
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None)
    match = _CUTOFF_PATTERN.match(str(value).strip())
    if match is None:
        raise ValueError(f"cut-off time must be HH:MM, got {value!r}")
    return dt.time(int(match.group(1)), int(match.group(2)))


def _check_count(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"the number of working days must be an int, got {n!r}")
    if n < 0:
        raise ValueError(f"the number of working days must not be negative, got {n}")
    if n > MAX_WORKDAYS:
        raise ValueError(f"at most {MAX_WORKDAYS} working days, got {n}")


class WorkCalendar:
    """Working days as the package and the office's entries define them.

    One instance is one call chain: the office's entries are asked for once per
    calendar year and then kept in the instance.
    """

    def __init__(self, office_year: OfficeLoader) -> None:
        self._load_office_year = office_year
        self._office: dict[int, OfficeYear] = {}

    def office_year(self, year: int) -> OfficeYear:
        if year not in self._office:
            self._office[year] = self._load_office_year(year)
        return self._office[year]

    def year_known(self, year: int) -> bool:
        return package_knows_year(year) or self.office_year(year).known

    def is_workday(self, day: dt.date) -> bool:
        override = self.office_year(day.year).days.get(day)
        if override is not None:
            return override
        if package_knows_year(day.year):
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def effective_arrival(
        self, start: dt.date | dt.datetime, cutoff: dt.time
    ) -> dt.date:
        """The day counting starts from (itself not counted); see the module doc."""
        day, at = local_moment(start)
        on_time = at is None or at <= cutoff
        if on_time and self.is_workday(day):
            return day
        return self._step(day, 1)

    def deadline(
        self, start: dt.date | dt.datetime, n: int, cutoff: dt.time
    ) -> Deadline:
        _check_count(n)
        arrival = self.effective_arrival(start, cutoff)
        end = self._walk(arrival, n, 1)
        return self._dated(end, local_moment(start)[0], end)

    def add(self, start: dt.date | dt.datetime, n: int) -> Deadline:
        """The n-th working day after the date of ``start`` (that date not counted)."""
        _check_count(n)
        day = local_moment(start)[0]
        end = self._walk(day, n, 1)
        return self._dated(end, day, end)

    def subtract(self, start: dt.date | dt.datetime, n: int) -> Deadline:
        """The n-th working day before the date of ``start`` (that date not counted)."""
        _check_count(n)
        day = local_moment(start)[0]
        end = self._walk(day, n, -1)
        return self._dated(end, end, day)

    def between(
        self, start: dt.date | dt.datetime, end: dt.date | dt.datetime, cutoff: dt.time
    ) -> int:
        """Working days d with effective_arrival(start) < d <= date of ``end``."""
        first = self.effective_arrival(start, cutoff)
        last = local_moment(end)[0]
        if last < local_moment(start)[0]:
            raise ValueError("the end lies before the start")
        count, day = 0, first
        while day < last:
            day += dt.timedelta(days=1)
            count += self.is_workday(day)
        return count

    def unknown_years(self, first: dt.date, last: dt.date) -> tuple[int, ...]:
        years = range(first.year, last.year + 1)
        return tuple(year for year in years if not self.year_known(year))

    def _dated(self, result: dt.date, first: dt.date, last: dt.date) -> Deadline:
        unknown = self.unknown_years(first, last)
        return Deadline(date=result, uncertain=bool(unknown), unknown_years=unknown)

    def _step(self, day: dt.date, direction: int) -> dt.date:
        """The first working day strictly after (1) or before (-1) ``day``."""
        day += dt.timedelta(days=direction)
        while not self.is_workday(day):
            day += dt.timedelta(days=direction)
        return day

    def _walk(self, day: dt.date, n: int, direction: int) -> dt.date:
        for _ in range(n):
            day = self._step(day, direction)
        return day
