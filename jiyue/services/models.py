"""The service catalogue (办事服务): guides, their elements, themes and checks.

A guide (办事指南, :class:`ServiceGuidePage`) is a page of its owner's site, under
that site's 办事服务 entry (:class:`ServiceIndexPage`); it is edited, reviewed and
published like any item. Other sites that offer the same service show it by
reference (``offered_on``): written once, by its owner, shown everywhere
(docs/decisions/0701).
"""

from __future__ import annotations

import hashlib

from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page

from jiyue.content.models import ItemPage
from jiyue.content.models.placement import PlacedPage

from .elements import PRESENT
from .panels import CompletenessPanel


class Audience(models.TextChoices):
    PERSON = "person", _("个人办事")
    ORGANISATION = "organisation", _("法人办事")


class ItemType(models.TextChoices):
    LICENCE = "licence", _("行政许可")
    BENEFIT = "benefit", _("行政给付")
    CONFIRMATION = "confirmation", _("行政确认")
    AWARD = "award", _("行政奖励")
    RULING = "ruling", _("行政裁决")
    OTHER_POWER = "other_power", _("其他行政权力")
    PUBLIC_SERVICE = "public_service", _("公共服务")


class OnlineDepth(models.TextChoices):
    """网上可办理程度 (the depth levels of the national 政务服务 standard)."""

    NONE = "none", _("不可网办")
    INFORMATION = "information", _("网上咨询与指南")
    PRE_REVIEW = "pre_review", _("在线预审")
    ACCEPTANCE = "acceptance", _("在线受理")
    FULL = "full", _("全程网办")


