"""Admin views of the office calendar: Wagtail's generic model views, recording
who entered or changed a year (Wagtail's own log records the action as well)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from ..models import CalendarYear
from .forms import CalendarYearForm


class _RecordsEditor:
    request: Any
    form: Any

    def save_instance(self) -> CalendarYear:
        self.form.instance.updated_by = self.request.user
        return super().save_instance()  # type: ignore[misc]


class CalendarYearCreateView(_RecordsEditor, generic.CreateView):
    pass


class CalendarYearEditView(_RecordsEditor, generic.EditView):
    pass


class CalendarYearViewSet(ModelViewSet):
    """工作日历: cluster-wide, so plain model permissions (superuser or the
    platform office's group with the ``workdays`` permissions)."""

    model = CalendarYear
    icon = "date"
    menu_label = _("工作日历")
    menu_name = "workday-calendar"
    add_to_settings_menu = True
    copy_view_enabled = False
    add_view_class = CalendarYearCreateView
    edit_view_class = CalendarYearEditView
    list_display = ("year", "source", "updated_at", "updated_by")
    ordering = ("-year",)
    edit_handler = ObjectList(
        [
            FieldPanel("year"),
            FieldPanel("source"),
            InlinePanel(
                "days",
                heading=_("放假和调休上班日期"),
                label=_("日期"),
            ),
        ],
        base_form_class=CalendarYearForm,
    )


calendar_year_viewset = CalendarYearViewSet("workday_calendar")
