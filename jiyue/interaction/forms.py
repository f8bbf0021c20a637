"""Forms of the public side (citizens) and of the admin handling view."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from jiyue.quality import strip_format_characters

from . import captcha, uploads
from .models import Rating

PHONE = re.compile(r"^[0-9+\-() ]{7,20}$")
DEFAULT_MAX_CONTENT = 5000
HONEYPOT = "website"


def max_content() -> int:
    return int(getattr(settings, "JIYUE_INTERACTION_MAX_CONTENT", DEFAULT_MAX_CONTENT))


UNSAFE_CHARACTERS = re.compile("[\x00\ud800-\udfff]")
UNSAFE_MESSAGE = _("含有无法保存的字符（如空字符或残缺的文字编码），请删除后重试。")


def has_unsafe_characters(text: str) -> bool:
    """NUL and lone surrogates: the database refuses both (a 500 otherwise)."""
    return UNSAFE_CHARACTERS.search(text) is not None


class PublicForm(forms.Form):
    """Ties each field's error message to the field (aria-describedby); refuses
    NUL and lone surrogates in every field with one clear message."""

    def full_clean(self) -> None:
        super().full_clean()
        self.check_citizen_text()
        for name in self.errors:
            if name in self.fields and not self.fields[name].widget.is_hidden:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}-error"

    def check_citizen_text(self) -> None:
        self.refuse_unsafe_characters()
        self.strip_invisible_characters()

    def strip_invisible_characters(self) -> None:
        """Bidi controls and other invisible format characters are removed from
        what citizens type: their text is shown without an editor's review
        (docs/decisions/0417-invisible-format-characters.md)."""
        for name, value in list(getattr(self, "cleaned_data", {}).items()):
            if isinstance(value, str):
                self.cleaned_data[name] = strip_format_characters(value)

    def refuse_unsafe_characters(self) -> None:
        if not self.is_bound:
            return
        for name in self.fields:
            getlist = getattr(self.data, "getlist", None)
            values = getlist(name) if getlist else [self.data.get(name)]
            texts = [v for v in values if isinstance(v, str)]
            texts += [x for v in values if isinstance(v, list) for x in v]
            if any(has_unsafe_characters(str(t)) for t in texts):
                self.cleaned_data.pop(name, None)
                self._errors[name] = self.error_class(
                    [UNSAFE_MESSAGE], renderer=self.renderer
                )


class CaptchaMixin(PublicForm):
    """The arithmetic question, and a honeypot field people never see."""

    captcha_answer = forms.CharField(
        label=_("验证问题"),
        max_length=4,
        error_messages={"required": _("请回答验证问题（填写数字）。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    captcha_token = forms.CharField(widget=forms.HiddenInput, required=False)
    #: Set by ``admission.admit`` once it has taken the token's single use in the
    #: rate limits' round trip; None: the form checks the token itself.
    captcha_result: bool | None = None
    website = forms.CharField(
        label=_("网址（请勿填写此项）"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self) -> str:
        if self.cleaned_data.get(HONEYPOT):
            raise forms.ValidationError(
                _("提交未成功：请不要填写“网址”一栏，清空后再提交。")
            )
        return ""

    def captcha_passed(self, token: str, answer: str) -> bool:
        if self.captcha_result is not None:
            return self.captcha_result
        return captcha.verify(token, answer)

    def clean_captcha_answer(self) -> str:
        answer = self.cleaned_data["captcha_answer"]
        token = self.data.get("captcha_token", "")
        if not self.captcha_passed(token, answer):
            raise forms.ValidationError(
                _("验证问题回答不正确或已过期，请回答新的验证问题。")
            )
        return answer


class ContactFields(PublicForm):
    name = forms.CharField(label=_("姓名（选填）"), max_length=40, required=False)
    phone = forms.CharField(label=_("联系电话（选填）"), max_length=20, required=False)
    email = forms.EmailField(
        label=_("电子邮箱（选填）"),
        required=False,
        error_messages={
            "invalid": _("请填写有效的电子邮箱地址，如 name@example.com。")
        },
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                _("联系电话只能包含数字、空格和“-”，7 到 20 位。")
            )
        return phone


def content_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_content(),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": _("请填写内容。"),
            "max_length": _("内容最多 %(limit_value)d 字（现在 %(show_value)d 字）。"),
        },
    )


class MessageForm(CaptchaMixin, ContactFields):
    subject = forms.CharField(
        label=_("标题"),
        max_length=100,
        error_messages={
            "required": _("请填写标题。"),
            "max_length": _("标题最多 %(limit_value)d 字（现在 %(show_value)d 字）。"),
        },
    )
    content = content_field(_("内容"))
    attachment = forms.FileField(
        label=_("附件（选填，PDF、PNG 或 JPG，不超过 5 MB）"), required=False
    )
    consent_publish = forms.BooleanField(
        label=_("同意在网站上公开来信和答复（个人信息将隐去）"), required=False
    )

    field_order = [
        "subject",
        "content",
        "name",
        "phone",
        "email",
        "attachment",
        "consent_publish",
        "captcha_answer",
        "website",
    ]

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            uploads.check_upload(upload)
        return upload


class _SharedFields(dict):
    """Fields that a form instance uses as they are instead of deep-copying them."""

    def __deepcopy__(self, memo) -> dict:
        return dict(self)


class MessageApiForm(MessageForm):
    """``MessageForm``'s rules for the JSON API: the same fields and checks, but
    never rendered, so its instances share the fields (Django deep-copies every
    field and widget for each form, a third of the form's cost) and write no
    ``aria-*`` attributes into them (docs/decisions/0314-submission-cpu.md).
    Fields' ``clean`` keeps no state, so sharing them between threads is safe.
    The CAPTCHA's result comes from ``admission.admit`` (``captcha_result``)."""

    def full_clean(self) -> None:
        forms.Form.full_clean(self)
        self.check_citizen_text()


MessageApiForm.base_fields = _SharedFields(MessageApiForm.base_fields)


class ErrorReportForm(CaptchaMixin, ContactFields):
    page_url = forms.URLField(
        label=_("出错页面的网址"),
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": _("请填写出错页面的网址。"),
            "invalid": _("请填写完整的网址，如 http://www.example.gov.cn/a.html。"),
        },
    )
    content = content_field(_("错误描述"))

    field_order = [
        "page_url",
        "content",
        "name",
        "phone",
        "email",
        "captcha_answer",
        "website",
    ]


class QueryForm(PublicForm):
    tracking_no = forms.CharField(
        label=_("信件编号"),
        max_length=20,
        error_messages={"required": _("请填写信件编号。")},
    )
    query_code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        error_messages={"required": _("请填写查询码。")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class RatingForm(QueryForm):
    rating = forms.ChoiceField(
        label=_("您对答复的评价"),
        choices=Rating.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择满意、基本满意或不满意。")},
    )
