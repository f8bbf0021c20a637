from __future__ import annotations

from django import forms
from django.forms import modelformset_factory
from django.utils.translation import gettext_lazy as _

from ..models import ServiceElement, ServiceTheme

ALLOWED_SUFFIXES = (".xlsx", ".csv", ".json")


class ImportForm(forms.Form):
    site = forms.ChoiceField(label=_("导入到网站"))
    file = forms.FileField(
        label=_("事项目录文件"), help_text=_("XLSX、CSV 或 JSON，列名见导入模板。")
    )
    dry_run = forms.BooleanField(
        label=_("只检查，不导入"), required=False, initial=True
    )

    def __init__(self, *args, sites=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].choices = [(s.pk, s.site_name) for s in sites]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("只接受 XLSX、CSV 或 JSON 文件。"))
        return upload


ElementFormSet = modelformset_factory(
    ServiceElement,
    fields=("name", "is_key", "weight", "enabled", "sort_order", "source"),
    extra=0,
)
ThemeFormSet = modelformset_factory(
    ServiceTheme, fields=("name", "audience", "sort_order"), extra=3, can_delete=False
)
