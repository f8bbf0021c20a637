"""巡查抽检's rows of the 待办 panel (jiyue.accounts.dashboard; ADR 0422): for each
site the person administers that the latest published spot check found with
confirmed problems, a 整改 task with the deadline the office set (ADR 0803)."""

from __future__ import annotations

from django.urls import reverse

from jiyue.accounts.dashboard import TodoItem
from jiyue.cluster.tenancy import Capability, sites_for

from .models import SpotCheck, SpotCheckFinding


def rectification_todo_items(request) -> list[TodoItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    latest = (
        SpotCheck.objects.filter(status=SpotCheck.Status.PUBLISHED)
        .select_related("result_page")
        .order_by("-year", "-quarter")
        .first()
    )
    if latest is None:
        return []
    sites = sites_for(user, Capability.ADMINISTER, oversight=False)
    found = latest.sites.filter(
        site__in=sites,
        findings__status=SpotCheckFinding.Status.CONFIRMED,
        rectified_at__isnull=True,
    ).distinct()
    return [
        TodoItem(
            title=f"{latest}：{'；'.join(s.problems)[:60]}",
            task=f"巡查抽检整改（{s.verdict}）：整改后报告整改情况",
            url=reverse("assessment_admin:rectify", args=[s.pk]),
            deadline=latest.rectify_by,
            note=s.name,
            since=latest.published_at,
            actionable=True,
        )
        for s in found
    ]


def work_report_todo_items(request, *, today=None) -> list[TodoItem]:
    """From 1 January, each administered site whose 政府网站工作年度报表 for the
    year before is not on its home page: a row with the deadline, 31 January."""
    from django.utils import timezone

    from .work_report import due_on, missing

    user = request.user
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    rows = []
    for site in sites_for(user, Capability.ADMINISTER, oversight=False):
        year = missing(site, today)
        if year is None:
            continue
        rows.append(
            TodoItem(
                title=f"{year}年政府网站工作年度报表",
                task="年度报表：填报、定稿并发布到网站首页",
                url=reverse("assessment_admin:report", args=[site.pk, year]),
                deadline=due_on(year),
                note=site.site_name,
            )
        )
    return rows


def order_todo_items(request) -> list[TodoItem]:
    """The office's open 限期整改 orders of the sites the person administers."""
    from .models import RectificationOrder

    user = request.user
    if not user.is_authenticated:
        return []
    sites = sites_for(user, Capability.ADMINISTER, oversight=False)
    found = RectificationOrder.objects.filter(
        site__in=sites, rectified_at__isnull=True
    ).select_related("site")
    return [
        TodoItem(
            title="；".join(p["text"] for p in o.problems)[:60],
            task="限期整改：整改后报告整改情况",
            url=reverse("assessment_admin:order", args=[o.pk]),
            deadline=o.deadline,
            note=o.site.site_name,
            since=o.ordered_at,
        )
        for o in found
    ]
