"""Reads: Chinese working days and deadlines (the app's public functions).

Every function takes dates or datetimes; a naive datetime is Asia/Shanghai wall
time, an aware one is converted to Asia/Shanghai. Each call reads the office's
entries at most once per calendar year it touches (and usually not at all: they
are cached). To compute many dates in one go, take one ``work_calendar()`` and
call its methods.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from .counting import DEFAULT_CUTOFF, Deadline, WorkCalendar, local_moment, parse_cutoff
from .office import office_year

DayOrMoment = dt.date | dt.datetime


def work_calendar() -> WorkCalendar:
    """A calendar for one call chain: the office's entries read once per year."""
    return WorkCalendar(office_year)


def default_cutoff() -> dt.time:
    """``settings.JIYUE_WORKDAY_CUTOFF`` ("HH:MM"), else 17:00."""
    value = getattr(settings, "JIYUE_WORKDAY_CUTOFF", None)
    return DEFAULT_CUTOFF if value in (None, "") else parse_cutoff(value)


def is_workday(d: DayOrMoment) -> bool:
    """Whether the (Asia/Shanghai) date of ``d`` is a Chinese working day.

    Days the office entered win; then the ``chinesecalendar`` package; in a year
    neither knows, Monday to Friday. Ask ``year_known`` to tell the last case.
    """
    return work_calendar().is_workday(local_moment(d)[0])


def year_known(y: int) -> bool:
    """Whether the holidays of year ``y`` are known (package or office notice)."""
    return work_calendar().year_known(y)


def deadline(start: DayOrMoment, n: int, *, cutoff: dt.time | None = None) -> Deadline:
    """The N-th Chinese working day after ``start``, e.g. a reply deadline.

    The day the message arrives is not counted. It counts as arriving on its own
    day only if that is a working day and it arrives no later than ``cutoff``
    (Asia/Shanghai; ``None`` = ``settings.JIYUE_WORKDAY_CUTOFF``, default 17:00;
    a plain date counts as arriving within working hours). Otherwise the first
    working day after it is the *effective arrival day*, and that day is not
    counted either. So, with 7 working days and an ordinary week:

    * Friday 10:00 → day 1 is Monday, day 7 is the Tuesday 11 days later;
    * Friday 18:00 or Saturday → Monday is the effective arrival day (not
      counted), day 1 is Tuesday, day 7 is the Wednesday after next.

    ``n = 0`` gives the effective arrival day. A count that touches a year whose
    holidays are unknown is computed from weekends and returned with
    ``uncertain=True`` and the ``unknown_years``; it is never silently certain.
    Raises ``ValueError`` for a negative ``n`` (or one above ``MAX_WORKDAYS``).
    """
    cut = default_cutoff() if cutoff is None else parse_cutoff(cutoff)
    return work_calendar().deadline(start, n, cut)


def add_workdays(d: DayOrMoment, n: int) -> Deadline:
    """The n-th working day after the date of ``d`` (that date not counted).

    No cut-off: ``d`` is a day, not an arrival. ``n = 0`` gives the date itself.
    """
    return work_calendar().add(d, n)


def subtract_workdays(d: DayOrMoment, n: int) -> Deadline:
    """The n-th working day before the date of ``d`` (that date not counted).

    For reminders: ``subtract_workdays(deadline.date, 2)`` is "2 working days
    before the deadline". ``n = 0`` gives the date itself.
    """
    return work_calendar().subtract(d, n)


def workdays_between(
    a: DayOrMoment,
    b: DayOrMoment,
    *,
    cutoff: dt.time | None = None,
    calendar: WorkCalendar | None = None,
) -> int:
    """Handling time in working days, from arrival ``a`` to answer ``b``.

    Counts the working days after the effective arrival day of ``a`` (same rule
    and cut-off as ``deadline``) up to and including the date of ``b``; 0 when
    ``b`` is on or before the effective arrival day. Consistent with
    ``deadline``: ``b`` is on time exactly when ``b``'s date is not after
    ``deadline(a, n).date``, and for an answer on a working day that is
    ``workdays_between(a, b) <= n``. Raises ``ValueError`` when ``b``'s date is
    before ``a``'s. Years with unknown holidays are counted from weekends; check
    ``year_known`` if that matters. ``calendar``: a ``work_calendar()`` shared by
    many calls (the office's entries read once a year for them all).
    """
    cut = default_cutoff() if cutoff is None else parse_cutoff(cutoff)
    return (calendar or work_calendar()).between(a, b, cut)
