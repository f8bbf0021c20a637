"""Public JSON API (django-ninja); the schema is at /api/openapi.json.

The same forms, services and selectors as the HTML side: one set of rules.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Router, Schema, Status
from ninja.errors import HttpError
from wagtail.models import Site

from . import admission, api_errors, captcha, selectors, services, submission
from .api_errors import MAX_ID, ErrorOut, responses
from .forms import MessageApiForm
from .models import Message

api = NinjaAPI(
    title="集约 · 互动交流 API",
    version="1.0.0",
    description="政府网站互动交流公开接口：提交来信、查询办理情况、答复公开。",
    docs_url=None,
    urls_namespace="public_api",
)
api_errors.install(api)
router = Router(tags=["互动交流"])


class MailboxOut(Schema):
    slug: str
    title: str
    kind: str
    reply_workdays: int


class CaptchaOut(Schema):
    question: str
    token: str


class MessageIn(Schema):
    mailbox: str = Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=40)
    subject: str
    content: str
    name: str = ""
    phone: str = ""
    email: str = ""
    consent_publish: bool = False
    captcha_token: str
    captcha_answer: str
    website: str = ""


class SubmittedOut(Schema):
    tracking_no: str
    query_code: str
    status: str
    moderation: bool


class StatusOut(Schema):
    tracking_no: str
    mailbox: str
    subject: str
    status: str
    status_label: str
    submitted_at: dt.datetime
    deadline: dt.date | None
    deadline_uncertain: bool
    refuse_reason: str
    reply: str
    reply_unit: str
    replied_at: dt.datetime | None
    rating: str


class RatingIn(Schema):
    query_code: str
    rating: str


class PublishedOut(Schema):
    tracking_no: str
    mailbox: str
    subject: str
    content: str
    reply: str
    reply_unit: str
    submitted_at: dt.datetime
    replied_at: dt.datetime | None


def _site(request: HttpRequest) -> Site:
    site = selectors.site_for_request(request)
    if site is None:
        raise HttpError(404, _("未找到站点。"))
    return site


def _status(message: Message) -> StatusOut:
    return StatusOut(
        tracking_no=message.tracking_no,
        mailbox=message.mailbox.title,
        subject=message.subject,
        status=message.status,
        status_label=message.get_status_display(),
        submitted_at=message.submitted_at,
        deadline=message.deadline,
        deadline_uncertain=message.deadline_uncertain,
        refuse_reason=message.refuse_reason,
        reply=message.reply if message.is_answered else "",
        reply_unit=message.reply_unit_name if message.is_answered else "",
        replied_at=message.replied_at,
        rating=message.rating,
    )


NOT_FOUND = _("没有找到与该信件编号和查询码相符的来信，请核对后重试。")


@router.get(
    "/mailboxes",
    response=responses({200: list[MailboxOut], 404: ErrorOut}),
    summary="本站信箱",
)
def mailboxes(request: HttpRequest):
    return list(selectors.public_mailboxes(site=_site(request)))


@router.get("/captcha", response=responses({200: CaptchaOut}), summary="取得验证问题")
def new_captcha(request: HttpRequest):
    challenge = captcha.new_challenge()
    return {"question": challenge.question, "token": challenge.token}


@router.post(
    "/messages",
    response=responses(
        {201: SubmittedOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut}
    ),
    summary="提交来信",
)
def submit_message(request: HttpRequest, payload: MessageIn):
    try:
        mailbox = selectors.public_mailbox(site=_site(request), slug=payload.mailbox)
    except Http404:
        return Status(404, {"detail": _("没有这个信箱。")})
    form = MessageApiForm(payload.dict())
    outcome = submission.submit(
        request,
        form_key=f"{mailbox.pk}",
        form=form,
        store=lambda data: services.message_submit(
            mailbox=mailbox,
            subject=data["subject"],
            content=data["content"],
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            consent_publish=data["consent_publish"],
        ),
    )
    if not outcome.stored:
        return Status(outcome.status, outcome.body())
    submitted = outcome.item
    message = submitted.message
    return Status(
        201,
        {
            "tracking_no": message.tracking_no,
            "query_code": submitted.query_code,
            "status": message.status,
            "moderation": message.flagged,
        },
    )


@router.get(
    "/messages/{tracking_no}",
    response=responses({200: StatusOut, 404: ErrorOut, 429: ErrorOut}),
    summary="查询办理情况",
)
def message_status(request: HttpRequest, tracking_no: str, query_code: str):
    _site(request)
    refusal = admission.admit_query(request, "query")
    if refusal:
        return Status(429, {"detail": refusal})
    message = selectors.message_for_citizen(
        tracking_no=tracking_no, query_code=query_code
    )
    if message is None:
        return Status(404, {"detail": str(NOT_FOUND)})
    return Status(200, _status(message))


@router.post(
    "/messages/{tracking_no}/rating",
    response=responses({200: StatusOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut}),
    summary="评价答复",
)
def rate_message(request: HttpRequest, tracking_no: str, payload: RatingIn):
    _site(request)
    refusal = admission.admit_query(request, "rating")
    if refusal:
        return Status(429, {"detail": refusal})
    message = selectors.message_for_citizen(
        tracking_no=tracking_no, query_code=payload.query_code
    )
    if message is None:
        return Status(404, {"detail": str(NOT_FOUND)})
    try:
        message = services.message_rate(message=message, rating=payload.rating)
    except services.InteractionError as error:
        return Status(400, {"detail": error.messages[0]})
    return Status(200, _status(message))


@router.get(
    "/replies",
    response=responses({200: list[PublishedOut], 404: ErrorOut}),
    summary="答复公开",
)
def published_replies(
    request: HttpRequest,
    offset: int = Query(0, ge=0, le=MAX_ID),
    limit: int = Query(20, ge=0, le=MAX_ID),
):
    limit = max(1, min(limit, 100))  # more than 100 at once: 100
    qs = selectors.published_messages(site=_site(request)).select_related("mailbox")
    return [
        PublishedOut(
            tracking_no=m.tracking_no,
            mailbox=m.mailbox.title,
            subject=m.public_subject,
            content=m.public_content,
            reply=m.public_reply,
            reply_unit=m.reply_unit_name,
            submitted_at=m.submitted_at,
            replied_at=m.replied_at,
        )
        for m in qs[offset : offset + limit]
    ]


api.add_router("/interaction", router)

# Consultations, surveys and interviews (jiyue/interaction/channels/api.py).
from .channels.api import router as channels_router  # noqa: E402

api.add_router("/interaction", channels_router)
