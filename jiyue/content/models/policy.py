"""Policy documents (政策文件) and their interpretations (解读)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField

from .attachments import Attachment
from .base import ItemPage, prefetched

# 文号: issuer's abbreviation, the year in 六角括号, a serial, 号. E.g. 国办发〔2014〕57号.
DOC_NUMBER_RE = re.compile(
    r"^[\u4e00-\u9fa5A-Za-z]{1,20}〔(?P<year>\d{4})〕第?\d{1,5}号$"
)
WRONG_BRACKETS_RE = re.compile(r"[\[\]【】()（）{}〈〉<>「」]")


def validate_doc_number(value: str) -> None:
    if not value:
        return
    if WRONG_BRACKETS_RE.search(value):
        raise ValidationError(
            gettext(
                "文号中的年份须用六角括号〔〕标注，如 国办发〔2014〕57号；不能用 []、【】或（）。"
            ),
            code="doc_number_brackets",
        )
    match = DOC_NUMBER_RE.match(value)
    if not match:
        raise ValidationError(
            gettext("文号格式应为 发文机关代字〔年份〕序号号，如 国办发〔2014〕57号。"),
            code="doc_number_format",
        )
    if not 1949 <= int(match["year"]) <= 2100:
        raise ValidationError(gettext("文号中的年份不合理。"), code="doc_number_year")


class Validity(models.TextChoices):
    VALID = "valid", _("有效")
    AMENDED = "amended", _("已修改")
    REPEALED = "repealed", _("已废止")
    EXPIRED = "expired", _("已失效")


class IndexNumberCounter(models.Model):
    """The last serial given out per 索引号 prefix (``机构代码/年份``)."""

    prefix = models.CharField(max_length=60, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("索引号计数器")

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"

    @classmethod
    def next_index_no(cls, org_code: str, year: int) -> str:
        prefix = f"{org_code}/{year}"
        with transaction.atomic():
            counter, _created = cls.objects.select_for_update().get_or_create(
                prefix=prefix
            )
            counter.last += 1
            counter.save(update_fields=["last"])
        return f"{prefix}-{counter.last:05d}"


class PolicyDocumentPage(ItemPage):
    index_no = models.CharField(
        _("索引号"),
        max_length=60,
        unique=True,
        null=True,
        blank=True,
        help_text=_("留空则自动生成：机构代码/年份-五位序号。"),
        error_messages={"unique": _("该索引号已被其他文件使用，请留空以自动生成。")},
    )
    doc_number = models.CharField(
        _("文号"),
        max_length=60,
        blank=True,
        db_index=True,  # the search's direct answer finds a document by it
        validators=[validate_doc_number],
        help_text=_("如 国办发〔2014〕57号；年份用六角括号〔〕。"),
    )
    issuer = models.CharField(_("发布机构"), max_length=100)
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    published_on = models.DateField(_("发布日期"))
    topic = models.ForeignKey(
        "content.TopicCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("主题分类"),
    )
    subject_words = models.CharField(_("主题词"), max_length=200, blank=True)
    validity = models.CharField(
        _("有效性"), max_length=20, choices=Validity.choices, default=Validity.VALID
    )
    validity_note = models.CharField(
        _("有效性说明"),
        max_length=200,
        blank=True,
        help_text=_("修改、废止或失效的依据，如 被某某〔2020〕1号废止。"),
    )
    body = RichTextField(_("正文"))
    implements = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="implemented_by",
        verbose_name=_("贯彻落实的上级文件"),
    )

    content_panels = [
        *ItemPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("index_no"),
                FieldRowPanel([FieldPanel("doc_number"), FieldPanel("issuer")]),
                FieldRowPanel([FieldPanel("written_on"), FieldPanel("published_on")]),
                FieldRowPanel([FieldPanel("topic"), FieldPanel("subject_words")]),
                FieldRowPanel([FieldPanel("validity"), FieldPanel("validity_note")]),
            ],
            heading=_("文件元数据"),
        ),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("附件")),
        FieldPanel("implements"),
        *ItemPage.provenance_panels,
    ]
    parent_page_types = ["content.ColumnPage", "content.TopicPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["index_no"]

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")

    @property
    def is_valid(self) -> bool:
        return self.validity == Validity.VALID

    def clean(self) -> None:
        super().clean()
        if (
            self.written_on
            and self.published_on
            and self.written_on > self.published_on
        ):
            raise ValidationError({"written_on": gettext("成文日期不能晚于发布日期。")})

    def save(self, *args, **kwargs):
        if not self.index_no:
            self.index_no = IndexNumberCounter.next_index_no(
                self.org_code(), (self.published_on or self.written_on).year
            )
        return super().save(*args, **kwargs)

    def gate_extra_findings(self) -> list:
        """For the pre-publish gate (editorial.gate): the 文号 field against the
        发布机构 field, which the gate's text checks see apart (a spun copy changes
        the issuer's abbreviation: 黔府办发 for 贵阳市人民政府办公厅)."""
        from dataclasses import replace

        from jiyue.quality import check_doc_number

        label = gettext("文号")
        return [
            replace(f, extra={**f.extra, "label": label})
            for f in check_doc_number(self.doc_number, self.issuer)
        ]

    def org_code(self) -> str:
        # Before its first save a page has no url_path yet: ask its parent.
        anchor = self if self.url_path else self.get_parent()
        site = anchor.get_site() if anchor else None
        profile = getattr(site, "profile", None) if site else None
        return profile.index_prefix if profile else "000000000"

    def live_interpretations(self):
        return prefetched(
            self,
            "live_interpretations",
            lambda: self.interpretations.live().order_by("-first_published_at"),
        )

    def live_implementing(self):
        return prefetched(
            self,
            "live_implementing",
            lambda: self.implemented_by.live().order_by("-published_on"),
        )

    def live_implements(self):
        return prefetched(
            self,
            "live_implements",
            lambda: self.implements.live().order_by("-published_on"),
        )

    def attachment_list(self):
        return prefetched(
            self,
            "attachments",
            lambda: self.attachments.select_related("document"),
        )


class PolicyAttachment(Attachment):
    page = ParentalKey(
        PolicyDocumentPage, on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta(Attachment.Meta):
        verbose_name = _("附件")
        verbose_name_plural = _("附件")


class InterpretationForm(models.TextChoices):
    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图解")
    MEDIA = "media", _("音视频")
    INTERVIEW = "interview", _("访谈")
    COMMENTARY = "commentary", _("媒体评论")


class InterpretationPage(ItemPage):
    form = models.CharField(
        _("解读形式"), max_length=20, choices=InterpretationForm.choices
    )
    interprets = ParentalManyToManyField(
        PolicyDocumentPage,
        related_name="interpretations",
        verbose_name=_("所解读的政策文件"),
    )
    author_unit = models.CharField(_("解读单位"), max_length=100)
    body = RichTextField(_("正文"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("图解图片"),
    )
    media_url = models.URLField(_("音视频地址"), blank=True)

    content_panels = [
        *ItemPage.content_panels,
        FieldRowPanel([FieldPanel("form"), FieldPanel("author_unit")]),
        FieldPanel("interprets"),
        FieldPanel("body"),
        FieldPanel("image"),
        FieldPanel("media_url"),
        *ItemPage.provenance_panels,
    ]
    parent_page_types = ["content.ColumnPage", "content.TopicPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("政策解读")
        verbose_name_plural = _("政策解读")

    def live_documents(self):
        return prefetched(self, "live_documents", lambda: self.interprets.live())
