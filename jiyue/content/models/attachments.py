"""An item's attached files (附件): one shape for every page type that has them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class Attachment(Orderable):
    """Abstract: a Wagtail document and the name it is shown under. A concrete
    attachment adds its ``page = ParentalKey(<page type>, related_name=…)``; the
    pre-publish gate checks the files of both (``editorial.gate``)."""

    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("文件"),
    )
    title = models.CharField(_("附件名称"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return self.title or self.document.title
