"""Admin views of the search (后台 · 站内搜索). Thin: permissions, then a form,
a service or a selector.

Who may do what (jiyue.cluster.tenancy, ``Capability.SEARCH``): a site's 网站管理员
keeps his site's 推荐结果 and site synonyms and sees his site's statistics; the
platform office (oversight) does so on every site and alone keeps the cluster-wide
best bets and synonyms and the word list (docs/decisions/0609-search-office-screens.md).
A user without the capability anywhere gets a 403; a site not his, a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Site

from jiyue.cluster.tenancy import Capability, oversees, sites_for

from .. import services, stats
from ..models import BestBet, SearchWord, Synonym
from .forms import (
    BestBetFormSet,
    SynonymFormSet,
    WordsAddForm,
    WordsDeleteForm,
    WordsFilterForm,
)

WORDS_PER_PAGE = 100
KINDS = {
    "bet": {
        "model": BestBet,
        "formset": BestBetFormSet,
        "title": gettext_lazy("推荐结果"),
        "url": "search_admin:bets",
        "site_url": "search_admin:bets_site",
        "cluster_url": "search_admin:bets_cluster",
        "template": "search/admin/bets.html",
    },
    "synonym": {
        "model": Synonym,
        "formset": SynonymFormSet,
        "title": gettext_lazy("同义词"),
        "url": "search_admin:synonyms",
        "site_url": "search_admin:synonyms_site",
        "cluster_url": "search_admin:synonyms_cluster",
        "template": "search/admin/synonyms.html",
    },
}


def _refused(message: str | None = None) -> HttpResponseForbidden:
    """A plain 403 (Wagtail would turn ``PermissionDenied`` into a redirect)."""
    return HttpResponseForbidden(message or _("您没有管理站内搜索的权限。"))


def _sites(user):
    return sites_for(user, Capability.SEARCH).select_related("root_page")


def _is_office(user) -> bool:
    """The platform office (and superusers): the cluster's vocabulary."""
    return oversees(user, Capability.SEARCH)


def _site_for(user, site_id: int) -> Site:
    site = get_object_or_404(Site.objects.select_related("root_page"), pk=site_id)
    if not _sites(user).filter(pk=site.pk).exists():
        raise Http404
    return site


def _site_name(site: Site | None) -> str:
    return site.site_name or site.hostname if site else _("全部站点（通用）")


def _context(title: str, **extra) -> dict:
    return {"page_title": title, "header_icon": "search", **extra}


# -- overview, best bets, synonyms ----------------------------------------------------


def index(request):
    sites = _sites(request.user)
    if not sites.exists():
        return _refused()
    return redirect("search_admin:stats")


def rows_index(request, kind: str):
    """The sites whose 推荐结果 (or synonyms) the user keeps, with their counts."""
    spec = KINDS[kind]
    sites = list(_sites(request.user).order_by("site_name", "hostname"))
    office = _is_office(request.user)
    if not sites:
        return _refused()
    if len(sites) == 1 and not office:
        return redirect(spec["site_url"], site_id=sites[0].pk)
    counts = dict(
        spec["model"]
        .objects.values_list("site_id")
        .annotate(n=Count("pk"))
        .values_list("site_id", "n")
    )
    rows = [
        {"name": _site_name(s), "url": reverse(spec["site_url"], args=[s.pk]),
         "count": counts.get(s.pk, 0)}
        for s in sites
    ]  # fmt: skip
    if office:
        rows.insert(0, {"name": _site_name(None), "url": reverse(spec["cluster_url"]),
                        "count": counts.get(None, 0)})  # fmt: skip
    return render(
        request,
        "search/admin/sites.html",
        _context(spec["title"], rows=rows, kind=kind),
    )


def bets(request):
    return rows_index(request, "bet")


def synonyms(request):
    return rows_index(request, "synonym")


def _rows_edit(request, kind: str, site: Site | None):
    spec = KINDS[kind]
    rows = spec["model"].objects.filter(site=site)
    query = " ".join(request.GET.get("q", "").split())[:100]
    if query:
        field = "query__contains" if kind == "bet" else "terms__contains"
        rows = rows.filter(**{field: query})
    rows = rows.order_by(*(["query", "sort_order", "pk"] if kind == "bet" else ["pk"]))
    formset = spec["formset"](request.POST or None, queryset=rows, site=site)
    if request.method == "POST":
        if formset.is_valid():
            saved, deleted = services.save_formset(
                formset, user=request.user, site=site, kind=kind
            )
            messages.success(
                request,
                _("已保存：修改 %(saved)d 条，删除 %(deleted)d 条，下一次搜索即生效。")
                % {"saved": saved, "deleted": deleted},
            )
            return redirect(request.get_full_path())
        messages.error(request, _("有内容未能保存，请按提示修改后重新提交。"))
    title = f"{spec['title']} · {_site_name(site)}"
    return render(
        request,
        spec["template"],
        _context(
            title, formset=formset, site=site, query=query,
            back=reverse(spec["url"]), media=formset.media,
        ),
    )  # fmt: skip


