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
