from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "jiyue.quality"
    label = "quality"
    verbose_name = _("内容质量检查")
    default_auto_field = "django.db.models.BigAutoField"
