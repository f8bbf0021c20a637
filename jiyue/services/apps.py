from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "jiyue.services"
    label = "services"
    verbose_name = _("办事服务")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # 搜索即服务: a service named in the search box answers first.
        from . import search_answers  # noqa: F401
