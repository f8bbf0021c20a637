from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "jiyue.worker"
    label = "worker"
    verbose_name = _("后台任务")
    default_auto_field = "django.db.models.BigAutoField"
