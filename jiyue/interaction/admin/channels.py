"""Admin views of the channels: moderation of comments and questions, the
feedback on comments, survey results and their publication, the interview
transcript, and the count of interviews per unit per year.

Every read goes through a selector that takes the user: a page or item outside
the user's scope is a 404; the per-unit count is the platform office's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiyue.cluster.permissions import is_platform_office

from ..channels import permissions, selectors, services
from ..models import (
    Adoption,
    ConsultationComment,
    ConsultationPage,
    InterviewPage,
    InterviewQuestion,
    SurveyPage,
)
from .forms import AdoptionForm, EntryForm


def _require_access(user) -> None:
    if not permissions.has_any_access(user):
        raise PermissionDenied


def overview(request):
    _require_access(request.user)
    context = {
        "channels": selectors.channel_pages_for_user(user=request.user),
        "page_title": _("意见征集、网上调查、在线访谈"),
        "header_icon": "form",
        "is_office": is_platform_office(request.user),
    }
    return render(request, "interaction/admin/channels/overview.html", context)


def consultation(request, pk: int):
    _require_access(request.user)
    page = selectors.channel_page_for_user(ConsultationPage, user=request.user, pk=pk)
    comments = page.comments.select_related("moderated_by").order_by("submitted_at")
    context = {
        "channel": page,
        "comments": comments,
        "adoption_choices": Adoption.choices,
        "page_title": _("意见征集：%(title)s") % {"title": page.title},
        "header_icon": "form",
    }
    return render(request, "interaction/admin/channels/consultation.html", context)


@require_POST
def comment_action(request, pk: int, action: str):
    _require_access(request.user)
    comment = selectors.item_for_user(ConsultationComment, user=request.user, pk=pk)
    try:
        if action in ("approve", "reject"):
            services.comment_moderate(
                comment=comment, actor=request.user, approve=action == "approve"
            )
        elif action == "adopt":
            form = AdoptionForm(request.POST)
            data = (
                form.cleaned_data if form.is_valid() else {"adoption": "", "note": ""}
            )
            services.comment_adopt(
                comment=comment,
                actor=request.user,
                adoption=data["adoption"],
                note=data["note"],
            )
        else:
            raise PermissionDenied
    except services.InteractionError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("已保存。"))
    return redirect("interaction_admin:channel_consultation", pk=comment.page_id)


def survey(request, pk: int):
    _require_access(request.user)
    page = selectors.channel_page_for_user(SurveyPage, user=request.user, pk=pk)
    context = {
        "channel": page,
        "results": selectors.survey_results(page, texts=True),
        "responses": page.responses.count(),
        "release": page.results_release,
        "page_title": _("网上调查：%(title)s") % {"title": page.title},
        "header_icon": "form",
    }
    return render(request, "interaction/admin/channels/survey.html", context)


@require_POST
def survey_results(request, pk: int):
    _require_access(request.user)
    page = selectors.channel_page_for_user(SurveyPage, user=request.user, pk=pk)
    publish = request.POST.get("publish") == "1"
    services.survey_results_publish(page=page, actor=request.user, publish=publish)
    messages.success(
        request, _("调查结果已公布。") if publish else _("已撤回调查结果。")
    )
    return redirect("interaction_admin:channel_survey", pk=pk)


def interview(request, pk: int, form=None):
    _require_access(request.user)
    page = selectors.channel_page_for_user(InterviewPage, user=request.user, pk=pk)
    context = {
        "channel": page,
        "questions": page.questions.select_related("moderated_by"),
        "entries": page.transcript(),
        "form": form or EntryForm(page=page),
        "page_title": _("在线访谈：%(title)s") % {"title": page.title},
        "header_icon": "form",
    }
    return render(request, "interaction/admin/channels/interview.html", context)


@require_POST
def interview_entry(request, pk: int):
    _require_access(request.user)
    page = selectors.channel_page_for_user(InterviewPage, user=request.user, pk=pk)
    form = EntryForm(request.POST, page=page)
    if not form.is_valid():
        messages.error(request, _("请填写发言人、身份和内容。"))
        return interview(request, pk, form=form)
    try:
        services.transcript_post(page=page, actor=request.user, **form.cleaned_data)
    except services.InteractionError as error:
        messages.error(request, " ".join(error.messages))
        return interview(request, pk, form=form)
    messages.success(request, _("已发布到文字实录。"))
    return redirect("interaction_admin:channel_interview", pk=pk)


@require_POST
def question_action(request, pk: int, action: str):
    _require_access(request.user)
    question = selectors.item_for_user(InterviewQuestion, user=request.user, pk=pk)
    if action not in ("approve", "reject"):
        raise PermissionDenied
    services.question_moderate(
        question=question, actor=request.user, approve=action == "approve"
    )
    messages.success(request, _("已保存。"))
    return redirect("interaction_admin:channel_interview", pk=question.page_id)


def interview_statistics(request):
    if not is_platform_office(request.user):
        raise PermissionDenied
    this_year = timezone.localdate().year
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else this_year
    rows = selectors.interviews_per_unit(year=year)
    context = {
        "rows": rows,
        "year": year,
        "years": range(this_year, this_year - 5, -1),
        "missing": sum(1 for r in rows if not r.head_took_part),
        "page_title": _("在线访谈统计（%(year)s年）") % {"year": year},
        "header_icon": "table",
    }
    return render(request, "interaction/admin/channels/statistics.html", context)
