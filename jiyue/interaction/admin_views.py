"""Admin views (后台): the case list, one case and its handling, deadlines,
statistics. Every read goes through a selector that takes the user; a case
outside the user's sites and units is a 404, an action the user may not take
on a visible case is a 403."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from . import permissions, selectors, services, uploads
from .models import OPEN_STATUSES, Status

PER_PAGE = 50


def _require_access(user) -> None:
    if not permissions.has_any_access(user):
        raise PermissionDenied


# -- action forms ---------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("理由"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ForwardForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("承办单位"), queryset=selectors.units_for_forwarding()
    )
    note = forms.CharField(label=gettext_lazy("转办意见"), required=False)


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=gettext_lazy("答复内容"), widget=forms.Textarea(attrs={"rows": 8})
    )


class ExtendForm(forms.Form):
    approver = forms.ModelChoiceField(label=gettext_lazy("批准人"), queryset=None)
    reason = forms.CharField(
        label=gettext_lazy("延期理由"), widget=forms.Textarea(attrs={"rows": 3})
    )
    workdays_total = forms.IntegerField(
        label=gettext_lazy("延期后的办理时限（工作日，最长 15）"),
        min_value=1,
        max_value=15,
        initial=15,
    )

    def __init__(self, *args, message=None, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        pks = [u.pk for u in selectors.extension_approvers(message=message)]
        self.fields["approver"].queryset = get_user_model().objects.filter(pk__in=pks)


class PublishForm(forms.Form):
    publish = forms.TypedChoiceField(
        label=gettext_lazy("是否公开"),
        choices=[("1", gettext_lazy("公开")), ("0", gettext_lazy("不公开"))],
        coerce=lambda v: v == "1",
    )
    override_reason = forms.CharField(
        label=gettext_lazy("放行理由（仅当合规检查发现问题、仍须公开时填写）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("意见"), required=False)


def _call(service, **fixed):
    return lambda message, actor, data: service(
        message=message, actor=actor, **fixed, **data
    )


# action -> (form class or None, service)
ACTIONS = {
    "accept": (None, _call(services.message_accept)),
    "refuse": (ReasonForm, _call(services.message_refuse)),
    "forward": (ForwardForm, _call(services.message_forward)),
    "return": (ReasonForm, _call(services.message_return)),
    "start": (None, _call(services.message_start)),
    "reply": (ReplyForm, _call(services.message_reply)),
    "extend": (ExtendForm, _call(services.message_extend)),
    "publish": (PublishForm, _call(services.message_publish)),
    "supervise": (NoteForm, _call(services.message_supervise)),
}


def _action_forms(user, message) -> dict:
    allowed = {}
    for action, (form_class, _service) in ACTIONS.items():
        if not _action_possible(user, message, action):
            continue
        if form_class is ExtendForm:
            allowed[action] = ExtendForm(message=message, prefix=action)
        else:
            allowed[action] = form_class(prefix=action) if form_class else None
    return allowed


def _action_possible(user, message, action: str) -> bool:
    allowed_from = services.TRANSITIONS[action][0]
    if message.status not in allowed_from:
        return False
    if action == "publish" and not message.consent_publish:
        return message.status == Status.REPLIED
    if action == "supervise":
        return permissions.is_platform_office(user)
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
    action_forms = _action_forms(request.user, message)
    context = {
        "message": message,
        "events": message.events.select_related("actor", "approver", "unit"),
        "action_forms": action_forms,
        "actions": [(a, _label(a), f) for a, f in action_forms.items()],
        "preview": _publication_preview(message) if "publish" in action_forms else None,
        "page_title": _("来信 %(no)s") % {"no": message.tracking_no},
        "header_icon": "mail",
    }
    return render(request, "interaction/admin/case_detail.html", context)


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
    if not (
        permissions.can_act(request.user, message, action)
        or (action == "supervise" and permissions.is_platform_office(request.user))
    ):
        raise PermissionDenied
    form_class, service = ACTIONS[action]
    data = _bound_data(request, form_class, message, action)
    if data is None:
        messages.error(request, _("请完整填写办理意见。"))
        return redirect("interaction_admin:case", pk=pk)
    try:
        service(message, request.user, data)
    except services.InteractionError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("已办理：%(action)s。") % {"action": _label(action)}
        )
    return redirect("interaction_admin:case", pk=pk)


def _label(action: str) -> str:
    from .models import EventAction

    return str(EventAction(action).label)


def _bound_data(request, form_class, message, action: str) -> dict | None:
    if form_class is None:
        return {}
    kwargs = {"message": message} if form_class is ExtendForm else {}
    form = form_class(request.POST, prefix=action, **kwargs)
    return form.cleaned_data if form.is_valid() else None


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
