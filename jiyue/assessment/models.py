"""The inspection indicators as versioned data (国办秘函〔2019〕19号 by default).

A rule set is a version of the indicators; one is active. An indicator says what
it is (veto, deduction, bonus), how many points, how much per item found, the
evidence it reads (a key of ``evidence.EVIDENCE``), whether its wording or points
are unconfirmed, and whether the office has switched it on (docs/decisions/0801).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site


class Kind(models.TextChoices):
    VETO = "veto", _("单项否决")
    DEDUCTION = "deduction", _("扣分")
    BONUS = "bonus", _("加分")


class RuleSet(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    version = models.CharField(_("版本"), max_length=40)
    active = models.BooleanField(_("当前使用"), default=False)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("考核指标版本")
        verbose_name_plural = _("考核指标版本")
        unique_together = (("name", "version"),)

    def __str__(self) -> str:
        return f"{self.name}（{self.version}）"


class Indicator(models.Model):
    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField(_("代码"), max_length=40)
    name = models.CharField(_("指标"), max_length=100)
    category = models.CharField(_("类别"), max_length=40)
    kind = models.CharField(_("性质"), max_length=10, choices=Kind.choices)
    points = models.DecimalField(
        _("分值"), max_digits=5, decimal_places=1, default=0,
        help_text=_("扣分指标扣完为止的上限；加分指标的最高加分。"),
    )  # fmt: skip
    per_item = models.DecimalField(
        _("每项扣（加）分"), max_digits=5, decimal_places=2, default=0
    )
    evidence = models.CharField(_("证据来源"), max_length=60)
    threshold = models.PositiveIntegerField(
        _("起算数量"), default=1,
        help_text=_("发现几项起才计（单项否决为命中）；默认1。"),
    )  # fmt: skip
    requires = models.JSONField(
        _("前提指标"), default=list, blank=True,
        help_text=_("这些指标都通过（未命中、未扣分）时本指标才计分（指标代码）。"),
    )  # fmt: skip
    unconfirmed = models.BooleanField(
        _("未经确认"),
        default=False,
        help_text=_("指标表述或分值未能与原文核对，由平台办公室确认后使用。"),
    )
    enabled = models.BooleanField(_("启用"), default=True)
    description = models.TextField(_("说明"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ("rule_set", "sort_order", "pk")
        unique_together = (("rule_set", "code"),)
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")

    def __str__(self) -> str:
        return self.name

    @property
    def evidence_label(self) -> str:
        from .evidence import EVIDENCE

        entry = EVIDENCE.get(self.evidence)
        return str(entry[0]) if entry else _("未知的证据来源")

    def clean(self) -> None:
        from .evidence import EVIDENCE

        if self.evidence not in EVIDENCE:
            raise ValidationError(
                {"evidence": _("未知的证据来源“%(key)s”。") % {"key": self.evidence}}
            )


class ScoreRecord(models.Model):
    """A site's score on one day, kept for the trend and read by the office's cluster
    table (one row a site and day; the rule set it was scored with is named, as every
    score says its version; ADR 1902)."""

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("网站"),
    )  # fmt: skip
    day = models.DateField(_("日期"))
    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.CASCADE, related_name="+", verbose_name=_("指标版本")
    )
    verdict = models.CharField(_("结论"), max_length=10)
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)
    bonus = models.DecimalField(_("加分"), max_digits=6, decimal_places=2)
    # What the cluster table shows besides the figures (ADR 1902); a record kept before
    # these were (no time) is computed again when the table needs it.
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    vetoes = models.JSONField(_("单项否决命中"), default=list, blank=True)
    insufficient = models.PositiveIntegerField(_("证据不足的指标数"), default=0)

    class Meta:
        verbose_name = _("评分记录")
        verbose_name_plural = _("评分记录")
        unique_together = (("site", "day"),)
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.site} {self.day} {self.score}"


class ReportEntry(models.Model):
    """A figure of the yearly work report that the platform does not hold (「需填写」),
    entered by the site's people; the report shows it with who entered it."""

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("网站"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("指标"), max_length=100)
    value = models.CharField(_("填报内容"), max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
        related_name="+", verbose_name=_("填报人"),
    )  # fmt: skip
    entered_at = models.DateTimeField(_("填报时间"), auto_now=True)

    class Meta:
        verbose_name = _("年度报表填报项")
        verbose_name_plural = _("年度报表填报项")
        unique_together = (("site", "year", "name"),)

    def __str__(self) -> str:
        return f"{self.site} {self.year} {self.name}"


