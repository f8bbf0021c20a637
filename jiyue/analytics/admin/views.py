"""访问统计: a site's visits over a period (7, 30, 90 or 365 days) as a
server-drawn bar chart with its table beside it, its columns, the most viewed pages,
404s, referrers and search words; for the platform office the whole cluster's table;
everything downloadable as XLSX. Scoped by the cluster's one tenancy function
(``Capability.VIEW``)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jiyue.cluster.tenancy import Capability, oversees, sites_for

from .. import selectors

DAYS = 30
PERIODS = (7, 30, 90, 365)
CHART_HEIGHT = 120


def _bars(rows: list[dict]) -> list[dict]:
    peak = max((r["views"] for r in rows), default=0) or 1
    width = 100 / max(len(rows), 1)
    return [
        {
            **row,
            "x": round(i * width, 2),
            "w": round(width * 0.8, 2),
            "h": round(CHART_HEIGHT * row["views"] / peak, 1),
            "y": round(CHART_HEIGHT - CHART_HEIGHT * row["views"] / peak, 1),
        }
        for i, row in enumerate(rows)
    ]


def _period(request) -> tuple[list, object, dt.date, dt.date, int]:
    sites = list(sites_for(request.user, Capability.VIEW).order_by("hostname"))
    if not sites:
        raise PermissionDenied
    chosen = next(
        (s for s in sites if str(s.pk) == request.GET.get("site", "")), sites[0]
    )
    wanted = request.GET.get("days", "")
    days = int(wanted) if wanted.isdigit() and int(wanted) in PERIODS else DAYS
    end = timezone.localdate()
    return sites, chosen, end - dt.timedelta(days=days - 1), end, days


@require_safe
def dashboard(request):
    sites, chosen, start, end, days = _period(request)
    rows = selectors.daily(chosen, start, end)
    office = oversees(request.user, Capability.MONITOR)
    context = {
        "page_title": _("访问统计"),
        "header_icon": "table",
        "sites": sites,
        "chosen": chosen,
        "start": start,
        "end": end,
        "days": days,
        "periods": PERIODS,
        "rows": rows,
        "bars": _bars(rows),
        "chart_height": CHART_HEIGHT,
        "totals": selectors.totals(chosen, start, end),
        "columns": selectors.column_rows(chosen, start, end),
        "pages": selectors.top_pages(chosen, start, end),
        "missing": selectors.not_found_pages(chosen, start, end),
        "referrers": selectors.top_referrers(chosen, start, end),
        "queries": selectors.top_queries(chosen, start, end),
        "cluster": selectors.cluster_rows(sites, start, end) if office else [],
    }
    return render(request, "analytics/admin/dashboard.html", context)


@require_safe
def export(request):
    """The dashboard's tables as one workbook (opens in WPS and Excel)."""
    from openpyxl import Workbook

    _sites, chosen, start, end, _days = _period(request)
    book = Workbook()
    sheets = (
        ("每日访问量", ("日期", "浏览量", "访问次数", "独立访客", "404次数"),
         [(r["day"], r["views"], r["visits"], r["visitors"], r["not_found"])
          for r in selectors.daily(chosen, start, end)]),
        ("栏目统计", ("栏目", "地址", "浏览量", "期间发布信息数"),
         [(r["title"], r["path"], r["views"], r["published"])
          for r in selectors.column_rows(chosen, start, end)]),
        ("浏览最多的页面", ("页面", "浏览量"),
         [(r["path"], r["n"]) for r in selectors.top_pages(chosen, start, end, 200)]),
        ("找不到的页面", ("地址", "次数"),
         [(r["path"], r["n"]) for r in selectors.not_found_pages(chosen, start, end, 200)]),
        ("来源网站", ("网站", "次数"),
         [(r["host"], r["n"]) for r in selectors.top_referrers(chosen, start, end, 200)]),
        ("站内搜索词", ("搜索词", "次数"),
         [(r["query"], r["n"]) for r in selectors.top_queries(chosen, start, end, 200)]),
    )  # fmt: skip
    book.remove(book.active)
    for title, head, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append([f"{chosen.site_name} {start:%Y-%m-%d}至{end:%Y-%m-%d} {title}"])
        sheet.append(list(head))
        for row in rows:
            sheet.append(list(row))
        sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    name = f"fangwen-{chosen.hostname.split('.')[0]}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"
    return FileResponse(buffer, as_attachment=True, filename=name)
