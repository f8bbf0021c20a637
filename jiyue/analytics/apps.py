from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    name = "jiyue.analytics"
    label = "analytics"
    verbose_name = _("访问统计")
    default_auto_field = "django.db.models.BigAutoField"
