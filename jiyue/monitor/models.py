"""What the monitor keeps: crawls, their findings (with a status), availability probes.

Crawls of sites on the platform point at their ``SiteProfile``; a crawl of a foreign
site has no profile and is known by its start URL.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiyue.cluster.models import SiteProfile


class Crawl(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("抓取中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    profile = models.ForeignKey(
        SiteProfile,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="monitor_crawls",
        verbose_name=_("站点"),
    )
    start_url = models.CharField(_("起始网址"), max_length=1024)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("已抓取页面"), default=0)
    urls_done = models.PositiveIntegerField(_("已检查地址"), default=0)
    urls_known = models.PositiveIntegerField(_("已发现地址"), default=0)
    partial = models.JSONField(_("抓取中的问题统计"), default=dict, blank=True)
    summary = models.JSONField(_("摘要"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发起人"),
    )

    class Meta:
        verbose_name = _("监测抓取")
        verbose_name_plural = _("监测抓取")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["profile", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.start_url} ({self.created_at:%Y-%m-%d %H:%M})"

    @property
    def other_urls(self) -> int:
        """Addresses checked that are not pages read (links, assets, forms):
        ``pages + other_urls == urls_done``."""
        return max(self.urls_done - self.pages, 0)

    @property
    def progress(self) -> int:
        """Per cent of the URLs known so far that are checked (0–100)."""
        if self.status == self.Status.DONE:
            return 100
        if not self.urls_known:
            return 0
        return min(99, 100 * self.urls_done // self.urls_known)


class StoredFinding(models.Model):
    """One finding of one crawl, in the contract's shape, with what staff did about it."""

    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        FIXED = "fixed", _("已修复")
        ACCEPTED = "accepted", _("已接受")

    crawl = models.ForeignKey(
        Crawl, on_delete=models.CASCADE, related_name="findings", verbose_name=_("抓取")
    )
    type = models.CharField(_("类型"), max_length=30)
    severity = models.CharField(_("严重程度"), max_length=10)
    url = models.TextField(_("所在页面"), blank=True)
    target = models.TextField(_("链接"), blank=True)
    evidence = models.TextField(_("证据"), blank=True)
    message = models.TextField(_("说明"))
    line = models.PositiveIntegerField(_("行"), null=True, blank=True)
    column = models.PositiveIntegerField(_("列"), null=True, blank=True)
    # A broken link is one finding per target: every page that carries it
    # (at most 200 named; ``page_count`` is the whole number). ADR 0514.
    pages = models.JSONField(_("引用页面"), default=list, blank=True)
    page_count = models.PositiveIntegerField(_("引用页面数"), default=0)
    fingerprint = models.CharField(_("指纹"), max_length=40, db_index=True)
    status = models.CharField(
        _("处理状态"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    reopened = models.BooleanField(_("修复后再次出现"), default=False)
    reason = models.TextField(_("理由"), blank=True)
    status_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("处理人"),
    )
    status_at = models.DateTimeField(_("处理时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("监测问题")
        verbose_name_plural = _("监测问题")
        ordering = ["pk"]
        indexes = [models.Index(fields=["crawl", "fingerprint"])]

    def __str__(self) -> str:
        return f"{self.type} {self.url}"

    @property
    def type_name(self) -> str:
        from jiyue.monitor.output import TYPE_NAMES

        return TYPE_NAMES.get(self.type, self.type)

    @property
    def severity_name(self) -> str:
        from jiyue.monitor.output import SEVERITY_NAMES

        return SEVERITY_NAMES.get(self.severity, self.severity)

    def as_dict(self) -> dict:
        """The contract's shape (DESIGN.md, "A finding")."""
        position = (
            {"line": self.line, "column": self.column or 0}
            if self.line is not None
            else None
        )
        return {
            "type": self.type,
            "severity": self.severity,
            "url": self.url,
            "target": self.target or None,
            "evidence": self.evidence,
            "message": self.message,
            "position": position,
        }


class AvailabilityProbe(models.Model):
    profile = models.ForeignKey(
        SiteProfile,
        on_delete=models.CASCADE,
        related_name="availability_probes",
        verbose_name=_("站点"),
    )
    at = models.DateTimeField(_("探测时间"), db_index=True)
    ok = models.BooleanField(_("可访问"))
    status_code = models.PositiveIntegerField(_("HTTP 状态码"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=200, blank=True)
    elapsed_ms = models.PositiveIntegerField(_("耗时（毫秒）"))

    class Meta:
        verbose_name = _("可用性探测")
        verbose_name_plural = _("可用性探测")
        ordering = ["-at"]
        indexes = [models.Index(fields=["profile", "at"])]

    def __str__(self) -> str:
        return f"{self.profile_id} {self.at:%Y-%m-%d %H:%M} {self.ok}"