class ReportSignoff(models.Model):
    """定稿: the yearly report signed off (after 单位负责人, 审核人, 填报人 are entered)."""

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+",
        verbose_name=_("网站"),
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("年度"))
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
        related_name="+", verbose_name=_("定稿人"),
    )  # fmt: skip
    signed_at = models.DateTimeField(_("定稿时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("年度报表定稿")
        verbose_name_plural = _("年度报表定稿")
        unique_together = (("site", "year"),)

    def __str__(self) -> str:
        return f"{self.site} {self.year}"


class SupervisionReport(models.Model):
    """The office's 《政府网站监管年度报表》 of one year: the 「需填写」 fields it
    entered (``entries``) and its 定稿, after which they are read-only
    (docs/decisions/0806)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("定稿人"),
    )  # fmt: skip
    signed_at = models.DateTimeField(_("定稿时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("监管年度报表")
        verbose_name_plural = _("监管年度报表")

    def __str__(self) -> str:
        return f"{self.year}"


class SupervisionEntry(models.Model):
    """A 「需填写」 field of the office's yearly report as entered (假冒政府网站处置,
    人员培训, the signers); the report shows it with who entered it and when."""

    report = models.ForeignKey(
        SupervisionReport, on_delete=models.CASCADE, related_name="entries",
        verbose_name=_("监管年度报表"),
    )  # fmt: skip
    name = models.CharField(_("指标"), max_length=100)
    value = models.CharField(_("填报内容"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
        related_name="+", verbose_name=_("填报人"),
    )  # fmt: skip
    entered_at = models.DateTimeField(_("填报时间"), auto_now=True)

    class Meta:
        verbose_name = _("监管年度报表填报项")
        verbose_name_plural = _("监管年度报表填报项")
        unique_together = (("report", "name"),)

    def __str__(self) -> str:
        return f"{self.report.year} {self.name}"


class SpotCheck(models.Model):
    """巡查抽检: one quarter's sample of the cluster, scored, reviewed by a person and
    published on the portal (docs/decisions/0803)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        REVIEWING = "reviewing", _("审核中")
        PUBLISHED = "published", _("已发布")

    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"))
    seed = models.BigIntegerField(_("抽样种子"))
    rate = models.DecimalField(
        _("抽样比例"), max_digits=3, decimal_places=2, default=Decimal("0.30")
    )
    population = models.JSONField(
        _("抽样范围"), default=list, help_text=_("抽样时在运行的网站标识码。")
    )
    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.PROTECT, related_name="spot_checks",
        verbose_name=_("考核指标版本"),
    )  # fmt: skip
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
        related_name="+", verbose_name=_("创建人"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    rectify_by = models.DateField(_("整改期限"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    result_page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("结果页面"),
    )  # fmt: skip

    class Meta:
        ordering = ("-year", "-quarter")
        unique_together = (("year", "quarter"),)
        verbose_name = _("巡查抽检")
        verbose_name_plural = _("巡查抽检")

    def __str__(self) -> str:
        return _("%(year)s年第%(quarter)s季度网站巡查抽检") % {
            "year": self.year,
            "quarter": self.quarter,
        }


class SpotCheckSite(models.Model):
    """One sampled site: the machine's score when it was drawn (a snapshot), and
    the result after review."""

    spot_check = models.ForeignKey(
        SpotCheck, on_delete=models.CASCADE, related_name="sites",
        verbose_name=_("巡查抽检"),
    )  # fmt: skip
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="+", verbose_name=_("网站")
    )
    code = models.CharField(_("网站标识码"), max_length=10)
    name = models.CharField(_("网站名称"), max_length=100)
    stratum = models.CharField(_("抽样层"), max_length=60)
    mandatory = models.BooleanField(_("上次不合格必查"), default=False)
    snapshot = models.JSONField(_("机器评分快照"), default=dict)
    verdict = models.CharField(_("结论"), max_length=10, blank=True)
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, default=0)
    bonus = models.DecimalField(_("加分"), max_digits=6, decimal_places=2, default=0)
    problems = models.JSONField(_("主要问题"), default=list, blank=True)
    # 整改: the site's administrators say what they fixed; reminded before the deadline.
    rectified_at = models.DateTimeField(_("整改完成时间"), null=True, blank=True)
    rectified_note = models.TextField(_("整改情况"), blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("整改报告人"),
    )  # fmt: skip
    reminded_at = models.DateTimeField(_("整改提醒时间"), null=True, blank=True)

    class Meta:
        ordering = ("spot_check", "code")
        unique_together = (("spot_check", "site"),)
        verbose_name = _("抽检网站")
        verbose_name_plural = _("抽检网站")

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def pending_count(self) -> int:
        pending = SpotCheckFinding.Status.PENDING
        return sum(1 for f in self.findings.all() if f.status == pending)


