"""The published result of a spot check: its table (the page's and the XLSX's),
where it may be published (a 通知公告 column of a top-level portal), and the
publication itself (ADR 0803)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.documents.models import Document

from jiyue.cluster.models import SiteKind, SiteProfile
from jiyue.content.models import ColumnPage
from jiyue.content.models.placement import column_takes

from ..models import SpotCheck, SpotCheckFinding
from ..pages import SpotCheckResultPage
from ..scoring import FAILED, number
from .services import SpotCheckError, _log, _office

COLUMNS = (
    "序号",
    "网站名称",
    "网站标识码",
    "网站类型",
    "行政层级",
    "得分",
    "结论",
    "主要问题",
)


def rows(check: SpotCheck) -> list[dict]:
    found = []
    for site in check.sites.select_related("site__profile"):
        profile = site.site.profile
        vetoed = site.findings.filter(
            status=SpotCheckFinding.Status.CONFIRMED, kind="veto"
        ).exists()
        found.append({
            "code": site.code, "name": site.name,
            "kind": profile.get_kind_display(), "level": profile.get_level_display(),
            "score_text": _("单项否决") if vetoed else number(site.score + site.bonus),
            "verdict": site.verdict, "problems": list(site.problems),
            "failed": site.verdict == FAILED,
        })  # fmt: skip
    return found


def as_xlsx(check: SpotCheck, table: list[dict]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("抽检结果")
    sheet.append([str(check)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([_(c) for c in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for n, row in enumerate(table, 1):
        sheet.append([n, row["name"], row["code"], row["kind"], row["level"],
                      row["score_text"], row["verdict"],
                      "\n".join(row["problems"]) or _("无")])  # fmt: skip
        sheet.cell(sheet.max_row, 8).alignment = Alignment(wrap_text=True)
    for column, width in zip("ABCDEFGH", (6, 28, 14, 14, 10, 10, 10, 60), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def portal_columns():
    """Columns a result may be published in: those of top-level portals (no
    upper site) that take the page type, the portal heading most sites first."""
    portals = (
        SiteProfile.objects.filter(
            kind=SiteKind.PORTAL, parent__isnull=True, closed_at__isnull=True
        )
        .annotate(n=Count("children"))
        .order_by("-n", "code")
        .select_related("site__root_page")
    )
    found = []
    for profile in portals:
        columns = ColumnPage.objects.descendant_of(profile.site.root_page).live()
        found += [c for c in columns if column_takes(c, SpotCheckResultPage)]
    return found


def _check_publishable(check: SpotCheck, column, rectify_by: dt.date, today) -> None:
    if check.status != SpotCheck.Status.REVIEWING:
        raise SpotCheckError(_("只有审核中的抽检可以发布。"))
    pending = SpotCheckFinding.objects.filter(
        check_site__spot_check=check, status=SpotCheckFinding.Status.PENDING
    ).count()
    if pending:
        raise SpotCheckError(
            _("还有 %(n)d 个问题未审核，请逐一确认或驳回后再发布。") % {"n": pending}
        )
    if column.pk not in {c.pk for c in portal_columns()}:
        raise SpotCheckError({"column": _("请选择门户网站的通知公告栏目。")})
    if rectify_by <= today:
        raise SpotCheckError({"rectify_by": _("整改期限须晚于今天。")})


def _page(check: SpotCheck, table: list[dict], document: Document):
    failed = sum(1 for row in table if row["failed"])
    return SpotCheckResultPage(
        title=_("%(year)s年第%(quarter)s季度政府网站巡查抽检情况通报")
        % {"year": check.year, "quarter": check.quarter},
        slug=f"xcjc-{check.year}q{check.quarter}",
        year=check.year, quarter=check.quarter, rows=table, attachment=document,
        summary=_("本次抽检网站%(n)d个，不合格%(f)d个。") % {"n": len(table), "f": failed},
        intro=_("<p>按照政府网站季度抽查要求，平台管理办公室对%(n)d个网站进行了巡查抽检"
                "（不少于运行网站总数的30%%），结果如下。</p>") % {"n": len(table)},
    )  # fmt: skip


#: Why the result page goes live without the portal's confidentiality review step.
FORCE_REASON = gettext_lazy(
    "巡查抽检结果由平台管理办公室逐项审核后发布（docs/decisions/0803）。"
)


def _publish_page(page: SpotCheckResultPage, actor) -> None:
    """The office publishes on every site by oversight (tenancy, PUBLISH) but holds
    no Wagtail page permission there, and the portal's chain would send the page
    to its own confidentiality reviewer: the office has reviewed every line, so the
    revision goes live as a 强制发布 with its reason, recorded where the guard and
    the audit look (ADR 0402, 0803). Wagtail logs the revision and the publish."""
    from jiyue.editorial.models import ForcePublish

    revision = page.save_revision(user=actor)
    ForcePublish.objects.create(revision=revision, user=actor, reason=str(FORCE_REASON))
    revision.publish(user=actor, skip_permission_checks=True)


def spot_check_publish(
    *, actor, check: SpotCheck, column: ColumnPage, rectify_by: dt.date, now=None
) -> SpotCheckResultPage:
    """Publishes the result page (with the XLSX) under ``column``, sets the 整改
    deadline of the sites with confirmed problems; the static files are written
    when the transaction commits (publishing's page_published handler)."""
    from jiyue.editorial.services import site_collection

    _office(actor)
    now = now or timezone.now()
    _check_publishable(check, column, rectify_by, timezone.localdate(now))
    table = rows(check)
    with transaction.atomic():
        document = Document.objects.create(
            title=_("%(check)s结果表") % {"check": check},
            file=ContentFile(as_xlsx(check, table),
                             name=f"spot-check-{check.year}-q{check.quarter}.xlsx"),
            collection=site_collection(column.get_site()), uploaded_by_user=actor,
        )  # fmt: skip
        page = _page(check, table, document)
        column.add_child(instance=page)
        _publish_page(page, actor)
        check.status = SpotCheck.Status.PUBLISHED
        check.published_at, check.rectify_by, check.result_page = now, rectify_by, page
        check.save(
            update_fields=["status", "published_at", "rectify_by", "result_page"]
        )
        _log(check, "spot_check_publish", actor, page=page.pk,
             rectify_by=rectify_by.isoformat())  # fmt: skip
    return page
