"""The gate and the guard in the page editor (called from wagtail_hooks)."""

from __future__ import annotations

import logging

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from wagtail.admin import messages

from .gate import GateFinding, blocking, page_gate_findings
from .guard import publish_refusal

logger = logging.getLogger(__name__)
GATED_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")
MAX_SHOWN = 20
REPORTED_KEY = "jiyue_gate_reported"


def gated_action(request) -> bool:
    if request.method != "POST":
        return False
    if any(request.POST.get(key) for key in GATED_ACTIONS):
        return True
    return bool(request.POST.get("action-workflow-action")) and (
        request.POST.get("workflow-action-name") == "approve"
    )


def downgrade_to_draft(request) -> None:
    """Save what the user wrote, as a draft, instead of submitting or publishing."""
    data = request.POST.copy()
    for key in (*GATED_ACTIONS, "action-workflow-action"):
        data.pop(key, None)
    request.POST = data


def submitted_page(request, *, instance, parent_page):
    """The page as the POSTed form would make it, or None if the form is invalid."""
    form_class = type(instance).get_edit_handler().get_form_class()
    form = form_class(
        request.POST,
        request.FILES,
        instance=instance,
        parent_page=parent_page,
        for_user=request.user,
    )
    if not form.is_valid():
        return None
    return form.save(commit=False)


def override_button(page):
    if page is None or page.pk is None:
        return []
    url = reverse("editorial_admin:gate_override", args=[page.pk])
    return [messages.button(url, gettext("说明理由并放行"), new_window=False)]


def report_blocking(request, page, stopped: list[GateFinding]) -> None:
    request.session[REPORTED_KEY] = True  # the editor that follows says it once
    messages.error(
        request,
        gettext(
            "合规检查发现 %(n)d 个必须处理的问题（已在相应内容旁标出），"
            "本次未提交、未发布，已保存为草稿："
        )
        % {"n": len(stopped)}
        + "；".join(f.describe() for f in stopped[:MAX_SHOWN]),
        buttons=override_button(page),
    )


def gate_on_post(request, *, instance, parent_page, page=None):
    """Stops a submit/publish whose content has blocking findings."""
    if not gated_action(request):
        return
    candidate = submitted_page(request, instance=instance, parent_page=parent_page)
    if candidate is None:
        return  # the form reports its own errors
    stopped = blocking(page_gate_findings(candidate), page or candidate)
    if stopped:
        downgrade_to_draft(request)
        report_blocking(request, page, stopped)


def show_findings(request, page) -> None:
    """On opening the editor: a summary at the top; each finding is shown beside
    its field by static/editorial/gate.js (docs/decisions/0407)."""
    stopped = blocking(page_gate_findings(page), page)
    if stopped and not request.session.pop(REPORTED_KEY, False):
        messages.error(
            request,
            gettext("合规检查：%(n)d 个问题将阻止提交和发布，已在相应内容旁标出。")
            % {"n": len(stopped)},
            buttons=override_button(page),
        )


def _note(item: GateFinding, stopped: set[str]) -> dict:
    finding = item.finding
    is_blocking = finding.blocks and item.fingerprint in stopped
    if is_blocking:
        badge = gettext("必须处理")
    elif finding.blocks:
        badge = gettext("已说明理由放行")
    else:
        badge = gettext("提示")
    return {
        "field": item.field,
        "label": item.label,
        "type": finding.type,
        "severity": finding.severity,
        "blocking": is_blocking,
        "badge": badge,
        "where": item.where,
        "message": finding.message,
        "evidence": finding.evidence,
    }


def editor_findings(user, page) -> dict:
    """The findings of ``page``'s latest draft, shaped for the notes beside the
    fields; blocking ones first. ``override_url`` only for who may let them through."""
    draft = page.get_latest_revision_as_object()
    findings = page_gate_findings(draft)
    stopped = {f.fingerprint for f in blocking(findings, page)}
    notes = sorted(
        (_note(item, stopped) for item in findings), key=lambda n: not n["blocking"]
    )
    may_override = bool(stopped) and page.permissions_for_user(user).can_publish()
    return {
        "findings": notes,
        "blocking": len([n for n in notes if n["blocking"]]),
        "override_url": reverse("editorial_admin:gate_override", args=[page.pk])
        if may_override
        else "",
        "override_label": gettext("说明理由并放行"),
    }


def refuse_unreviewed_publish(request, page):
    revision = page.get_latest_revision()
    refusal = publish_refusal(revision) if revision else None
    if not refusal:
        return None
    force_url = reverse("editorial_admin:force_publish", args=[page.pk])
    messages.error(
        request,
        refusal,
        buttons=[messages.button(force_url, gettext("强制发布"), new_window=False)],
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
