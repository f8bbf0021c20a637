from django import forms
from django.utils.translation import gettext_lazy as _


def _code_field(label) -> forms.RegexField:
    return forms.RegexField(
        label=label,
        regex=r"^\d{6}$",
        max_length=6,
        error_messages={"invalid": _("请输入身份验证器中显示的 6 位数字。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


class TokenForm(forms.Form):
    token = _code_field(_("动态口令"))


class EnrolForm(TokenForm):
    """Binding an authenticator; another one needs a code of a bound one too."""

    def __init__(self, *args, another: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if another:
            self.fields["token"].label = _("新身份验证器的动态口令")
            self.fields["current_token"] = _code_field(
                _("已绑定身份验证器的当前动态口令")
            )
