"""失败任务: the platform office's list of the background tasks that failed for good,
with 重试 and 移除 (docs/decisions/0520-tasks-on-redis.md)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiyue.cluster.tenancy import is_platform_office

from .. import dead_letters


def _office_only(request) -> None:
    if not is_platform_office(request.user):
        raise PermissionDenied


def failed_index(request):
    _office_only(request)
    return TemplateResponse(
        request,
        "worker/admin/failed.html",
        {
            "page_title": _("失败任务"),
            "tasks": dead_letters.failed_tasks(),
            "backend": dead_letters.kind(),
            "limit": dead_letters.LIMIT,
        },
    )


@require_POST
def failed_retry(request, task_id: str):
    _office_only(request)
    if dead_letters.retry(task_id):
        messages.success(request, _("已重新加入队列，稍后由工作进程执行。"))
    else:
        messages.error(request, _("这个任务已不在失败列表中（可能已被重试或移除）。"))
    return redirect("worker_admin:failed")


@require_POST
def failed_discard(request, task_id: str):
    _office_only(request)
    if dead_letters.discard(task_id):
        messages.success(request, _("已从失败列表中移除。"))
    else:
        messages.error(request, _("这个任务已不在失败列表中（可能已被重试或移除）。"))
    return redirect("worker_admin:failed")
