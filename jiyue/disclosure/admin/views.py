"""Admin views of 依申请公开. Every read is scoped by the cluster's one tenancy
function (``Capability.DISCLOSE``): another site's request is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from jiyue.cluster.tenancy import Capability, sites_for

from .. import services
from ..grounds import ground_label
from ..models import InfoRequest, RequestStatus
from .forms import AnswerForm, ExtendForm, NoteForm, ReasonForm

PER_PAGE = 50


def _requests(user):
    sites = sites_for(user, Capability.DISCLOSE)
    return InfoRequest.objects.filter(site__in=sites).select_related("site")


def _require_access(user) -> None:
    if not sites_for(user, Capability.DISCLOSE).exists():
        raise PermissionDenied


@require_safe
def request_list(request):
    _require_access(request.user)
    qs = _requests(request.user)
    status = request.GET.get("status", "")
    if status in RequestStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs.order_by("status", "due_on"), PER_PAGE).get_page(
        request.GET.get("p")
    )
    context = {
        "page_obj": page,
        "statuses": RequestStatus.choices,
        "status": status,
        "today": timezone.localdate(),
        "page_title": _("依申请公开"),
        "header_icon": "doc-full",
    }
    return render(request, "disclosure/admin/request_list.html", context)


ACTION_FORMS = {
    "register": NoteForm,
    "correction": ReasonForm,
    "consult": ReasonForm,
    "resume": NoteForm,
    "extend": ExtendForm,
    "answer": AnswerForm,
}
ACTION_LABELS = {
    "register": _("登记"),
    "correction": _("通知补正（停止计时）"),
    "consult": _("征求第三方意见（停止计时）"),
    "resume": _("恢复计时"),
    "extend": _("延期答复（一次，20个工作日）"),
    "answer": _("答复"),
}


def _possible(info_request) -> list[str]:
    status = info_request.status
    if status == RequestStatus.ANSWERED:
        return []
    if info_request.is_suspended:
        return ["resume"]
    found = ["register"] if status == RequestStatus.RECEIVED else []
    found += ["correction", "consult"]
    if not info_request.extended:
        found.append("extend")
    return [*found, "answer"]


def _form(action, info_request, user, data=None):
    form_class = ACTION_FORMS[action]
    if form_class is ExtendForm:
        return form_class(data, request=info_request, user=user)
    return form_class(data)


def _render(request, info_request, bound=None, status=200):
    forms = {
        action: (bound if bound and bound[0] == action else None)
        for action in _possible(info_request)
    }
    actions = [
        (action, ACTION_LABELS[action],
         forms[action][1] if forms[action] else _form(action, info_request, request.user))
        for action in forms
    ]  # fmt: skip
    context = {
        "info_request": info_request,
        "actions": actions,
        "events": info_request.events.select_related("actor"),
        "ground": ground_label(info_request.outcome, info_request.ground),
        "page_title": info_request.tracking_no,
        "header_icon": "doc-full",
    }
    return render(
        request, "disclosure/admin/request_detail.html", context, status=status
    )


@require_safe
def request_detail(request, pk: int):
    _require_access(request.user)
    return _render(request, get_object_or_404(_requests(request.user), pk=pk))


@require_POST
def request_action(request, pk: int, action: str):
    _require_access(request.user)
    info_request = get_object_or_404(_requests(request.user), pk=pk)
    if action not in _possible(info_request):
        raise PermissionDenied
    form = _form(action, info_request, request.user, request.POST)
    if not form.is_valid():
        return _render(request, info_request, (action, form), status=400)
    try:
        _run(action, info_request, request.user, form.cleaned_data)
    except services.RequestError as error:
        form.add_error(None, error.messages[0])
        return _render(request, info_request, (action, form), status=400)
    messages.success(request, _("已完成：%(step)s。") % {"step": ACTION_LABELS[action]})
    return redirect("disclosure_admin:request", pk=pk)


def _run(action, info_request, user, data) -> None:
    if action == "register":
        services.register(info_request, actor=user)
    elif action in ("correction", "consult"):
        services.suspend(
            info_request, actor=user, reason=data["reason"], consult=action == "consult"
        )
    elif action == "resume":
        services.resume(info_request, actor=user, note=data["note"])
    elif action == "extend":
        services.extend(
            info_request, actor=user, approver=data["approver"], reason=data["reason"]
        )
    else:
        outcome, ground = data["ground"].split(":", 1)
        services.answer(
            info_request,
            actor=user,
            outcome=outcome,
            ground=ground,
            reply=data["reply"],
        )
