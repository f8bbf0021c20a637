"""The inspection indicators as versioned data (国办秘函〔2019〕19号 by default).

A rule set is a version of the indicators; one is active. An indicator says what
it is (veto, deduction, bonus), how many points, how much per item found, the
evidence it reads (a key of ``evidence.EVIDENCE``), whether its wording or points
are unconfirmed, and whether the office has switched it on (docs/decisions/0801).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    """A site's score on one day, kept for the trend (one row a site and day; the
    rule set it was scored with is named, as every score says its version)."""

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
