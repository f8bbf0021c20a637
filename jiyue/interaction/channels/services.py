"""Writes of the channels. A citizen's text is stored first (pending
moderation); every staff action checks who acts, is logged with its actor in
the same transaction (Wagtail's ``log``), and republishes the page after the
commit when what the public page shows has changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from jiyue.quality import strip_format_characters

from ..forms import UNSAFE_MESSAGE, has_unsafe_characters
from ..models import (
    Adoption,
    ConsultationComment,
    ConsultationPage,
    InterviewEntry,
    InterviewPage,
    InterviewQuestion,
    Moderation,
    QuestionKind,
    Speaker,
    SurveyAnswer,
    SurveyPage,
    SurveyResponse,
    SurveyResultsRelease,
)
from ..screening import citizen_text_flags
from ..services import InteractionError, PerFieldError
from . import permissions

__all__ = ["InteractionError"]


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def republish(page) -> None:
    """After the commit, re-render the page's published files (and its column's
    lists) through the publishing app's own task; sites never published are
    left to their first full publish."""
    from jiyue.publishing.tasks import publish_change_task

    site = page.get_site()
    if site is None or not page.live:
        return
    kwargs = {
        "changed": [page.pk],
        "context": [],
        "sites": [site.pk],
        "full_sites": [],
    }
    transaction.on_commit(lambda: publish_change_task.enqueue(**kwargs))


def _require(user, page) -> None:
    if user is not None and not permissions.can_moderate(user, page):
        raise PermissionDenied(_("您无权管理这个栏目的互动内容。"))


# -- the citizen ---------------------------------------------------------------


def comment_submit(
    *, page: ConsultationPage, content: str, name: str = "", now=None
) -> ConsultationComment:
    """Stored first, pending moderation; sensitive words only flag it."""
    now = _now(now)
    if page.phase(now) != "open":
        raise InteractionError(_("本次意见征集不在征集期内，暂不能提交意见。"))
    flagged, evidence = citizen_text_flags(content)
    return ConsultationComment.objects.create(
        page=page,
        name=name.strip(),
        content=content.strip(),
        submitted_at=now,
        flagged=flagged,
        flag_evidence=evidence,
    )


def question_submit(
    *, page: InterviewPage, content: str, name: str = "", now=None
) -> InterviewQuestion:
    now = _now(now)
    if not page.accepts_questions(now):
        raise InteractionError(_("本期访谈已经结束，不再接受提问。"))
    flagged, evidence = citizen_text_flags(content)
    return InterviewQuestion.objects.create(
        page=page,
        name=name.strip(),
        content=content.strip(),
        submitted_at=now,
        live=page.phase(now) == "open",
        flagged=flagged,
        flag_evidence=evidence,
    )


@dataclass(frozen=True)
class Ballot:
    """Cleaned answers: question pk -> list of options, or the free text."""

    choices: dict[int, list[str]]
    texts: dict[int, str]


def survey_answer(
    *, page: SurveyPage, ballot: Ballot, voter: str, fingerprint: str, now=None
) -> SurveyResponse:
    """One response per voter id; at most N per address and fewer per address
    and browser (see ``voter``)."""
    now = _now(now)
    if page.phase(now) != "open":
        raise InteractionError(_("本次调查不在进行期内，暂不能提交。"))
    flagged, _evidence = citizen_text_flags("\n".join(ballot.texts.values()))
    try:
        with transaction.atomic():
            if _source_has_answered(page, fingerprint):
                raise InteractionError(ALREADY)
            response = SurveyResponse.objects.create(
                survey=page,
                voter=voter,
                fingerprint=fingerprint,
                submitted_at=now,
                flagged=flagged,
            )
            SurveyAnswer.objects.bulk_create(_answers(response, ballot))
    except IntegrityError as error:
        raise InteractionError(ALREADY) from error
    return response


def survey_submit(
    *, page: SurveyPage, answers: dict, voter: str, fingerprint: str
) -> SurveyResponse:
    """Checks raw answers (``ballot_from``) and stores them (``survey_answer``);
    a wrong or missing answer is refused with the errors per question."""
    ballot, errors = ballot_from(page, answers)
    if errors:
        raise PerFieldError(
            next(iter(errors.values())),  # the first, where the form shows it
            {str(pk): [error] for pk, error in errors.items()},
        )
    return survey_answer(page=page, ballot=ballot, voter=voter, fingerprint=fingerprint)


ALREADY = _("您已经参加过本次调查，感谢您的参与。每人只能提交一次。")


def _source_has_answered(page: SurveyPage, fingerprint: str) -> bool:
    """Whether the address (the fingerprint's first part) has used its answers,
    or the address with this browser has (docs/decisions/0317)."""
    from . import voter as voters

    per_address, per_browser = voters.per_address(), voters.per_fingerprint()
    same_address = SurveyResponse.objects.select_for_update().filter(
        survey=page, fingerprint__startswith=voters.address_part(fingerprint)
    )
    seen = list(same_address.values_list("fingerprint", flat=True)[:per_address])
    return len(seen) >= per_address or seen.count(fingerprint) >= per_browser


def _answers(response: SurveyResponse, ballot: Ballot) -> list[SurveyAnswer]:
    answers = [
        SurveyAnswer(response=response, question_id=pk, option=option)
        for pk, options in ballot.choices.items()
        for option in options
    ]
    answers += [
        SurveyAnswer(response=response, question_id=pk, text=text)
        for pk, text in ballot.texts.items()
        if text
    ]
    return answers


def ballot_from(page: SurveyPage, data: dict) -> tuple[Ballot, dict[int, str]]:
    """Checks raw answers (question pk -> value or list) against the questions;
    returns the ballot and the errors per question (Chinese)."""
    choices: dict[int, list[str]] = {}
    texts: dict[int, str] = {}
    errors: dict[int, str] = {}
    for question in page.questions.all():
        raw = data.get(question.pk, data.get(str(question.pk)))
        values = [str(v) for v in (raw if isinstance(raw, list) else [raw]) if v]
        values = list(dict.fromkeys(values))  # an option chosen twice counts once
        error = _question_error(question, values)
        if error:
            errors[question.pk] = error
        elif question.kind == QuestionKind.TEXT:
            texts[question.pk] = (
                strip_format_characters(values[0]).strip() if values else ""
            )
        else:
            choices[question.pk] = values
    return Ballot(choices, texts), errors


MAX_TEXT = 1000


def _question_error(question, values: list[str]) -> str | None:
    if question.required and not any(v.strip() for v in values):
        return _("请回答这个问题。")
    if any(has_unsafe_characters(v) for v in values):
        return str(UNSAFE_MESSAGE)
    if question.kind == QuestionKind.TEXT:
        if len(values) > 1 or (values and len(values[0]) > MAX_TEXT):
            return _("回答最多 %(n)d 字。") % {"n": MAX_TEXT}
        return None
    if any(v not in question.option_list for v in values):
        return _("所选选项不在题目的选项中，请重新选择。")
    if question.kind == QuestionKind.SINGLE and len(values) > 1:
        return _("这是单选题，只能选一项。")
    return None


# -- staff -----------------------------------------------------------------------


def _moderate(item, *, actor, approve: bool, now, action: str):
    now = _now(now)
    _require(actor, item.page)
    with transaction.atomic():
        locked = type(item).objects.select_for_update().get(pk=item.pk)
        was_public = locked.status == Moderation.APPROVED
        locked.status = Moderation.APPROVED if approve else Moderation.REJECTED
        locked.moderated_at, locked.moderated_by = now, actor
        locked.save(update_fields=["status", "moderated_at", "moderated_by"])
        log(instance=locked, action=action, user=actor)
        if approve or was_public:
            republish(locked.page)
    return locked


def comment_moderate(*, comment, actor, approve: bool, now=None):
    action = (
        "jiyue.interaction.comment_approve"
        if approve
        else "jiyue.interaction.comment_reject"
    )
    return _moderate(comment, actor=actor, approve=approve, now=now, action=action)


def question_moderate(*, question, actor, approve: bool, now=None):
    action = (
        "jiyue.interaction.question_approve"
        if approve
        else "jiyue.interaction.question_reject"
    )
    return _moderate(question, actor=actor, approve=approve, now=now, action=action)


def comment_adopt(*, comment, actor, adoption: str, note: str = ""):
    """采纳情况 of one comment, shown on the page once the consultation closed."""
    _require(actor, comment.page)
    if adoption not in Adoption.values:
        raise InteractionError(_("请选择采纳、部分采纳或未采纳。"))
    if comment.status != Moderation.APPROVED:
        raise InteractionError(_("只有审核通过的意见才能填写采纳情况。"))
    note = note.strip()
    if adoption != Adoption.ADOPTED and not note:
        raise InteractionError(_("部分采纳或未采纳的意见，请说明理由。"))
    with transaction.atomic():
        comment.adoption, comment.adoption_note = adoption, note
        comment.save(update_fields=["adoption", "adoption_note"])
        log(instance=comment, action="jiyue.interaction.comment_adopt", user=actor)
        republish(comment.page)
    return comment


def survey_results_publish(*, page: SurveyPage, actor, publish: bool, now=None):
    """公布 (or withdraw) the results; the page is republished with its charts."""
    now = _now(now)
    _require(actor, page)
    with transaction.atomic():
        if publish:
            SurveyResultsRelease.objects.update_or_create(
                survey=page, defaults={"published_at": now, "published_by": actor}
            )
        else:
            SurveyResultsRelease.objects.filter(survey=page).delete()
        action = (
            "jiyue.interaction.results_publish"
            if publish
            else "jiyue.interaction.results_withdraw"
        )
        log(instance=page, action=action, user=actor)
        republish(page)


def transcript_post(
    *,
    page: InterviewPage,
    actor,
    role: str,
    speaker: str,
    content: str,
    question: InterviewQuestion | None = None,
    now=None,
) -> InterviewEntry:
    """One line of the transcript; answering a question also approves it."""
    now = _now(now)
    _require(actor, page)
    content, speaker = (content or "").strip(), (speaker or "").strip()
    if not content or not speaker or role not in Speaker.values:
        raise InteractionError(_("请填写发言人、身份和内容。"))
    with transaction.atomic():
        list(InterviewPage.objects.select_for_update().filter(pk=page.pk))
        if question is not None and role != Speaker.CITIZEN:
            _question_entry(page, question, actor, now)
        entry = _entry(
            page,
            actor,
            now,
            role=role,
            speaker=speaker,
            content=content,
            question=question,
        )
        if question is not None and question.status != Moderation.APPROVED:
            question.status, question.moderated_at = Moderation.APPROVED, now
            question.moderated_by = actor
            question.save(update_fields=["status", "moderated_at", "moderated_by"])
        log(instance=entry, action="jiyue.interaction.transcript_post", user=actor)
        republish(page)
    return entry


def _entry(page: InterviewPage, actor, now, **fields) -> InterviewEntry:
    seq = (page.entries.aggregate(m=Max("seq"))["m"] or 0) + 1
    return InterviewEntry.objects.create(
        page=page, seq=seq, posted_at=now, posted_by=actor, **fields
    )


def _question_entry(page: InterviewPage, question, actor, now) -> None:
    """The citizen's question goes into the transcript before its first answer."""
    if page.entries.filter(question=question, role=Speaker.CITIZEN).exists():
        return
    speaker = question.name or _("网友")
    _entry(
        page,
        actor,
        now,
        role=Speaker.CITIZEN,
        speaker=speaker,
        content=question.content,
        question=question,
    )
