from django.apps import AppConfig


class MonitorConfig(AppConfig):
    name = "jiyue.monitor"
    label = "monitor"
    verbose_name = "监测"
    default_auto_field = "django.db.models.BigAutoField"
