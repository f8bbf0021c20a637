"""Public (dynamic) forms of the channels. The channel pages themselves are
static; their forms live here, under /hudong/, never cached."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import admission
from ..views import _site, _with_new_challenge
from . import selectors, services, voter
from .forms import CommentForm, QuestionForm, SurveyForm
from .models import ConsultationPage, InterviewPage, SurveyPage


def _page(request, template: str, form, context: dict, status: int = 200):
    _with_new_challenge(form)
    return render(request, template, {**context, "form": form}, status=status)


def _limited(request, page, form) -> bool:
    """Counts the submission and takes its CAPTCHA token (``admission.admit``)."""
    return admission.admit(request, f"channel-{page.pk}", form) is not None


def _done(request, context: dict):
    response = render(request, "interaction/channels/submitted.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _text_submission(request, page, form, template, submit, kind: str):
    context = {"page": page, "channel_kind": kind}
    if request.method == "GET":
        return _page(request, template, form, context)
    if _limited(request, page, form):
        form.is_valid()
        form.add_error(None, _("提交过于频繁，请稍后再试。您填写的内容已保留。"))
        return _page(request, template, form, context, status=429)
    if not form.is_valid():
        return _page(request, template, form, context, status=400)
    try:
        data = form.cleaned_data
        item = submit(page=page, content=data["content"], name=data["name"])
    except services.InteractionError as error:
        form.add_error(None, error.messages[0])
        return _page(request, template, form, context, status=400)
    return _done(request, {**context, "item": item})


@never_cache
@require_http_methods(["GET", "POST"])
def comment_form(request, page_id: int):
    page = selectors.live_channel_page(
        ConsultationPage, site=_site(request), pk=page_id
    )
    form = CommentForm(request.POST or None)
    return _text_submission(
        request,
        page,
        form,
        "interaction/channels/comment_form.html",
        services.comment_submit,
        "comment",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def question_form(request, page_id: int):
    page = selectors.live_channel_page(InterviewPage, site=_site(request), pk=page_id)
    form = QuestionForm(request.POST or None)
    return _text_submission(
        request,
        page,
        form,
        "interaction/channels/question_form.html",
        services.question_submit,
        "question",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def survey_form(request, page_id: int):
    page = selectors.live_channel_page(SurveyPage, site=_site(request), pk=page_id)
    known = voter.voter_id(request)
    voter_id = known or voter.new_voter_id()
    form = SurveyForm(request.POST or None, survey=page)
    context = {"page": page, "channel_kind": "survey"}
    context["already"] = bool(known and page.responses.filter(voter=known).exists())
    if request.method == "GET" or context["already"]:
        response = _page(request, SURVEY_TEMPLATE, form, context)
    else:
        response = _survey_post(request, page, form, voter_id)
    voter.remember(response, voter_id)
    return response


SURVEY_TEMPLATE = "interaction/channels/survey_form.html"


def _survey_post(request, page, form, voter_id: str):
    context = {"page": page, "channel_kind": "survey"}
    if _limited(request, page, form):
        form.is_valid()
        form.add_error(None, _("提交过于频繁，请稍后再试。您填写的内容已保留。"))
        return _page(request, SURVEY_TEMPLATE, form, context, status=429)
    if not form.is_valid():
        return _page(request, SURVEY_TEMPLATE, form, context, status=400)
    ballot, errors = services.ballot_from(page, form.answers())
    try:
        if errors:
            raise services.InteractionError(next(iter(errors.values())))
        item = services.survey_answer(
            page=page,
            ballot=ballot,
            voter=voter_id,
            fingerprint=voter.fingerprint(request, page.pk),
        )
    except services.InteractionError as error:
        form.add_error(None, error.messages[0])
        return _page(request, SURVEY_TEMPLATE, form, context, status=400)
    return _done(request, {**context, "item": item})