class SpotCheckFinding(models.Model):
    """A problem of a sampled site: copied from the score's evidence (machine) or
    entered by the reviewer (manual); nothing is published before a person decides."""

    class Source(models.TextChoices):
        MACHINE = "machine", _("机器发现")
        MANUAL = "manual", _("人工发现")

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        CONFIRMED = "confirmed", _("已确认")
        REJECTED = "rejected", _("已驳回")

    check_site = models.ForeignKey(
        SpotCheckSite, on_delete=models.CASCADE, related_name="findings",
        verbose_name=_("抽检网站"),
    )  # fmt: skip
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    indicator_code = models.CharField(_("指标代码"), max_length=40, blank=True)
    indicator_name = models.CharField(_("指标"), max_length=100)
    kind = models.CharField(_("性质"), max_length=10, choices=Kind.choices)
    points = models.DecimalField(_("扣分"), max_digits=6, decimal_places=2, default=0)
    text = models.TextField(_("问题描述"))
    evidence = models.JSONField(_("证据"), default=list, blank=True)
    status = models.CharField(
        _("审核状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reason = models.TextField(_("驳回理由"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("审核人"),
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        ordering = ("check_site", "pk")
        verbose_name = _("抽检问题")
        verbose_name_plural = _("抽检问题")

    def __str__(self) -> str:
        return f"{self.indicator_name}：{self.text[:40]}"


from .pages import SpotCheckResultPage  # noqa: E402, F401


class RectificationOrder(models.Model):
    """限期整改 outside a spot check: the office orders a site to fix what today's
    check would find (the problems as they stood, with their owners) by a date;
    the site's administrators report it done; reminded before the date (ADR 0809)."""

    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="+", verbose_name=_("网站")
    )
    problems = models.JSONField(_("问题"), default=list)
    deadline = models.DateField(_("整改期限"))
    note = models.CharField(_("要求"), max_length=300, blank=True)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
        related_name="+", verbose_name=_("下达人"),
    )  # fmt: skip
    ordered_at = models.DateTimeField(_("下达时间"), auto_now_add=True)
    reminded_at = models.DateTimeField(_("已提醒"), null=True, blank=True)
    rectified_at = models.DateTimeField(_("报告整改时间"), null=True, blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("报告人"),
    )  # fmt: skip
    rectified_note = models.TextField(_("整改情况"), blank=True)

    class Meta:
        ordering = ("-ordered_at",)
        verbose_name = _("限期整改")
        verbose_name_plural = _("限期整改")

    def __str__(self) -> str:
        return f"{self.site} {self.deadline}"
