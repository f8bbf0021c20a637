"""《政府网站工作年度报表》 on the site (Guiyang 十一; national-standards §2.6): the
signed-off report published on the site's home page as a page with its XLSX and
PDF, the portal's 专栏 of every site's report, the 待办 row from 1 January and the
finding when 31 January has passed without it (docs/decisions/0805)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.documents.models import Document
from wagtail.log_actions import log
from wagtail.models import Page, Site

from jiyue.cluster.models import SiteProfile

from . import annual_report
from .models import ReportSignoff
from .pages import WorkReportIndexPage, WorkReportPage

#: Why the report goes live without the site's confidentiality review step.
FORCE_REASON = gettext_lazy(
    "政府网站工作年度报表已由单位负责人、审核人签署定稿（docs/decisions/0805）。"
)
#: The day of January by which last year's report is on the home page.
DUE_DAY = 31


def due_on(year: int) -> dt.date:
    return dt.date(year + 1, 1, DUE_DAY)


def live_report(site: Site, year: int) -> WorkReportPage | None:
    return (
        WorkReportPage.objects.live().child_of(site.root_page).filter(year=year).first()
    )


def latest_report(site: Site) -> WorkReportPage | None:
    return (
        WorkReportPage.objects.live().child_of(site.root_page).order_by("-year").first()
    )


def home_notices(home: Page) -> list[Page]:
    site = home.get_site()
    report = latest_report(site) if site is not None else None
    index = WorkReportIndexPage.objects.live().child_of(home).first()
    return [p for p in (report, index) if p is not None]


def publish(
    *, actor, profile: SiteProfile, year: int, with_pdf: bool = True
) -> WorkReportPage:
    """Publishes the signed-off report of ``year`` on ``profile``'s home page (a
    new page, or a new revision of the year's page): the fields as they stand,
    the XLSX, and the PDF when Chromium is there. Refused, in Chinese, before
    anything changes when the report is not signed off."""
    from jiyue.editorial.models import ForcePublish
    from jiyue.editorial.services import site_collection

    site = profile.site
    if not ReportSignoff.objects.filter(site=site, year=year).exists():
        raise ValidationError(_("年度报表尚未定稿，定稿后才能发布到网站。"))
    fields = annual_report.build(profile, year)
    rows = [f.as_dict() for f in fields]
    title = _("%(year)d年政府网站工作年度报表") % {"year": year}
    pdf = None
    if with_pdf:
        try:
            pdf = annual_report.as_pdf(profile, year, fields)
        except annual_report.PdfUnavailableError:
            pdf = None
    with transaction.atomic():
        collection = site_collection(site)

        def document(data: bytes, kind: str) -> Document:
            return Document.objects.create(
                title=f"{profile.name}{title}（{kind.upper()}）",
                file=ContentFile(data, name=f"gzndbb-{profile.code}-{year}.{kind}"),
                collection=collection, uploaded_by_user=actor,
            )  # fmt: skip

        page = live_report(site, year) or (
            WorkReportPage.objects.child_of(site.root_page).filter(year=year).first()
        )
        xlsx = document(annual_report.as_xlsx(profile, year, fields), "xlsx")
        pdf_document = document(pdf, "pdf") if pdf is not None else None
        if page is None:
            page = WorkReportPage(
                title=title, slug=f"gzndbb{year}", year=year, site_code=profile.code,
                rows=rows, xlsx=xlsx, pdf=pdf_document,
            )  # fmt: skip
            site.root_page.add_child(instance=page)
        else:
            page.title, page.rows, page.xlsx, page.pdf = title, rows, xlsx, pdf_document
            page.site_code = profile.code
        revision = page.save_revision(user=actor)
        if actor is not None:  # the demo loader publishes as nobody, like its pages
            ForcePublish.objects.create(
                revision=revision, user=actor, reason=str(FORCE_REASON)
            )
        revision.publish(user=actor, skip_permission_checks=True)
        log(instance=profile, action="jiyue.assessment.report_published",
            user=actor, data={"year": year, "page": page.pk})  # fmt: skip
    return page


def reports_below(index: WorkReportIndexPage) -> list[WorkReportPage]:
    """The live reports of the index's site and of every site below it."""
    from jiyue.interaction.selectors import site_subtree_ids

    site = index.get_site()
    if site is None:
        return []
    roots = Site.objects.filter(pk__in=site_subtree_ids(site.pk)).values_list(
        "root_page__path", flat=True
    )
    reports = []
    for report in WorkReportPage.objects.live().order_by("-year", "path"):
        if any(report.path.startswith(root) for root in roots):
            reports.append(report)
    return reports


def index_pages_showing(page: Page) -> list[int]:
    """``jiyue_related_page_ids``: a report is shown by every 专栏 above its site."""
    if not isinstance(page.specific_deferred, WorkReportPage):
        return []
    return [
        index.pk
        for index in WorkReportIndexPage.objects.live()
        if page in reports_below(index)
    ]


def missing(site: Site, today: dt.date) -> int | None:
    """The year whose report ``site`` still owes on ``today``, from 1 January
    until it is live; None when nothing is owed (or the site opened this year)."""
    year = today.year - 1
    profile = SiteProfile.objects.filter(site=site).first()
    if profile is None or profile.is_closed:
        return None
    opened = site.root_page.first_published_at
    if opened is not None and timezone.localtime(opened).year > year:
        return None
    return None if live_report(site, year) else year


def site_findings(site: Site) -> list:
    """``jiyue_site_findings``: after 31 January, last year's report not on the
    site is a ``late_publication`` error."""
    from jiyue.quality.findings import Finding

    today = timezone.localdate()
    year = missing(site, today)
    if year is None or today <= due_on(year):
        return []
    return [
        Finding(
            type="late_publication",
            severity="error",
            message=_("%(year)d年政府网站工作年度报表未在%(due)s前发布到网站首页。")
            % {"year": year, "due": f"{year + 1}年1月{DUE_DAY}日"},
            evidence=_("首页下没有已发布的%(year)d年度报表页面") % {"year": year},
            url=site.root_url,
        )
    ]
