"""What the monitor keeps: crawls, their findings (with a status), availability
probes, alerts with the duty roster that receives them, and the 读网 log.

Crawls of sites on the platform point at their ``SiteProfile``; a crawl of a foreign
site has no profile and is known by its start URL.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
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
    # Who runs it and when it last moved: a crawl whose process died is resumed
    # from its state file (docs/decisions/0522).
    runner = models.CharField(_("运行主机"), max_length=255, blank=True)
    heartbeat_at = models.DateTimeField(_("最近进展时间"), null=True, blank=True)
    resumed = models.PositiveSmallIntegerField(_("续抓次数"), default=0)
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


class Alert(models.Model):
    """告警: a site that became 不合格, unreachable or tampered with, from the moment
    it was seen until it is over; how often its people were told."""

    class Kind(models.TextChoices):
        UNREACHABLE = "unreachable", _("站点无法访问")
        TAMPERED = "tampered", _("网页被篡改")
        FAILED = "failed", _("单项否决不合格")
        PUBLISH_FAILED = "publish_failed", _("静态发布失败")

    profile = models.ForeignKey(
        SiteProfile,
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("站点"),
    )
    kind = models.CharField(_("告警类型"), max_length=20, choices=Kind.choices)
    detail = models.TextField(_("情况"), blank=True)
    opened_at = models.DateTimeField(_("发现时间"))
    last_sent_at = models.DateTimeField(_("最近通知时间"), null=True, blank=True)
    sends = models.PositiveIntegerField(_("通知次数"), default=0)
    resolved_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("告警")
        verbose_name_plural = _("告警")
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.profile} {self.get_kind_display()}"


class DutyShift(models.Model):
    """24 小时值班: who gets which alerts on which days and hours (Asia/Shanghai)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("值班人员"),
    )  # fmt: skip
    weekdays = models.CharField(
        _("星期"), max_length=7, default="1234567",
        help_text=_("1 为星期一，7 为星期日；如 12345 表示工作日。"),
    )  # fmt: skip
    start = models.TimeField(_("开始时间"))
    end = models.TimeField(_("结束时间"), help_text=_("早于开始时间表示跨夜到次日。"))
    kinds = models.CharField(
        _("接收的告警"), max_length=100, blank=True,
        help_text=_("不选为接收全部告警。"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班安排")

    def __str__(self) -> str:
        return f"{self.user} {self.weekdays} {self.start}-{self.end}"

    def clean(self) -> None:
        if not self.weekdays or set(self.weekdays) - set("1234567"):
            raise ValidationError({"weekdays": _("星期只能由 1 到 7 的数字组成。")})
        wanted = {k.strip() for k in self.kinds.split(",") if k.strip()}
        unknown = wanted - set(Alert.Kind.values)
        if unknown:
            raise ValidationError(
                {
                    "kinds": _("未知的告警类型：%(k)s。")
                    % {"k": "、".join(sorted(unknown))}
                }
            )

    def covers(self, moment, kind: str) -> bool:
        wanted = {k.strip() for k in self.kinds.split(",") if k.strip()}
        if wanted and kind not in wanted:
            return False
        clock = moment.time()
        weekday = str(moment.isoweekday())
        if self.start <= self.end:
            return weekday in self.weekdays and self.start <= clock < self.end
        # Overnight: the evening part belongs to the day it starts.
        yesterday = str((moment.isoweekday() + 5) % 7 + 1)
        return (weekday in self.weekdays and clock >= self.start) or (
            yesterday in self.weekdays and clock < self.end
        )


class ReadingLog(models.Model):
    """读网记录: who read which site when, and what he found."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
        related_name="+", verbose_name=_("读网人员"),
    )  # fmt: skip
    profile = models.ForeignKey(
        SiteProfile, on_delete=models.CASCADE, related_name="+", verbose_name=_("站点")
    )
    read_at = models.DateTimeField(_("读网时间"), default=timezone.now)
    found = models.TextField(
        _("发现的问题"), blank=True, help_text=_("未发现问题可留空。")
    )

    class Meta:
        verbose_name = _("读网记录")
        verbose_name_plural = _("读网记录")
        ordering = ["-read_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.profile} {self.read_at:%Y-%m-%d}"
