"""Admin views of the editorial app: thin, each calls one service."""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.models import Page

from .editor import editor_findings
from .forms import ReasonForm
from .gate import blocking, page_gate_findings
from .services import page_for_publisher, page_force_publish, page_gate_override


def force_publish(request, page_id: int):
    page = page_for_publisher(request.user, get_object_or_404(Page, pk=page_id))
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        page_force_publish(
            user=request.user, page=page, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request,
            gettext("已强制发布“%(title)s”，理由已记入日志。") % {"title": page.title},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    state = page.current_workflow_state
    return TemplateResponse(
        request,
        "editorial/force_publish.html",
        {"page": page, "form": form, "workflow_state": state},
    )


def gate_override(request, page_id: int):
    page = page_for_publisher(request.user, get_object_or_404(Page, pk=page_id))
    stopped = blocking(page_gate_findings(page.get_latest_revision_as_object()), page)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and stopped:
        page_gate_override(
            user=request.user, page=page, reason=form.cleaned_data["reason"]
        )
        messages.success(request, gettext("已说明理由并放行，请重新提交或发布。"))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return TemplateResponse(
        request,
        "editorial/gate_override.html",
        {"page": page, "form": form, "findings": stopped},
    )


def gate_findings(request, page_id: int):
    """The gate's findings on the page's latest draft, for the editor's notes
    beside each field (static/editorial/gate.js)."""
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return JsonResponse(editor_findings(request.user, page.specific))
