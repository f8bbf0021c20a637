"""年度工作报表 in the admin: the report of one site and year with every figure's
source, the 「需填写」 fields entered by the site's people (each checked: a number where
the template counts, 是/否 where it asks), 定稿 once the signers are named, and the
downloads (XLSX, PDF, HTML, JSON). The site's administrators and the platform office
(``Capability.ADMINISTER``)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from wagtail.log_actions import log

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.tenancy import Capability, can

from .. import annual_report, work_report
from ..models import ReportEntry, ReportSignoff

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
}


def _profile(request, site_id: int, year: int) -> SiteProfile:
    profile = get_object_or_404(
        SiteProfile.objects.select_related("site"), site_id=site_id
    )
    if not can(request.user, Capability.ADMINISTER, profile.site):
        raise Http404
    if year > timezone.localdate().year or year < 2000:
        raise Http404
    return profile


def _rows(fields, entered: dict, posted=None):
    """The report's rows for the form: a 「需填写」 field (or one entered before) is
    editable, with what was just posted, else what was entered."""
    rows = []
    for index, f in enumerate(fields):
        name = str(f.name)
        open_field = f.value == annual_report.FILL_IN or name in entered
        rows.append(
            {
                "index": index,
                "field": f,
                "editable": open_field and not str(f.source).startswith("平台："),
                "kind": annual_report.field_kind(name),
                "value": (posted or {}).get(f"f-{index}", entered.get(name, "")),
            }
        )
    return rows


def _checked(rows) -> tuple[dict, list[str]]:
    """The editable rows' values as they are stored, and a Chinese message for each
    refused one (nothing is stored while there is any)."""
    values, errors = {}, []
    for row in rows:
        if not row["editable"]:
            continue
        name = str(row["field"].name)
        try:
            values[name] = annual_report.check_entry(name, row["value"])
        except ValueError as error:
            errors.append(str(error))
    return values, errors


def _missing_signers(values: dict) -> str:
    missing = [n for n in annual_report.SIGNERS if not values.get(n)]
    return (
        _("定稿前请填写：%(names)s。") % {"names": "、".join(missing)}
        if missing
        else ""
    )


@require_http_methods(["GET", "POST"])
def report(request, site_id: int, year: int):
    profile = _profile(request, site_id, year)
    fields = annual_report.build(profile, year)
    signed = ReportSignoff.objects.filter(site=profile.site, year=year).first()
    entered = {
        e.name: e.value
        for e in ReportEntry.objects.filter(site=profile.site, year=year)
    }
    rows = _rows(fields, entered, request.POST if request.method == "POST" else None)
    errors = []
    if request.method == "POST" and signed is None:
        values, errors = _checked(rows)
        if not errors:
            for name, value in values.items():
                ReportEntry.objects.update_or_create(
                    site=profile.site, year=year, name=name,
                    defaults={"value": value, "entered_by": request.user},
                )  # fmt: skip
            log(instance=profile, action="jiyue.assessment.report_entered",
                user=request.user, data={"year": year, "fields": len(values)})  # fmt: skip
            if "signoff" in request.POST:
                missing = _missing_signers(values)
                if missing:
                    errors.append(missing)
                else:
                    ReportSignoff.objects.create(
                        site=profile.site, year=year, signed_by=request.user
                    )
                    log(instance=profile, action="jiyue.assessment.report_signed",
                        user=request.user, data={"year": year})  # fmt: skip
                    messages.success(request, _("年度报表已定稿。"))
                    return redirect("assessment_admin:report", site_id, year)
            if not errors:
                messages.success(request, _("已保存填报内容。"))
                return redirect("assessment_admin:report", site_id, year)
    context = {
        "page_title": _("%(name)s %(year)d年政府网站工作年度报表")
        % {"name": profile.name, "year": year},
        "header_icon": "doc-full",
        "profile": profile,
        "year": year,
        "rows": rows,
        "errors": errors,
        "signed": signed,
        "published": work_report.live_report(profile.site, year),
        "fill_in": annual_report.FILL_IN,
    }
    return render(request, "assessment/admin/report.html", context)


@require_POST
def report_publish(request, site_id: int, year: int):
    """定稿 → the report on the site's home page (work_report.publish)."""
    from django.core.exceptions import ValidationError

    profile = _profile(request, site_id, year)
    try:
        page = work_report.publish(actor=request.user, profile=profile, year=year)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        note = "" if page.pdf_id else _("（本机没有 Chromium，未附 PDF）")
        messages.success(
            request, _("年度报表已发布到网站首页。%(note)s") % {"note": note}
        )
    return redirect("assessment_admin:report", site_id, year)


