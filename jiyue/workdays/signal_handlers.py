"""Keep the cached office calendar in step with its rows."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from .models import CalendarDay, CalendarYear
from .office import office_years_forget


def _around(year: int) -> range:
    # A notice's days lie in its year or in the last days of the year before.
    return range(year - 1, year + 2)


def calendar_year_changed(sender: type, instance: CalendarYear, **kwargs: Any) -> None:
    office_years_forget(years=_around(instance.year))


def calendar_day_changed(sender: type, instance: CalendarDay, **kwargs: Any) -> None:
    # A date moves at most between a notice's two years, so its neighbours cover
    # the year it moved from.
    years = set(_around(instance.date.year)) if instance.date else set()
    parent = instance._state.fields_cache.get("calendar_year")
    if parent is not None and parent.year is not None:
        years.update(_around(parent.year))
    office_years_forget(years=years)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(
            calendar_year_changed, sender=CalendarYear, dispatch_uid="workdays-year"
        )
        signal.connect(
            calendar_day_changed, sender=CalendarDay, dispatch_uid="workdays-day"
        )
