"""Reads of the monitor. Admin views reach them only after ``permissions`` allowed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from jiyue.cluster.models import SiteProfile
from jiyue.monitor.models import AvailabilityProbe, Crawl, StoredFinding

WEEK = dt.timedelta(days=7)
STALE_CRAWL = dt.timedelta(hours=12)


PROBES_PER_DAY = 20  # 国办秘函〔2019〕19号: a week of probes, at least 20 a day
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Availability:
    total: int
    failed: int
    # Probes in each 24 hours of the week, the latest day first.
    per_day: tuple[int, ...] = ()

    @property
    def rate(self) -> float:
        return self.failed / self.total if self.total else 0.0

    @property
    def thin_days(self) -> int:
        """Days of the week with fewer probes than the rule asks for."""
        return sum(1 for n in self.per_day if n < PROBES_PER_DAY)

    @property
    def enough(self) -> bool:
        """Enough probes to judge 站点无法访问: every day of the week has 20."""
        return len(self.per_day) == 7 and self.thin_days == 0


def availability(profile: SiteProfile, *, now: dt.datetime) -> Availability:
    """The probes of the week before ``now`` (站点无法访问: ≥ 5 % failing), with
    their count in each of its seven 24-hour days."""
    return availabilities([profile], now=now)[profile.pk]


def availabilities(profiles, *, now: dt.datetime) -> dict[int, Availability]:
    """``availability`` of each of ``profiles``, by profile id: one query."""
    rows = (
        AvailabilityProbe.objects.filter(
            profile__in=profiles, at__gt=now - WEEK, at__lte=now
        )
        .values("profile_id")
        .annotate(
            total=Count("pk"),
            failed=Count("pk", filter=Q(ok=False)),
            **{
                f"day{i}": Count(
                    "pk", filter=Q(at__gt=now - (i + 1) * DAY, at__lte=now - i * DAY)
                )
                for i in range(7)
            },
        )
        .order_by()
    )
    found = {
        row["profile_id"]: Availability(
            row["total"], row["failed"], tuple(row[f"day{i}"] for i in range(7))
        )
        for row in rows
    }
    none = Availability(0, 0, (0,) * 7)
    return {profile.pk: found.get(profile.pk, none) for profile in profiles}


def latest_crawl(profile: SiteProfile, *, done: bool = False) -> Crawl | None:
    return latest_crawls([profile], done=done).get(profile.pk)


def latest_crawls(profiles, *, done: bool = False) -> dict[int, Crawl]:
    """The latest crawl (finished, with ``done``) of each of ``profiles`` that has
    one, by profile id: one query."""
    crawls = Crawl.objects.filter(profile=OuterRef("pk"))
    if done:
        crawls = crawls.filter(status=Crawl.Status.DONE)
    latest = (
        SiteProfile.objects.filter(pk__in=[p.pk for p in profiles])
        .annotate(
            crawl=Subquery(crawls.order_by("-created_at", "-pk").values("pk")[:1])
        )
        .values("crawl")
    )
    return {crawl.profile_id: crawl for crawl in Crawl.objects.filter(pk__in=latest)}


def running_crawl(profile: SiteProfile) -> Crawl | None:
    """A crawl queued or running, unless so old that its worker must have died."""
    active = (Crawl.Status.QUEUED, Crawl.Status.RUNNING)
    return (
        Crawl.objects.filter(
            profile=profile,
            status__in=active,
            created_at__gte=timezone.now() - STALE_CRAWL,
        )
        .order_by("-created_at")
        .first()
    )


def foreign_crawls(*, limit: int = 100) -> QuerySet[Crawl]:
    """Crawls of sites that are not on the platform, newest first (office only)."""
    return Crawl.objects.filter(profile__isnull=True).order_by("-created_at", "-pk")[
        :limit
    ]


def running_foreign_crawl(start_url: str) -> Crawl | None:
    """A queued or running crawl of the same foreign start URL, if any."""
    active = (Crawl.Status.QUEUED, Crawl.Status.RUNNING)
    return (
        Crawl.objects.filter(
            profile__isnull=True,
            start_url=start_url,
            status__in=active,
            created_at__gte=timezone.now() - STALE_CRAWL,
        )
        .order_by("-created_at")
        .first()
    )


def crawl_trend(profile: SiteProfile, *, limit: int = 10) -> list[dict]:
    """Counts per finished crawl, newest first: the trend since previous crawls."""
    crawls = Crawl.objects.filter(profile=profile, status=Crawl.Status.DONE).order_by(
        "-created_at", "-pk"
    )[:limit]
    rows = []
    for crawl in crawls:
        by_severity = crawl.summary.get("by_severity", {})
        rows.append(
            {
                "crawl": crawl,
                "pages": crawl.pages,
                "findings": crawl.summary.get("findings", 0),
                **{s: by_severity.get(s, 0) for s in ("veto", "error", "warning")},
            }
        )
    return rows


def findings_of(
    crawl: Crawl, *, type: str = "", severity: str = "", status: str = ""
) -> QuerySet[StoredFinding]:
    found = crawl.findings.all()
    if type:
        found = found.filter(type=type)
    if severity:
        found = found.filter(severity=severity)
    if status:
        found = found.filter(status=status)
    return found.order_by("pk")


def counts_by(crawl: Crawl, field: str) -> dict[str, int]:
    rows = crawl.findings.values(field).annotate(n=Count("pk")).order_by(field)
    return {row[field]: row["n"] for row in rows}


def edit_links(
    profile: SiteProfile | None, findings: list[StoredFinding]
) -> dict[int, str]:
    """For sites on the platform: the admin page where each finding can be fixed."""
    if profile is None:
        return {}
    site = profile.site
    root_path = site.root_page.url_path
    wanted = {f.pk: _url_path(root_path, site.hostname, f.url) for f in findings}
    pages = dict(
        Page.objects.filter(url_path__in={p for p in wanted.values() if p})
        .filter(path__startswith=site.root_page.path)
        .values_list("url_path", "pk")
    )
    return {
        pk: reverse("wagtailadmin_pages:edit", args=[pages[path]])
        for pk, path in wanted.items()
        if path in pages
    }


def _url_path(root_path: str, hostname: str, url: str) -> str | None:
    parts = urlsplit(url)
    if (parts.hostname or "").lower() != hostname.lower():
        return None
    path = parts.path or "/"
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    elif path.endswith(".html"):
        path = path[: -len(".html")] + "/"
    if not path.endswith("/"):
        path += "/"
    return root_path.rstrip("/") + path
