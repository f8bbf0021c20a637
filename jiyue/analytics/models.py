"""Visit statistics from the sites' own access logs (no third-party tracker).

Counts per site and day (views, visits, unique visitors, 404s, bot lines), per page
and day (views, 404s), per referring host and per search query. Unique visitors
are digests of (daily salt, address, agent), one blob per site and day; the salt of
a day is deleted once the day is over, so no address can be recovered
(docs/decisions/0901, 0902).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site


class LogSource(models.Model):
    """A log file known by its first line: ``offset`` bytes of it have been read
    (whole lines only). A rotated file, plain or gzipped, keeps its first line and
    so its identity: it is read on from where the live file was left."""

    head = models.CharField(_("首行摘要"), max_length=64, unique=True)
    name = models.CharField(_("文件"), max_length=500)
    offset = models.BigIntegerField(_("已读字节"), default=0)
    lines = models.BigIntegerField(_("已读行数"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("访问日志")
        verbose_name_plural = _("访问日志")

    def __str__(self) -> str:
        return self.name


class DailySalt(models.Model):
    day = models.DateField(unique=True)
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return str(self.day)


class PerSiteDay(models.Model):
    """Abstract: a count of one site on one day."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("日期"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.site_id} {self.day}"


class SiteDay(PerSiteDay):
    views = models.PositiveIntegerField(_("浏览量"), default=0)
    visits = models.PositiveIntegerField(_("访问次数"), default=0)
    visitors = models.PositiveIntegerField(_("独立访客"), default=0)
    not_found = models.PositiveIntegerField(_("404次数"), default=0)
    bot_lines = models.PositiveIntegerField(_("爬虫请求"), default=0)

    class Meta:
        unique_together = (("site", "day"),)
        verbose_name = _("站点日访问量")


class DailyVisitors(PerSiteDay):
    """The visitors of a site on a day, by digest only: for unique visitors and
    visits (a new visit after 30 minutes without a page view). ``data`` holds one
    16-byte record per visitor, sorted: 8 bytes of blake2b(daily salt, address,
    agent), the last page view (epoch seconds), visits, crawler (docs/decisions/0902).
    Deleted with the day's salt, the day after next."""

    count = models.PositiveIntegerField(default=0)
    data = models.BinaryField(default=b"")

    class Meta:
        unique_together = (("site", "day"),)


class PageDay(PerSiteDay):
    path = models.CharField(_("页面"), max_length=500)
    views = models.PositiveIntegerField(_("浏览量"), default=0)
    not_found = models.PositiveIntegerField(_("404次数"), default=0)

    class Meta:
        unique_together = (("site", "day", "path"),)
        verbose_name = _("页面日访问量")


class ReferrerDay(PerSiteDay):
    host = models.CharField(_("来源网站"), max_length=253)
    views = models.PositiveIntegerField(_("次数"), default=0)

    class Meta:
        unique_together = (("site", "day", "host"),)


class QueryDay(PerSiteDay):
    query = models.CharField(_("搜索词"), max_length=100)
    count = models.PositiveIntegerField(_("次数"), default=0)

    class Meta:
        unique_together = (("site", "day", "query"),)


class CoVisit(models.Model):
    """看过此文的人还看了: how many visitors (of one day, one ingestion run) viewed
    both pages of a site. Only the two addresses and the count are kept, never who.
    Each pair once, ``path`` < ``other`` (as Python orders strings): a page's pairs
    are found by either column. Two indexes only (the unique one and site, other);
    each more cost a fifth more time per row stored (docs/decisions/0902)."""

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    path = models.CharField(_("页面"), max_length=500)
    other = models.CharField(_("同时浏览的页面"), max_length=500)
    count = models.PositiveIntegerField(_("访客数"), default=0)

    class Meta:
        verbose_name = _("同时浏览")
        verbose_name_plural = _("同时浏览")
        unique_together = (("site", "path", "other"),)
        indexes = [models.Index(fields=["site", "other"])]

    def __str__(self) -> str:
        return f"{self.path} ↔ {self.other}"


class PendingTrails(models.Model):
    """看过此文的人还看了, not yet counted: the item pages each visitor of one site
    viewed on one day in one ingested file — pages only, no digest, no address, no
    time. ``data`` is a JSON list of trails, each a sorted list of paths (two or
    more). Written with the file's counts; turned into :class:`CoVisit` pairs and
    deleted by the separate related-reading step (``jiyue.analytics.related``,
    docs/decisions/0903)."""

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+"
    )
    trails = models.PositiveIntegerField(default=0)
    data = models.BinaryField(default=b"")

    def __str__(self) -> str:
        return f"{self.site_id}: {self.trails}"
