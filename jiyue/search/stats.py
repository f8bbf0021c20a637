"""Statistics of the search for the office (搜索统计): what citizens searched on
which site in a month, what found nothing, what found results nobody opened.

Read from ``QueryLog`` and ``ClickLog``, which hold no personal data (no address,
no cookie, no user): a query, a site, a day, a count. Exported as XLSX.
"""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ClickLog, QueryLog

TOP = 100
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> date | None:
    """The first day of the month ``YYYY-MM``, or None."""
    match = MONTH_RE.match(text or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (2000 <= year <= 2100 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def months_with_logs(site_ids: list[int] | None) -> list[date]:
    """The months in which the given sites (None: every site) have searches."""
    rows = QueryLog.objects.all()
    if site_ids is not None:
        rows = rows.filter(site_id__in=site_ids)
    return sorted(
        {d.replace(day=1) for d in rows.dates("searched_on", "month")}, reverse=True
    )


@dataclass
class Report:
    month: date
    site_name: str
    searches: int = 0
    queries: int = 0
    no_result_searches: int = 0
    clicks: int = 0
    top: list[dict] = field(default_factory=list)
    no_result: list[dict] = field(default_factory=list)
    no_click: list[dict] = field(default_factory=list)

    @property
    def no_result_rate(self) -> str:
        return _percent(self.no_result_searches, self.searches)

    @property
    def click_rate(self) -> str:
        return _percent(self.clicks, self.searches)


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def report(site_ids: list[int] | None, month: date, site_name: str) -> Report:
    """The month's figures for the sites ``site_ids`` (None: the whole cluster)."""
    span = (month, month_end(month))
    searches = QueryLog.objects.filter(searched_on__range=span)
    clicks = ClickLog.objects.filter(clicked_on__range=span)
    if site_ids is not None:
        searches = searches.filter(site_id__in=site_ids)
        clicks = clicks.filter(site_id__in=site_ids)
    clicked = dict(
        clicks.values_list("query").annotate(n=Count("pk")).values_list("query", "n")
    )
    grouped = searches.values("query").annotate(
        n=Count("pk"),
        empty=Count("pk", filter=Q(results=0)),
        average=Avg("results"),
    )
    result = Report(month=month, site_name=site_name)
    result.searches = searches.count()
    result.queries = grouped.count()
    result.no_result_searches = searches.filter(results=0).count()
    result.clicks = sum(clicked.values())

    def row(r: dict) -> dict:
        return {
            "query": r["query"],
            "searches": r["n"],
            "no_result": r["empty"],
            "average": round(r["average"] or 0, 1),
            "clicks": clicked.get(r["query"], 0),
            "click_rate": _percent(clicked.get(r["query"], 0), r["n"]),
        }

    result.top = [row(r) for r in grouped.order_by("-n", "query")[:TOP]]
    result.no_result = [
        row(r) for r in grouped.filter(empty__gt=0).order_by("-empty", "query")[:TOP]
    ]
    found = grouped.filter(average__gt=0).exclude(query__in=list(clicked))
    result.no_click = [row(r) for r in found.order_by("-n", "query")[:TOP]]
    return result


COLUMNS = [
    ("query", gettext_lazy("搜索词")),
    ("searches", gettext_lazy("搜索次数")),
    ("no_result", gettext_lazy("无结果次数")),
    ("average", gettext_lazy("平均结果数")),
    ("clicks", gettext_lazy("点击次数")),
    ("click_rate", gettext_lazy("点击率")),
]


def workbook(result: Report) -> bytes:
    """The report as an XLSX workbook: a summary sheet and one sheet per list."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    summary.title = _("概况")
    for label, value in (
        (_("站点"), result.site_name),
        (_("月份"), result.month.strftime("%Y-%m")),
        (_("搜索次数"), result.searches),
        (_("不同搜索词"), result.queries),
        (_("无结果次数"), result.no_result_searches),
        (_("无结果比例"), result.no_result_rate),
        (_("点击次数"), result.clicks),
        (_("点击率"), result.click_rate),
    ):
        summary.append([label, value])
    summary.column_dimensions["A"].width = 16
    summary.column_dimensions["B"].width = 30
    for title, rows in (
        (_("热门搜索词"), result.top),
        (_("无结果搜索词"), result.no_result),
        (_("有结果无点击"), result.no_click),
    ):
        sheet = book.create_sheet(title)
        sheet.append([str(label) for _key, label in COLUMNS])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for r in rows:
            sheet.append([r[key] for key, _label in COLUMNS])
        sheet.column_dimensions["A"].width = 40
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
