"""The one flow of a citizen's submission, for every form page and API endpoint
that takes one (a mailbox's letter, an error report, a comment on a
consultation, an interview question, a survey's answers).

The caller has looked up what is submitted to (a 404 of its own) and bound the
form; ``submit`` then counts the submission against the budgets and spends its
CAPTCHA token in the same round trip (``admission.admit``), validates, and
stores through the app's service, which screens the text and notifies. The
caller only turns the ``Outcome`` into its answer: a form page again with what
the citizen typed (HTML) or a status with errors per field (API).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from django.utils.translation import gettext as _

from . import admission
from .services import InteractionError, PerFieldError

__all__ = ["Outcome", "PerFieldError", "Result", "submit"]


class Result(IntEnum):
    """What became of a submission; the value is the HTTP status it answers."""

    STORED = 201
    INVALID = 400
    LIMITED = 429


@dataclass
class Outcome:
    result: Result
    item: Any = None
    detail: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def stored(self) -> bool:
        return self.result == Result.STORED

    @property
    def status(self) -> int:
        return int(self.result)

    def body(self) -> dict:
        """The API's answer to a submission not stored (its ``ErrorOut``)."""
        return {
            "detail": self.detail,
            **({"errors": self.errors} if self.errors else {}),
        }


def submit(request, *, form_key: str, form, store: Callable[[dict], Any]) -> Outcome:
    """Admit, validate and store one submission of ``form`` (a bound form with
    the CAPTCHA fields) to what ``form_key`` names; ``store`` takes the cleaned
    data and returns what was stored, or raises ``InteractionError``."""
    refusal = admission.admit(request, form_key, form)
    if refusal:
        form.is_valid()  # the form page shows what was typed, checked
        form.add_error(None, _("提交过于频繁，请稍后再试。您填写的内容已保留。"))
        return Outcome(Result.LIMITED, detail=refusal)
    if not form.is_valid():
        return Outcome(
            Result.INVALID,
            detail=_("提交未成功，请修改后重试。"),
            errors=_errors(form),
        )
    try:
        item = store(form.cleaned_data)
    except InteractionError as error:
        detail = error.messages[0]
        form.add_error(None, detail)
        return Outcome(
            Result.INVALID, detail=detail, errors=getattr(error, "errors", {})
        )
    return Outcome(Result.STORED, item=item)


def _errors(form) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}
