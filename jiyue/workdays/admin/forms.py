"""The admin form of a year's notice."""

from __future__ import annotations

from typing import Any

from wagtail.admin.forms import WagtailAdminModelForm

from ..models import date_fits_notice, date_outside_notice_message


class CalendarYearForm(WagtailAdminModelForm):
    """Checks each day against the year being entered.

    The inline rows are not attached to their year while they are validated
    (modelcluster), so the model's own ``clean`` cannot see the year here.
    """

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        year = cleaned.get("year")
        days = self.formsets.get("days")
        if year and days is not None and days.is_valid():
            for form in days.forms:
                day = form.cleaned_data.get("date")
                deleted = form.cleaned_data.get("DELETE", False)
                if day and not deleted and not date_fits_notice(day, year):
                    form.add_error("date", date_outside_notice_message(year))
        return cleaned
