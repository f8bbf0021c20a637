"""Public views (前台): the mailbox forms, the status query, published replies
and error reports. Thin: each calls one service or selector."""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from wagtail.models import Site

from . import admission, captcha, selectors, services, submission
from .forms import ErrorReportForm, MessageForm, QueryForm, RatingForm
from .models import Mailbox

logger = logging.getLogger(__name__)

PER_PAGE = 20


def _site(request) -> Site:
    site = selectors.site_for_request(request)
    if site is None:
        raise Http404
    return site


def _with_new_challenge(form) -> None:
    """Keep what the citizen typed; ask a new question (a token works once)."""
    challenge = captcha.new_challenge()
    data = form.data.copy() if form.is_bound else {}
    data["captcha_token"], data["captcha_answer"] = challenge.token, ""
    form.data = data
    form.initial["captcha_token"] = challenge.token
    form.captcha_question = challenge.question


def _form_page(request, template: str, form, context: dict, status: int = 200):
    _with_new_challenge(form)
    return render(request, template, {**context, "form": form}, status=status)


def _submit(request, form, mailbox: Mailbox, template: str, context: dict):
    """The one submission flow; the acknowledgement shows the code once."""
    outcome = submission.submit(
        request,
        form_key=f"{mailbox.pk}",
        form=form,
        store=lambda data: services.message_submit(
            mailbox=mailbox,
            subject=data.get("subject") or _("网站纠错"),
            content=data["content"],
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            attachment=data.get("attachment"),
            consent_publish=data.get("consent_publish", False),
            page_url=data.get("page_url", ""),
        ),
    )
    if not outcome.stored:
        return _form_page(request, template, form, context, status=outcome.status)
    receipt = {**context, "submission": outcome.item, "message": outcome.item.message}
    try:
        response = render(request, "interaction/submitted.html", receipt)
    except (OperationalError, InterfaceError):
        # Stored and committed, but the database went away before the page's frame
        # was read: the citizen still gets his number and the code shown only once,
        # on a page that needs nothing (docs/decisions/0523-database-outage.md).
        logger.warning(
            "receipt %s shown without the frame", outcome.item.message.tracking_no
        )
        response = HttpResponse(
            render_to_string("interaction/submitted_plain.html", receipt)
        )
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def index(request):
    site = _site(request)
    mailboxes = selectors.public_mailboxes(site=site)
    return render(request, "interaction/index.html", {"mailboxes": mailboxes})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def mailbox_form(request, slug: str):
    mailbox = selectors.public_mailbox(site=_site(request), slug=slug)
    context = {"mailbox": mailbox}
    template = "interaction/mailbox_form.html"
    if request.method == "POST":
        form = MessageForm(request.POST, request.FILES)
        return _submit(request, form, mailbox, template, context)
    return _form_page(request, template, MessageForm(), context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def error_report(request):
    mailbox = services.error_report_mailbox(_site(request))
    context = {"mailbox": mailbox}
    template = "interaction/error_report.html"
    if request.method == "POST":
        form = ErrorReportForm(request.POST)
        return _submit(request, form, mailbox, template, context)
    form = ErrorReportForm(initial={"page_url": request.GET.get("url", "")[:500]})
    return _form_page(request, template, form, context)


def _status_page(request, message, form=None, status: int = 200):
    rating_form = form or RatingForm(initial={"tracking_no": message.tracking_no})
    context = {
        "message": message,
        "events": _public_events(message),
        "rating_form": rating_form,
    }
    response = render(request, "interaction/status.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _public_events(message):
    return message.events.exclude(action__in=INTERNAL_EVENTS).order_by("at")


# Steps inside the office the citizen is not shown (the outcome is).
INTERNAL_EVENTS = (
    "remind",
    "escalate",
    "extend_request",
    "extend_refuse",
    "review_approve",
    "review_return",
)


NOT_FOUND = _("没有找到与该信件编号和查询码相符的来信，请核对后重试。")


def _not_found(request, data=None):
    """Unknown number and wrong code look exactly alike."""
    form = QueryForm(data or {})
    form.is_valid()
    form.add_error(None, str(NOT_FOUND))
    return render(request, "interaction/query.html", {"form": form}, status=404)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def status_query(request):
    _site(request)
    if request.method != "POST":
        return render(request, "interaction/query.html", {"form": QueryForm()})
    form = QueryForm(request.POST)
    refusal = admission.admit_query(request, "query")
    if refusal:
        return _query_refused(request, form, refusal)
    if not form.is_valid():
        return render(request, "interaction/query.html", {"form": form}, status=400)
    message = selectors.message_for_citizen(**form.cleaned_data)
    if message is None:
        return _not_found(request, form.cleaned_data)
    return _status_page(request, message)


def _query_refused(request, form, refusal: str):
    form.is_valid()
    form.add_error(None, refusal)
    return render(request, "interaction/query.html", {"form": form}, status=429)


@require_POST
def rate(request):
    _site(request)
    form = RatingForm(request.POST)
    refusal = admission.admit_query(request, "rating")
    if refusal:
        return _query_refused(request, QueryForm(request.POST), refusal)
    message = selectors.message_for_citizen(
        tracking_no=request.POST.get("tracking_no", ""),
        query_code=request.POST.get("query_code", ""),
    )
    if message is None:
        return _not_found(request, {"tracking_no": request.POST.get("tracking_no", "")})
    if not form.is_valid():
        return _status_page(request, message, form, status=400)
    try:
        message = services.message_rate(
            message=message, rating=form.cleaned_data["rating"]
        )
    except services.InteractionError as error:
        form.add_error(None, error.messages[0])
        return _status_page(request, message, form, status=400)
    return _status_page(request, message)


MAX_PAGE = 10_000


def _page_number(raw: str) -> int:
    """``?page=``: 1 when absent or not a number; beyond ``MAX_PAGE`` (past any
    real list, and an offset the database could not take) a Chinese 404."""
    if not (raw.isascii() and raw.isdigit()):
        return 1
    if len(raw) > 6 or not 1 <= int(raw) <= MAX_PAGE:
        raise Http404(_("没有这一页。"))
    return int(raw)


@require_safe
def replies(request):
    site = _site(request)
    items = selectors.published_messages(site=site).select_related("mailbox")
    page_no = _page_number(request.GET.get("page", "1"))
    start = (page_no - 1) * PER_PAGE
    page_items = list(items[start : start + PER_PAGE + 1])
    context = {
        "items": page_items[:PER_PAGE],
        "page_no": page_no,
        "has_next": len(page_items) > PER_PAGE,
    }
    return render(request, "interaction/replies.html", context)


@require_safe
def reply_detail(request, tracking_no: str):
    message = selectors.published_message(site=_site(request), tracking_no=tracking_no)
    return render(request, "interaction/reply_detail.html", {"message": message})
