"""Forms of the steps of a request's handling."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from jiyue.cluster.tenancy import Capability, people_for

from ..grounds import ground_choices


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写说明。")},
    )  # fmt: skip


class NoteForm(forms.Form):
    note = forms.CharField(label=_("说明（选填）"), required=False)


class ApproverChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class ExtendForm(forms.Form):
    approver = ApproverChoice(
        label=_("批准人"), queryset=get_user_model().objects.none(),
        error_messages={"required": _("请选择批准人。"),
                        "invalid_choice": _("请选择有权批准的其他人。")},
    )  # fmt: skip
    reason = forms.CharField(
        label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请写明延期理由。")},
    )  # fmt: skip

    def __init__(self, *args, request=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = people_for(Capability.DISCLOSE, request.site_id)
        self.fields["approver"].queryset = people.exclude(pk=user.pk)


class AnswerForm(forms.Form):
    ground = forms.ChoiceField(
        label=_("答复结果及依据"), choices=[],
        error_messages={"required": _("请选择答复结果及其依据。")},
    )  # fmt: skip
    reply = forms.CharField(
        label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("请填写答复内容。")},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [("", _("—请选择—")), *ground_choices()]
