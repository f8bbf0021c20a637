"""Page types of consultations, surveys and interviews, and what citizens send
to them (comments, answers, questions), with the staff's moderation."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from jiyue.content.models import Attachment, ItemPage

from .messages import HandlingUnit

RICH = ["h3", "bold", "italic", "ol", "ul", "link", "document-link"]


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("未开始")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class Moderation(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已通过")
    REJECTED = "rejected", _("未通过")


def phase_of(opens_at, closes_at, now=None) -> str:
    now = now or timezone.now()
    if now < opens_at:
        return Phase.UPCOMING
    return Phase.OPEN if now < closes_at else Phase.CLOSED


class ChannelPage(ItemPage):
    """What the three channels share: a period during which citizens take part."""

    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("结束时间"))

    parent_page_types = ["content.ColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("结束时间必须晚于开始时间。")})

    def phase(self, now=None) -> str:
        return phase_of(self.opens_at, self.closes_at, now)

    @property
    def phase_label(self) -> str:
        return str(Phase(self.phase()).label)

    @property
    def is_open(self) -> bool:
        return self.phase() == Phase.OPEN

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["phase"] = self.phase()
        return context


class PhaseMark(models.Model):
    """The phase a channel page had when its files were last republished for a
    phase change (so the periodic check republishes each change once)."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    phase = models.CharField(max_length=10, choices=Phase.choices)

    class Meta:
        verbose_name = _("栏目阶段")
        verbose_name_plural = _("栏目阶段")

    def __str__(self) -> str:
        return f"{self.page_id} {self.phase}"


# -- 意见征集 -------------------------------------------------------------------


class ConsultationPage(ChannelPage):
    """A draft put out for public comment, and afterwards what was adopted."""

    body = RichTextField(_("征集说明"), features=RICH)
    draft = RichTextField(_("征求意见稿正文"), blank=True, features=RICH)
    feedback = RichTextField(
        _("意见采纳情况"),
        blank=True,
        features=RICH,
        help_text=_("征集结束后填写：收到多少意见、采纳了哪些、未采纳的理由。"),
    )

    content_panels = [
        *ItemPage.content_panels,
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("征集时间")
        ),
        FieldPanel("body"),
        FieldPanel("draft"),
        InlinePanel("attachments", label=_("征求意见稿及附件")),
        FieldPanel("feedback"),
        *ItemPage.provenance_panels,
    ]

    class Meta:
        verbose_name = _("意见征集")
        verbose_name_plural = _("意见征集")

    def approved_comments(self):
        return self.comments.filter(status=Moderation.APPROVED).order_by("submitted_at")


