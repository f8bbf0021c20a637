"""Public (dynamic) forms of the channels. The channel pages themselves are
static; their forms live here, under /hudong/, never cached."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .. import submission
from ..models import ConsultationPage, InterviewPage, SurveyPage
from ..views import _site, _with_new_challenge
from . import selectors, services, voter
from .forms import CommentForm, QuestionForm, SurveyForm


def _page(request, template: str, form, context: dict, status: int = 200):
    _with_new_challenge(form)
    return render(request, template, {**context, "form": form}, status=status)


def _done(request, context: dict):
    response = render(request, "interaction/channels/submitted.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _text_submission(request, page, form, template, submit, kind: str):
    context = {"page": page, "channel_kind": kind}
    if request.method != "POST":
        return _page(request, template, form, context)
    outcome = submission.submit(
        request,
        form_key=f"channel-{page.pk}",
        form=form,
        store=lambda data: submit(
            page=page, content=data["content"], name=data["name"]
        ),
    )
    if not outcome.stored:
        return _page(request, template, form, context, status=outcome.status)
    return _done(request, {**context, "item": outcome.item})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
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
@require_http_methods(["GET", "HEAD", "POST"])
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
@require_http_methods(["GET", "HEAD", "POST"])
def survey_form(request, page_id: int):
    page = selectors.live_channel_page(SurveyPage, site=_site(request), pk=page_id)
    known = voter.voter_id(request)
    voter_id = known or voter.new_voter_id()
    form = SurveyForm(request.POST or None, survey=page)
    context = {"page": page, "channel_kind": "survey"}
    context["already"] = bool(known and page.responses.filter(voter=known).exists())
    if request.method != "POST" or context["already"]:
        response = _page(request, SURVEY_TEMPLATE, form, context)
    else:
        response = _survey_post(request, page, form, voter_id)
    voter.remember(response, voter_id)
    return response


SURVEY_TEMPLATE = "interaction/channels/survey_form.html"


def _survey_post(request, page, form, voter_id: str):
    context = {"page": page, "channel_kind": "survey"}
    outcome = submission.submit(
        request,
        form_key=f"channel-{page.pk}",
        form=form,
        store=lambda data: services.survey_submit(
            page=page,
            answers=form.answers(),
            voter=voter_id,
            fingerprint=voter.fingerprint(request, page.pk),
        ),
    )
    if not outcome.stored:
        return _page(request, SURVEY_TEMPLATE, form, context, status=outcome.status)
    return _done(request, {**context, "item": outcome.item})
