"""The office's calendar entries, read per calendar year through Django's cache.

A year's entries are read with two small queries the first time they are needed
and then kept in the default cache for ``CACHE_SECONDS``; saving or deleting an
entry drops the affected years at once (``signal_handlers``). With a per-process
cache (the embedded default) another process may see an edit up to
``CACHE_SECONDS`` late; with a shared cache (Redis) every process sees it at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

from .counting import OfficeYear

CACHE_SECONDS = 600
_KEY = "jiyue:workdays:office-year:v1:{year}"


def office_year(year: int) -> OfficeYear:
    """The office's entries dated in ``year``, from the cache or the database."""
    key = _KEY.format(year=year)
    cached = cache.get(key)
    if cached is None:
        cached = _read(year)
        cache.set(key, cached, CACHE_SECONDS)
    known, days = cached
    return OfficeYear(
        known=known, days={dt.date.fromisoformat(day): work for day, work in days}
    )


def office_years_forget(*, years: Iterable[int]) -> None:
    """Drop the cached entries of ``years``, now and again after the commit.

    The second drop catches a reader that cached the old entries between the
    write and the commit.
    """
    keys = [_KEY.format(year=year) for year in set(years)]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _read(year: int) -> tuple[bool, tuple[tuple[str, bool], ...]]:
    # Imported here so that ``import jiyue.workdays`` works before the app
    # registry is ready (the public functions are imported by other apps' modules).
    from .models import CalendarDay, CalendarYear

    known = CalendarYear.objects.filter(year=year).exists()
    rows = CalendarDay.objects.filter(
        date__range=(dt.date(year, 1, 1), dt.date(year, 12, 31))
    ).values_list("date", "kind")
    days = tuple((day.isoformat(), kind == CalendarDay.Kind.WORK) for day, kind in rows)
    return known, days
