"""机构职能 and 负责人信息 pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField

from .base import ItemPage


class OrganisationPage(ItemPage):
    setup = RichTextField(_("机构设置"))
    duties = RichTextField(_("主要职责"))
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=60, blank=True)
    office_hours = models.CharField(_("办公时间"), max_length=100, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)

    content_panels = [
        *ItemPage.content_panels,
        FieldPanel("setup"),
        FieldPanel("duties"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("office_hours"),
                FieldPanel("postcode"),
            ],
            heading=_("联系方式"),
        ),
    ]
    parent_page_types = ["content.ColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("机构职能")
        verbose_name_plural = _("机构职能")


class LeaderPage(ItemPage):
    position = models.CharField(_("职务"), max_length=100)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("照片"),
    )
    resume = RichTextField(_("简历"))
    responsibilities = RichTextField(_("分管工作"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    content_panels = [
        *ItemPage.content_panels,
        FieldPanel("position"),
        FieldPanel("photo"),
        FieldPanel("resume"),
        FieldPanel("responsibilities"),
        FieldPanel("sort_order"),
    ]
    parent_page_types = ["content.ColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("负责人")
        verbose_name_plural = _("负责人")
