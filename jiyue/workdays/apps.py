from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "jiyue.workdays"
    label = "workdays"
    verbose_name = _("工作日历")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signal_handlers

        signal_handlers.connect()
