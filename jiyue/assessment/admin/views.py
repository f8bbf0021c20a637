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
from django.views.decorators.http import require_http_methods, require_safe

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.tenancy import Capability, oversees, sites_for

from ..models import Indicator
from ..scoring import active_rule_set, cluster_scores, score

IndicatorFormSet = modelformset_factory(
    Indicator, fields=("enabled", "points", "per_item"), extra=0
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
    context = {
        "page_title": _("考核评分"),
        "header_icon": "tasks",
        "scores": cluster_scores(profiles) if rule_set else [],
        "rule_set": active_rule_set(),
        "office": oversees(request.user, Capability.ADMINISTER),
    }
    return render(request, "assessment/admin/cluster.html", context)


@require_safe
def site_detail(request, site_id: int):
    profile = _profiles(request.user).filter(site_id=site_id).first()
    if profile is None:
        raise Http404
    if active_rule_set() is None:
        raise Http404
    result = score(profile)
    context = {
        "page_title": _("考核评分：%(name)s") % {"name": profile.name},
        "header_icon": "tasks",
        "result": result,
    }
    return render(request, "assessment/admin/site.html", context)


@require_http_methods(["GET", "POST"])
def indicators(request):
    if not oversees(request.user, Capability.ADMINISTER):
        raise PermissionDenied
    rule_set = active_rule_set()
    queryset = Indicator.objects.filter(rule_set=rule_set)
    formset = IndicatorFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("考核指标已保存，立即用于所有网站的评分。"))
        return redirect("assessment_admin:indicators")
    rows = list(zip(queryset, formset.forms, strict=True))
    context = {
        "page_title": _("考核指标"),
        "header_icon": "tasks",
        "rule_set": rule_set,
        "formset": formset,
        "rows": rows,
    }
    return render(request, "assessment/admin/indicators.html", context)
