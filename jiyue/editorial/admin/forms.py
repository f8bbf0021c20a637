"""Forms of the editorial app's admin: the workflow tasks' (意见, 保密审查),
a reason (强制发布, 合规检查放行) and granting a site role."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from jiyue.content.models import ColumnPage


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


class SiteRoleGrantForm(forms.Form):
    """授予站点角色: a person, one of the working roles the actor may grant on
    the site, and for 信息员 the column (jiyue.editorial.role_grant decides)."""

    username = forms.CharField(label=_("用户名"), max_length=150)
    role = forms.ChoiceField(label=_("角色"))
    column = forms.ModelChoiceField(
        label=_("栏目"),
        queryset=ColumnPage.objects.none(),
        required=False,
        help_text=_("仅信息员按栏目授予。"),
    )

    def __init__(self, *args, site: Site, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        self.fields["column"].queryset = ColumnPage.objects.descendant_of(
            site.root_page
        ).order_by("path")

    def clean_username(self):
        name = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(gettext("没有该用户（或该用户已停用）。"))
        return user
