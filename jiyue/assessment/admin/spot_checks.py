"""巡查抽检 screens, the platform office's only (``tenancy.is_platform_office``):
the checks and a new one, a check's sample, a site's findings to review, and
publication. Each view calls one service; the services check again and log."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jiyue.cluster.tenancy import is_platform_office

from ..models import SpotCheck, SpotCheckFinding, SpotCheckSite
from ..spot_checks import services
from ..spot_checks.result import spot_check_publish
from .forms import ManualFindingForm, PublishForm, RejectForm, SpotCheckCreateForm


def office_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_platform_office(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _render(request, template: str, title: str, **context):
    context.update(page_title=title, header_icon="tasks")
    return render(request, f"assessment/admin/spot_checks/{template}", context)


def _refused(request, error) -> None:
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


@office_only
@require_http_methods(["GET", "POST"])
def spot_check_list(request):
    form = SpotCheckCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.spot_check_create(
                actor=request.user, year=form.cleaned_data["year"],
                quarter=form.cleaned_data["quarter"], seed=form.cleaned_data["seed"],
            )  # fmt: skip
        except services.SpotCheckError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已抽取样本，请确认后开始评分。"))
            return redirect("assessment_admin:spot_check", check.pk)
    checks = SpotCheck.objects.select_related("rule_set", "created_by")
    return _render(request, "list.html", _("巡查抽检"), checks=checks, form=form)


@office_only
@require_http_methods(["GET"])
def spot_check_detail(request, pk: int):
    check = get_object_or_404(SpotCheck.objects.select_related("rule_set"), pk=pk)
    sites = check.sites.prefetch_related("findings")
    publish_form = PublishForm() if check.status == SpotCheck.Status.REVIEWING else None
    return _render(request, "detail.html", str(check), check=check, sites=sites,
                   publish_form=publish_form)  # fmt: skip


@office_only
@require_POST
def spot_check_score(request, pk: int):
    check = get_object_or_404(SpotCheck, pk=pk)
    try:
        services.spot_check_score(actor=request.user, check=check)
    except services.SpotCheckError as error:
        _refused(request, error)
    else:
        messages.success(request, _("已按考核指标评分，请逐站审核机器发现的问题。"))
    return redirect("assessment_admin:spot_check", check.pk)


@office_only
@require_http_methods(["GET", "POST"])
def spot_check_site(request, pk: int):
    check_site = get_object_or_404(
        SpotCheckSite.objects.select_related("spot_check__rule_set"), pk=pk
    )
    rule_set = check_site.spot_check.rule_set
    form = ManualFindingForm(request.POST or None, rule_set=rule_set)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_add(actor=request.user, check_site=check_site,
                                 **form.cleaned_data)  # fmt: skip
        except services.SpotCheckError as error:
            _refused(request, error)
        else:
            messages.success(request, _("已添加人工发现的问题。"))
        return redirect("assessment_admin:spot_check_site", check_site.pk)
    return _render(
        request, "site.html", _("审核：%(name)s") % {"name": check_site.name},
        check_site=check_site, findings=check_site.findings.all(), form=form,
        reject_form=RejectForm(),
        reviewing=check_site.spot_check.status == SpotCheck.Status.REVIEWING,
    )  # fmt: skip


@office_only
@require_POST
def spot_check_finding(request, pk: int):
    finding = get_object_or_404(
        SpotCheckFinding.objects.select_related("check_site__spot_check"), pk=pk
    )
    try:
        if request.POST.get("decision") == "reject":
            services.finding_reject(
                actor=request.user,
                finding=finding,
                reason=request.POST.get("reason", ""),
            )
        else:
            services.finding_confirm(actor=request.user, finding=finding)
    except services.SpotCheckError as error:
        _refused(request, error)
    return redirect("assessment_admin:spot_check_site", finding.check_site_id)


@office_only
@require_POST
def spot_check_publish_view(request, pk: int):
    check = get_object_or_404(SpotCheck, pk=pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            page = spot_check_publish(actor=request.user, check=check,
                                      **form.cleaned_data)  # fmt: skip
        except services.SpotCheckError as error:
            _refused(request, error)
        else:
            messages.success(
                request, _("抽检结果已发布：%(title)s") % {"title": page.title}
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("assessment_admin:spot_check", check.pk)
