"""访问统计: a site's visits of the last 30 days as a server-drawn bar chart with
its table beside it, the most viewed pages, 404s, referrers and search words.
Scoped by the cluster's one tenancy function (``Capability.VIEW``)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jiyue.cluster.tenancy import Capability, sites_for

from .. import selectors

DAYS = 30
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


@require_safe
def dashboard(request):
    sites = list(sites_for(request.user, Capability.VIEW).order_by("hostname"))
    if not sites:
        raise PermissionDenied
    chosen = next(
        (s for s in sites if str(s.pk) == request.GET.get("site", "")), sites[0]
    )
    end = timezone.localdate()
    start = end - dt.timedelta(days=DAYS - 1)
    rows = selectors.daily(chosen, start, end)
    context = {
        "page_title": _("访问统计"),
        "header_icon": "table",
        "sites": sites,
        "chosen": chosen,
        "start": start,
        "end": end,
        "rows": rows,
        "bars": _bars(rows),
        "chart_height": CHART_HEIGHT,
        "totals": selectors.totals(chosen, start, end),
        "pages": selectors.top_pages(chosen, start, end),
        "missing": selectors.not_found_pages(chosen, start, end),
        "referrers": selectors.top_referrers(chosen, start, end),
        "queries": selectors.top_queries(chosen, start, end),
    }
    return render(request, "analytics/admin/dashboard.html", context)
