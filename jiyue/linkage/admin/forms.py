"""Forms of 协同联动's admin screens. The choices are scoped by the caller (the
sites and columns the person may use); the services check everything again."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminDateTimeInput, AdminPageChooser
from wagtail.models import Page, Site

from jiyue.content.models import ColumnPage, PolicyDocumentPage

from ..models import ITEM_TYPES, LinkageRules, Quota


class Scope:
    ALL = "all"
    PORTALS = "portals"
    DEPARTMENTS = "departments"
    CHOSEN = "chosen"
    CHOICES = (
        (ALL, gettext_lazy("全部下级网站")),
        (PORTALS, gettext_lazy("下级门户网站")),
        (DEPARTMENTS, gettext_lazy("部门网站")),
        (CHOSEN, gettext_lazy("下面勾选的网站")),
    )


class PushForm(forms.Form):
    source = forms.ModelChoiceField(
        queryset=Page.objects.all(),
        label=gettext_lazy("推送的信息"),
        widget=AdminPageChooser(target_models=ITEM_TYPES),
        error_messages={"required": gettext_lazy("请选择要推送的信息。")},
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("接收范围"),
        choices=Scope.CHOICES,
        initial=Scope.ALL,
        widget=forms.RadioSelect,
    )
    sites = forms.ModelMultipleChoiceField(
        queryset=Site.objects.none(),
        label=gettext_lazy("接收网站"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = forms.DateTimeField(
        label=gettext_lazy("转载期限"),
        widget=AdminDateTimeInput(),
        help_text=gettext_lazy("默认按平台规则（推送后若干小时）。"),
    )
    note = forms.CharField(label=gettext_lazy("说明"), max_length=300, required=False)

    def __init__(self, *args, lower: list[Site], **kwargs):
        super().__init__(*args, **kwargs)
        self.lower = lower
        self.fields["sites"].queryset = Site.objects.filter(
            pk__in=[s.pk for s in lower]
        ).order_by("site_name")

    def chosen_sites(self) -> list[Site]:
        scope = self.cleaned_data["scope"]
        if scope == Scope.CHOSEN:
            return list(self.cleaned_data["sites"])
        kinds = {
            Scope.PORTALS: {"portal"},
            Scope.DEPARTMENTS: {"department", "special"},
        }
        wanted = kinds.get(scope)
        return [s for s in self.lower if wanted is None or s.profile.kind in wanted]

    def clean_deadline(self) -> dt.datetime:
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise ValidationError(_("转载期限已过，请选择将来的时间。"))
        return deadline


class AcceptForm(forms.Form):
    column = forms.ModelChoiceField(
        queryset=ColumnPage.objects.none(),
        label=gettext_lazy("转入栏目"),
        error_messages={"required": gettext_lazy("请选择转入的栏目。")},
    )

    def __init__(self, *args, columns: list[ColumnPage], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = ColumnPage.objects.filter(
            pk__in=[c.pk for c in columns]
        ).order_by("path")
        self.fields["column"].label_from_instance = lambda c: (
            f"{c.get_parent().title} / {c.title}（{c.get_kind_display()}）"
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("理由"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("请说明理由。")},
    )


class SubmitForm(forms.Form):
    from_site = forms.ModelChoiceField(
        queryset=Site.objects.none(), label=gettext_lazy("报送网站")
    )
    column = forms.ModelChoiceField(
        queryset=ColumnPage.objects.none(),
        label=gettext_lazy("报送到上级网站的栏目"),
        error_messages={"required": gettext_lazy("请选择报送栏目。")},
    )
    item = forms.ModelChoiceField(
        queryset=Page.objects.all(),
        label=gettext_lazy("本站已发布的信息（可选）"),
        required=False,
        widget=AdminPageChooser(target_models=ITEM_TYPES),
    )
    title = forms.CharField(label=gettext_lazy("标题"), max_length=255, required=False)
    body = forms.CharField(
        label=gettext_lazy("正文"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )
    unit = forms.CharField(
        label=gettext_lazy("供稿单位"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("留空则为报送网站的名称。"),
    )

    def __init__(self, *args, sites: list[Site], columns: list[ColumnPage], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_site"].queryset = Site.objects.filter(
            pk__in=[s.pk for s in sites]
        ).order_by("site_name")
        self.fields["column"].queryset = ColumnPage.objects.filter(
            pk__in=[c.pk for c in columns]
        ).order_by("path")
        self.fields["column"].label_from_instance = lambda c: (
            f"{c.get_site().site_name} / {c.title}（{c.get_kind_display()}）"
        )


class MonthForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年"), min_value=2000)
    month = forms.IntegerField(label=gettext_lazy("月"), min_value=1, max_value=12)

    def clean(self):
        data = super().clean()
        year, month = data.get("year"), data.get("month")
        today = timezone.localdate()
        if year and month and (year, month) > (today.year, today.month):
            raise ValidationError(_("不能查询将来的月份。"))
        return data


class MajorForm(forms.Form):
    document = forms.ModelChoiceField(
        queryset=PolicyDocumentPage.objects.all(),
        label=gettext_lazy("政策文件"),
        widget=AdminPageChooser(target_models=[PolicyDocumentPage]),
        error_messages={"required": gettext_lazy("请选择政策文件。")},
    )


class CoreForm(forms.Form):
    page = forms.ModelChoiceField(
        queryset=Page.objects.all(),
        label=gettext_lazy("信息"),
        widget=AdminPageChooser(target_models=ITEM_TYPES),
        error_messages={"required": gettext_lazy("请选择要标记的信息。")},
    )


class RulesForm(forms.ModelForm):
    class Meta:
        model = LinkageRules
        fields = [
            "push_deadline_hours",
            "reminder_hours",
            "county_quota",
            "department_quota",
            "interpretation_days",
            "major_issuers",
            "activity_hours",
            "normative_workdays",
        ]


QuotaFormSet = forms.modelformset_factory(
    Quota, fields=("site", "monthly"), extra=1, can_delete=True
)
