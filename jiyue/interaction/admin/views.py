"""Admin views (后台): the case list, one case and its handling, deadlines,
statistics. Every read goes through a selector that takes the user; a case
outside the user's sites and units is a 404, an action the user may not take
on a visible case is a 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from .. import permissions, selectors, services, uploads
from ..models import OPEN_STATUSES, Status
from ..people import person_name
from .forms import (
    ExtendRequestForm,
    ForwardForm,
    NoteForm,
    PublishForm,
    ReasonForm,
    ReplyForm,
    WithdrawForm,
)

PER_PAGE = 50


def _require_access(user) -> None:
    if not permissions.has_any_access(user):
        raise PermissionDenied


def _call(service, **fixed):
    return lambda message, actor, data: service(
        message=message, actor=actor, **fixed, **data
    )


# action -> (form class or None, service); the action is an ``EventAction``.
ACTIONS = {
    "accept": (None, _call(services.message_accept)),
    "refuse": (ReasonForm, _call(services.message_refuse)),
    "forward": (ForwardForm, _call(services.message_forward)),
    "return": (ReasonForm, _call(services.message_return)),
    "start": (None, _call(services.message_start)),
    "reply": (ReplyForm, _call(services.message_reply)),
    "review_approve": (NoteForm, _call(services.message_review_approve)),
    "review_return": (ReasonForm, _call(services.message_review_return)),
    "extend_request": (ExtendRequestForm, _call(services.message_extend_request)),
    "extend": (NoteForm, _call(services.message_extend_approve)),
    "extend_refuse": (ReasonForm, _call(services.message_extend_refuse)),
    "publish": (PublishForm, _call(services.message_publish)),
    "reply_withdraw": (WithdrawForm, _call(services.message_reply_withdraw)),
    "supervise": (NoteForm, _call(services.message_supervise)),
}
# Forms that depend on the case and on who fills them in.
CASE_FORMS = (ForwardForm, ReplyForm, ExtendRequestForm)
# What a button says where the log's word would mislead.
ACTION_LABELS = {"extend": gettext_lazy("批准延期")}


def _new_form(form_class, action: str, message, user, data=None):
    kwargs = {"prefix": action}
    if form_class in CASE_FORMS:
        kwargs.update(message=message, user=user)
    return form_class(data, **kwargs) if data is not None else form_class(**kwargs)


def _action_forms(user, message, bound: dict | None = None) -> dict:
    allowed = {}
    for action, (form_class, _service) in ACTIONS.items():
        if not _action_possible(user, message, action):
            continue
        if bound and action in bound:
            allowed[action] = bound[action]
        elif form_class:
            allowed[action] = _new_form(form_class, action, message, user)
        else:
            allowed[action] = None
    return allowed


def _action_possible(user, message, action: str) -> bool:
    allowed_from = services.TRANSITIONS[action][0]
    if message.status not in allowed_from:
        return False
    if action == "publish" and not message.consent_publish:
        return message.status == Status.REPLIED
    if action == "supervise":
        return permissions.is_platform_office(user)
    if action == "extend_request" and message.extension_pending:
        return False
    return permissions.can_act(user, message, action)


# -- views -------------------------------------------------------------------


def case_list(request):
    _require_access(request.user)
    qs = selectors.messages_for_user(user=request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        qs = qs.filter(status=status)
    if request.GET.get("overdue") == "1":
        qs = qs.filter(overdue=True)
    if request.GET.get("flagged") == "1":
        qs = qs.filter(flagged=True)
    page = Paginator(qs.order_by("-submitted_at"), PER_PAGE).get_page(
        request.GET.get("p")
    )
    context = {
        "page_obj": page,
        "statuses": Status.choices,
        "status": status,
        "page_title": _("来信办理"),
        "header_icon": "mail",
    }
    return render(request, "interaction/admin/case_list.html", context)


def case_detail(request, pk: int):
    _require_access(request.user)
    message = selectors.message_for_user(user=request.user, pk=pk)
    return _render_case(request, message)


def _render_case(request, message, bound: dict | None = None, status: int = 200):
    action_forms = _action_forms(request.user, message, bound)
    context = {
        "message": message,
        "events": message.events.select_related("actor", "approver", "unit"),
        "action_forms": action_forms,
        "actions": [(a, _label(a, message), f) for a, f in action_forms.items()],
        "preview": _publication_preview(message) if "publish" in action_forms else None,
        "page_title": _("来信 %(no)s") % {"no": message.tracking_no},
        "header_icon": "mail",
    }
    return render(request, "interaction/admin/case_detail.html", context, status=status)


@require_safe
def case_attachment(request, pk: int):
    """The citizen's attachment, to staff who may see the message (others: 404),
    always as a download of the kind its content shows, never rendered inline."""
    _require_access(request.user)
    message = selectors.message_for_user(user=request.user, pk=pk)
    if not message.attachment:
        raise Http404
    try:
        handle = message.attachment.open("rb")
    except OSError as error:
        raise Http404 from error
    kind = uploads.sniff_file(handle)
    if kind is None or kind != uploads.stored_kind(message.attachment.name):
        handle.close()
        raise Http404
    return _download(handle, kind, _download_name(message, kind))


def _download_name(message, kind: str) -> str:
    stem = message.attachment_name.rsplit(".", 1)[0] or message.tracking_no
    return f"{stem}.{kind}"


def _download(handle, kind: str, filename: str) -> FileResponse:
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=uploads.CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _publication_preview(message) -> dict | None:
    """What publishing would show (masked) and what the compliance gate finds."""
    if not message.consent_publish:
        return None
    public = services.masked_public_texts(message)
    findings = services.publication_findings(public)
    return {
        "texts": public,
        "findings": [services.describe_finding(label, f) for label, f in findings],
        "blocks": any(f.blocks for _label, f in findings),
    }


@require_POST
def case_action(request, pk: int, action: str):
    _require_access(request.user)
    message = selectors.message_for_user(user=request.user, pk=pk)
    if action not in ACTIONS:
        raise PermissionDenied
    if _own_extension(request.user, message, action):
        # PerFieldError with the reason, not Wagtail's bare "no permission".
        messages.error(request, str(services.SELF_APPROVAL))
        return redirect("interaction_admin:case", pk=pk)
    if not (
        permissions.can_act(request.user, message, action)
        or (action == "supervise" and permissions.is_platform_office(request.user))
    ):
        raise PermissionDenied
    form_class, service = ACTIONS[action]
    form = None
    if form_class is not None:
        form = _new_form(form_class, action, message, request.user, request.POST)
        if not form.is_valid():
            return _refused(request, message, action, form, _form_errors(form))
    try:
        done = service(message, request.user, form.cleaned_data if form else {})
    except services.InteractionError as error:
        return _refused(request, message, action, form, error.messages)
    messages.success(request, _done_text(action, message, done))
    return redirect("interaction_admin:case", pk=pk)


def _done_text(action: str, before, after) -> str:
    """What happened and what comes next."""
    if after.status == Status.REVIEW and action == "reply":
        return _("答复已提交，待信箱管理员审核通过后来信人才能看到。")
    if action == "extend_request":
        return _("延期申请已提交，待 %(name)s 批准。") % {
            "name": person_name(after.extension_approver)
        }
    if action == "reply_withdraw":
        return _("答复已撤回公开，公众已看不到；更正后可以重新公开。")
    return _("已办理：%(action)s。") % {"action": _label(action, before)}


def _own_extension(user, message, action: str) -> bool:
    return (
        action in permissions.EXTENSION_DECISIONS
        and message.extension_requested_by_id == user.pk
    )


def _refused(request, message, action: str, form, errors: list[str]):
    """The case again, with the form as typed and what is wrong with it."""
    messages.error(request, " ".join(str(e) for e in errors))
    bound = {action: form} if form is not None else None
    return _render_case(request, message, bound, status=400)


def _form_errors(form) -> list[str]:
    """Each error with the name of its field, in Chinese."""
    listed = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            listed.append(f"{label}：{error}" if label else str(error))
    return listed


def _label(action: str, message=None) -> str:
    from ..models import EventAction

    if action == "reply" and message is not None and message.status == Status.REPLIED:
        return _("更正答复")
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    return str(EventAction(action).label)


def deadlines(request):
    _require_access(request.user)
    groups = selectors.open_messages_by_deadline(user=request.user)
    context = {
        "groups": groups,
        "page_title": _("办理期限一览"),
        "header_icon": "date",
        "open_statuses": OPEN_STATUSES,
    }
    return render(request, "interaction/admin/deadlines.html", context)


def statistics(request):
    _require_access(request.user)
    stats = selectors.interaction_statistics(user=request.user)
    context = {"stats": stats, "page_title": _("互动交流统计"), "header_icon": "table"}
    return render(request, "interaction/admin/statistics.html", context)
