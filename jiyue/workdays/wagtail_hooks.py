from wagtail import hooks

from .admin.viewsets import calendar_year_viewset


@hooks.register("register_admin_viewset")
def register_calendar_year_viewset():
    return calendar_year_viewset
