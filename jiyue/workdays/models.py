"""The platform office's additions to the working-day calendar.

When the State Council publishes the holiday arrangements for a year (国务院办公厅
关于某年部分节假日安排的通知) before the ``chinesecalendar`` package knows them, the
platform office enters the notice here: one ``CalendarYear`` with its days off and
its make-up working days. An entry overrides the package for its date.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel


def date_fits_notice(day: dt.date, year: int) -> bool:
    """A notice's dates lie in its year or, for New Year's Day, at the end of the
    year before (the 2023 notice gave 2022-12-31 to 2023-01-02)."""
    return year - 1 <= day.year <= year


def date_outside_notice_message(year: int) -> str:
    return gettext("日期须在 %(year)s 年内（元旦假期可含上一年年底）。") % {
        "year": year
    }


class CalendarYear(ClusterableModel):
    """One year's holiday notice as entered by the platform office (节假日安排)."""

    year = models.PositiveSmallIntegerField(
        _("年份"),
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("录入后，该年度即视为节假日安排已知。"),
    )
    source = models.TextField(
        _("依据"),
        help_text=_(
            "国务院办公厅节假日安排通知的文号、发布日期和网址，"
            "例如：国办发明电〔2025〕7号。"
        ),
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ("-year",)
        verbose_name = _("年度节假日安排")
        verbose_name_plural = _("年度节假日安排")

    def __str__(self) -> str:
        return gettext("%(year)s 年节假日安排") % {"year": self.year}


class CalendarDay(models.Model):
    """A date on which the notice departs from the plain week (放假或调休上班)."""

    class Kind(models.TextChoices):
        OFF = "off", _("休息日（放假）")
        WORK = "work", _("上班日（调休上班）")

    calendar_year = ParentalKey(
        CalendarYear,
        verbose_name=_("所属年度"),
        on_delete=models.CASCADE,
        related_name="days",
    )
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices)
    name = models.CharField(
        _("节日名称"), max_length=50, help_text=_("例如：春节、国庆节。")
    )

    class Meta:
        ordering = ("date",)
        verbose_name = _("节假日安排日期")
        verbose_name_plural = _("节假日安排日期")

    def __str__(self) -> str:
        return gettext("%(date)s %(name)s（%(kind)s）") % {
            "date": self.date.isoformat(),
            "name": self.name,
            "kind": self.get_kind_display(),
        }

    @property
    def is_workday(self) -> bool:
        return self.kind == self.Kind.WORK

    def clean(self) -> None:
        super().clean()
        try:
            year = self.calendar_year.year
        except CalendarYear.DoesNotExist:  # not attached to a year yet
            return
        if year is None or self.date is None:
            return
        if not date_fits_notice(self.date, year):
            raise ValidationError({"date": date_outside_notice_message(year)})
