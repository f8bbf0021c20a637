"""Admin views of 办事服务: the guides' completeness and link checks per site, the
catalogue import, and the office's element set and themes. Every read is scoped by
the cluster's one tenancy function (``Capability.EDIT``); the element set and the
themes are the platform office's (oversight)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.models import Site

from jiyue.cluster.tenancy import Capability, oversees, sites_for

from ..catalogue_sample import SAMPLE_XLSX, TEMPLATE_XLSX
from ..completeness import completeness, element_set
from ..importer import import_file
from ..models import ServiceGuidePage, ServiceLinkCheck
from .forms import ElementFormSet, ImportForm, ThemeFormSet


def _sites(user) -> list[Site]:
    sites = list(sites_for(user, Capability.EDIT).order_by("hostname"))
    if not sites:
        raise PermissionDenied
    return sites


def _context(title: str, **extra) -> dict:
    return {"page_title": title, "header_icon": "form", **extra}


@require_safe
def guide_list(request):
    """办事指南完整度: each guide of the chosen site, its score, what it lacks,
    and its online system's and forms' last check."""
    sites = _sites(request.user)
    chosen = next(
        (s for s in sites if str(s.pk) == request.GET.get("site", "")), sites[0]
    )
    elements = element_set()
    guides = list(
        ServiceGuidePage.objects.descendant_of(chosen.root_page)
        .prefetch_related("steps", "materials", "themes")
        .order_by("title")
    )
    failing = {}
    for check in ServiceLinkCheck.objects.filter(
        guide__in=guides, ok=False, unverified=False
    ):
        failing.setdefault(check.guide_id, []).append(check)
    rows = []
    for guide in guides:
        result = completeness(guide, elements)
        rows.append(
            {"guide": guide, "result": result, "failing": failing.get(guide.pk, [])}
        )
    rows.sort(key=lambda r: (r["result"].passes, r["result"].score))
    context = _context(
        _("办事指南完整度"),
        sites=sites,
        chosen=chosen,
        rows=rows,
        incomplete=sum(1 for r in rows if not r["result"].passes),
        dead=sum(1 for r in rows if r["failing"]),
        office=oversees(request.user, Capability.EDIT),
    )
    return render(request, "services/admin/guide_list.html", context)


@require_http_methods(["GET", "POST"])
def import_catalogue(request):
    sites = _sites(request.user)
    report = None
    form = ImportForm(request.POST or None, request.FILES or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        site = next(s for s in sites if str(s.pk) == form.cleaned_data["site"])
        upload = form.cleaned_data["file"]
        report = import_file(
            upload.name,
            upload.read(),
            site=site,
            user=request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
    return render(
        request,
        "services/admin/import.html",
        _context(_("导入事项目录"), form=form, report=report),
    )


def _download(path, name: str) -> FileResponse:
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@require_safe
def download_template(request):
    _sites(request.user)
    return _download(TEMPLATE_XLSX, "办事指南导入模板.xlsx")


@require_safe
def download_sample(request):
    _sites(request.user)
    return _download(SAMPLE_XLSX, "政务服务事项目录样例.xlsx")


def _office_only(user) -> None:
    if not oversees(user, Capability.ADMINISTER):
        raise PermissionDenied


@require_http_methods(["GET", "POST"])
def elements(request):
    """The element set the guides are judged on (the platform office's)."""
    _office_only(request.user)
    formset = ElementFormSet(request.POST or None)
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("办事指南要素已保存，立即对所有网站生效。"))
        return redirect("services_admin:elements")
    return render(
        request,
        "services/admin/formset.html",
        _context(_("办事指南要素"), formset=formset, kind="elements"),
    )


@require_http_methods(["GET", "POST"])
def themes(request):
    _office_only(request.user)
    formset = ThemeFormSet(request.POST or None)
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("办事主题已保存。"))
        return redirect("services_admin:themes")
    return render(
        request,
        "services/admin/formset.html",
        _context(_("办事主题"), formset=formset, kind="themes"),
    )
