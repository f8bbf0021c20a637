"""Public JSON endpoints of the channels (mounted on the interaction API, schema
at /api/openapi.json): comment on a consultation, answer a survey, send an
interview question, read an interview's live transcript.

The same forms and services as the HTML side; the same CAPTCHA, honeypot and
rate limits (a submission needs a token from ``GET /api/interaction/captcha``).
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Path, Query, Router, Schema, Status

from .. import selectors as mailbox_selectors
from .. import submission
from ..api_errors import MAX_ID, ErrorOut, responses
from ..models import ConsultationPage, InterviewPage, Phase, SurveyPage
from . import selectors, services, voter
from .forms import CaptchaForm, CommentForm, QuestionForm

router = Router(tags=["意见征集、网上调查、在线访谈"])


class TextIn(Schema):
    content: str
    name: str = ""
    captcha_token: str
    captcha_answer: str
    website: str = ""


class AcceptedOut(Schema):
    id: int
    status: str
    moderation: bool
    detail: str


class SurveyIn(Schema):
    answers: dict[str, str | list[str]]
    captcha_token: str
    captcha_answer: str
    website: str = ""


class QuestionOut(Schema):
    id: int
    text: str
    kind: str
    required: bool
    options: list[str]


class SurveyOut(Schema):
    id: int
    title: str
    phase: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    questions: list[QuestionOut]


class EntryOut(Schema):
    seq: int
    role: str
    role_label: str
    speaker: str
    content: str
    posted_at: dt.datetime
    time: str


class TranscriptOut(Schema):
    id: int
    title: str
    phase: str
    status_text: str
    entries: list[EntryOut]


def _page(request: HttpRequest, model, pk: int):
    site = mailbox_selectors.site_for_request(request)
    if site is None:
        raise Http404
    return selectors.live_channel_page(model, site=site, pk=pk)


def _text(request, model, pk: int, payload: TextIn, form_class, submit):
    try:
        page = _page(request, model, pk)
    except Http404:
        return Status(404, {"detail": _("没有找到这个栏目，或它尚未公开。")})
    outcome = submission.submit(
        request,
        form_key=f"channel-{page.pk}",
        form=form_class(payload.dict()),
        store=lambda data: submit(
            page=page, content=data["content"], name=data["name"]
        ),
    )
    if not outcome.stored:
        return Status(outcome.status, outcome.body())
    item = outcome.item
    detail = _("已收到，经工作人员审核后公开。")
    return Status(
        201,
        {
            "id": item.pk,
            "status": item.status,
            "moderation": item.flagged,
            "detail": detail,
        },
    )


RESPONSES = responses({201: AcceptedOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut})
PAGE_ID = Path(..., ge=1, le=MAX_ID, description="栏目页面的编号")


@router.post(
    "/consultations/{page_id}/comments", response=RESPONSES, summary="对意见征集提意见"
)
def comment(request: HttpRequest, payload: TextIn, page_id: int = PAGE_ID):
    return _text(
        request,
        ConsultationPage,
        page_id,
        payload,
        CommentForm,
        services.comment_submit,
    )


@router.post(
    "/interviews/{page_id}/questions", response=RESPONSES, summary="向在线访谈提问"
)
def question(request: HttpRequest, payload: TextIn, page_id: int = PAGE_ID):
    return _text(
        request,
        InterviewPage,
        page_id,
        payload,
        QuestionForm,
        services.question_submit,
    )


STATUS_TEXT = {
    Phase.UPCOMING: gettext_lazy("访谈尚未开始。"),
    Phase.OPEN: gettext_lazy("访谈正在进行，本页内容会自动更新。"),
    Phase.CLOSED: gettext_lazy("访谈已结束，以下为全部文字实录。"),
}


@router.get(
    "/interviews/{page_id}/transcript",
    response=responses({200: TranscriptOut, 404: ErrorOut}),
    summary="在线访谈文字实录（after：只取该序号之后的发言）",
)
def transcript(
    request: HttpRequest,
    page_id: int = PAGE_ID,
    after: int = Query(0, ge=0, le=MAX_ID),
):
    site = mailbox_selectors.site_for_request(request)
    try:
        if site is None:
            raise Http404
        page = selectors.interview_summary(site=site, pk=page_id)
    except Http404:
        return Status(404, {"detail": _("没有找到这期访谈，或它尚未公开。")})
    phase = page.phase()
    entries = [
        EntryOut(
            seq=e.seq,
            role=e.role,
            role_label=e.get_role_display(),
            speaker=e.speaker,
            content=e.content,
            posted_at=e.posted_at,
            time=timezone.localtime(e.posted_at).strftime("%H:%M"),
        )
        for e in selectors.transcript_entries(page_id=page.pk, after=after)
    ]
    return Status(
        200,
        TranscriptOut(
            id=page.pk,
            title=page.title,
            phase=phase,
            status_text=str(STATUS_TEXT[phase]),
            entries=entries,
        ),
    )


@router.get(
    "/surveys/{page_id}",
    response=responses({200: SurveyOut, 404: ErrorOut}),
    summary="调查问卷",
)
def survey(request: HttpRequest, page_id: int = PAGE_ID):
    try:
        page = _page(request, SurveyPage, page_id)
    except Http404:
        return Status(404, {"detail": _("没有找到这项调查，或它尚未公开。")})
    questions = [
        QuestionOut(
            id=q.pk,
            text=q.text,
            kind=q.kind,
            required=q.required,
            options=q.option_list,
        )
        for q in page.questions.all()
    ]
    return Status(
        200,
        SurveyOut(
            id=page.pk,
            title=page.title,
            phase=page.phase(),
            opens_at=page.opens_at,
            closes_at=page.closes_at,
            questions=questions,
        ),
    )


@router.post("/surveys/{page_id}/answers", response=RESPONSES, summary="提交调查答卷")
def answer(
    request: HttpRequest,
    payload: SurveyIn,
    response: HttpResponse,
    page_id: int = PAGE_ID,
):
    try:
        page = _page(request, SurveyPage, page_id)
    except Http404:
        return Status(404, {"detail": _("没有找到这项调查，或它尚未公开。")})
    voter_id = voter.voter_id(request) or voter.new_voter_id()
    outcome = submission.submit(
        request,
        form_key=f"channel-{page.pk}",
        form=CaptchaForm(payload.dict()),
        store=lambda data: services.survey_submit(
            page=page,
            answers=payload.answers,
            voter=voter_id,
            fingerprint=voter.fingerprint(request, page.pk),
        ),
    )
    if not outcome.stored:
        return Status(outcome.status, outcome.body())
    item = outcome.item
    voter.remember(response, voter_id)
    return Status(
        201,
        {
            "id": item.pk,
            "status": "received",
            "moderation": item.flagged,
            "detail": _("答卷已保存，感谢您的参与。"),
        },
    )
