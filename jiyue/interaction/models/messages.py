"""Mailboxes, handling units, citizens' messages and their log (互动交流)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from .. import uploads


class MailboxKind(models.TextChoices):
    LEADER = "leader", _("领导信箱")
    CONSULT = "consult", _("咨询")
    COMPLAINT = "complaint", _("投诉")
    SUGGESTION = "suggestion", _("建议")
    ERROR_REPORT = "error_report", _("我为政府网站找错")


class Status(models.TextChoices):
    PENDING = "pending", _("待受理")
    REFUSED = "refused", _("不予受理")
    ACCEPTED = "accepted", _("已受理")
    FORWARDED = "forwarded", _("已转办")
    PROCESSING = "processing", _("办理中")
    # The answer waits for the mailbox manager's review (Mailbox.reply_review;
    # docs/decisions/0320-reply-review-and-withdrawal.md).
    REVIEW = "review", _("待审核")
    REPLIED = "replied", _("已答复")
    PUBLISHED = "published", _("已公开")
    UNPUBLISHED = "unpublished", _("不公开")


OPEN_STATUSES = (Status.ACCEPTED, Status.FORWARDED, Status.PROCESSING, Status.REVIEW)
# Where a handler may answer (or correct an answer already given).
REPLY_STATUSES = (Status.ACCEPTED, Status.FORWARDED, Status.PROCESSING, Status.REPLIED)
ANSWERED_STATUSES = (Status.REPLIED, Status.PUBLISHED, Status.UNPUBLISHED)


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    FAIRLY = "fairly", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Mailbox(models.Model):
    """One channel of one site (领导信箱, 咨询, 投诉, 建议, 找错)."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="mailboxes", verbose_name=_("站点")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=MailboxKind.choices)
    slug = models.SlugField(_("网址标识"), max_length=40)
    title = models.CharField(_("名称"), max_length=60)
    intro = models.TextField(_("说明"), blank=True)
    reply_workdays = models.PositiveSmallIntegerField(
        _("答复时限（工作日）"), default=7
    )
    remind_workdays = models.PositiveSmallIntegerField(
        _("到期前提醒（工作日）"), default=2
    )
    is_active = models.BooleanField(_("开放"), default=True)
    reply_review = models.BooleanField(
        _("答复审核"),
        default=False,
        help_text=_("开启后，承办人的答复须经信箱管理员审核通过，来信人才能看到。"),
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("信箱")
        verbose_name_plural = _("信箱")
        ordering = ["site_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "slug"], name="interaction_mailbox_site_slug"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site.site_name} · {self.title}"


class HandlingUnit(models.Model):
    """承办单位: a department that answers messages forwarded to it."""

    site = models.ForeignKey(
        Site,
        on_delete=models.CASCADE,
        related_name="handling_units",
        verbose_name=_("所属站点"),
    )
    name = models.CharField(_("单位名称"), max_length=100)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="handling_units",
        verbose_name=_("承办人"),
    )

    class Meta:
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        ordering = ["site_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "name"], name="interaction_unit_site_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.site.site_name}）"


class Message(models.Model):
    """A citizen's message (来信) or error report, and its handling."""

    mailbox = models.ForeignKey(
        Mailbox,
        on_delete=models.PROTECT,
        related_name="messages",
        verbose_name=_("信箱"),
    )
    tracking_no = models.CharField(_("信件编号"), max_length=20, unique=True)
    query_code_digest = models.CharField(max_length=64, editable=False)
    subject = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))
    page_url = models.URLField(_("纠错页面地址"), max_length=500, blank=True)
    name = models.CharField(_("姓名"), max_length=40, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    # Stored as <random>.<kind decided from the content> outside MEDIA_ROOT; staff
    # download it in the admin (docs/decisions/0315-private-uploads.md).
    attachment = models.FileField(
        _("附件"),
        upload_to=uploads.attachment_upload_to,
        storage=uploads.private_storage,
        blank=True,
        max_length=200,
    )
    # The citizen's own file name, for display only. Declared after ``attachment``:
    # its upload_to sets it while the row is being saved, before this is read.
    attachment_name = models.CharField(
        _("附件原文件名"), max_length=100, blank=True, editable=False
    )
    consent_publish = models.BooleanField(_("同意公开"), default=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    flagged = models.BooleanField(_("待人工审核"), default=False)
    flag_evidence = models.CharField(_("审核提示"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    workdays = models.PositiveSmallIntegerField(_("办理时限（工作日）"), default=7)
    deadline = models.DateField(_("办理期限"), null=True, blank=True)
    deadline_uncertain = models.BooleanField(_("期限待定"), default=False)
    remind_on = models.DateField(_("提醒日期"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("已提醒"), null=True, blank=True)
    overdue = models.BooleanField(_("已超期"), default=False)
    escalated_at = models.DateTimeField(_("已升级督促"), null=True, blank=True)
    supervised = models.BooleanField(_("督办"), default=False)
    extended = models.BooleanField(_("已延期"), default=False)
    refuse_reason = models.TextField(_("不予受理理由"), blank=True)
    # A pending 延期 request, until someone other than the requester decides it.
    extension_requested_at = models.DateTimeField(
        _("延期申请时间"), null=True, blank=True
    )
    extension_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("延期申请人"),
    )
    extension_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("延期批准人"),
    )
    extension_workdays = models.PositiveSmallIntegerField(
        _("申请延期至（工作日）"), null=True, blank=True
    )
    extension_reason = models.TextField(_("延期理由"), blank=True)
    unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("承办单位"),
    )
    reply = models.TextField(_("答复内容"), blank=True)
    # An answer waiting for review (Status.REVIEW); ``reply`` is what the citizen sees.
    reply_draft = models.TextField(_("待审核的答复"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    reply_unit_name = models.CharField(_("答复单位"), max_length=100, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    public_subject = models.CharField(_("公开标题"), max_length=100, blank=True)
    public_content = models.TextField(_("公开内容"), blank=True)
    public_reply = models.TextField(_("公开答复"), blank=True)
    rating = models.CharField(
        _("满意度"), max_length=20, choices=Rating.choices, blank=True
    )
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("来信")
        verbose_name_plural = _("来信")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["status", "deadline"], name="interaction_msg_open"),
            models.Index(fields=["published_at"], name="interaction_msg_pub"),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_no} {self.subject}"

    @property
    def site(self) -> Site:
        return self.mailbox.site

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_answered(self) -> bool:
        return self.status in ANSWERED_STATUSES

    @property
    def extension_pending(self) -> bool:
        return self.extension_requested_at is not None

    @property
    def clock_starts_at(self):
        """When the working-day clock started: an error report's at its
        submission, any other message's at its acceptance (ADR 0303, 0320)."""
        if self.mailbox.kind == MailboxKind.ERROR_REPORT:
            return self.submitted_at
        return self.accepted_at


class EventAction(models.TextChoices):
    SUBMIT = "submit", _("提交")
    ACCEPT = "accept", _("受理")
    REFUSE = "refuse", _("不予受理")
    FORWARD = "forward", _("转办")
    RETURN = "return", _("退回")
    START = "start", _("签收办理")
    REPLY = "reply", _("答复")
    EXTEND_REQUEST = "extend_request", _("申请延期")
    EXTEND = "extend", _("延期")
    EXTEND_REFUSE = "extend_refuse", _("不批准延期")
    REVIEW_APPROVE = "review_approve", _("答复审核通过")
    REVIEW_RETURN = "review_return", _("答复退回修改")
    PUBLISH = "publish", _("公开")
    UNPUBLISH = "unpublish", _("不公开")
    REPLY_WITHDRAW = "reply_withdraw", _("撤回公开")
    SUPERVISE = "supervise", _("督办")
    REMIND = "remind", _("到期提醒")
    OVERDUE = "overdue", _("超期")
    ESCALATE = "escalate", _("超期升级")
    RATE = "rate", _("评价")


class MessageEvent(models.Model):
    """One step in a message's life, with who did it (None = the citizen or
    the system)."""

    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="events", verbose_name=_("来信")
    )
    action = models.CharField(_("操作"), max_length=20, choices=EventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("操作人"),
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批准人"),
    )
    at = models.DateTimeField(_("时间"))
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, blank=True)
    unit = models.ForeignKey(
        HandlingUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办单位"),
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.message_id} {self.action}"

    @property
    def from_status_label(self) -> str:
        return _status_label(self.from_status)

    @property
    def to_status_label(self) -> str:
        return _status_label(self.to_status)


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else ""
