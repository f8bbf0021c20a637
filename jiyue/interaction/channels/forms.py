"""Citizens' forms of the channels: the same CAPTCHA, honeypot and size limits
as the mailboxes (``..forms.CaptchaMixin``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import CaptchaMixin, PublicForm, content_field
from ..models import QuestionKind
from .services import MAX_TEXT


def _name_field():
    return forms.CharField(
        label=_("署名（选填，公开时显示）"),
        max_length=40,
        required=False,
        error_messages={"max_length": _("署名最多 %(limit_value)d 字。")},
    )


class CaptchaForm(CaptchaMixin):
    """The CAPTCHA and the honeypot alone (the survey API checks its answers itself)."""


class CommentForm(CaptchaMixin):
    content = content_field(_("您的意见和建议"))
    name = _name_field()
    field_order = ["content", "name", "captcha_answer", "website"]


class QuestionForm(CaptchaMixin):
    content = content_field(_("您的问题"))
    name = _name_field()
    field_order = ["content", "name", "captcha_answer", "website"]


class SurveyForm(CaptchaMixin):
    """One field per question, named ``q<pk>``."""

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(survey.questions.all())
        fields = {f"q{q.pk}": _question_field(q) for q in self.questions}
        captcha = {
            k: self.fields.pop(k)
            for k in ("captcha_answer", "captcha_token", "website")
        }
        self.fields.update(fields)
        self.fields.update(captcha)

    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


def _question_field(question) -> forms.Field:
    common = {
        "label": question.text,
        "required": question.required,
        "error_messages": {"required": _("请回答这个问题。")},
    }
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(
            max_length=MAX_TEXT,
            widget=forms.Textarea(attrs={"rows": 3}),
            **common,
        )
    choices = [(o, o) for o in question.option_list]
    common["error_messages"]["invalid_choice"] = _("所选选项不在题目的选项中。")
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)


__all__ = ["CaptchaForm", "CommentForm", "PublicForm", "QuestionForm", "SurveyForm"]
