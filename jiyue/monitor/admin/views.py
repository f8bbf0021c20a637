"""Admin views of the monitor (后台 · 监测). Thin: permissions, then a selector or a
service. A site or finding outside the user's sites is a 404; a user with no site at
all gets a 403."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.permissions import is_platform_office
from jiyue.monitor import permissions, selectors, services
from jiyue.monitor.admin.forms import AcceptForm, FindingFilterForm, ForeignCrawlForm
from jiyue.monitor.models import Crawl, StoredFinding
from jiyue.monitor.output import SEVERITY_NAMES, TYPE_NAMES
from jiyue.monitor.verdict import cluster_rows, site_verdict

PER_PAGE = 100
CLUSTER_PER_PAGE = 100
SORTS = {
    "code": lambda r: r["profile"].code,
    "name": lambda r: r["profile"].name,
    "veto": lambda r: (-len(r["failed"]), r["profile"].code),
    "findings": lambda r: (-r["findings"], r["profile"].code),
    "crawled": lambda r: r["crawl"].created_at.isoformat() if r["crawl"] else "",
}


def _refused() -> HttpResponseForbidden:
    """A plain 403 (Wagtail would turn ``PermissionDenied`` into a redirect)."""
    return HttpResponseForbidden(_("您没有查看监测的权限。"))


def _profile_for(user, code: str) -> SiteProfile:
    profile = get_object_or_404(
        SiteProfile.objects.select_related("site__root_page"), code=code
    )
    if not permissions.can_view_profile(user, profile):
        raise Http404
    return profile


def _finding_for(user, pk: int) -> StoredFinding:
    finding = get_object_or_404(
        StoredFinding.objects.select_related("crawl__profile__site__root_page"), pk=pk
    )
    if not permissions.can_view_crawl(user, finding.crawl):
        raise Http404
    return finding


def cluster(request):
    if not permissions.has_any_access(request.user):
        return _refused()
    rows = cluster_rows(permissions.visible_profiles(request.user), timezone.now())
    sort = request.GET.get("sort", "code")
    rows.sort(key=SORTS.get(sort, SORTS["code"]))
    failed = sum(1 for row in rows if row["failed"])
    unjudged = sum(1 for row in rows if row["unjudged"] and not row["failed"])
    # Judged over the whole cluster, shown a page at a time: a province's
    # thousand rows rendered at once took most of a second (ADR 1904).
    page = Paginator(rows, CLUSTER_PER_PAGE).get_page(request.GET.get("p"))
    context = {
        "rows": page.object_list,
        "page_obj": page,
        "query": _query_without_page(request),
        "counts": {
            "total": len(rows),
            "failed": failed,
            "unjudged": unjudged,
            "passed": len(rows) - failed - unjudged,
        },
        "sort": sort,
        "is_office": is_platform_office(request.user),
        "page_title": _("监测 · 站群总览"),
        "header_icon": "site",
    }
    return render(request, "monitor/admin/cluster.html", context)


def site(request, code: str):
    profile = _profile_for(request.user, code)
    crawl = selectors.latest_crawl(profile, done=True)
    context = {
        "profile": profile,
        "crawl": crawl,
        "running": selectors.running_crawl(profile),
        "verdict": site_verdict(profile, now=timezone.now()),
        "trend": selectors.crawl_trend(profile),
        "page_title": _("监测 · %(name)s") % {"name": profile.name},
        "header_icon": "site",
        **_findings_context(request, profile, crawl),
    }
    return render(request, "monitor/admin/site.html", context)


def _findings_context(
    request, profile: SiteProfile | None, crawl: Crawl | None
) -> dict:
    form = FindingFilterForm(request.GET or None)
    if crawl is None:
        return {"filter_form": form}
    found = selectors.findings_of(crawl, **form.values())
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("p"))
    links = selectors.edit_links(profile, list(page.object_list))
    return {
        "filter_form": form,
        "page_obj": page,
        "findings": [(f, links.get(f.pk)) for f in page.object_list],
        "by_type": _named(selectors.counts_by(crawl, "type"), TYPE_NAMES),
        "by_severity": _named(selectors.counts_by(crawl, "severity"), SEVERITY_NAMES),
        "query": _query_without_page(request),
        "unverified": [
            issue
            for issue in crawl.summary.get("crawl_issue_list", [])
            if issue.get("kind") == "unverified_link"
        ],
    }


def _named(counts: dict[str, int], names: dict[str, str]) -> list[tuple[str, int]]:
    return [(names.get(key, key), n) for key, n in counts.items()]


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("p", None)
    return query.urlencode()


@require_POST
def crawl_start(request, code: str):
    profile = _profile_for(request.user, code)
    if selectors.running_crawl(profile):
        messages.warning(request, _("该站点已有正在进行的监测。"))
    else:
        services.crawl_start(user=request.user, profile=profile)
        messages.success(request, _("已开始监测，进度会显示在本页。"))
    return redirect("monitor_admin:site", code=profile.code)


@require_POST
def finding_fixed(request, pk: int):
    finding = _finding_for(request.user, pk)
    services.finding_mark_fixed(finding=finding, user=request.user)
    messages.success(request, _("已标记为已修复，下次监测时复查。"))
    return _back_to_site(finding)


def finding_accept(request, pk: int):
    finding = _finding_for(request.user, pk)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.finding_accept(
                finding=finding, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error("reason", exc)
        else:
            messages.success(request, _("已接受该问题。"))
            return _back_to_site(finding)
    context = {
        "finding": finding,
        "form": form,
        "page_title": _("接受问题"),
        "header_icon": "site",
    }
    return render(request, "monitor/admin/accept.html", context)


def _back_to_site(finding: StoredFinding):
    if finding.crawl.profile is None:
        return redirect("monitor_admin:foreign_crawl", pk=finding.crawl_id)
    return redirect("monitor_admin:site", code=finding.crawl.profile.code)


# -- sites that are not on the platform (平台外网站), platform office only ----------


def _office_refused() -> HttpResponseForbidden:
    return HttpResponseForbidden(_("只有平台管理办公室可以监测平台外的网站。"))


def foreign(request):
    """Start a crawl of a foreign URL; the list of such crawls."""
    if not is_platform_office(request.user):
        return _office_refused()
    form = ForeignCrawlForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _start_foreign(request, form.cleaned_data["url"])
    context = {
        "form": form,
        "crawls": selectors.foreign_crawls(),
        "page_title": _("监测 · 平台外网站"),
        "header_icon": "site",
    }
    return render(request, "monitor/admin/foreign.html", context)


def _start_foreign(request, url: str):
    running = selectors.running_foreign_crawl(url)
    if running is not None:
        messages.warning(request, _("该网址已有正在进行的监测。"))
        return redirect("monitor_admin:foreign_crawl", pk=running.pk)
    try:
        crawl = services.crawl_start(user=request.user, start_url=url)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("monitor_admin:foreign")
    messages.success(request, _("已开始监测，进度会显示在本页。"))
    return redirect("monitor_admin:foreign_crawl", pk=crawl.pk)


def foreign_crawl(request, pk: int):
    """One foreign crawl: progress and partial findings while it runs, then all."""
    if not is_platform_office(request.user):
        return _office_refused()
    crawl = get_object_or_404(Crawl, pk=pk, profile__isnull=True)
    active = crawl.status in (Crawl.Status.QUEUED, Crawl.Status.RUNNING)
    done = crawl if crawl.status == Crawl.Status.DONE else None
    context = {
        "crawl": crawl,
        "running": crawl if active else None,
        "page_title": _("监测 · %(url)s") % {"url": crawl.start_url},
        "header_icon": "site",
        **_findings_context(request, None, done),
    }
    return render(request, "monitor/admin/foreign_crawl.html", context)
