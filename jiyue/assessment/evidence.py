"""What an indicator can read: each evidence key answers, for one site, a count (or
a veto's 命中/未命中) with the lines behind it — or that there is too little to
judge (``count is None``: 证据不足). Data, not verdicts: the rule decides the points.

The sources are other apps' public modules: the monitor's verdict and its latest
finished crawl's open findings, the service catalogue, the mailboxes' replies.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, F, Max, Window
from django.db.models.functions import RowNumber, Substr
from django.db.models.lookups import In
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.sites import pages_under_any, paths_above, root_paths
from jiyue.monitor.models import StoredFinding
from jiyue.monitor.output import TYPE_NAMES
from jiyue.monitor.selectors import latest_crawls
from jiyue.monitor.verdict import FAILED, PASSED, cluster_verdicts

LINES = 10


@dataclass
class Found:
    """``count``: how many were found (a veto: 1 failed, 0 passed); None: 证据不足."""

    count: int | None
    detail: str = ""
    lines: list[tuple[str, str]] = field(default_factory=list)


FINDING_KINDS = (
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
#: How many of a site's newest items its search is asked to find by their titles.
SEARCH_PROBES = 5
#: The window of security events that count (a quarter, as the spot checks).
SECURITY_DAYS = 90


class ClusterEvidence:
    """Everything the evidence functions read, for many sites at once: each kind
    of data asked once for them all, when an indicator first needs it (the
    cluster table asks as often for a thousand sites as for ten, issue 19)."""

    def __init__(self, profiles: list[SiteProfile], now: dt.datetime) -> None:
        self.profiles = list(profiles)
        self.now = now

    def of(self, profile: SiteProfile) -> SiteEvidence:
        return SiteEvidence(profile, self.now, cluster=self)

    @cached_property
    def sites(self) -> list:
        return [profile.site for profile in self.profiles]

    @cached_property
    def roots(self) -> dict[str, set[int]]:
        """The sites' root page paths, each with its sites' ids."""
        return root_paths(self.sites)

    @cached_property
    def verdicts(self) -> dict[int, dict]:
        verdicts = cluster_verdicts(self.profiles, now=self.now)
        return {pk: {i.key: i for i in found} for pk, found in verdicts.items()}

    @cached_property
    def crawls(self) -> dict:
        return latest_crawls(self.profiles, done=True)

    @cached_property
    def findings(self) -> dict[tuple[int, str], tuple[int, list[StoredFinding]]]:
        """(crawl id, type) → how many open findings, the first ``LINES``."""
        found = StoredFinding.objects.filter(
            crawl__in=list(self.crawls.values()),
            status=StoredFinding.Status.OPEN,
            type__in=FINDING_KINDS,
        )
        counts = found.values_list("crawl_id", "type").annotate(n=Count("pk"))
        first = (
            found.annotate(
                place=Window(
                    RowNumber(),
                    partition_by=[F("crawl_id"), F("type")],
                    order_by=F("pk").asc(),
                )
            )
            .filter(place__lte=LINES)
            .order_by("pk")
        )
        lines = defaultdict(list)
        for finding in first:
            lines[finding.crawl_id, finding.type].append(finding)
        return {(c, k): (n, lines[c, k]) for c, k, n in counts.order_by()}

    @cached_property
    def guides(self) -> dict:
        from jiyue.services.selectors import sites_guides

        return sites_guides(self.sites)

    @cached_property
    def failing_guides(self) -> dict:
        """Guide id → its completeness result, for the guides that fail."""
        from jiyue.services.completeness import failing_guides

        every = {g.pk: g for found in self.guides.values() for g in found or []}
        return {g.pk: result for g, result in failing_guides(every.values())}

    @cached_property
    def link_checks(self) -> dict[int, list]:
        """Site id → the link checks of the guides below its root page."""
        from jiyue.services.models import ServiceLinkCheck

        roots = self.roots
        checks = defaultdict(list)
        found = ServiceLinkCheck.objects.filter(
            pages_under_any(roots, "guide__path")
        ).select_related("guide")
        for check in found.order_by("pk"):
            for path in paths_above(check.guide.path):
                for site_id in roots.get(path, ()):
                    checks[site_id].append(check)
        return checks

    @cached_property
    def replies(self) -> dict[int, dict]:
        """Site id → how many messages it received, when it last answered one."""
        from jiyue.interaction.models import Message

        rows = (
            Message.objects.filter(mailbox__site__in=self.sites)
            .values("mailbox__site")
            .annotate(n=Count("pk"), latest=Max("replied_at"))
            .order_by()
        )
        return {row["mailbox__site"]: row for row in rows}

    @cached_property
    def linkage_due(self) -> dict[str, set[int]]:
        """Evidence key → the sites that owe something it reads."""
        from jiyue.linkage import selectors

        return {
            "late_repost": selectors.sites_with_pushes(self.sites),
            "missing_interpretation": selectors.sites_with_interpretations(self.sites),
            "late_publication": selectors.sites_with_deadlines(self.sites),
        }

    def linkage_findings(self, kind: str) -> dict[int, list]:
        """Site id → its linkage findings of ``kind``, for the sites that owe
        something of that kind (each kind asked once for them all)."""
        from jiyue.linkage import selectors

        readers = {
            "late_repost": selectors.late_repost_findings_of,
            "missing_interpretation": selectors.missing_interpretation_findings_of,
            "late_publication": selectors.late_publication_findings_of,
        }
        if kind not in self._linkage:
            due = self.linkage_due[kind]
            self._linkage[kind] = readers[kind]([s for s in self.sites if s.pk in due])
        return self._linkage[kind]

    @cached_property
    def _linkage(self) -> dict[str, dict[int, list]]:
        return {}

    @cached_property
    def newest_items(self) -> dict[int, list]:
        """Site id → its newest live public items (not columns nor home pages),
        ``SEARCH_PROBES`` of them."""
        from wagtail.models import Page

        from jiyue.content.models import ColumnPage, HomePage

        roots = self.roots
        by_length = defaultdict(set)
        for path in roots:
            by_length[len(path)].add(path)
        found = defaultdict(list)
        items = Page.objects.live().public().not_type((ColumnPage, HomePage))
        for length, paths in by_length.items():
            root = Substr("path", 1, length)
            newest = (
                items.filter(depth__gt=3)
                .filter(In(root, sorted(paths)))
                .annotate(
                    site_root=root,
                    place=Window(
                        RowNumber(),
                        partition_by=[root],
                        order_by=F("first_published_at").desc(),
                    ),
                )
                .filter(place__lte=SEARCH_PROBES)
                .order_by("site_root", "place")
            )
            for page in newest:
                for site_id in roots[page.site_root]:
                    found[site_id].append(page)
        return found

    @cached_property
    def found_by_search(self) -> dict[int, list[bool] | None]:
        """Site id → whether its search finds each of its newest items."""
        from jiyue.search import finds_own_of

        return finds_own_of(
            [(site, self.newest_items[site.pk]) for site in self.sites
             if self.newest_items[site.pk]]
        )  # fmt: skip

    @cached_property
    def probed(self) -> set[int]:
        """Profiles probed within ``SECURITY_DAYS``."""
        from jiyue.monitor.models import AvailabilityProbe

        since = self.now - dt.timedelta(days=SECURITY_DAYS)
        return set(
            AvailabilityProbe.objects.filter(profile__in=self.profiles, at__gte=since)
            .values_list("profile_id", flat=True)
            .distinct()
        )

    @cached_property
    def security_alerts(self) -> dict[int, list]:
        """Profile id → its tampering and outage alerts of ``SECURITY_DAYS``,
        newest first."""
        from jiyue.monitor.models import Alert

        since = self.now - dt.timedelta(days=SECURITY_DAYS)
        alerts = defaultdict(list)
        for alert in Alert.objects.filter(
            profile__in=self.profiles, opened_at__gte=since,
            kind__in=(Alert.Kind.TAMPERED, Alert.Kind.UNREACHABLE),
        ).order_by("-opened_at"):  # fmt: skip
            alerts[alert.profile_id].append(alert)
        return alerts


class SiteEvidence:
    """Everything the evidence functions read for one site: its part of
    ``cluster`` (of this site alone when not given)."""

    def __init__(
        self,
        profile: SiteProfile,
        now: dt.datetime,
        cluster: ClusterEvidence | None = None,
    ) -> None:
        self.profile = profile
        self.now = now
        self.cluster = cluster or ClusterEvidence([profile], now)

    @property
    def verdict(self) -> dict:
        return self.cluster.verdicts[self.profile.pk]

    @property
    def crawl(self):
        return self.cluster.crawls.get(self.profile.pk)


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
        count, found = site.cluster.findings.get((site.crawl.pk, kind), (0, []))
        lines = [(f.message, f.url) for f in found]
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
    guides = site.cluster.guides[site.profile.site_id]
    if guides is None:
        return Found(None, _("没有办事服务入口"))
    lines = []
    failing = site.cluster.failing_guides
    for guide in guides:
        if guide.pk not in failing:
            continue
        lacking = "、".join(e.name for e in failing[guide.pk].key_missing) or _(
            "设定依据已废止"
        )
        lines.append((f"{guide.title}：{lacking}", guide.full_url or ""))
    return Found(len(lines), _("缺少关键要素的办事指南 %(n)d 项") % {"n": len(lines)},
                 lines[:LINES])  # fmt: skip


def _dead_service_links(site: SiteEvidence) -> Found:
    checks = site.cluster.link_checks[site.profile.site_id]
    if not checks:
        return Found(None, _("在线办理系统和表格尚未检查"))
    dead = [c for c in checks if c.is_dead]
    lines = [(f"{c.guide.title}：{c.get_kind_display()} {c.url}", c.url) for c in dead]
    return Found(len(dead), _("无法访问 %(n)d 处") % {"n": len(dead)}, lines[:LINES])


def _no_recent_reply(site: SiteEvidence) -> Found:
    """1 when no message of the site was answered in the last 2 months (the 2019
    example deducts 3 points for it); 证据不足 without any message."""
    replies = site.cluster.replies.get(site.profile.site_id)
    if replies is None:
        return Found(None, _("本站没有收到留言"))
    since = site.now - dt.timedelta(days=60)
    latest = replies["latest"]
    if latest is not None and latest >= since:
        return Found(0, _("最近答复：%(at)s") % {"at": latest.date()})
    return Found(1, _("近2个月没有新的留言答复"))


def _linkage(kind: str, none_detail: str) -> Callable[[SiteEvidence], Found]:
    """Late reposts, missing interpretations, late publication: from the
    platform's own records (jiyue.linkage); 证据不足 where nothing was due."""

    def read(site: SiteEvidence) -> Found:
        if site.profile.site_id not in site.cluster.linkage_due[kind]:
            return Found(None, str(none_detail))
        found = site.cluster.linkage_findings(kind)[site.profile.site_id]
        lines = [(f.message, f.url or "") for f in found[:LINES]]
        detail = _("%(name)s %(n)d 处") % {"name": TYPE_NAMES[kind], "n": len(found)}
        return Found(len(found), detail, lines)

    return read


def _search_own(site: SiteEvidence) -> Found:
    """The site's newest items searched by their titles on the site: each one not
    among the first results is a miss (搜索查不到本站信息)."""
    pages = site.cluster.newest_items[site.profile.site_id]
    if not pages:
        return Found(None, _("本站没有可供搜索的信息"))
    found = site.cluster.found_by_search[site.profile.site_id]
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
    profile = site.profile
    if site.crawl is None and profile.pk not in site.cluster.probed:
        return Found(None, _("尚无监测和探测，无法判定"))
    alerts = site.cluster.security_alerts[profile.pk]
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
        for kind in FINDING_KINDS
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