@require_safe
def report_download(request, site_id: int, year: int, kind: str):
    profile = _profile(request, site_id, year)
    if kind not in CONTENT_TYPES:
        raise Http404
    fields = annual_report.build(profile, year)
    if kind == "xlsx":
        data = annual_report.as_xlsx(profile, year, fields)
    elif kind == "pdf":
        try:
            data = annual_report.as_pdf(profile, year, fields)
        except annual_report.PdfUnavailableError as error:
            messages.error(request, str(error))
            return redirect("assessment_admin:report", site_id, year)
    elif kind == "html":
        data = annual_report.as_html(profile, year, fields).encode("utf-8")
    else:
        document = annual_report.as_json(profile, year, fields)
        data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    name = f"nianbao-{profile.code}-{year}.{kind}"
    disposition = "inline" if kind == "html" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
def rectify(request, pk: int):
    """整改: a sampled site's confirmed problems, and its administrators' report."""
    from django.core.exceptions import ValidationError

    from ..models import SpotCheckFinding, SpotCheckSite
    from ..spot_checks.rectification import report_rectified

    entry = get_object_or_404(
        SpotCheckSite.objects.select_related("spot_check", "site"), pk=pk
    )
    if not can(request.user, Capability.ADMINISTER, entry.site):
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            report_rectified(
                entry, note=request.POST.get("note", ""), user=request.user
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("已报告整改完成。"))
            return redirect("wagtailadmin_home")
    context = {
        "page_title": _("巡查抽检整改：%(site)s") % {"site": entry.name},
        "header_icon": "tasks",
        "entry": entry,
        "check": entry.spot_check,
        "findings": entry.findings.filter(status=SpotCheckFinding.Status.CONFIRMED),
        "error": error,
        "note": request.POST.get("note", ""),
    }
    return render(request, "assessment/admin/rectify.html", context)


def _office_only(request) -> None:
    """The supervision report is the platform office's (``oversees(ADMINISTER)``,
    as the indicator screen): anyone else is refused (Wagtail: back to the
    dashboard with its 「没有权限」 message)."""
    from jiyue.cluster.tenancy import oversees

    if not oversees(request.user, Capability.ADMINISTER):
        raise PermissionDenied


def _refused_year(request, error: annual_report.YearError):
    """A year in the future (or before 2000): said in Chinese, on this year's
    report; nothing entered is stored."""
    messages.error(request, _("%(why)s不能查看或填报该年度的报表。") % {"why": error})
    return redirect("assessment_admin:supervision", timezone.localdate().year)


