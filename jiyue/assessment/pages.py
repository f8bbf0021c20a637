"""The published result of a quarterly spot check (巡查抽检结果通报): a page of the
portal, written when the office publishes the check, with the table frozen as it
was published and the same table as an XLSX attachment (docs/decisions/0803)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from jiyue.content.models import ItemPage


class SpotCheckResultPage(ItemPage):
    """巡查抽检结果: the sites checked, each one's score or verdict and main problems,
    and the 通报 of the sites found 不合格."""

    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])
    rows = models.JSONField(
        _("抽检结果"), default=list, blank=True,
        help_text=_("发布抽检时由平台生成，与附件表格一致。"),
    )  # fmt: skip
    attachment = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("附件（XLSX）"),
    )  # fmt: skip

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("attachment"),
        *ItemPage.provenance_panels,
    ]
    parent_page_types = ["content.ColumnPage"]
    subpage_types: list[str] = []
    # Made only by publishing a reviewed spot check (spot_checks.result), never
    # by hand in the page editor: a result nobody reviewed is not a result.
    is_creatable = False

    class Meta:
        verbose_name = _("巡查抽检结果")
        verbose_name_plural = _("巡查抽检结果")

    @property
    def failed_rows(self) -> list[dict]:
        return [row for row in self.rows if row.get("failed")]


class WorkReportPage(Page):
    """《政府网站工作年度报表》 as published on the site's home page (Guiyang 十一: by
    31 January): the fields frozen as signed off (定稿), with the XLSX and PDF as
    attachments. Made only by publishing a signed-off report (work_report.publish)."""

    year = models.PositiveSmallIntegerField(_("年度"))
    site_code = models.CharField(_("网站标识码"), max_length=20, blank=True)
    rows = models.JSONField(
        _("报表内容"), default=list, blank=True,
        help_text=_("发布时由平台按定稿内容生成，与附件一致。"),
    )  # fmt: skip
    xlsx = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("附件（XLSX）"),
    )  # fmt: skip
    pdf = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("附件（PDF）"),
    )  # fmt: skip

    content_panels = [*Page.content_panels]
    parent_page_types = ["content.HomePage"]
    subpage_types: list[str] = []
    is_creatable = False

    class Meta:
        verbose_name = _("政府网站工作年度报表")
        verbose_name_plural = _("政府网站工作年度报表")

    def sections(self) -> list[dict]:
        found: list[dict] = []
        for row in self.rows:
            if not found or found[-1]["name"] != row.get("section"):
                found.append({"name": row.get("section"), "rows": []})
            found[-1]["rows"].append(row)
        return found


class WorkReportIndexPage(Page):
    """政府网站工作年度报表专栏 of a portal: every site's published report, by year
    (the portal's own and those of the sites below it in the cluster)."""

    intro = models.CharField(_("导语"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("政府网站工作年度报表专栏")
        verbose_name_plural = _("政府网站工作年度报表专栏")

    def years(self) -> list[dict]:
        from .work_report import reports_below

        by_year: dict[int, list] = {}
        for report in reports_below(self):
            by_year.setdefault(report.year, []).append(report)
        return [
            {"year": y, "reports": by_year[y]} for y in sorted(by_year, reverse=True)
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["years"] = self.years()
        return context
