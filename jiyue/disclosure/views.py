"""Public views (前台): the online request form and the request's status."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from jiyue.interaction import admission, codes, submission
from jiyue.interaction import selectors as interaction_selectors
from jiyue.interaction.views import _with_new_challenge

from . import services
from .forms import QueryForm, RequestForm
from .models import InfoRequest

FORM = "disclosure/request_form.html"


def _site(request):
    site = interaction_selectors.site_for_request(request)
    if site is None:
        raise Http404
    return site


def _form_page(request, form, status: int = 200):
    _with_new_challenge(form)
    return render(request, FORM, {"form": form}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def request_form(request):
    site = _site(request)
    if request.method != "POST":
        return _form_page(request, RequestForm())
    form = RequestForm(request.POST)
    outcome = submission.submit(
        request,
        form_key=f"ysqgk-{site.pk}",
        form=form,
        store=lambda data: services.submit(site=site, data=data),
    )
    if not outcome.stored:
        return _form_page(request, form, status=outcome.status)
    response = render(
        request,
        "disclosure/submitted.html",
        {"submitted": outcome.item, "info_request": outcome.item.request},
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def status_query(request):
    site = _site(request)
    if request.method != "POST":
        return render(request, "disclosure/query.html", {"form": QueryForm()})
    form = QueryForm(request.POST)
    refusal = admission.admit_query(request, "ysqgk-query")
    found = None
    if refusal is None and form.is_valid():
        number = form.cleaned_data["tracking_no"].strip()
        code = codes.normalise_code(form.cleaned_data["query_code"])
        candidate = InfoRequest.objects.filter(site=site, tracking_no=number).first()
        if candidate and codes.code_matches(number, code, candidate.code_digest):
            found = candidate
    if found is None:
        message = refusal or "没有找到与该申请编号和查询码相符的申请，请核对后重试。"
        form.is_valid()
        form.add_error(None, str(message))
        status = 429 if refusal else 404
        return render(request, "disclosure/query.html", {"form": form}, status=status)
    response = render(request, "disclosure/status.html", {"info_request": found})
    response["Cache-Control"] = "no-store"
    return response
