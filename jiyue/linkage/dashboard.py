"""协同联动's rows of the 待办 panel (ADR 0422): pushes waiting for the person's
sites, submissions waiting for adoption, interpretations owed."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from jiyue.accounts.dashboard import TodoItem
from jiyue.cluster.tenancy import Capability, sites_for

from .interpretation import open_tasks
from .models import PushTarget, Submission


def todo_items(request) -> list[TodoItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    sites = sites_for(user, Capability.EDIT, oversight=False)
    rows = [
        TodoItem(
            title=t.push.source_title,
            task="须转载：转载上级推送的信息或说明理由",
            url=reverse("linkage_admin:target", args=[t.pk]),
            deadline=timezone.localdate(t.push.deadline),
            note=t.site.site_name,
            since=t.push.created_at,
        )
        for t in PushTarget.objects.filter(
            site__in=sites, status=PushTarget.Status.PENDING
        ).select_related("push", "site")
    ]
    rows += [
        TodoItem(
            title=s.title,
            task=f"报送待采用：{s.unit}",
            url=reverse("linkage_admin:submission", args=[s.pk]),
            note=s.to_site.site_name,
            since=s.submitted_at,
        )
        for s in Submission.objects.filter(
            to_site__in=sites, status=Submission.Status.SUBMITTED
        ).select_related("to_site")
    ]
    rows += [
        TodoItem(
            title=task.document.title,
            task="重大政策：同步发布政策解读",
            url=reverse("linkage_admin:interpretations"),
            deadline=task.due_on,
            note=task.site.site_name,
            since=task.created_at,
        )
        for task in open_tasks(sites)
    ]
    return rows
