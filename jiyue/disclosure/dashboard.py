"""依申请公开's rows of the 待办 panel (jiyue.accounts.dashboard; ADR 0422): every
open request of the person's sites, with its answer deadline."""

from __future__ import annotations

from django.urls import reverse

from jiyue.accounts.dashboard import TodoItem
from jiyue.cluster.tenancy import Capability, sites_for

from .models import OPEN_STATUSES, InfoRequest

TASKS = {
    "received": "待登记",
    "processing": "待答复",
    "correction": "等待申请人补正",
    "consulting": "等待第三方意见",
}


def request_todo_items(request) -> list[TodoItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    sites = sites_for(user, Capability.DISCLOSE, oversight=False)
    found = InfoRequest.objects.filter(site__in=sites, status__in=OPEN_STATUSES)
    return [
        TodoItem(
            title=f"{r.tracking_no} {r.description[:30]}",
            task=f"依申请公开：{TASKS[r.status]}",
            url=reverse("disclosure_admin:request", args=[r.pk]),
            deadline=None if r.is_suspended else r.due_on,
            note=r.site.site_name,
            since=r.received_at,
            actionable=not r.is_suspended,
        )
        for r in found.select_related("site")
    ]


def report_todo_items(request, *, today=None) -> list[TodoItem]:
    """From 1 January, each administered site without a live 政府信息公开工作年度报告
    for the year before: a row with its legal deadline, 31 January (条例第四十九条)."""
    from django.utils import timezone

    from .pages import AnnualDisclosureReportPage

    user = request.user
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    year = today.year - 1
    rows = []
    for site in sites_for(user, Capability.ADMINISTER, oversight=False):
        published = (
            AnnualDisclosureReportPage.objects.live()
            .descendant_of(site.root_page)
            .filter(year=year)
            .exists()
        )
        if published:
            continue
        rows.append(
            TodoItem(
                title=f"{year}年政府信息公开工作年度报告",
                task="政府信息公开：发布上一年度的工作年度报告",
                url=reverse("wagtailadmin_explore", args=[site.root_page_id]),
                deadline=today.replace(month=1, day=31),
                note=site.site_name,
                since=None,
                actionable=True,
            )
        )
    return rows
