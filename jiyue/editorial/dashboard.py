"""The editorial rows of the 待办 panel, and what a person is told after a step.

* 编辑 / 保密审查员 / 签发人: the pages waiting at a step their groups act on;
* 信息员 (whoever submitted): his pages returned for changes, and where the
  others stand in the chain;
* 网站管理员: the columns of his sites not updated within their period.

After approving or returning a page the person lands on the dashboard (the page's
editor may no longer be open to him) with a message that says what happened and
what comes next (docs/decisions/0422, 0423).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.messages import SUCCESS, get_messages
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.models import Page, TaskState, WorkflowState

from jiyue.accounts.dashboard import TodoItem
from jiyue.cluster.tenancy import Capability

from .selectors import user_sites
from .services import ROLE_SEPARATOR

ANNOUNCED_KEY = "jiyue_announced_task_state"
ANNOUNCE_WITHIN = dt.timedelta(minutes=10)


def step_name(task) -> str:
    """「保密审查」 from 「贵阳市人民政府 · 保密审查」."""
    return task.name.split(ROLE_SEPARATOR)[-1]


def _page_title(obj) -> str:
    page = obj.get_latest_revision_as_object() if isinstance(obj, Page) else obj
    return page.get_admin_display_title() if isinstance(page, Page) else str(page)


def _edit_url(obj) -> str:
    return reverse("wagtailadmin_pages:edit", args=[obj.pk])


def _deadline(obj, revision) -> dt.date | None:
    """When the page is meant to go out: its scheduled publication, if any."""
    when = getattr(revision, "approved_go_live_at", None)
    if when is None and isinstance(obj, Page):
        draft = obj.get_latest_revision_as_object()
        when = draft.go_live_at
    return timezone.localdate(when) if when else None


def _waiting(since: dt.datetime) -> str:
    days = (timezone.now() - since).days
    submitted = timezone.localtime(since).strftime("%Y-%m-%d %H:%M")
    if days < 1:
        return gettext("提交于 %(at)s") % {"at": submitted}
    return gettext("提交于 %(at)s，已等待 %(days)d 天") % {
        "at": submitted,
        "days": days,
    }


def steps_waiting(user) -> list[TodoItem]:
    """Pages waiting at a step ``user`` may act on (his groups' steps)."""
    states = (
        TaskState.objects.reviewable_by(user)
        .select_related("task", "revision", "workflow_state__requested_by")
        .order_by("started_at")
    )
    items = []
    for state in states:
        obj = state.workflow_state.content_object
        if obj is None:
            continue
        requester = state.workflow_state.requested_by
        who = (
            (requester.get_full_name() or requester.get_username()) if requester else ""
        )
        note = _waiting(state.started_at)
        if who:
            note = gettext("%(who)s %(when)s") % {"who": who, "when": note}
        items.append(
            TodoItem(
                title=_page_title(obj),
                task=gettext("待%(step)s") % {"step": step_name(state.task)},
                url=_edit_url(obj),
                deadline=_deadline(obj, state.revision),
                note=note,
                since=state.started_at,
            )
        )
    return items


def own_submissions(user) -> list[TodoItem]:
    """The pages ``user`` submitted: returned for changes (his to do), or still
    in the chain (where they stand)."""
    states = (
        WorkflowState.objects.active()
        .filter(requested_by=user)
        .select_related("current_task_state__task")
        .order_by("created_at")
    )
    items = []
    for state in states:
        obj = state.content_object
        if obj is None:
            continue
        current = state.current_task_state
        if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            note = current.comment if current and current.comment else ""
            step = step_name(current.task) if current else ""
            items.append(
                TodoItem(
                    title=_page_title(obj),
                    task=gettext("退回修改"),
                    url=_edit_url(obj),
                    note=gettext("%(step)s退回：%(comment)s")
                    % {"step": step, "comment": note or gettext("（无意见）")},
                    since=current.finished_at if current else state.created_at,
                )
            )
        elif current is not None:
            items.append(
                TodoItem(
                    title=_page_title(obj),
                    task=gettext("审核中"),
                    url=_edit_url(obj),
                    note=gettext("当前：%(step)s") % {"step": step_name(current.task)},
                    since=state.created_at,
                    actionable=False,
                )
            )
    return items


def stale_columns(user) -> list[TodoItem]:
    """The columns of the sites ``user`` administers that had nothing new within
    their update period (ColumnPage.effective_update_days)."""
    from jiyue.content.models import ColumnPage

    items = []
    today = timezone.localdate()
    for site in user_sites(user, Capability.ADMINISTER):
        for column in ColumnPage.objects.live().descendant_of(site.root_page):
            last = (
                Page.objects.live()
                .descendant_of(column, inclusive=True)
                .aggregate(last=Max("last_published_at"))["last"]
            )
            if last is None:
                continue
            due = timezone.localdate(last) + dt.timedelta(
                days=column.effective_update_days
            )
            if due >= today:
                continue
            items.append(
                TodoItem(
                    title=column.title,
                    task=gettext("栏目待更新"),
                    url=reverse("wagtailadmin_explore", args=[column.pk]),
                    deadline=due,
                    note=gettext("应每 %(days)d 天更新，上次更新于 %(at)s")
                    % {
                        "days": column.effective_update_days,
                        "at": timezone.localdate(last).strftime("%Y-%m-%d"),
                    },
                )
            )
    return items


def editorial_todo_items(request) -> list[TodoItem]:
    user = request.user
    return steps_waiting(user) + own_submissions(user) + stale_columns(user)


# -- after a step ------------------------------------------------------------------


def _next_step(task) -> str:
    from .models import ConfidentialityReviewTask, SignOffTask

    if isinstance(task, SignOffTask):
        return gettext("已送签发人签发")
    if isinstance(task, ConfidentialityReviewTask):
        return gettext("已送保密审查员审查")
    return gettext("已送%(step)s") % {"step": step_name(task)}


def _done(task) -> str:
    from .models import ConfidentialityReviewTask, SignOffTask

    if isinstance(task, SignOffTask):
        return gettext("已签发")
    if isinstance(task, ConfidentialityReviewTask):
        return gettext("保密审查已通过")
    return gettext("%(step)s已通过") % {"step": step_name(task)}


def outcome_message(task_state: TaskState) -> str:
    """What ``task_state``'s action did and what comes next, in one sentence."""
    workflow_state = WorkflowState.objects.get(pk=task_state.workflow_state_id)
    obj = workflow_state.content_object
    title = _page_title(obj)
    task = task_state.task.specific
    if task_state.status == TaskState.STATUS_REJECTED:
        requester = workflow_state.requested_by
        who = (
            (requester.get_full_name() or requester.get_username()) if requester else ""
        )
        return gettext("「%(title)s」已退回修改，待%(who)s修改后重新提交。") % {
            "title": title,
            "who": who or gettext("提交人"),
        }
    if workflow_state.status == WorkflowState.STATUS_APPROVED:
        obj.refresh_from_db()
        if obj.live and not obj.has_unpublished_changes:
            then = gettext("页面已发布")
        elif obj.go_live_at or getattr(obj, "scheduled_revision", None):
            then = gettext("页面将按定时发布时间发布")
        else:
            then = gettext("审核流程已完成")
        return gettext("「%(title)s」%(done)s，%(then)s。") % {
            "title": title,
            "done": _done(task),
            "then": then,
        }
    current = workflow_state.current_task_state
    then = _next_step(current.task.specific) if current else ""
    return gettext("「%(title)s」%(done)s，%(then)s。") % {
        "title": title,
        "done": _done(task),
        "then": then,
    }


def unannounced_step(request) -> TaskState | None:
    """The step ``request.user`` finished in the last minutes and was not yet
    told about."""
    if not request.user.is_authenticated:
        return None
    latest = (
        TaskState.objects.filter(
            finished_by=request.user,
            finished_at__gte=timezone.now() - ANNOUNCE_WITHIN,
            status__in=(TaskState.STATUS_APPROVED, TaskState.STATUS_REJECTED),
        )
        .order_by("-finished_at", "-pk")
        .first()
    )
    if latest is None or request.session.get(ANNOUNCED_KEY) == latest.pk:
        return None
    return latest


def announce(request, task_state: TaskState) -> None:
    request.session[ANNOUNCED_KEY] = task_state.pk
    messages.success(request, outcome_message(task_state))


def announce_finished_step(request) -> bool:
    """Tells ``request.user`` once what his latest step did (within minutes)."""
    state = unannounced_step(request)
    if state is None:
        return False
    announce(request, state)
    return True


def drop_generic_update_message(request) -> None:
    """Wagtail's 「页面已被更新」 after a workflow action says nothing; the other
    messages (the gate's, errors) stay."""
    storage = get_messages(request)
    kept = [m for m in storage if m.level != SUCCESS]
    for message in kept:
        storage.add(message.level, message.message, message.extra_tags)
