from django import forms
from django.utils.translation import gettext_lazy as _

from jiyue.monitor.models import StoredFinding
from jiyue.monitor.output import SEVERITY_NAMES, TYPE_NAMES


class AcceptForm(forms.Form):
    reason = forms.CharField(
        label=_("接受理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("说明为什么这不是需要整改的问题（必填）。"),
    )


def _choices(names: dict[str, str]) -> list[tuple[str, str]]:
    return [("", _("全部")), *names.items()]


class FindingFilterForm(forms.Form):
    type = forms.ChoiceField(label=_("类型"), required=False, choices=[])
    severity = forms.ChoiceField(
        label=_("严重程度"), required=False, choices=_choices(SEVERITY_NAMES)
    )
    status = forms.ChoiceField(
        label=_("处理状态"),
        required=False,
        choices=[("", _("全部")), *StoredFinding.Status.choices],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = _choices(TYPE_NAMES)

    def values(self) -> dict[str, str]:
        if not self.is_valid():
            return {"type": "", "severity": "", "status": ""}
        return {
            k: self.cleaned_data.get(k) or "" for k in ("type", "severity", "status")
        }