@require_http_methods(["GET", "POST"])
def supervision_report(request, year: int):
    """《政府网站监管年度报表》 of the cluster, with the 「需填写」 fields entered here
    and 定稿: the platform office's only."""
    from .. import supervision
    from ..models import SupervisionEntry, SupervisionReport

    _office_only(request)
    try:
        fields = supervision.build(year)
    except annual_report.YearError as error:
        return _refused_year(request, error)
    signed = supervision.signed(year)
    entered = {name: e.value for name, e in supervision.entries(year).items()}
    posted = request.POST if request.method == "POST" else None
    rows = _rows(fields, entered, posted)
    errors: list[str] = []
    if posted is not None and signed is not None:
        errors.append(_("%(year)d年的监管年度报表已定稿，不能修改。") % {"year": year})
    elif posted is not None:
        values, errors = _checked(rows)
        missing = _missing_signers(values) if "signoff" in posted else ""
        if missing and not errors:
            errors.append(missing)
        if not errors:
            with transaction.atomic():
                report, _created = SupervisionReport.objects.get_or_create(year=year)
                for name, value in values.items():
                    if entered.get(name) == value:
                        continue  # unchanged: who entered it and when stay
                    SupervisionEntry.objects.update_or_create(
                        report=report, name=name,
                        defaults={"value": value, "entered_by": request.user},
                    )  # fmt: skip
                log(instance=report, action="jiyue.assessment.supervision_entered",
                    user=request.user, data={"year": year, "fields": len(values)})  # fmt: skip
                if "signoff" in posted:
                    report.signed_by, report.signed_at = request.user, timezone.now()
                    report.save(update_fields=["signed_by", "signed_at"])
                    log(instance=report, action="jiyue.assessment.supervision_signed",
                        user=request.user, data={"year": year})  # fmt: skip
            if "signoff" in posted:
                messages.success(request, _("监管年度报表已定稿。"))
            else:
                messages.success(request, _("已保存填报内容。"))
            return redirect("assessment_admin:supervision", year)
    this_year = timezone.localdate().year
    context = {
        "page_title": _("%(year)d年政府网站监管年度报表") % {"year": year},
        "header_icon": "doc-full",
        "year": year,
        "rows": rows,
        "errors": errors,
        "signed": signed,
        "editable": any(r["editable"] for r in rows),
        "fill_in": annual_report.FILL_IN,
        "years": range(this_year, this_year - 5, -1),
    }
    return render(request, "assessment/admin/supervision.html", context)


@require_safe
def supervision_download(request, year: int, kind: str):
    from .. import supervision

    _office_only(request)
    if kind not in CONTENT_TYPES:
        raise Http404
    try:
        fields = supervision.build(year)
    except annual_report.YearError as error:
        return _refused_year(request, error)
    holder = supervision.office()
    report_name = supervision.SUPERVISION_REPORT
    if kind == "xlsx":
        data = annual_report.as_xlsx(holder, year, fields, report=report_name)
    elif kind == "pdf":
        try:
            data = annual_report.as_pdf(holder, year, fields, report=report_name)
        except annual_report.PdfUnavailableError as error:
            messages.error(request, str(error))
            return redirect("assessment_admin:supervision", year)
    elif kind == "html":
        html = annual_report.as_html(holder, year, fields, report=report_name)
        data = html.encode("utf-8")
    else:
        document = annual_report.as_json(holder, year, fields)
        data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    response = HttpResponse(data, content_type=CONTENT_TYPES[kind])
    disposition = "inline" if kind == "html" else "attachment"
    response["Content-Disposition"] = (
        f'{disposition}; filename="jianguan-{year}.{kind}"'
    )
    return response


@require_http_methods(["GET", "POST"])
def order(request, pk: int):
    """限期整改: the problems as ordered, and the site administrators' report."""
    from django.core.exceptions import ValidationError

    from .. import orders
    from ..models import RectificationOrder

    entry = get_object_or_404(RectificationOrder.objects.select_related("site"), pk=pk)
    if not can(request.user, Capability.ADMINISTER, entry.site):
        raise Http404
    error = ""
    if request.method == "POST":
        try:
            orders.report_done(
                entry, note=request.POST.get("note", ""), user=request.user
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("已报告整改完成。"))
            return redirect("wagtailadmin_home")
    context = {
        "page_title": _("限期整改：%(site)s") % {"site": entry.site.site_name},
        "header_icon": "tasks",
        "entry": entry,
        "error": error,
        "note": request.POST.get("note", ""),
    }
    return render(request, "assessment/admin/order.html", context)
