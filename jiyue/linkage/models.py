"""协同联动: reposts by reference (转载), pushes with deadlines (推送), 报送 with
quotas, and the interpretation that must follow a major policy (ADR 1101, 1102)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, Site

from jiyue.content.models.placement import PlacedPage

#: The item types a reference, a push or a submission may carry.
ITEM_TYPES = (
    "content.ArticlePage",
    "content.PolicyDocumentPage",
    "content.InterpretationPage",
)
ITEM_LABELS = frozenset(label.lower() for label in ITEM_TYPES)


def is_item(page: Page) -> bool:
    return page.specific_class._meta.label_lower in ITEM_LABELS


class LinkageRules(models.Model):
    """The office's figures (one row; read on every use, so a change counts in
    every process at once). Defaults: Guiyang 九(一), Ankang 四(二) and 二(一)."""

    push_deadline_hours = models.PositiveIntegerField(
        _("推送转载时限（小时）"),
        default=12,
        validators=[MinValueValidator(1)],
        help_text=_("贵阳 九(一)：上级重要信息12小时内转载。"),
    )
    reminder_hours = models.PositiveIntegerField(_("到期前提醒（小时）"), default=2)
    county_quota = models.PositiveIntegerField(_("县级每月报送任务（条）"), default=80)
    department_quota = models.PositiveIntegerField(
        _("部门每月报送任务（条）"), default=15
    )
    interpretation_days = models.PositiveIntegerField(
        _("重大政策解读时限（天）"),
        default=0,
        help_text=_("0 表示与政策文件同日发布（同步解读）。"),
    )
    major_issuers = models.TextField(
        _("按发布机构认定重大政策"),
        blank=True,
        help_text=_(
            "每行一个发布机构；这些机构发布的政策文件自动认定为重大政策，须同步解读。"
        ),
    )
    activity_hours = models.PositiveIntegerField(
        _("重要政务活动信息时限（小时）"), default=24
    )
    normative_workdays = models.PositiveIntegerField(
        _("规范性文件公开时限（工作日）"), default=3
    )

    class Meta:
        verbose_name = _("协同联动规则")
        verbose_name_plural = _("协同联动规则")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> LinkageRules:
        """The office's row, or the defaults (unsaved) before it saved one."""
        rules = cls.objects.order_by("pk").first()
        return rules if rules is not None else cls()

    def issuers(self) -> set[str]:
        return {
            line.strip() for line in self.major_issuers.splitlines() if line.strip()
        }


class ReferencePage(PlacedPage):
    """A repost by reference (转载): shows the source item's live content, with
    where it comes from, under the target site's own address. Never a copy."""

    source = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linkage_references",
        verbose_name=_("原文"),
    )
    follow_title = models.BooleanField(
        _("标题随原文更新"),
        default=True,
        help_text=_("取消勾选则保留本站填写的标题。"),
    )
    source_site_name = models.CharField(_("来源网站"), max_length=100, blank=True)
    source_address = models.URLField(_("原文地址"), max_length=500, blank=True)

    content_panels = [
        PageChooserPanel("source", page_type=list(ITEM_TYPES)),
        FieldPanel("title"),
        FieldPanel("follow_title"),
    ]
    parent_page_types = ["content.ColumnPage"]
    subpage_types: list[str] = []
    template = "linkage/reference_page.html"

    class Meta:
        verbose_name = _("转载（引用）")
        verbose_name_plural = _("转载（引用）")

    def clean(self) -> None:
        super().clean()
        from .references import reference_problem

        problem = reference_problem(self)
        if problem:
            raise ValidationError({"source": problem})

    def live_source(self) -> Page | None:
        """The source as readers may see it now, or None (撤回, 删除, 限制访问)."""
        from .references import live_source

        return live_source(self)

    def get_context(self, request, *args, **kwargs):
        from .references import reference_context

        context = super().get_context(request, *args, **kwargs)
        context.update(reference_context(self))
        return context