class ServiceElement(models.Model):
    """One element of the office's element set (data, edited by the office)."""

    key = models.CharField(
        _("要素代码"),
        max_length=40,
        unique=True,
        choices=[(key, key) for key in PRESENT],
    )
    name = models.CharField(_("要素名称"), max_length=60)
    is_key = models.BooleanField(
        _("关键要素"),
        default=False,
        help_text=_("缺少关键要素的办事指南不能提交发布，除非说明理由放行。"),
    )
    weight = models.PositiveSmallIntegerField(_("分值权重"), default=1)
    source = models.CharField(_("依据"), max_length=200, blank=True)
    enabled = models.BooleanField(_("启用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ("sort_order", "pk")
        verbose_name = _("办事指南要素")
        verbose_name_plural = _("办事指南要素")

    def __str__(self) -> str:
        return self.name


class ServiceTheme(models.Model):
    """A theme (主题) or life event (人生事件 / 企业生命周期) for browsing."""

    name = models.CharField(_("主题名称"), max_length=40)
    audience = models.CharField(_("服务对象"), max_length=20, choices=Audience.choices)
    sort_order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ("audience", "sort_order", "pk")
        unique_together = (("name", "audience"),)
        verbose_name = _("办事主题")
        verbose_name_plural = _("办事主题")

    def __str__(self) -> str:
        return f"{self.get_audience_display()} · {self.name}"


class ServiceIndexPage(RoutablePageMixin, PlacedPage):
    """A site's 办事服务 entry: browse by theme and by department, for 个人 and 法人."""

    intro = models.CharField(_("导语"), max_length=200, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["services.ServiceGuidePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("办事服务入口")
        verbose_name_plural = _("办事服务入口")

    def guides(self):
        from .selectors import guides_on_site

        return guides_on_site(self)

    def get_context(self, request, *args, **kwargs):
        from .selectors import browse

        context = super().get_context(request, *args, **kwargs)
        context.update(browse(self))
        return context

    @path("")
    def entry(self, request):
        return self.render(request)

    @path("theme/<int:theme_id>/", name="theme")
    def theme(self, request, theme_id: int):
        found = ServiceTheme.objects.filter(pk=theme_id).first()
        if found is None:
            raise Http404
        guides = [g for g in self.guides() if theme_id in g.theme_ids()]
        return self._listing(request, str(found), guides)

    @path("department/<str:key>/", name="department")
    def department(self, request, key: str):
        guides = [g for g in self.guides() if department_key(g.department) == key]
        if not guides:
            raise Http404
        return self._listing(request, guides[0].department, guides)

    @path("item/<str:code>/", name="item")
    def referenced_item(self, request, code: str):
        """A guide of another site, shown here by reference."""
        guide = next((g for g in self.guides() if g.item_code == code), None)
        if guide is None or guide.is_here(self):
            raise Http404
        return self.render(
            request,
            template="services/service_guide_page.html",
            context_overrides={"page": guide, "self": guide, "shown_on": self},
        )

    def _listing(self, request, heading: str, guides: list):
        page_obj = Paginator(guides, 1000).get_page(1)
        return self.render(
            request,
            template="services/service_list.html",
            context_overrides={"heading": heading, "page_obj": page_obj},
        )

    def static_subpaths(self) -> list[str]:
        """The routes the static publisher writes besides the entry itself."""
        guides = self.guides()
        themes = sorted({t for g in guides for t in g.theme_ids()})
        departments = sorted({department_key(g.department) for g in guides})
        return (
            [f"theme/{t}/" for t in themes]
            + [f"department/{d}/" for d in departments if d]
            + [f"item/{g.item_code}/" for g in guides if not g.is_here(self)]
        )


def department_key(name: str) -> str:
    """A short, stable ASCII address for a department's name."""
    name = (name or "").strip()
    if not name:
        return ""
    return hashlib.blake2s(name.encode("utf-8"), digest_size=4).hexdigest()


class ServiceGuidePage(ItemPage):
    """One government service (政务服务事项) and its guide (办事指南)."""

    item_code = models.CharField(
        _("事项编码"),
        max_length=60,
        unique=True,
        help_text=_("政务服务事项目录中的编码；导入时按编码更新。"),
        error_messages={"unique": _("该事项编码已被其他办事指南使用。")},
    )
    item_type = models.CharField(
        _("事项类型"), max_length=20, choices=ItemType.choices, blank=True
    )
    audience = models.CharField(
        _("服务对象"),
        max_length=20,
        choices=Audience.choices,
        default=Audience.PERSON,
    )
    themes = ParentalManyToManyField(
        ServiceTheme, blank=True, related_name="guides", verbose_name=_("办事主题")
    )
    department = models.CharField(_("承办单位"), max_length=100, blank=True)
    legal_basis = models.TextField(
        _("设定依据"),
        blank=True,
        help_text=_("法律、法规、规章或规范性文件的名称、文号和条款。"),
    )
    conditions = models.TextField(_("受理条件"), blank=True)
    time_limit_legal = models.CharField(_("法定办结时限"), max_length=60, blank=True)
    time_limit_promised = models.CharField(_("承诺办结时限"), max_length=60, blank=True)
    fee_standard = models.TextField(
        _("收费标准"), blank=True, help_text=_("不收费的写“不收费”。")
    )
    fee_basis = models.TextField(_("收费依据"), blank=True)
    location = models.CharField(_("办理地点"), max_length=200, blank=True)
    office_hours = models.CharField(_("办理时间"), max_length=200, blank=True)
    consult_phone = models.CharField(_("咨询电话"), max_length=60, blank=True)
    complaint_phone = models.CharField(_("监督投诉电话"), max_length=60, blank=True)
    online_url = models.URLField(_("在线办理入口"), max_length=500, blank=True)
    online_depth = models.CharField(
        _("网上可办理程度"),
        max_length=20,
        choices=OnlineDepth.choices,
        default=OnlineDepth.INFORMATION,
    )
    notes = models.TextField(_("注意事项"), blank=True)
    offered_on = ParentalManyToManyField(
        "cluster.SiteProfile",
        blank=True,
        related_name="offered_guides",
        verbose_name=_("同时在以下网站提供"),
        help_text=_(
            "全市通办的事项写一次，由承办单位维护，在所选网站的办事服务中展示。"
        ),
    )

    content_panels = [
        CompletenessPanel(),
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("item_code"), FieldPanel("item_type")]),
                FieldRowPanel([FieldPanel("audience"), FieldPanel("department")]),
                FieldPanel("themes"),
            ],
            heading=_("基本信息"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("legal_basis"),
                FieldPanel("conditions"),
                FieldRowPanel(
                    [FieldPanel("time_limit_legal"), FieldPanel("time_limit_promised")]
                ),
            ],
            heading=_("依据、条件与时限"),
        ),
        InlinePanel("steps", label=_("办理流程"), heading=_("办理流程")),
        InlinePanel("materials", label=_("申请材料"), heading=_("申请材料")),
        MultiFieldPanel(
            [FieldPanel("fee_standard"), FieldPanel("fee_basis")],
            heading=_("收费"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("location"), FieldPanel("office_hours")]),
                FieldRowPanel(
                    [FieldPanel("consult_phone"), FieldPanel("complaint_phone")]
                ),
                FieldRowPanel([FieldPanel("online_url"), FieldPanel("online_depth")]),
                FieldPanel("notes"),
            ],
            heading=_("办理地点、联系与在线办理"),
        ),
        FieldPanel("offered_on"),
        *ItemPage.provenance_panels,
    ]
    parent_page_types = ["services.ServiceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("办事指南")
        verbose_name_plural = _("办事指南")

    def theme_ids(self) -> set[int]:
        return {t.pk for t in self.themes.all()}

    def is_here(self, index: ServiceIndexPage) -> bool:
        """Whether the guide is a page of ``index``'s own tree."""
        return self.path.startswith(index.path)

    def url_on(self, index: ServiceIndexPage) -> str:
        """Where ``index``'s site shows the guide: its own page, or by reference."""
        if self.is_here(index):
            return self.get_url()
        return index.get_url() + index.reverse_subpage("item", args=(self.item_code,))

    def original_url(self) -> str:
        """The guide's address on its owner's site (for a page showing it by
        reference), from the site's root URL: the same in every process."""
        site = self.get_site()
        if site is None:
            return ""
        return site.root_url + "/" + self.url_path[len(site.root_page.url_path) :]

    def owner_site_name(self) -> str:
        site = self.get_site()
        profile = getattr(site, "profile", None) if site else None
        return profile.name if profile else (site.site_name if site else "")

    def shown_by_page_ids(self) -> set[int]:
        """The 办事服务 entries that list this guide (static publishing
        re-renders them when it changes): every entry on a path above it in the
        cluster tree and on the sites it is offered on."""
        from .selectors import entries_showing

        return {index.pk for index in entries_showing(self)}

    def gate_extra_findings(self) -> list:
        """The guide's own findings for the pre-publish gate (editorial.gate)."""
        from .completeness import gate_findings

        return gate_findings(self)


class ServiceStep(Orderable):
    page = ParentalKey(ServiceGuidePage, related_name="steps", on_delete=models.CASCADE)
    name = models.CharField(_("环节"), max_length=60)
    description = models.TextField(_("说明"), blank=True)
    time_limit = models.CharField(_("环节时限"), max_length=60, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("time_limit")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("办理环节")


class MaterialForm(models.TextChoices):
    ORIGINAL = "original", _("原件")
    COPY = "copy", _("复印件")
    ORIGINAL_AND_COPY = "both", _("原件和复印件")


class MaterialMedium(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子")
    EITHER = "either", _("纸质或电子")


class ServiceMaterial(Orderable):
    page = ParentalKey(
        ServiceGuidePage, related_name="materials", on_delete=models.CASCADE
    )
    name = models.CharField(_("材料名称"), max_length=200)
    basis = models.CharField(_("材料依据"), max_length=200, blank=True)
    form = models.CharField(
        _("材料形式"),
        max_length=20,
        choices=MaterialForm.choices,
        default=MaterialForm.ORIGINAL,
    )
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    medium = models.CharField(
        _("纸质或电子"),
        max_length=20,
        choices=MaterialMedium.choices,
        default=MaterialMedium.EITHER,
    )
    signature = models.CharField(
        _("签名签章要求"), max_length=100, blank=True, help_text=_("如 申请人签字")
    )
    needs_form = models.BooleanField(
        _("需填写规范表格"),
        default=False,
        help_text=_("需要填写表格的材料应提供空表或样表下载。"),
    )
    blank_form = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("空白表格"),
    )
    sample = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("示范文本（样表）"),
    )
    instructions = models.TextField(_("填写说明"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("form"), FieldPanel("copies"), FieldPanel("medium")]),
        FieldRowPanel([FieldPanel("basis"), FieldPanel("signature")]),
        FieldRowPanel(
            [FieldPanel("needs_form"), FieldPanel("blank_form"), FieldPanel("sample")]
        ),
        FieldPanel("instructions"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("申请材料")

    def documents(self) -> list:
        return [d for d in (self.blank_form, self.sample) if d is not None]


class LinkKind(models.TextChoices):
    ONLINE = "online", _("在线办理系统")
    FORM = "form", _("表格下载")


class ServiceLinkCheck(models.Model):
    """The latest check of one guide's 在线办理 link or form download (monitor)."""

    guide = models.ForeignKey(
        ServiceGuidePage, on_delete=models.CASCADE, related_name="link_checks"
    )
    kind = models.CharField(_("类别"), max_length=10, choices=LinkKind.choices)
    url = models.CharField(_("地址"), max_length=500)
    ok = models.BooleanField(_("可访问"))
    unverified = models.BooleanField(
        _("无法验证（无外网）"),
        default=False,
        help_text=_("本机无法连接平台以外的地址，结果不计入无法访问。"),
    )
    status_code = models.PositiveIntegerField(_("HTTP 状态码"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=200, blank=True)
    checked_at = models.DateTimeField(_("检查时间"))
    failing_since = models.DateTimeField(_("首次失败时间"), null=True, blank=True)

    class Meta:
        unique_together = (("guide", "url"),)
        verbose_name = _("办事链接检查")
        verbose_name_plural = _("办事链接检查")

    def __str__(self) -> str:
        return self.url

    @property
    def is_dead(self) -> bool:
        """Checked and could not be opened (not 无法验证)."""
        return not self.ok and not self.unverified