class ConsultationDocument(Attachment):
    """A document of the draft (征求意见稿、起草说明…); the gate checks it."""

    page = ParentalKey(
        ConsultationPage, on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta(Attachment.Meta):
        verbose_name = _("征求意见附件")
        verbose_name_plural = _("征求意见附件")


class Adoption(models.TextChoices):
    ADOPTED = "adopted", _("采纳")
    PARTLY = "partly", _("部分采纳")
    NOT_ADOPTED = "not_adopted", _("未采纳")


class CitizenSubmission(models.Model):
    """A citizen's text, stored first and moderated before it is shown."""

    name = models.CharField(_("署名"), max_length=40, blank=True)
    content = models.TextField(_("内容"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    status = models.CharField(
        _("审核状态"),
        max_length=20,
        choices=Moderation.choices,
        default=Moderation.PENDING,
    )
    flagged = models.BooleanField(_("含敏感词"), default=False)
    flag_evidence = models.CharField(_("审核提示"), max_length=300, blank=True)
    moderated_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
    )

    class Meta:
        abstract = True


class ConsultationComment(CitizenSubmission):
    page = models.ForeignKey(
        ConsultationPage,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("意见征集"),
    )
    adoption = models.CharField(
        _("采纳情况"), max_length=20, choices=Adoption.choices, blank=True
    )
    adoption_note = models.TextField(_("采纳说明"), blank=True)

    class Meta:
        verbose_name = _("征集意见")
        verbose_name_plural = _("征集意见")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return self.content[:40]


# -- 网上调查 -------------------------------------------------------------------


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTIPLE = "multiple", _("多选")
    TEXT = "text", _("填空（文字）")


class SurveyPage(ChannelPage):
    """A questionnaire; its results are published by staff, with charts."""

    body = RichTextField(_("调查说明"), features=RICH)

    content_panels = [
        *ItemPage.content_panels,
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("调查时间")
        ),
        FieldPanel("body"),
        InlinePanel("questions", label=_("问题"), min_num=1),
        *ItemPage.provenance_panels,
    ]

    class Meta:
        verbose_name = _("网上调查")
        verbose_name_plural = _("网上调查")

    @property
    def results_release(self):
        return SurveyResultsRelease.objects.filter(survey=self).first()


class SurveyQuestion(Orderable):
    page = ParentalKey(SurveyPage, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("问题"), max_length=200)
    kind = models.CharField(
        _("题型"), max_length=10, choices=QuestionKind.choices, default="single"
    )
    options = models.TextField(
        _("选项"), blank=True, help_text=_("单选题和多选题：每行一个选项。")
    )
    required = models.BooleanField(_("必答"), default=True)

    panels = [
        FieldPanel("text"),
        FieldPanel("kind"),
        FieldPanel("options"),
        FieldPanel("required"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("调查问题")
        verbose_name_plural = _("调查问题")

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        if self.kind != QuestionKind.TEXT and len(self.option_list) < 2:
            raise ValidationError({"options": _("选择题至少要有两个选项，每行一个。")})

    @property
    def option_list(self) -> list[str]:
        lines = (line.strip() for line in (self.options or "").splitlines())
        return list(dict.fromkeys(line for line in lines if line))


class SurveyResponse(models.Model):
    """One person's answers (as far as the site can tell: docs/decisions/0305)."""

    survey = models.ForeignKey(
        SurveyPage,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("调查"),
    )
    voter = models.CharField(_("答卷标识"), max_length=64)
    fingerprint = models.CharField(_("来源指纹"), max_length=64, db_index=True)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    flagged = models.BooleanField(_("含敏感词"), default=False)

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "voter"], name="interaction_survey_one_per_voter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey_id} #{self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    option = models.CharField(_("所选选项"), max_length=200, blank=True)
    text = models.TextField(_("文字回答"), blank=True)

    class Meta:
        verbose_name = _("回答")
        verbose_name_plural = _("回答")

    def __str__(self) -> str:
        return self.option or self.text[:20]


class SurveyResultsRelease(models.Model):
    """Staff published the survey's results (outside the page's revisions, so a
    later edit of the questionnaire cannot undo it)."""

    survey = models.OneToOneField(
        SurveyPage, on_delete=models.CASCADE, related_name="+", verbose_name=_("调查")
    )
    published_at = models.DateTimeField(_("公布时间"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("公布人"),
    )

    class Meta:
        verbose_name = _("调查结果公布")
        verbose_name_plural = _("调查结果公布")

    def __str__(self) -> str:
        return f"{self.survey_id} {self.published_at:%Y-%m-%d}"


# -- 在线访谈 -------------------------------------------------------------------


class InterviewPage(ChannelPage):
    """A scheduled live interview: guests, questions, a transcript, the archive.

    ``opens_at`` / ``closes_at`` are the broadcast's start and end; questions are
    taken from publication until the end.
    """

    unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("访谈单位"),
        help_text=_("用于统计各单位每年参加在线访谈的次数。"),
    )
    body = RichTextField(_("访谈简介"), features=RICH)

    content_panels = [
        *ItemPage.content_panels,
        MultiFieldPanel(
            [FieldPanel("opens_at"), FieldPanel("closes_at")], heading=_("访谈时间")
        ),
        FieldPanel("unit"),
        FieldPanel("body"),
        InlinePanel("guests", label=_("访谈嘉宾"), min_num=1),
        *ItemPage.provenance_panels,
    ]

    class Meta:
        verbose_name = _("在线访谈")
        verbose_name_plural = _("在线访谈")

    def accepts_questions(self, now=None) -> bool:
        now = now or timezone.now()
        return now < self.closes_at

    def transcript(self):
        return self.entries.order_by("seq")


class InterviewGuest(Orderable):
    page = ParentalKey(InterviewPage, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("姓名"), max_length=40)
    title = models.CharField(_("职务"), max_length=100)
    unit_name = models.CharField(_("单位"), max_length=100)
    is_unit_head = models.BooleanField(
        _("单位主要负责人"),
        default=False,
        help_text=_("每个单位的主要负责人每年至少参加一次在线访谈。"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("title"),
        FieldPanel("unit_name"),
        FieldPanel("is_unit_head"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("访谈嘉宾")
        verbose_name_plural = _("访谈嘉宾")

    def __str__(self) -> str:
        return f"{self.unit_name}{self.title} {self.name}"


class InterviewQuestion(CitizenSubmission):
    page = models.ForeignKey(
        InterviewPage,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("在线访谈"),
    )
    live = models.BooleanField(_("访谈中提问"), default=False)

    class Meta:
        verbose_name = _("网友提问")
        verbose_name_plural = _("网友提问")
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return self.content[:40]


class Speaker(models.TextChoices):
    HOST = "host", _("主持人")
    GUEST = "guest", _("嘉宾")
    CITIZEN = "citizen", _("网友")


class InterviewEntry(models.Model):
    """One line of the text transcript (文字实录), posted by staff."""

    page = models.ForeignKey(
        InterviewPage,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("在线访谈"),
    )
    seq = models.PositiveIntegerField(_("序号"))
    role = models.CharField(_("发言人身份"), max_length=10, choices=Speaker.choices)
    speaker = models.CharField(_("发言人"), max_length=60)
    content = models.TextField(_("内容"))
    question = models.ForeignKey(
        InterviewQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所答问题"),
    )
    posted_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )

    class Meta:
        verbose_name = _("访谈实录")
        verbose_name_plural = _("访谈实录")
        ordering = ["page_id", "seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "seq"], name="interaction_entry_page_seq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.speaker}：{self.content[:20]}"
