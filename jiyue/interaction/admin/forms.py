"""Forms of the staff screens of 互动交流: the steps of a message's handling and
the channels' moderation (feedback on comments, the interview transcript)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from .. import selectors
from ..models import Adoption, HandlingUnit, Moderation, Speaker
from ..people import person_name

# -- a message's handling ------------------------------------------------------


class PersonChoiceField(forms.ModelChoiceField):
    """Staff by their names, not their login names (ADR 0319)."""

    def label_from_instance(self, obj) -> str:
        return person_name(obj)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("理由"), widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("撤回理由"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ForwardForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("承办单位"),
        queryset=HandlingUnit.objects.none(),
        error_messages={
            "invalid_choice": gettext_lazy(
                "只能转办给本站点及其下级站点的承办单位，请重新选择。"
            )
        },
    )
    note = forms.CharField(label=gettext_lazy("转办意见"), required=False)

    def __init__(self, *args, message=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.units_for_forwarding(message=message)


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=gettext_lazy("答复内容"), widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, message=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A returned draft, or the answer being corrected, is where one starts.
        self.fields["reply"].initial = message.reply_draft or message.reply


class ExtendRequestForm(forms.Form):
    approver = PersonChoiceField(
        label=gettext_lazy("批准人"),
        queryset=None,
        error_messages={
            "invalid_choice": gettext_lazy(
                "请选择有权批准延期的其他人，不能选择申请人自己。"
            )
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("延期理由"), widget=forms.Textarea(attrs={"rows": 3})
    )
    workdays_total = forms.IntegerField(
        label=gettext_lazy("延期后的办理时限（工作日，最长 15）"),
        min_value=1,
        max_value=15,
        initial=15,
    )

    def __init__(self, *args, message=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approver"].queryset = selectors.extension_approvers(
            message=message, requester=user
        )


class PublishForm(forms.Form):
    publish = forms.TypedChoiceField(
        label=gettext_lazy("是否公开"),
        choices=[("1", gettext_lazy("公开")), ("0", gettext_lazy("不公开"))],
        coerce=lambda v: v == "1",
    )
    override_reason = forms.CharField(
        label=gettext_lazy("放行理由（仅当合规检查发现问题、仍须公开时填写）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("意见"), required=False)


# -- the channels --------------------------------------------------------------


class AdoptionForm(forms.Form):
    adoption = forms.ChoiceField(
        label=gettext_lazy("采纳情况"), choices=Adoption.choices
    )
    note = forms.CharField(
        label=gettext_lazy("说明（部分采纳、未采纳须说明理由）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class EntryForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("身份"), choices=Speaker.choices)
    speaker = forms.CharField(label=gettext_lazy("发言人"), max_length=60)
    content = forms.CharField(
        label=gettext_lazy("内容"), widget=forms.Textarea(attrs={"rows": 4})
    )
    question = forms.ModelChoiceField(
        label=gettext_lazy("所答网友问题（选填）"), queryset=None, required=False
    )

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = page.questions.exclude(
            status=Moderation.REJECTED
        )
