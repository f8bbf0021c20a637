"""What an indicator can read: each evidence key answers, for one site, a count (or
a veto's 命中/未命中) with the lines behind it — or that there is too little to
judge (``count is None``: 证据不足). Data, not verdicts: the rule decides the points.

The sources are other apps' public modules: the monitor's verdict and its latest
finished crawl's open findings, the service catalogue, the mailboxes' replies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiyue.cluster.models import SiteProfile
from jiyue.monitor.models import StoredFinding
from jiyue.monitor.output import TYPE_NAMES
from jiyue.monitor.selectors import latest_crawl
from jiyue.monitor.verdict import FAILED, PASSED, site_verdict

LINES = 10


@dataclass
class Found:
    """``count``: how many were found (a veto: 1 failed, 0 passed); None: 证据不足."""

    count: int | None
    detail: str = ""
    lines: list[tuple[str, str]] = field(default_factory=list)


class SiteEvidence:
    """Everything the evidence functions read for one site, each asked once."""

    def __init__(self, profile: SiteProfile, now: dt.datetime) -> None:
        self.profile = profile
        self.now = now

    @cached_property
    def verdict(self) -> dict:
        return {i.key: i for i in site_verdict(self.profile, now=self.now)}

    @cached_property
    def crawl(self):
        return latest_crawl(self.profile, done=True)

    def open_findings(self, kind: str):
        return self.crawl.findings.filter(
            type=kind, status=StoredFinding.Status.OPEN
        ).order_by("pk")


def _veto(key: str) -> Callable[[SiteEvidence], Found]:
    def read(site: SiteEvidence) -> Found:
        indicator = site.verdict.get(key)
        if indicator is None or indicator.state not in (FAILED, PASSED):
            detail = indicator.detail if indicator else _("无数据")
            return Found(None, detail)
        lines = [(e.text, e.url) for e in indicator.evidence[:LINES]]
        return Found(1 if indicator.failed else 0, indicator.detail, lines)

    return read


def _findings(kind: str) -> Callable[[SiteEvidence], Found]:
    def read(site: SiteEvidence) -> Found:
        if site.crawl is None:
            return Found(None, _("尚无完成的监测"))
        found = site.open_findings(kind)
        count = found.count()
        lines = [(f.message, f.url) for f in found[:LINES]]
        detail = _("最近一次监测（%(at)s）发现%(name)s %(n)d 处") % {
            "at": site.crawl.finished_at.strftime("%Y-%m-%d")
            if site.crawl.finished_at
            else "",
            "name": TYPE_NAMES.get(kind, kind),
            "n": count,
        }
        return Found(count, detail, lines)

    return read


def _incomplete_guides(site: SiteEvidence) -> Found:
    from jiyue.services.completeness import failing_guides
    from jiyue.services.selectors import site_guides

    guides = site_guides(site.profile.site)
    if guides is None:
        return Found(None, _("没有办事服务入口"))
    lines = []
    for guide, result in failing_guides(guides):
        lacking = "、".join(e.name for e in result.key_missing) or _("设定依据已废止")
        lines.append((f"{guide.title}：{lacking}", guide.full_url or ""))
    return Found(len(lines), _("缺少关键要素的办事指南 %(n)d 项") % {"n": len(lines)},
                 lines[:LINES])  # fmt: skip


def _dead_service_links(site: SiteEvidence) -> Found:
    from jiyue.services.models import ServiceLinkCheck

    checks = ServiceLinkCheck.objects.filter(
        guide__path__startswith=site.profile.site.root_page.path
    ).select_related("guide")
    if not checks.exists():
        return Found(None, _("在线办理系统和表格尚未检查"))
    dead = [c for c in checks if c.is_dead]
    lines = [(f"{c.guide.title}：{c.get_kind_display()} {c.url}", c.url) for c in dead]
    return Found(len(dead), _("无法访问 %(n)d 处") % {"n": len(dead)}, lines[:LINES])


def _no_recent_reply(site: SiteEvidence) -> Found:
    """1 when no message of the site was answered in the last 2 months (the 2019
    example deducts 3 points for it); 证据不足 without any message."""
    from jiyue.interaction.models import Message

    messages = Message.objects.filter(mailbox__site=site.profile.site)
    if not messages.exists():
        return Found(None, _("本站没有收到留言"))
    since = site.now - dt.timedelta(days=60)
    latest = messages.filter(replied_at__isnull=False).order_by("-replied_at").first()
    if latest is not None and latest.replied_at >= since:
        return Found(0, _("最近答复：%(at)s") % {"at": latest.replied_at.date()})
    return Found(1, _("近2个月没有新的留言答复"))


def _linkage(kind: str, none_detail: str) -> Callable[[SiteEvidence], Found]:
    """Late reposts, missing interpretations, late publication: from the
    platform's own records (jiyue.linkage); 证据不足 where nothing was due."""

    def read(site: SiteEvidence) -> Found:
        from jiyue.linkage import selectors

        readers = {
            "late_repost": (selectors.late_repost_findings, selectors.pushes_due),
            "missing_interpretation": (
                selectors.missing_interpretation_findings,
                selectors.interpretations_due,
            ),
            "late_publication": (
                selectors.late_publication_findings,
                selectors.deadlines_due,
            ),
        }
        findings, due = readers[kind]
        web_site = site.profile.site
        if not due(web_site):
            return Found(None, str(none_detail))
        found = findings(web_site)
        lines = [(f.message, f.url or "") for f in found[:LINES]]
        detail = _("%(name)s %(n)d 处") % {"name": TYPE_NAMES[kind], "n": len(found)}
        return Found(len(found), detail, lines)

    return read


