from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "jiyue.linkage"
    label = "linkage"
    verbose_name = _("协同联动")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signal_handlers

        signal_handlers.connect()
