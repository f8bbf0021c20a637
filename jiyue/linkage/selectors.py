"""Reads of 协同联动: a push's board, each site's repost compliance per month, the
monthly 报送 table, and the findings (late_repost, missing_interpretation,
late_publication) the monitor and the assessment read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from jiyue.content.models import ArticlePage, PolicyDocumentPage
from jiyue.quality.findings import Finding
from jiyue.workdays.selectors import work_calendar, workdays_between

from .interpretation import first_interpretation_days, missing_by
from .models import InterpretationTask, LinkageRules, PushTarget, Submission
from .services import quota_of


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime(year, month, 1))
    end = timezone.make_aware(dt.datetime(year + (month == 12), month % 12 + 1, 1))
    return start, end


def hours(delta: dt.timedelta | None) -> str:
    if delta is None:
        return ""
    total = int(delta.total_seconds() // 60)
    return _("%(h)d小时%(m)d分") % {"h": total // 60, "m": total % 60}


def board(push, now: dt.datetime | None = None) -> list[dict]:
    now = now or timezone.now()
    rows = []
    for target in push.targets.select_related("site", "reference", "done_by").order_by(
        "site__site_name"
    ):
        lag = target.lag(now)
        rows.append(
            {
                "target": target,
                "late": lag is not None,
                "lag": hours(lag),
            }
        )
    return rows


def compliance(site: Site, year: int, month: int) -> dict:
    """Pushes to ``site`` due in the month: how many were reposted in time."""
    start, end = month_bounds(year, month)
    targets = PushTarget.objects.filter(
        site=site, push__deadline__gte=start, push__deadline__lt=end
    ).select_related("push")
    due = [t for t in targets if t.status != PushTarget.Status.DECLINED]
    in_time = [
        t for t in due if t.status == PushTarget.Status.ACCEPTED and t.lag() is None
    ]
    return {
        "due": len(due),
        "in_time": len(in_time),
        "rate": round(100 * len(in_time) / len(due), 1) if due else None,
    }


@dataclass
class QuotaRow:
    site: Site
    unit: str
    quota: int
    submitted: int
    adopted: int

    @property
    def rate(self) -> float | None:
        return round(100 * self.adopted / self.submitted, 1) if self.submitted else None

    @property
    def met(self) -> bool:
        return self.submitted >= self.quota


def monthly_table(upper: Site, year: int, month: int) -> list[QuotaRow]:
    """Each lower site of ``upper``: its quota, submitted, adopted, adoption rate;
    ranked by adopted, then submitted."""
    from .services import lower_sites, profile_of

    start, end = month_bounds(year, month)
    rows = []
    for site in lower_sites(upper):
        if profile_of(site).parent.site_id != upper.pk:
            continue
        mine = Submission.objects.filter(
            from_site=site, to_site=upper, submitted_at__gte=start, submitted_at__lt=end
        )
        rows.append(
            QuotaRow(
                site=site,
                unit=profile_of(site).name,
                quota=quota_of(site),
                submitted=mine.count(),
                adopted=mine.filter(status=Submission.Status.ADOPTED).count(),
            )
        )
    rows.sort(key=lambda r: (-r.adopted, -r.submitted, r.unit))
    return rows


# --- findings ------------------------------------------------------------------


def late_repost_findings(site: Site, now: dt.datetime | None = None) -> list[Finding]:
    return late_repost_findings_of([site], now)[site.pk]


def late_repost_findings_of(
    sites, now: dt.datetime | None = None
) -> dict[int, list[Finding]]:
    """``late_repost_findings`` of each of ``sites``, by site id: one query."""
    now = now or timezone.now()
    found: dict[int, list[Finding]] = {site.pk: [] for site in sites}
    for target in (
        PushTarget.objects.filter(site__in=sites)
        .exclude(status=PushTarget.Status.DECLINED)
        .select_related("push", "reference")
    ):
        lag = target.lag(now)
        if lag is not None:
            found[target.site_id].append(_late_repost(target, lag))
    return found


def _late_repost(target: PushTarget, lag: dt.timedelta) -> Finding:
    url = target.reference.full_url if target.reference else None
    state = (
        _("转载晚于期限 %(lag)s") if target.done_at else _("已超期 %(lag)s 仍未转载")
    ) % {"lag": hours(lag)}
    return Finding(
        type="late_repost",
        severity="warning",
        message=_("上级推送的“%(t)s”%(state)s。")
        % {"t": target.push.source_title, "state": state},
        evidence=_("期限 %(d)s；滞后 %(lag)s")
        % {
            "d": timezone.localtime(target.push.deadline).strftime("%Y-%m-%d %H:%M"),
            "lag": hours(lag),
        },
        url=url,
        extra={"lag_seconds": int(lag.total_seconds()), "push": target.push_id},
    )


def missing_interpretation_findings(
    site: Site, today: dt.date | None = None
) -> list[Finding]:
    return missing_interpretation_findings_of([site], today)[site.pk]


def missing_interpretation_findings_of(
    sites, today: dt.date | None = None
) -> dict[int, list[Finding]]:
    """``missing_interpretation_findings`` of each of ``sites``, by site id: the
    tasks and their first interpretations asked once for them all."""
    today = today or timezone.localdate()
    found: dict[int, list[Finding]] = {site.pk: [] for site in sites}
    tasks = list(
        InterpretationTask.objects.filter(
            site__in=sites, document__live=True
        ).select_related("document")
    )
    first_days = first_interpretation_days(tasks)
    for task in tasks:
        day = first_days[task.pk]
        if missing_by(task, today, day):
            found[task.site_id].append(_missing_interpretation(task, day))
    return found


def _missing_interpretation(task: InterpretationTask, day: dt.date | None) -> Finding:
    return Finding(
        type="missing_interpretation",
        severity="error",
        message=(
            _("重大政策“%(t)s”未在%(d)s前同步发布解读。")
            if day is None
            else _("重大政策“%(t)s”的解读晚于期限%(d)s发布。")
        )
        % {"t": task.document.title, "d": task.due_on},
        evidence=_("解读期限 %(d)s；首个解读 %(f)s")
        % {"d": task.due_on, "f": day or _("无")},
        url=task.document.full_url,
    )


def late_publication_findings(site: Site) -> list[Finding]:
    """Activity news later than the office's hours after the activity ended, and
    documents with a 文号 public later than its working days after 成文日期."""
    return late_publication_findings_of([site])[site.pk]


def late_publication_findings_of(sites) -> dict[int, list[Finding]]:
    """``late_publication_findings`` of each of ``sites``, by site id, in a
    constant number of queries."""
    from jiyue.cluster.sites import pages_under_any, root_paths

    rules = LinkageRules.current()
    roots = root_paths(sites)
    found: dict[int, list[Finding]] = {site.pk: [] for site in sites}
    news = (
        ArticlePage.objects.live()
        .filter(pages_under_any(roots), activity_ended_at__isnull=False)
        .order_by("path")
    )
    for page in news:
        finding = _late_news(page, rules)
        for site_id in _sites_above(page, roots) if finding else ():
            found[site_id].append(finding)
    documents = (
        PolicyDocumentPage.objects.live()
        .filter(pages_under_any(roots), written_on__isnull=False)
        .exclude(Q(doc_number="") | Q(source_url__gt=""))
        .order_by("path")
    )
    # Documents written before the site came onto the platform were imported,
    # not published late (ADR 1102).
    opened = dict(
        Page.objects.filter(path__in=roots).values_list("path", "first_published_at")
    )
    calendar = work_calendar()
    for page in documents:
        for path in _roots_above(page, roots):
            since = timezone.localdate(opened[path]) if opened[path] else None
            finding = _late_document(page, rules, since, calendar)
            for site_id in roots[path] if finding else ():
                found[site_id].append(finding)
    return found


def _roots_above(page, roots) -> list[str]:
    """The site roots ``page`` is a descendant of (not itself)."""
    from jiyue.cluster.sites import paths_above

    return [path for path in paths_above(page.path)[:-1] if path in roots]


def _sites_above(page, roots) -> list[int]:
    return [site_id for path in _roots_above(page, roots) for site_id in roots[path]]


def _late_news(page: ArticlePage, rules: LinkageRules) -> Finding | None:
    lag = page.first_published_at - page.activity_ended_at
    if lag <= dt.timedelta(hours=rules.activity_hours):
        return None
    return Finding(
        type="late_publication",
        severity="warning",
        message=_("政务活动信息“%(t)s”在活动结束%(lag)s后才发布（要求%(h)d小时内）。")
        % {"t": page.title, "lag": hours(lag), "h": rules.activity_hours},
        evidence=_("活动结束 %(a)s；发布 %(p)s")
        % {
            "a": timezone.localtime(page.activity_ended_at).strftime("%Y-%m-%d %H:%M"),
            "p": timezone.localtime(page.first_published_at).strftime("%Y-%m-%d %H:%M"),
        },
        url=page.full_url,
    )


def _late_document(
    page: PolicyDocumentPage, rules: LinkageRules, since: dt.date | None, calendar
) -> Finding | None:
    published = timezone.localdate(page.first_published_at)
    if (since and page.written_on < since) or published < page.written_on:
        return None
    days = workdays_between(page.written_on, published, calendar=calendar)
    if days <= rules.normative_workdays:
        return None
    return Finding(
        type="late_publication",
        severity="warning",
        message=_("文件“%(t)s”成文%(n)d个工作日后才公开（要求%(w)d个工作日内）。")
        % {"t": page.title, "n": days, "w": rules.normative_workdays},
        evidence=_("成文日期 %(w)s；发布 %(p)s")
        % {"w": page.written_on, "p": published},
        url=page.full_url,
    )


def site_findings(site: Site) -> list[Finding]:
    return (
        late_repost_findings(site)
        + missing_interpretation_findings(site)
        + late_publication_findings(site)
    )


def pushes_due(site: Site) -> bool:
    return PushTarget.objects.filter(site=site).exists()


def interpretations_due(site: Site) -> bool:
    return InterpretationTask.objects.filter(site=site).exists()


def deadlines_due(site: Site) -> bool:
    return (
        ArticlePage.objects.descendant_of(site.root_page)
        .filter(activity_ended_at__isnull=False)
        .exists()
        or PolicyDocumentPage.objects.live()
        .descendant_of(site.root_page)
        .exclude(doc_number="")
        .exists()
    )


def sites_with_pushes(sites) -> set[int]:
    """Which of ``sites`` ``pushes_due`` answers yes for: one query."""
    return set(
        PushTarget.objects.filter(site__in=sites).values_list("site_id", flat=True)
    )


def sites_with_interpretations(sites) -> set[int]:
    """Which of ``sites`` ``interpretations_due`` answers yes for: one query."""
    return set(
        InterpretationTask.objects.filter(site__in=sites).values_list(
            "site_id", flat=True
        )
    )


def sites_with_deadlines(sites) -> set[int]:
    """Which of ``sites`` ``deadlines_due`` answers yes for, in a constant number
    of queries."""
    from jiyue.cluster.sites import root_paths, roots_having

    roots = root_paths(sites)
    found = roots_having(
        ArticlePage.objects.filter(activity_ended_at__isnull=False), roots
    ) | roots_having(PolicyDocumentPage.objects.live().exclude(doc_number=""), roots)
    return {site_id for path in found for site_id in roots[path]}