#: How many of a site's newest items its search is asked to find by their titles.
SEARCH_PROBES = 5
#: The window of security events that count (a quarter, as the spot checks).
SECURITY_DAYS = 90


def _search_own(site: SiteEvidence) -> Found:
    """The site's newest items searched by their titles on the site: each one not
    among the first results is a miss (搜索查不到本站信息)."""
    from wagtail.models import Page

    from jiyue.content.models import ColumnPage, HomePage
    from jiyue.search import finds_own

    pages = list(
        Page.objects.live().public().descendant_of(site.profile.site.root_page)
        .not_type((ColumnPage, HomePage)).filter(depth__gt=3)
        .order_by("-first_published_at")[:SEARCH_PROBES]
    )  # fmt: skip
    if not pages:
        return Found(None, _("本站没有可供搜索的信息"))
    found = finds_own(site.profile.site, pages)
    if found is None:
        return Found(None, _("站内搜索索引尚未建立"))
    missed = [p for p, ok in zip(pages, found, strict=True) if not ok]
    lines = [
        (_("按标题搜不到：%(t)s") % {"t": p.title}, p.full_url or "") for p in missed
    ]
    detail = _("按标题搜索本站最新信息 %(n)d 条，查不到 %(m)d 条") % {
        "n": len(pages), "m": len(missed)}  # fmt: skip
    return Found(len(missed), detail, lines)


def _security_events(site: SiteEvidence) -> Found:
    """Tampering and outage alerts opened in the last quarter (the monitor's 告警)."""
    from jiyue.monitor.models import Alert, AvailabilityProbe

    profile = site.profile
    since = site.now - dt.timedelta(days=SECURITY_DAYS)
    if (
        site.crawl is None
        and not AvailabilityProbe.objects.filter(
            profile=profile, at__gte=since
        ).exists()
    ):
        return Found(None, _("尚无监测和探测，无法判定"))
    alerts = list(
        Alert.objects.filter(
            profile=profile, opened_at__gte=since,
            kind__in=(Alert.Kind.TAMPERED, Alert.Kind.UNREACHABLE),
        ).order_by("-opened_at")
    )  # fmt: skip
    lines = [
        (f"{timezone.localtime(a.opened_at):%Y-%m-%d %H:%M} {a.get_kind_display()}"
         f"{'（已恢复）' if a.resolved_at else ''}", "")
        for a in alerts[:LINES]
    ]  # fmt: skip
    return Found(
        len(alerts),
        _("近%(d)d天安全事件 %(n)d 起") % {"d": SECURITY_DAYS, "n": len(alerts)},
        lines,
    )


def _on_the_platform(site: SiteEvidence) -> Found:
    return Found(1, _("本网站运行在集约化平台上"))


#: evidence key -> (what it is, how to read it).
EVIDENCE: dict[str, tuple[str, Callable[[SiteEvidence], Found]]] = {
    **{
        f"verdict.{key}": (gettext_lazy("单项否决判定：") + label, _veto(key))
        for key, label in (
            ("unreachable", gettext_lazy("站点无法访问")),
            ("stale_site", gettext_lazy("首页不更新")),
            ("stale_columns", gettext_lazy("栏目不更新")),
            ("interaction", gettext_lazy("互动回应差")),
            ("serious", gettext_lazy("严重问题")),
            ("services", gettext_lazy("服务不实用")),
        )
    },
    **{
        f"findings.{kind}": (
            gettext_lazy("监测发现：") + TYPE_NAMES[kind],
            _findings(kind),
        )
        for kind in (
            "broken_link",
            "typo",
            "wrong_expression",
            "privacy_leak",
            "insecure_link",
            "accessibility",
            "stale_column",
            "empty_column",
            "garbled_text",
        )
    },
    "services.incomplete": (gettext_lazy("办事指南要素缺失"), _incomplete_guides),
    "services.dead_links": (
        gettext_lazy("在线办理系统或表格无法访问"),
        _dead_service_links,
    ),
    "interaction.no_recent_reply": (gettext_lazy("留言答复不及时"), _no_recent_reply),
    "linkage.late_repost": (
        gettext_lazy("上级信息转载不及时"),
        _linkage("late_repost", gettext_lazy("没有须转载的上级推送")),
    ),
    "linkage.missing_interpretation": (
        gettext_lazy("重大政策未同步解读"),
        _linkage("missing_interpretation", gettext_lazy("没有认定的重大政策")),
    ),
    "linkage.late_publication": (
        gettext_lazy("信息发布超时"),
        _linkage("late_publication", gettext_lazy("没有须按时限发布的信息")),
    ),
    "search.own_documents": (gettext_lazy("站内搜索查不到本站信息"), _search_own),
    "security.events": (gettext_lazy("网页篡改、无法访问等安全事件"), _security_events),
    "platform.intensive": (gettext_lazy("集约化平台"), _on_the_platform),
}
