from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClusterConfig(AppConfig):
    name = "jiyue.cluster"
    label = "cluster"
    verbose_name = _("站群")
