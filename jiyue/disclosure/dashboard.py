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
