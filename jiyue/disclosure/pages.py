"""The 政府信息公开 section's own page types: the 公开目录 and the yearly report.

- :class:`DisclosureCatalogPage` (公开目录): every live item of the site with a 索引号,
  browsable by 主题分类, 体裁, 发布机构 and year; each view is a static address
  (``topic/<id>/``, ``genre/<key>/``, ``issuer/<key>/``, ``year/<y>/``) so the static
  publisher writes them all (docs/decisions/0751).
- :class:`AnnualDisclosureReportPage` (政府信息公开工作年度报告): the national structure of
  国办公开办函〔2021〕30号; its figures come from the platform where it has them (the
  site's documents, its information requests) and are typed in where it does not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter

from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from jiyue.content.models import ItemPage, PolicyDocumentPage, TopicCategory, Validity
from jiyue.content.models.placement import PlacedPage

PER_PAGE = 50

#: 体裁 (公文种类), told by the last one a title ends with (GB/T 9704 and the
#: 党政机关公文处理工作条例's kinds, the forms government sites list by).
GENRES = (
    "通知", "通告", "公告", "意见", "办法", "规定", "决定", "方案", "批复", "报告",
    "规划", "细则", "条例", "函", "纪要", "命令", "议案", "公报",
)  # fmt: skip


def genre_of(title: str) -> str:
    text = re.sub(r"[（(][^（）()]*[）)]\s*$", "", title.strip())
    for genre in GENRES:
        if text.endswith(genre):
            return genre
    return "其他"


def short_key(text: str) -> str:
    return hashlib.blake2s(text.encode("utf-8"), digest_size=4).hexdigest()


class DisclosureCatalogPage(RoutablePageMixin, PlacedPage):
    """公开目录: the site's items with an 索引号, by 主题分类, 体裁, 发布机构 and year."""

    intro = models.CharField(_("说明"), max_length=200, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.ColumnPage", "content.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("政府信息公开目录")
        verbose_name_plural = _("政府信息公开目录")

    def documents(self) -> list[PolicyDocumentPage]:
        site = self.get_site()
        root = site.root_page if site else self.get_parent()
        return list(
            PolicyDocumentPage.objects.live()
            .public()
            .descendant_of(root)
            .exclude(index_no__isnull=True)
            .exclude(index_no="")
            .select_related("topic")
            .order_by("-published_on", "-pk")
        )

    def facets(self, documents) -> list[dict]:
        topics = Counter(d.topic_id for d in documents if d.topic_id)
        names = dict(
            TopicCategory.objects.filter(pk__in=topics).values_list("pk", "name")
        )
        genres = Counter(genre_of(d.title) for d in documents)
        issuers = Counter(d.issuer for d in documents if d.issuer)
        years = Counter(d.published_on.year for d in documents)
        return [
            {"name": _("主题分类"), "route": "topic", "options": [
                (str(pk), names.get(pk, ""), n) for pk, n in sorted(topics.items())]},
            {"name": _("体裁"), "route": "genre", "options": [
                (short_key(g), g, n) for g, n in sorted(genres.items())]},
            {"name": _("发布机构"), "route": "issuer", "options": [
                (short_key(i), i, n) for i, n in sorted(issuers.items())]},
            {"name": _("年份"), "route": "year", "options": [
                (str(y), f"{y}年", n) for y, n in sorted(years.items(), reverse=True)]},
        ]  # fmt: skip

    def _select(self, documents, facet: str, key: str) -> tuple[str, list]:
        tests = {
            "topic": lambda d: str(d.topic_id) == key,
            "genre": lambda d: short_key(genre_of(d.title)) == key,
            "issuer": lambda d: short_key(d.issuer) == key,
            "year": lambda d: str(d.published_on.year) == key,
        }
        chosen = [d for d in documents if tests[facet](d)]
        if not chosen:
            raise Http404
        label = next(
            label
            for group in self.facets(documents)
            if group["route"] == facet
            for option_key, label, _n in group["options"]
            if option_key == key
        )
        return label, chosen

    def _render_list(self, request, documents, number: int, heading: str = "", base=""):
        try:
            page_obj = Paginator(documents, PER_PAGE).page(number)
        except EmptyPage as error:
            raise Http404 from error
        return self.render(
            request,
            context_overrides={
                "page_obj": page_obj,
                "heading": heading,
                "list_base": base,
                "facet_groups": self.facets(self.documents()),
            },
        )

    @path("")
    def all_items(self, request):
        return self._render_list(request, self.documents(), 1)

    @path("page/<int:number>/")
    def all_items_page(self, request, number: int):
        if number <= 1:
            raise Http404
        return self._render_list(request, self.documents(), number, base="")

    @path("<str:facet>/<str:key>/")
    def facet_list(self, request, facet: str, key: str, number: int = 1):
        if facet not in ("topic", "genre", "issuer", "year"):
            raise Http404
        label, chosen = self._select(self.documents(), facet, key)
        return self._render_list(request, chosen, number, label, f"{facet}/{key}/")

    @path("<str:facet>/<str:key>/page/<int:number>/")
    def facet_list_page(self, request, facet: str, key: str, number: int):
        if number <= 1:
            raise Http404
        return self.facet_list(request, facet, key, number)

    def static_subpaths(self) -> list[str]:
        documents = self.documents()
        pages = lambda n: range(2, (n + PER_PAGE - 1) // PER_PAGE + 1)  # noqa: E731
        found = [f"page/{p}/" for p in pages(len(documents))]
        for group in self.facets(documents):
            for key, _label, count in group["options"]:
                base = f"{group['route']}/{key}/"
                found.append(base)
                found += [f"{base}page/{p}/" for p in pages(count)]
        return found


#: Table 四's rows and columns (行政复议; 行政诉讼 未经复议直接起诉 / 复议后起诉).
APPEAL_RESULTS = ("maintained", "corrected", "other", "pending")
APPEAL_LABELS = {
    "maintained": _("结果维持"),
    "corrected": _("结果纠正"),
    "other": _("其他结果"),
    "pending": _("尚未审结"),
}


def _count(label):
    return models.PositiveIntegerField(label, default=0)


class AnnualDisclosureReportPage(ItemPage):
    """政府信息公开工作年度报告 (国办公开办函〔2021〕30号)."""

    year = models.PositiveSmallIntegerField(_("报告年度"))
    overview = RichTextField(_("一、总体情况"), blank=True)
    # 二、主动公开政府信息情况
    rules_made = _count(_("规章：本年制发件数"))
    rules_repealed = _count(_("规章：本年废止件数"))
    rules_in_force = _count(_("规章：现行有效件数"))
    norms_made = models.PositiveIntegerField(
        _("行政规范性文件：本年制发件数"),
        null=True,
        blank=True,
        help_text=_("留空则按本网站该年发布的政策文件自动统计。"),
    )
    norms_repealed = models.PositiveIntegerField(
        _("行政规范性文件：本年废止件数"),
        null=True,
        blank=True,
        help_text=_("留空则按本网站该年标为已废止或已失效的政策文件自动统计。"),
    )
    norms_in_force = models.PositiveIntegerField(
        _("行政规范性文件：现行有效件数"),
        null=True,
        blank=True,
        help_text=_("留空则按本网站现行有效的政策文件自动统计。"),
    )
    licences = _count(_("行政许可：本年处理决定数量"))
    penalties = _count(_("行政处罚：本年处理决定数量"))
    enforcement = _count(_("行政强制：本年处理决定数量"))
    fees = models.DecimalField(
        _("行政事业性收费：本年收费金额（万元）"),
        max_digits=12,
        decimal_places=2,
        default=0,
    )
    # 三、收到和处理政府信息公开申请情况: from the site's requests.
    request_figures = models.JSONField(
        _("依申请公开统计"),
        default=dict,
        blank=True,
        help_text=_("由平台的依申请公开办理记录生成。"),
    )
    # 四、政府信息公开行政复议、行政诉讼情况
    review_maintained = _count(_("行政复议：结果维持"))
    review_corrected = _count(_("行政复议：结果纠正"))
    review_other = _count(_("行政复议：其他结果"))
    review_pending = _count(_("行政复议：尚未审结"))
    direct_maintained = _count(_("未经复议直接起诉：结果维持"))
    direct_corrected = _count(_("未经复议直接起诉：结果纠正"))
    direct_other = _count(_("未经复议直接起诉：其他结果"))
    direct_pending = _count(_("未经复议直接起诉：尚未审结"))
    after_maintained = _count(_("复议后起诉：结果维持"))
    after_corrected = _count(_("复议后起诉：结果纠正"))
    after_other = _count(_("复议后起诉：其他结果"))
    after_pending = _count(_("复议后起诉：尚未审结"))
    problems = RichTextField(_("五、存在的主要问题及改进情况"), blank=True)
    other_matters = RichTextField(_("六、其他需要报告的事项"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("year"),
        FieldPanel("overview"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("rules_made"),
                        FieldPanel("rules_repealed"),
                        FieldPanel("rules_in_force"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("norms_made"),
                        FieldPanel("norms_repealed"),
                        FieldPanel("norms_in_force"),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("licences"),
                        FieldPanel("penalties"),
                        FieldPanel("enforcement"),
                    ]
                ),
                FieldPanel("fees"),
            ],
            heading=_("二、主动公开政府信息情况"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel(f"{row}_{r}") for r in APPEAL_RESULTS])
                for row in ("review", "direct", "after")
            ],
            heading=_("四、政府信息公开行政复议、行政诉讼情况"),
        ),
        FieldPanel("problems"),
        FieldPanel("other_matters"),
        *ItemPage.provenance_panels,
    ]
    parent_page_types = ["content.ColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("政府信息公开工作年度报告")
        verbose_name_plural = _("政府信息公开工作年度报告")

    def save(self, *args, **kwargs):
        site = self.get_site() if self.path else None
        if site is not None and self.year:
            self.fill_from_platform(site)
        return super().save(*args, **kwargs)

    def fill_from_platform(self, site) -> None:
        """The figures the platform has, where the editor left them empty; the
        requests' table is taken again until the report is published."""
        from .selectors import request_statistics

        documents = PolicyDocumentPage.objects.live().descendant_of(site.root_page)
        start, end = dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        if self.norms_made is None:
            self.norms_made = documents.filter(published_on__range=(start, end)).count()
        if self.norms_repealed is None:
            self.norms_repealed = documents.filter(
                validity__in=(Validity.REPEALED, Validity.EXPIRED),
                latest_revision_created_at__year=self.year,
            ).count()
        if self.norms_in_force is None:
            self.norms_in_force = documents.filter(
                validity__in=(Validity.VALID, Validity.AMENDED), published_on__lte=end
            ).count()
        if not self.live or not self.request_figures:
            self.request_figures = request_statistics(site=site, year=self.year)

    def table_three(self) -> dict:
        from .report import table_three

        return table_three(self.request_figures or {})

    def table_four(self) -> list[dict]:
        rows = []
        for row, label in (
            ("review", _("行政复议")),
            ("direct", _("行政诉讼：未经复议直接起诉")),
            ("after", _("行政诉讼：复议后起诉")),
        ):
            cells = [getattr(self, f"{row}_{r}") for r in APPEAL_RESULTS]
            rows.append({"label": label, "cells": cells, "total": sum(cells)})
        return rows

    @property
    def appeal_labels(self) -> list[str]:
        return [str(APPEAL_LABELS[r]) for r in APPEAL_RESULTS]

    @property
    def due_on(self) -> dt.date:
        """31 January of the next year (条例第四十九条)."""
        return dt.date(self.year + 1, 1, 31)
