"""考核评分: the cluster table (each site's verdict, score and bonus), a site's lines
with their evidence, and the office's switch for each indicator. Scoped by the
cluster's one tenancy function (``Capability.MONITOR``); the indicators are the
platform office's."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import modelformset_factory
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.tenancy import Capability, can, oversees, sites_for

from ..models import Indicator, RuleSet
from ..rulefile import revise
from ..scoring import (
    active_rule_set,
    keep,
    kept_scores,
    record_scores,
    score,
    trends,
)
from .forms import RectificationOrderForm

IndicatorFormSet = modelformset_factory(
    Indicator, fields=("enabled", "points", "per_item", "threshold"), extra=0
)


def _profiles(user):
    sites = sites_for(user, Capability.MONITOR)
    return SiteProfile.objects.filter(site__in=sites).select_related("site__root_page")


@require_safe
def cluster(request):
    profiles = list(_profiles(request.user))
    if not profiles:
        raise PermissionDenied
    rule_set = active_rule_set()
    scores = kept_scores(profiles)
    changes = trends(scores)
    times = [s.at for s in scores]
    context = {
        "page_title": _("考核评分"),
        "header_icon": "tasks",
        "scores": scores,
        "rows": [(s, changes.get(s.profile.site_id)) for s in scores],
        "rule_set": rule_set,
        "computed": (min(times), max(times)) if times else None,
        "office": oversees(request.user, Capability.ADMINISTER),
        "report_year": _report_year(),
    }
    return render(request, "assessment/admin/cluster.html", context)


@require_safe
def cluster_xlsx(request):
    """The cluster table as XLSX (opens in WPS and Excel)."""
    import io

    from django.http import FileResponse
    from django.utils import timezone
    from openpyxl import Workbook

    profiles = list(_profiles(request.user))
    rule_set = active_rule_set()
    if not profiles or rule_set is None:
        raise Http404
    scores = kept_scores(profiles)
    changes = trends(scores)
    book = Workbook()
    sheet = book.active
    sheet.title = _("考核评分")
    today = timezone.localdate()
    sheet.append(
        [_("考核评分（%(rules)s，%(day)s）") % {"rules": rule_set, "day": today}]
    )
    sheet.append([_("网站"), _("网站标识码"), _("结论"), _("得分"), _("加分"),
                  _("单项否决命中"), _("证据不足"), _("较上次"), _("计算时间")])  # fmt: skip
    for s in scores:
        change = changes.get(s.profile.site_id)
        sheet.append([
            s.profile.name, s.profile.code, str(s.verdict), float(s.score),
            float(s.bonus), "、".join(s.vetoes), s.insufficient,
            float(change["change"]) if change else None,
            timezone.localtime(s.at).strftime("%Y-%m-%d %H:%M"),
        ])  # fmt: skip
    widths = (30, 14, 10, 8, 8, 30, 10, 10, 18)
    for column, width in zip("ABCDEFGHI", widths, strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return FileResponse(
        buffer, as_attachment=True, filename=f"kaohe-{today:%Y%m%d}.xlsx"
    )


@require_POST
def recompute(request, site_id: int):
    """Scores one site of the table now and keeps it as today's record (the table
    shows kept scores, ADR 1902)."""
    profile = _profiles(request.user).filter(site_id=site_id).first()
    if profile is None or active_rule_set() is None:
        raise Http404
    record_scores([profile])
    messages.success(
        request, _("已重新计算“%(name)s”的得分。") % {"name": profile.name}
    )
    return redirect("assessment_admin:cluster")


@require_http_methods(["GET", "POST"])
def site_detail(request, site_id: int):
    """A site's score line by line; what today's spot check would find, with the
    owner of each problem; the office's 限期整改 (ADR 0809)."""
    from django.core.exceptions import ValidationError

    from .. import orders
    from ..models import RectificationOrder
    from ..preview import problems

    profile = _profiles(request.user).filter(site_id=site_id).first()
    if profile is None:
        raise Http404
    if active_rule_set() is None:
        raise Http404
    office = oversees(request.user, Capability.ADMINISTER)
    form = RectificationOrderForm(request.POST or None)
    if request.method == "POST":
        if not office:
            raise PermissionDenied
        if form.is_valid():
            try:
                orders.order(actor=request.user, profile=profile,
                             deadline=form.cleaned_data["deadline"],
                             note=form.cleaned_data["note"])  # fmt: skip
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(
                    request, _("已下达限期整改，网站管理员将在待办中看到。")
                )
                return redirect("assessment_admin:site", site_id)
    result = keep([score(profile)])[0]  # the table shows what was last seen here
    context = {
        "page_title": _("考核评分：%(name)s") % {"name": profile.name},
        "header_icon": "tasks",
        "result": result,
        "problems": problems(profile, result=result),
        "orders": RectificationOrder.objects.filter(site=profile.site)[:5],
        "office": office,
        "form": form,
        "report_year": _report_year(),
        "can_report": can(request.user, Capability.ADMINISTER, profile.site),
    }
    return render(request, "assessment/admin/site.html", context)


def _report_year() -> int:
    """The year whose report is due: last year's until its 31 January deadline
    has passed, then this year's (to be filled during the year)."""
    from django.utils import timezone

    today = timezone.localdate()
    return today.year - 1 if today.month == 1 else today.year


@require_http_methods(["GET", "POST"])
def indicators(request):
    if not oversees(request.user, Capability.ADMINISTER):
        raise PermissionDenied
    rule_set = active_rule_set()
    queryset = Indicator.objects.filter(rule_set=rule_set)
    formset = IndicatorFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        changes = {
            form.instance.code: {
                name: form.cleaned_data[name] for name in form.changed_data
            }
            for form in formset.forms
            if form.has_changed()
        }
        if not changes:
            messages.info(request, _("没有修改。"))
            return redirect("assessment_admin:indicators")
        new = revise(rule_set, changes, actor=request.user)
        messages.success(
            request,
            _("已保存为新版本“%(v)s”，立即用于所有网站的评分；此前的评分仍注明原版本。")
            % {"v": new.version},
        )
        return redirect("assessment_admin:indicators")
    rows = list(zip(queryset, formset.forms, strict=True))
    context = {
        "page_title": _("考核指标"),
        "header_icon": "tasks",
        "rule_set": rule_set,
        "versions": RuleSet.objects.filter(name=rule_set.name).order_by("-pk")
        if rule_set
        else [],
        "formset": formset,
        "rows": rows,
    }
    return render(request, "assessment/admin/indicators.html", context)
