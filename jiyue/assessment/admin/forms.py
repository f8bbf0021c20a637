"""Forms of the spot-check screens; the rules themselves are the services'."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jiyue.content.models import ColumnPage

from ..models import Indicator, Kind
from ..spot_checks.result import portal_columns
from ..spot_checks.services import SpotCheckError, validate_quarter

RECTIFY_DAYS = 30


class SpotCheckCreateForm(forms.Form):
    year = forms.IntegerField(label=_("年度"))
    quarter = forms.IntegerField(label=_("季度"), help_text=_("1至4"))
    seed = forms.IntegerField(
        label=_("抽样种子"), required=False, min_value=0,
        help_text=_("留空则随机生成；用同一种子和同一范围可复现同一样本。"),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            validate_quarter(data["year"], data["quarter"], today=timezone.localdate())
        except SpotCheckError as error:
            self.add_error(None, error)
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("驳回理由"), widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("驳回须填写理由。")},
    )  # fmt: skip


class ManualFindingForm(forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("指标"), queryset=Indicator.objects.none(), required=False,
        empty_label=_("其他问题（不对应指标）"),
    )  # fmt: skip
    text = forms.CharField(
        label=_("问题描述"), widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写问题描述。")},
    )  # fmt: skip
    url = forms.URLField(label=_("所在页面"), required=False, assume_scheme="https")
    points = forms.DecimalField(
        label=_("扣分"), min_value=0, max_digits=6, decimal_places=2, initial=0,
        help_text=_("单项否决指标不扣分，确认即不合格。"),
    )  # fmt: skip

    def __init__(self, *args, rule_set, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = rule_set.indicators.filter(
            kind__in=(Kind.VETO, Kind.DEDUCTION)
        )


class ColumnChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        site = obj.get_site()
        return f"{site.site_name if site else ''} · {obj.title}"


class PublishForm(forms.Form):
    column = ColumnChoiceField(
        label=_("发布栏目"), queryset=ColumnPage.objects.none(), empty_label=None,
        help_text=_("结果页面发布在门户网站的该栏目中。"),
    )  # fmt: skip
    rectify_by = forms.DateField(
        label=_("整改期限"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("有问题的网站须在此日期前完成整改。"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        columns = portal_columns()
        self.fields["column"].queryset = ColumnPage.objects.filter(
            pk__in=[c.pk for c in columns]
        )
        if columns:
            self.fields["column"].initial = columns[0].pk
        today = timezone.localdate()
        self.fields["rectify_by"].initial = today + dt.timedelta(days=RECTIFY_DAYS)


class RectificationOrderForm(forms.Form):
    """限期整改 from a site's score page (ADR 0809)."""

    deadline = forms.DateField(
        label=_("整改期限"), widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("请填写整改期限。"),
                        "invalid": _("整改期限不是有效的日期（年-月-日）。")},
    )  # fmt: skip
    note = forms.CharField(
        label=_("整改要求"), required=False, max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
