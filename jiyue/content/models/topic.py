"""Articles (信息) and topic pages (专题)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .base import ItemPage
from .placement import PlacedPage


class ArticlePage(ItemPage):
    body = RichTextField(_("正文"))
    activity_ended_at = models.DateTimeField(
        _("政务活动结束时间"),
        null=True,
        blank=True,
        help_text=_("重要政务活动的信息须在活动结束后24小时内发布；填写后按时限检查。"),
    )

    content_panels = [
        *ItemPage.content_panels,
        FieldPanel("body"),
        FieldPanel("activity_ended_at"),
        *ItemPage.provenance_panels,
    ]
    parent_page_types = ["content.ColumnPage", "content.TopicPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("信息")
        verbose_name_plural = _("信息")


class TopicPage(PlacedPage):
    intro = RichTextField(_("专题介绍"), blank=True)
    banner_text = models.CharField(_("横幅标语"), max_length=100, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("banner_text"),
        FieldPanel("intro"),
    ]
    parent_page_types = ["content.HomePage", "content.ColumnPage"]
    subpage_types = [
        "content.ColumnPage",
        "content.ArticlePage",
        "content.PolicyDocumentPage",
        "content.InterpretationPage",
    ]

    class Meta:
        verbose_name = _("专题")
        verbose_name_plural = _("专题")

    def get_context(self, request, *args, **kwargs):
        from .column import live_items

        context = super().get_context(request, *args, **kwargs)
        context["items"] = list(live_items(self)[:30])
        return context