class Push(models.Model):
    """须转载: an upper site's item that its lower sites must repost by a deadline."""

    source = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("推送的信息"),
    )
    source_title = models.CharField(_("标题"), max_length=255)
    sender_site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="+", verbose_name=_("推送网站")
    )
    deadline = models.DateTimeField(_("转载期限"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("推送人"),
    )
    created_at = models.DateTimeField(_("推送时间"), default=timezone.now)

    class Meta:
        verbose_name = _("转载推送")
        verbose_name_plural = _("转载推送")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.source_title


class PushTarget(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待转载")
        ACCEPTED = "accepted", _("已转载")
        DECLINED = "declined", _("不转载（已说明理由）")

    push = models.ForeignKey(
        Push, on_delete=models.CASCADE, related_name="targets", verbose_name=_("推送")
    )
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="+", verbose_name=_("接收网站")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reference = models.ForeignKey(
        ReferencePage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("转载页面"),
    )
    reason = models.CharField(_("理由"), max_length=300, blank=True)
    done_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("处理人"),
    )
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(_("超期通知时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("推送对象")
        verbose_name_plural = _("推送对象")
        constraints = [
            models.UniqueConstraint(fields=["push", "site"], name="linkage_push_once")
        ]

    def __str__(self) -> str:
        return f"{self.push} → {self.site}"

    def lag(self, now: dt.datetime | None = None) -> dt.timedelta | None:
        """How late: done after the deadline, or still pending past it."""
        if self.status == self.Status.DECLINED:
            return None
        moment = self.done_at or now or timezone.now()
        late = moment - self.push.deadline
        return late if late > dt.timedelta(0) else None


class AutoAccept(models.Model):
    """A site that takes every push into one column at once (自动转载)."""

    site = models.OneToOneField(
        Site, on_delete=models.CASCADE, related_name="+", verbose_name=_("网站")
    )
    column = models.ForeignKey(
        "content.ColumnPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("转入栏目"),
    )

    class Meta:
        verbose_name = _("自动转载")
        verbose_name_plural = _("自动转载")

    def __str__(self) -> str:
        return str(self.site)


class Quota(models.Model):
    """报送任务: how many items a unit's site owes its upper portal each month."""

    site = models.OneToOneField(
        Site, on_delete=models.CASCADE, related_name="+", verbose_name=_("报送单位网站")
    )
    monthly = models.PositiveIntegerField(_("每月报送任务（条）"))

    class Meta:
        verbose_name = _("报送任务")
        verbose_name_plural = _("报送任务")

    def __str__(self) -> str:
        return f"{self.site}: {self.monthly}"


class Submission(models.Model):
    """报送: an item offered by a lower site or unit to an upper site's column."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待采用")
        ADOPTED = "adopted", _("已采用")
        DECLINED = "declined", _("未采用")

    from_site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="+", verbose_name=_("报送网站")
    )
    to_column = models.ForeignKey(
        "content.ColumnPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("报送栏目"),
    )
    to_site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="+", verbose_name=_("接收网站")
    )
    item = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("本站已发布的信息"),
    )
    title = models.CharField(_("标题"), max_length=255)
    body = models.TextField(_("正文"), blank=True)
    unit = models.CharField(_("供稿单位"), max_length=100)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("报送人"),
    )
    submitted_at = models.DateTimeField(_("报送时间"), default=timezone.now)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    reason = models.CharField(_("未采用理由"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("处理人"),
    )
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    adopted_page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("采用后的页面"),
    )

    class Meta:
        verbose_name = _("信息报送")
        verbose_name_plural = _("信息报送")
        ordering = ["-submitted_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class InterpretationTask(models.Model):
    """谁起草，谁解读: a major policy document and the interpretation it owes."""

    document = models.OneToOneField(
        "content.PolicyDocumentPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("重大政策文件"),
    )
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="+", verbose_name=_("起草单位网站")
    )
    due_on = models.DateField(_("解读期限"))
    why = models.CharField(_("认定方式"), max_length=100)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("认定人"),
    )
    created_at = models.DateTimeField(_("认定时间"), default=timezone.now)

    class Meta:
        verbose_name = _("重大政策解读任务")
        verbose_name_plural = _("重大政策解读任务")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return gettext("解读：%(title)s") % {"title": self.document.title}


class CoreItem(models.Model):
    """An item marked 核心信息: its site's English version must carry it (57号(十))."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("核心信息"),
    )
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("标记人"),
    )
    marked_at = models.DateTimeField(_("标记时间"), default=timezone.now)

    class Meta:
        verbose_name = _("英文版核心信息")
        verbose_name_plural = _("英文版核心信息")

    def __str__(self) -> str:
        return str(self.page)


class EnglishPage(PlacedPage):
    """The English counterpart of a Chinese item, in the site's 英文版 column: the
    office sees how many days it lags behind its original."""

    original = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="english_versions",
        verbose_name=_("中文原文"),
    )
    summary = models.TextField(_("英文摘要"), blank=True)
    body = RichTextField(_("英文正文"))

    content_panels = [
        *Page.content_panels,
        PageChooserPanel("original", page_type=list(ITEM_TYPES)),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    parent_page_types = ["content.ColumnPage"]
    subpage_types: list[str] = []
    template = "linkage/english_page.html"

    class Meta:
        verbose_name = _("英文版页面")
        verbose_name_plural = _("英文版页面")
