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
