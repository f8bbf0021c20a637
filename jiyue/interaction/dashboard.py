"""The reply chain's rows of the 待办 panel (jiyue.accounts.dashboard).

* 信箱管理员 (a site's operator): messages to accept, to forward or answer, answers
  to review (Status.REVIEW), answers waiting for the decision to publish;
* 承办人 (a unit's member): messages forwarded to the unit, to take up and answer;
* 延期批准人: extension requests that name him (never his own).

Each row carries the working-day deadline; overdue ones are marked. Scope is by
the person's own sites and units: the platform office's overview is 办理期限一览.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _lazy

from jiyue.accounts.dashboard import TodoItem

from . import permissions
from .models import Message, Status

SITE_TASKS = {
    Status.PENDING: _lazy("待受理"),
    Status.ACCEPTED: _lazy("待转办或答复"),
    Status.REVIEW: _lazy("答复待审核"),
}
UNIT_TASKS = {
    Status.FORWARDED: _lazy("待签收办理"),
    Status.PROCESSING: _lazy("待答复"),
}


def _label(mapping, status) -> str:
    return str(mapping[status])


def _item(message: Message, task: str) -> TodoItem:
    note = message.mailbox.title
    if message.unit_id:
        note = f"{note} · {message.unit.name}"
    return TodoItem(
        title=f"{message.tracking_no} {message.subject}",
        task=task,
        url=reverse("interaction_admin:case", args=[message.pk]),
        deadline=message.deadline,
        note=note,
        since=message.submitted_at,
    )


def message_todo_items(request) -> list[TodoItem]:
    user = request.user
    if not user.is_authenticated:
        return []
    sites, units = permissions.site_ids(user), permissions.unit_ids(user)
    qs = Message.objects.select_related("mailbox", "unit")
    items: list[TodoItem] = []
    if sites:
        for message in qs.filter(
            mailbox__site_id__in=sites, status__in=list(SITE_TASKS)
        ):
            if message.status == Status.REVIEW and permissions.is_own_reply(
                user, message
            ):
                continue  # his own answer is reviewed by another
            items.append(_item(message, _label(SITE_TASKS, message.status)))
    if units:
        for message in qs.filter(unit_id__in=units, status__in=list(UNIT_TASKS)):
            items.append(_item(message, _label(UNIT_TASKS, message.status)))
    extensions = qs.filter(
        Q(extension_approver=user), extension_requested_at__isnull=False
    ).exclude(extension_requested_by=user)
    for message in extensions:
        items.append(_item(message, gettext("延期待批准")))
    return items
