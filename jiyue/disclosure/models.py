"""A request for government information (政府信息公开申请) and its log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

#: Working days the organ has to answer, and the one extension (条例第三十三条).
ANSWER_WORKDAYS = 20
EXTENSION_WORKDAYS = 20


class ApplicantType(models.TextChoices):
    PERSON = "person", _("公民")
    ORGANISATION = "organisation", _("法人或其他组织")


class OrganisationKind(models.TextChoices):
    """The yearly report's columns (国办公开办函〔2021〕30号, table 三)."""

    COMMERCIAL = "commercial", _("商业企业")
    RESEARCH = "research", _("科研机构")
    WELFARE = "welfare", _("社会公益组织")
    LEGAL = "legal", _("法律服务机构")
    OTHER = "other", _("其他")


class Carrier(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子文档")
    DISC = "disc", _("光盘")


class Delivery(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    POST = "post", _("邮寄")
    PICKUP = "pickup", _("当面领取")
    ONLINE = "online", _("网上获取")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("待登记")
    PROCESSING = "processing", _("办理中")
    CORRECTION = "correction", _("待补正（停止计时）")
    CONSULTING = "consulting", _("征求第三方意见（停止计时）")
    ANSWERED = "answered", _("已答复")


OPEN_STATUSES = (
    RequestStatus.RECEIVED,
    RequestStatus.PROCESSING,
    RequestStatus.CORRECTION,
    RequestStatus.CONSULTING,
)
SUSPENDED_STATUSES = (RequestStatus.CORRECTION, RequestStatus.CONSULTING)


class Outcome(models.TextChoices):
    DISCLOSE = "disclose", _("予以公开")
    PARTIAL = "partial", _("部分公开")
    REFUSE = "refuse", _("不予公开")
    NOT_EXIST = "not_exist", _("信息不存在")
    NOT_OURS = "not_ours", _("非本机关负责")


class InfoRequest(models.Model):
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="info_requests",
        verbose_name=_("站点"),
    )  # fmt: skip
    tracking_no = models.CharField(_("申请编号"), max_length=20, unique=True)
    code_digest = models.CharField(max_length=64, editable=False)
    applicant_type = models.CharField(
        _("申请人类型"), max_length=20, choices=ApplicantType.choices
    )
    organisation_kind = models.CharField(
        _("组织类型"), max_length=20, choices=OrganisationKind.choices, blank=True
    )
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_number = models.CharField(_("证件号码"), max_length=30)
    phone = models.CharField(_("联系电话"), max_length=20)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    description = models.TextField(_("所需信息内容描述"))
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    carrier = models.CharField(_("载体形式"), max_length=20, choices=Carrier.choices)
    delivery = models.CharField(_("获取方式"), max_length=20, choices=Delivery.choices)
    received_at = models.DateTimeField(_("收到时间"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=RequestStatus.choices,
        default=RequestStatus.RECEIVED, db_index=True,
    )  # fmt: skip
    suspended_since = models.DateTimeField(_("停止计时自"), null=True, blank=True)
    suspended_workdays = models.PositiveIntegerField(
        _("已停止计时（工作日）"), default=0
    )
    extended = models.BooleanField(_("已延期"), default=False)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    due_on = models.DateField(_("答复期限"), null=True, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    outcome = models.CharField(
        _("答复结果"), max_length=20, choices=Outcome.choices, blank=True
    )
    ground = models.CharField(_("依据"), max_length=40, blank=True)
    reply = models.TextField(_("答复内容"), blank=True)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        ordering = ["due_on", "received_at"]

    def __str__(self) -> str:
        return self.tracking_no

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_suspended(self) -> bool:
        return self.status in SUSPENDED_STATUSES


class RequestEvent(models.Model):
    request = models.ForeignKey(
        InfoRequest, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id} {self.action}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.action, self.action))


EVENT_LABELS = {
    "submit": _("提交申请"),
    "register": _("登记"),
    "correction": _("通知补正（停止计时）"),
    "consult": _("征求第三方意见（停止计时）"),
    "resume": _("恢复计时"),
    "extend": _("延期答复"),
    "answer": _("答复"),
}


# The 政府信息公开 section's page types (公开目录, 年度报告) live in ``pages``.
from .pages import AnnualDisclosureReportPage, DisclosureCatalogPage  # noqa: E402, F401
