"""The confidentiality review step, the sign-off and the records of the gate.

(Roles per site, ``SiteRole``, live in ``jiyue.cluster.models``: ADR 0107.)"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Page, Revision, TaskState

from jiyue.content.models.column import ColumnKind


def dashboard_url() -> str:
    """Where a person lands after acting on a step: the page's editor may no
    longer be open to him (docs/decisions/0423)."""
    return reverse("wagtailadmin_home")


class ConfidentialityApproveMixin:
    """Approval needs the reviewer's explicit confirmations (先审查、后公开)."""

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", gettext("退回修改"), True),
                ("approve", gettext("审查通过"), True),
            ]
        return []

    def get_form_for_action(self, action):
        from .admin.forms import ConfidentialityApproveForm, TaskCommentForm

        return ConfidentialityApproveForm if action == "approve" else TaskCommentForm

    @transaction.atomic
    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            confirm_revision(task_state=task_state, user=user, **kwargs)
        super().on_action(
            task_state, user, action_name, comment=kwargs.get("comment", "")
        )
        return dashboard_url()


class ConfidentialityReviewTask(ConfidentialityApproveMixin, AbstractGroupApprovalTask):
    """保密审查: a group approval whose approval records explicit confirmations."""

    @classmethod
    def get_description(cls):
        return _(
            "保密审查员须逐项确认不涉及国家秘密、工作秘密，不含未脱敏的个人信息、商业秘密。"
        )

    class Meta:
        verbose_name = _("保密审查")
        verbose_name_plural = _("保密审查")


class SignOffTask(AbstractGroupApprovalTask):
    """签发: the leader's approval, the last step, after which the page goes out.

    A group approval whose buttons say what the leader does (签发), not Wagtail's
    generic 「批准」 (docs/decisions/0422-todo-panel-and-workflow-wording.md)."""

    def get_actions(self, obj, user):
        if user.is_superuser or self._user_in_groups(user):
            return [
                ("reject", gettext("退回修改"), True),
                ("approve", gettext("签发"), False),
                ("approve", gettext("签发并填写意见"), True),
            ]
        return []

    def on_action(self, task_state, user, action_name, **kwargs):
        super().on_action(task_state, user, action_name, **kwargs)
        return dashboard_url()

    @classmethod
    def get_description(cls):
        return _("签发人签发后页面即发布。")

    class Meta:
        verbose_name = _("签发")
        verbose_name_plural = _("签发")


class ConfidentialityConfirmation(models.Model):
    """The reviewer's confirmations for one revision, with name and time."""

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="+", verbose_name=_("版本")
    )
    task_state = models.ForeignKey(
        TaskState, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审查人"),
    )
    reviewer_name = models.CharField(_("审查人姓名"), max_length=150)
    confirmed_at = models.DateTimeField(_("确认时间"), default=timezone.now)
    no_state_secrets = models.BooleanField(_("不涉及国家秘密、工作秘密"))
    no_personal_data = models.BooleanField(_("不含未脱敏的个人信息、商业秘密"))
    comment = models.TextField(_("审查意见"), blank=True)

    class Meta:
        verbose_name = _("保密审查确认")
        verbose_name_plural = _("保密审查确认")
        ordering = ["-confirmed_at"]

    def __str__(self) -> str:
        return f"{self.reviewer_name} {self.confirmed_at:%Y-%m-%d %H:%M}"


def confirm_revision(
    *, task_state, user, no_state_secrets=False, no_personal_data=False, comment="", **_
) -> ConfidentialityConfirmation:
    if not (no_state_secrets and no_personal_data):
        raise PermissionDenied(gettext("保密审查须逐项确认后才能通过。"))
    page = task_state.workflow_state.content_object
    # The latest revision: a reviewer who corrected the text confirms what they saw.
    revision = page.get_latest_revision() or task_state.revision
    return ConfidentialityConfirmation.objects.create(
        revision=revision,
        task_state=task_state,
        reviewer=user,
        reviewer_name=user.get_full_name() or user.get_username(),
        no_state_secrets=True,
        no_personal_data=True,
        comment=comment,
    )


class ForcePublish(models.Model):
    """A publish past a pending or rejected step, with the reason (强制发布)."""

    revision = models.ForeignKey(
        Revision, on_delete=models.CASCADE, related_name="+", verbose_name=_("版本")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("理由"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("强制发布")
        verbose_name_plural = _("强制发布")

    def __str__(self) -> str:
        return f"{self.revision_id}: {self.reason[:30]}"


class GateOverride(models.Model):
    """Blocking findings of the compliance gate let through, with a reason."""

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="+", verbose_name=_("页面")
    )
    fingerprints = models.JSONField(_("放行的问题"), default=list)
    findings = models.JSONField(_("问题详情"), default=list)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("理由"))
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("合规检查放行")
        verbose_name_plural = _("合规检查放行")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.reason[:30]}"


class ReviewChainRule(models.Model):
    """Whether the columns of one kind (on one site, or on every site) need the
    leader's signature (签发) after 编辑初审 and 保密审查. Without a rule the
    default of ``jiyue.editorial.chains.SIGNOFF_BY_KIND`` applies
    (docs/decisions/0408-review-chain-per-column-kind.md)."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("站点"),
        help_text=_("留空表示所有站点。"),
    )
    column_kind = models.CharField(
        _("栏目类型"), max_length=20, choices=ColumnKind.choices
    )
    signoff = models.BooleanField(_("须领导签发"))

    class Meta:
        verbose_name = _("审核流程规则")
        verbose_name_plural = _("审核流程规则")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "column_kind"], name="editorial_chainrule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.site or gettext('所有站点')} · {self.column_kind}"
