"""The state of publishing per site, shown in the admin."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishState(models.Model):
    site = models.OneToOneField(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="publish_state",
        verbose_name=_("站点"),
    )
    running = models.BooleanField(_("正在全量发布"), default=False)
    progress_done = models.PositiveIntegerField(_("已完成"), default=0)
    progress_total = models.PositiveIntegerField(_("总数"), default=0)
    last_full_at = models.DateTimeField(_("最近全量发布"), null=True, blank=True)
    last_incremental_at = models.DateTimeField(_("最近增量发布"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)
    last_error_at = models.DateTimeField(_("错误时间"), null=True, blank=True)
    failed_pages = models.JSONField(_("发布失败的页面"), default=list, blank=True)

    class Meta:
        verbose_name = _("发布状态")
        verbose_name_plural = _("发布状态")

    def __str__(self) -> str:
        return str(self.site)

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return int(100 * self.progress_done / self.progress_total)
