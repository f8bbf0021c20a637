"""The online request form (在线申请), with the interaction app's protections:
the CAPTCHA and its single use, the rate limits (``interaction.submission``),
NUL and invisible characters refused or removed (``PublicForm``)."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from jiyue.interaction.forms import PHONE, CaptchaMixin

from .models import ApplicantType, Carrier, Delivery, OrganisationKind

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def valid_resident_id(value: str) -> bool:
    """A citizen's 18-character resident identity number (GB 11643), checksum."""
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == value[-1]


def valid_credit_code(value: str) -> bool:
    """An organisation's 统一社会信用代码 (GB 32100), checksum."""
    if len(value) != 18 or any(c not in CREDIT_CHARS for c in value):
        return False
    total = sum(
        CREDIT_CHARS.index(c) * w
        for c, w in zip(value[:17], CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CHARS[(31 - total % 31) % 31] == value[-1]


class RequestForm(CaptchaMixin):
    applicant_type = forms.ChoiceField(
        label=_("申请人类型"), choices=ApplicantType.choices, widget=forms.RadioSelect,
        error_messages={"required": _("请选择申请人类型。")},
    )  # fmt: skip
    organisation_kind = forms.ChoiceField(
        label=_("组织类型（法人或其他组织填写）"),
        choices=[("", _("—请选择—")), *OrganisationKind.choices], required=False,
    )  # fmt: skip
    name = forms.CharField(
        label=_("姓名或单位名称"), max_length=100,
        error_messages={"required": _("请填写姓名或单位名称。")},
    )  # fmt: skip
    id_number = forms.CharField(
        label=_("身份证号码或统一社会信用代码"), max_length=30,
        error_messages={"required": _("请填写身份证号码或统一社会信用代码。")},
    )  # fmt: skip
    phone = forms.CharField(
        label=_("联系电话"), max_length=20,
        error_messages={"required": _("请填写联系电话。")},
    )  # fmt: skip
    email = forms.EmailField(
        label=_("电子邮箱"), required=False,
        error_messages={"invalid": _("请填写有效的电子邮箱地址，如 name@example.com。")},
    )  # fmt: skip
    address = forms.CharField(label=_("通信地址"), max_length=200, required=False)
    description = forms.CharField(
        label=_("所需信息内容描述（名称、文号或其他特征描述）"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("请描述所需的政府信息。"),
            "max_length": _("描述最多 %(limit_value)d 字（现在 %(show_value)d 字）。"),
        },
    )  # fmt: skip
    purpose = forms.CharField(label=_("用途（选填）"), max_length=200, required=False)
    carrier = forms.ChoiceField(
        label=_("载体形式"), choices=Carrier.choices, initial=Carrier.ELECTRONIC
    )
    delivery = forms.ChoiceField(
        label=_("获取方式"), choices=Delivery.choices, initial=Delivery.EMAIL
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if not PHONE.match(phone):
            raise forms.ValidationError(
                _("联系电话只能包含数字、空格和“-”，7 到 20 位。")
            )
        return phone

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_type")
        number = (data.get("id_number") or "").strip().upper()
        if kind == ApplicantType.PERSON and number and not valid_resident_id(number):
            self.add_error(
                "id_number",
                _("身份证号码不正确：应为18位，最后一位是数字或X，请核对。"),
            )
        if kind == ApplicantType.ORGANISATION:
            if number and not valid_credit_code(number):
                self.add_error(
                    "id_number",
                    _("统一社会信用代码不正确：应为18位数字或大写字母，请核对。"),
                )
            if not data.get("organisation_kind"):
                self.add_error("organisation_kind", _("请选择组织类型。"))
        if kind == ApplicantType.PERSON:
            data["organisation_kind"] = ""
        if data.get("delivery") == Delivery.EMAIL and not data.get("email"):
            self.add_error("email", _("获取方式为电子邮件时，请填写电子邮箱。"))
        data["id_number"] = number
        return data


class QueryForm(forms.Form):
    tracking_no = forms.CharField(label=_("申请编号"), max_length=20)
    query_code = forms.CharField(label=_("查询码"), max_length=20)
