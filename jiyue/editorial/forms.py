from django import forms
from django.utils.translation import gettext_lazy as _

from .roles import Role


class TaskCommentForm(forms.Form):
    comment = forms.CharField(label=_("意见"), widget=forms.Textarea, required=False)


class ConfidentialityApproveForm(forms.Form):
    no_state_secrets = forms.BooleanField(
        label=_("经审查，本稿不涉及国家秘密、工作秘密"), required=True
    )
    no_personal_data = forms.BooleanField(
        label=_("经审查，本稿不含未脱敏的个人信息、商业秘密"), required=True
    )
    comment = forms.CharField(
        label=_("审查意见"), widget=forms.Textarea, required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=6,
        help_text=_("理由将记入审计日志。"),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
