from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "jiyue.editorial"
    label = "editorial"
    verbose_name = _("编辑审核")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import signal_handlers
        from .explorer import ask_people_by_index

        signal_handlers.connect()
        ask_people_by_index()
