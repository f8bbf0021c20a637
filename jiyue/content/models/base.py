"""What every published item (信息) has in common."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from .placement import PlacedPage


def prefetched(instance: Any, key: str, load: Callable[[], Any]) -> Any:
    """``load()``, unless a bulk renderer has put the answer on ``instance`` already.

    The static publisher (``jiyue.publishing.snapshot``) renders every page of a site
    in one run; it asks the database once per site and stores what each page's
    methods and tags would ask in ``instance.jiyue_prefetched``. The result must be
    what ``load()`` returns (a list instead of a queryset).
    """
    cache = getattr(instance, "jiyue_prefetched", None)
    if cache is not None and key in cache:
        return cache[key]
    return load()


class ItemPage(PlacedPage):
    """Abstract base of items: provenance and the metadata crawlers read.

    The publish time shown is Wagtail's ``first_published_at``: it is set when the
    item first goes live and editors cannot back-date it (a faked publish date
    fails a site outright; see docs/decisions/0004-publish-time.md).
    """

    summary = models.TextField(
        _("摘要"),
        blank=True,
        help_text=_("写入页面的描述信息（搜索引擎显示的摘要），也用作列表摘要。"),
    )
    keywords = models.CharField(_("关键词"), max_length=200, blank=True)
    source_name = models.CharField(
        _("来源"),
        max_length=100,
        blank=True,
        help_text=_("转载时必须注明来源，如 中国政府网。"),
    )
    source_url = models.URLField(_("原文链接"), blank=True)
    author = models.CharField(_("作者/供稿单位"), max_length=100, blank=True)

    provenance_panels = [
        MultiFieldPanel(
            [
                FieldPanel("summary"),
                FieldPanel("keywords"),
                FieldPanel("source_name"),
                FieldPanel("source_url"),
                FieldPanel("author"),
            ],
            heading=_("来源与元数据"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def is_repost(self) -> bool:
        return bool(self.source_url)

    def column(self):
        from .column import ColumnPage

        return prefetched(
            self,
            "column",
            lambda: (
                ColumnPage.objects.ancestor_of(self).live().order_by("-depth").first()
            ),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["column"] = self.column()
        return context
