from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicJobRun(models.Model):
    """When each job of the periodic schedule was last enqueued (``jiyue worker``)."""

    name = models.CharField(_("任务名"), max_length=100, unique=True)
    last_run_at = models.DateTimeField(_("上次运行"), null=True, blank=True)
    last_task_id = models.CharField(_("任务编号"), max_length=64, blank=True)

    class Meta:
        # The table the monitor created: the model moved here, its rows stayed
        # (docs/decisions/0515-worker-app-and-job-registry.md).
        db_table = "monitor_periodicjobrun"
        verbose_name = _("定时任务记录")
        verbose_name_plural = _("定时任务记录")

    def __str__(self) -> str:
        return self.name