def bets_site(request, site_id: int):
    if not _sites(request.user).exists():
        return _refused()
    return _rows_edit(request, "bet", _site_for(request.user, site_id))


def bets_cluster(request):
    if not _is_office(request.user):
        return _refused(_("通用推荐结果由平台管理办公室维护。"))
    return _rows_edit(request, "bet", None)


def synonyms_site(request, site_id: int):
    if not _sites(request.user).exists():
        return _refused()
    return _rows_edit(request, "synonym", _site_for(request.user, site_id))


def synonyms_cluster(request):
    if not _is_office(request.user):
        return _refused(_("通用同义词由平台管理办公室维护。"))
    return _rows_edit(request, "synonym", None)


# -- the word list ----------------------------------------------------------------


def words(request):
    """搜索词库: words the segmentation keeps whole (the platform office's)."""
    if not _is_office(request.user):
        return _refused(_("搜索词库由平台管理办公室维护。"))
    add_form = WordsAddForm(prefix="add")
    delete_form = WordsDeleteForm(prefix="del")
    if request.method == "POST" and request.POST.get("action") == "add":
        add_form = WordsAddForm(request.POST, prefix="add")
        if add_form.is_valid():
            added, existing = services.words_add(
                add_form.cleaned_data["words"],
                add_form.cleaned_data["kind"],
                user=request.user,
            )
            messages.success(
                request,
                _("已添加 %(n)d 个词语，下一次搜索即生效。") % {"n": len(added)},
            )
            if existing:
                messages.warning(
                    request,
                    _("以下词语已在词库中，未重复添加：%(words)s")
                    % {"words": "、".join(existing[:50])},
                )
            return redirect(request.get_full_path())
    elif request.method == "POST":
        delete_form = WordsDeleteForm(request.POST, prefix="del")
        if delete_form.is_valid():
            ids = [w.pk for w in delete_form.cleaned_data["ids"]]
            n = services.words_delete(ids, user=request.user)
            messages.success(request, _("已删除 %(n)d 个词语。") % {"n": n})
            return redirect(request.get_full_path())
        messages.error(request, " ".join(delete_form.errors.get("ids", [])))
    filter_form = WordsFilterForm(request.GET or None)
    found = filter_form.filter(SearchWord.objects.order_by("word"))
    page = Paginator(found, WORDS_PER_PAGE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return render(
        request,
        "search/admin/words.html",
        _context(
            _("搜索词库"), add_form=add_form, filter_form=filter_form,
            page_obj=page, query=query.urlencode(), total=found.count(),
        ),
    )  # fmt: skip


# -- statistics ---------------------------------------------------------------------


def _stats_scope(request):
    """(site ids or None for all, site name, chosen value, choices, month, error)."""
    sites = list(_sites(request.user).order_by("site_name", "hostname"))
    office = _is_office(request.user)
    choices = ([("", _("全部站点"))] if office else []) + [
        (str(s.pk), _site_name(s)) for s in sites
    ]
    chosen = request.GET.get("site", "" if office else str(sites[0].pk))
    by_pk = {str(s.pk): s for s in sites}
    if chosen == "" and office:
        site_ids, name = None, _("全部站点")
    elif chosen in by_pk:
        site_ids, name = [by_pk[chosen].pk], _site_name(by_pk[chosen])
    else:
        raise Http404
    error = ""
    month = stats.parse_month(request.GET.get("month", ""))
    if month is None:
        if request.GET.get("month"):
            error = _("月份格式应为“年-月”，如 2026-03；已显示本月。")
        month = timezone.localdate().replace(day=1)
    return site_ids, name, chosen, choices, month, error


def stats_view(request):
    if not _sites(request.user).exists():
        return _refused()
    site_ids, name, chosen, choices, month, error = _stats_scope(request)
    months = stats.months_with_logs(site_ids)
    if month not in months:
        months = sorted([*months, month], reverse=True)
    if error:
        messages.error(request, error)
    result = stats.report(site_ids, month, name)
    query = request.GET.copy()
    query["month"] = month.strftime("%Y-%m")
    query["site"] = chosen
    return render(
        request,
        "search/admin/stats.html",
        _context(
            _("搜索统计"), report=result, site_choices=choices, chosen=chosen,
            months=[m.strftime("%Y-%m") for m in months],
            month=month.strftime("%Y-%m"), export_query=query.urlencode(),
        ),
    )  # fmt: skip


def stats_export(request):
    if not _sites(request.user).exists():
        return _refused()
    site_ids, name, _chosen, _choices, month, _error = _stats_scope(request)
    result = stats.report(site_ids, month, name)
    response = HttpResponse(
        stats.workbook(result),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"search-stats-{month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
