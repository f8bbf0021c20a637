"""The 「开办网站」 form: the national fields, the host, the parent and a template."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..column_templates import ColumnTemplate
from ..models import SiteKind, SiteLevel, SiteProfile


class SiteOpenForm(forms.Form):
    code = forms.CharField(
        label=_("网站标识码"), max_length=10, help_text=_("10位数字，如 5201130001。")
    )
    name = forms.CharField(label=_("网站名称"), max_length=100)
    sponsor = forms.CharField(label=_("主办单位"), max_length=100)
    kind = forms.ChoiceField(label=_("网站类型"), choices=SiteKind.choices)
    level = forms.ChoiceField(label=_("行政层级"), choices=SiteLevel.choices)
    parent = forms.ModelChoiceField(
        label=_("上级站点"),
        queryset=SiteProfile.objects.filter(closed_at__isnull=True),
        to_field_name="code",
        required=False,
        empty_label=_("（无，顶级站点）"),
    )
    hostname = forms.CharField(
        label=_("主机名（域名）"),
        max_length=253,
        help_text=_("如 www.kaiyang.gov.cn；演示环境可用 kaiyang.localhost。"),
    )
    port = forms.IntegerField(
        label=_("端口"), min_value=1, max_value=65535, required=False
    )
    template = forms.ChoiceField(
        label=_("栏目模板"),
        choices=[("", _("按网站类型和层级自动选择")), *ColumnTemplate.choices],
        required=False,
        help_text=_(
            "门户网站：要闻动态、通知公告、政策文件、政策解读、概况信息、机构职能、领导信息、办事服务、互动交流、专题专栏；"
            "区县门户另有部门信息、乡镇（街道）；部门网站：工作动态、通知公告、政策文件、政策解读、机构职能、领导信息、办事服务、互动交流。"
        ),
    )
    units = forms.CharField(
        label=_("承办单位"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("答复来信的单位，每行一个；留空则建“办公室”。"),
    )
    operator = forms.CharField(label=_("网站运维单位"), max_length=100, required=False)
    contact = forms.CharField(label=_("联系方式"), max_length=200, required=False)
    org_code = forms.CharField(label=_("机构代码"), max_length=30, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["port"].initial = settings.JIYUE_PUBLIC_PORT
        self.fields["parent"].error_messages["invalid_choice"] = _(
            "所选上级站点不存在或已关停。"
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        parent = data.get("parent")
        return {
            "code": data["code"], "name": data["name"], "sponsor": data["sponsor"],
            "kind": data["kind"], "level": data["level"],
            "parent_code": parent.code if parent else "", "hostname": data["hostname"],
            "port": data.get("port"), "template": data.get("template") or "",
            "units": (data.get("units") or "").splitlines(),
            "operator": data.get("operator") or "", "contact": data.get("contact") or "",
            "org_code": data.get("org_code") or "",
        }  # fmt: skip
