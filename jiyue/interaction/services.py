"""Writes of the interaction app: each one checks who acts, changes the message
and logs a ``MessageEvent`` with its actor, in one transaction
(docs/decisions/0303-message-states.md)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from jiyue import workdays

from . import codes, notify, permissions
from .masking import mask_text
from .models import (
    OPEN_STATUSES,
    EventAction,
    HandlingUnit,
    Mailbox,
    MailboxKind,
    Message,
    MessageEvent,
    Rating,
    Status,
)

DEFAULT_MAX_WORKDAYS = 15
SENSITIVE_CHECKERS = ("sensitive_word",)
logger = logging.getLogger(__name__)

# action -> (statuses it may start from, status it leads to; None = unchanged)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    EventAction.ACCEPT: ((Status.PENDING,), Status.ACCEPTED),
    EventAction.REFUSE: ((Status.PENDING,), Status.REFUSED),
    EventAction.FORWARD: ((Status.ACCEPTED,), Status.FORWARDED),
    EventAction.RETURN: ((Status.FORWARDED, Status.PROCESSING), Status.ACCEPTED),
    EventAction.START: ((Status.FORWARDED,), Status.PROCESSING),
    EventAction.REPLY: (OPEN_STATUSES, Status.REPLIED),
    EventAction.EXTEND: (OPEN_STATUSES, None),
    EventAction.SUPERVISE: (OPEN_STATUSES, None),
    EventAction.PUBLISH: ((Status.REPLIED,), Status.PUBLISHED),
    EventAction.UNPUBLISH: ((Status.REPLIED, Status.PUBLISHED), Status.UNPUBLISHED),
}


class InteractionError(ValidationError):
    """A refused write, with a message for the person who tried it."""


@dataclass(frozen=True)
class Submission:
    message: Message
    query_code: str


def max_workdays() -> int:
    return int(
        getattr(settings, "JIYUE_INTERACTION_MAX_WORKDAYS", DEFAULT_MAX_WORKDAYS)
    )


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _log(
    message: Message, action: str, actor, now: dt.datetime, from_status: str, **extra
) -> MessageEvent:
    """The step in the message's own log (``MessageEvent``) and, except the
    citizen's submission, in Wagtail's log too (docs/decisions/0312)."""
    event = MessageEvent.objects.create(
        message=message,
        action=action,
        actor=actor,
        at=now,
        from_status=from_status,
        to_status=message.status,
        **extra,
    )
    if action != EventAction.SUBMIT:
        _wagtail_log(event)
    return event


def _wagtail_log(event: MessageEvent) -> None:
    message = event.message
    data = {"tracking_no": message.tracking_no, "from": event.from_status}
    data.update(to=event.to_status, unit=event.unit_id, note=event.note[:500])
    if event.approver_id:
        data["approver"] = event.approver_id
    log(
        instance=message,
        action=log_action_name(event.action),
        user=event.actor,
        # Not the citizen's subject: the label is shown cluster-wide in reports.
        title=_("来信 %(no)s") % {"no": message.tracking_no},
        timestamp=event.at,
        data=data,
    )


def log_action_name(action: str) -> str:
    return f"jiyue.interaction.{action}"


def _locked(message: Message) -> Message:
    return (
        Message.objects.select_for_update(of=("self",))
        .select_related("mailbox", "unit")
        .get(pk=message.pk)
    )


def _check(message: Message, action: str, actor) -> None:
    allowed_from, _to = TRANSITIONS[action]
    if actor is not None and not permissions.can_act(actor, message, action):
        raise PermissionDenied(_("您无权办理这件来信。"))
    if message.status not in allowed_from:
        raise InteractionError(
            _("来信当前状态为「%(status)s」，不能执行「%(action)s」。")
            % {
                "status": message.get_status_display(),
                "action": EventAction(action).label,
            }
        )


def _transition(
    message: Message, action: str, actor, now: dt.datetime | None, fields=None, **extra
) -> Message:
    """Check, change ``fields`` and the status, log the event: one transaction.

    ``fields`` is a dict, or a function of the locked, fresh message.
    """
    now = _now(now)
    with transaction.atomic():
        locked = _locked(message)
        _check(locked, action, actor)
        before = locked.status
        extra.setdefault("unit", locked.unit)
        values = fields(locked) if callable(fields) else fields
        for name, value in (values or {}).items():
            setattr(locked, name, value)
        target = TRANSITIONS[action][1]
        if target is not None:
            locked.status = target
        locked.save()
        _log(locked, action, actor, now, before, **extra)
    return locked


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InteractionError(message)
    return text


# -- the citizen -------------------------------------------------------------


def _flags(subject: str, content: str) -> tuple[bool, str]:
    """Whether sensitive words send the message to moderation (never a refusal);
    a failing check sends it there too, so the message is stored all the same."""
    from jiyue.quality import check_text

    try:
        # Only the sensitive-word checker: the others' findings were discarded
        # (docs/decisions/0314-submission-cpu.md).
        findings = [
            f
            for f in check_text(f"{subject}\n{content}", checkers=SENSITIVE_CHECKERS)
            if f.type == "sensitive_word"
        ]
    except Exception:
        logger.exception("interaction: sensitive-word check failed")
        return True, _("敏感词检查未能完成，请人工审核。")
    evidence = "、".join(dict.fromkeys(f.evidence for f in findings))
    return bool(findings), evidence[:300]


def message_submit(
    *,
    mailbox: Mailbox,
    subject: str,
    content: str,
    name: str = "",
    phone: str = "",
    email: str = "",
    attachment=None,
    consent_publish: bool = False,
    page_url: str = "",
    now: dt.datetime | None = None,
) -> Submission:
    """Store a citizen's message first; mail goes out only after the commit.

    Sensitive words do not reject it: it is flagged for moderation.
    """
    now = _now(now)
    flagged, evidence = _flags(subject, content)
    query_code = codes.new_query_code()
    message = Message(
        mailbox=mailbox,
        subject=subject.strip(),
        content=content.strip(),
        name=name.strip(),
        phone=phone.strip(),
        email=email.strip(),
        consent_publish=consent_publish,
        page_url=page_url,
        flagged=flagged,
        flag_evidence=evidence,
        submitted_at=now,
        workdays=mailbox.reply_workdays,
    )
    if attachment is not None:
        message.attachment = attachment
    _store_new(message, query_code, now)
    transaction.on_commit(lambda: notify.message_received(message.pk, mailbox.site_id))
    return Submission(message, query_code)


def _store_new(message: Message, query_code: str, now: dt.datetime) -> None:
    for _attempt in range(5):
        message.tracking_no = codes.new_tracking_no(now)
        message.query_code_digest = codes.digest(message.tracking_no, query_code)
        try:
            with transaction.atomic():
                message.save()
                _log(message, EventAction.SUBMIT, None, now, "")
            return
        except IntegrityError:
            message.pk = None
            if Message.objects.filter(tracking_no=message.tracking_no).exists():
                continue
            raise
    raise InteractionError(_("系统繁忙，请稍后再试。"))


def message_rate(
    *, message: Message, rating: str, now: dt.datetime | None = None
) -> Message:
    """The citizen's rating of the reply (once)."""
    now = _now(now)
    if rating not in Rating.values:
        raise InteractionError(_("请选择满意、基本满意或不满意。"))
    with transaction.atomic():
        locked = _locked(message)
        if not locked.is_answered:
            raise InteractionError(_("来信答复后才能评价。"))
        if locked.rating:
            raise InteractionError(_("您已评价过这件来信的答复。"))
        locked.rating, locked.rated_at = rating, now
        locked.save(update_fields=["rating", "rated_at"])
        _log(
            locked,
            EventAction.RATE,
            None,
            now,
            locked.status,
            note=locked.get_rating_display(),
        )
    return locked


# -- the office and the units ------------------------------------------------


def _deadline_fields(message: Message, accepted_at: dt.datetime, n: int) -> dict:
    due = workdays.deadline(accepted_at, n)
    remind = workdays.subtract_workdays(due.date, message.mailbox.remind_workdays)
    return {
        "workdays": n,
        "deadline": due.date,
        "deadline_uncertain": due.uncertain or remind.uncertain,
        "remind_on": remind.date,
    }


def message_accept(
    *, message: Message, actor, now: dt.datetime | None = None
) -> Message:
    """受理: the deadline starts, in working days (the mailbox's number)."""
    now = _now(now)
    fields = {"accepted_at": now, **_deadline_fields(message, now, message.workdays)}
    return _transition(message, EventAction.ACCEPT, actor, now, fields)


def message_refuse(
    *, message: Message, actor, reason: str, now: dt.datetime | None = None
) -> Message:
    """不予受理, with a reason the citizen sees."""
    reason = _required(reason, _("请填写不予受理的理由（来信人可以看到）。"))
    fields = {"refuse_reason": reason}
    return _transition(message, EventAction.REFUSE, actor, now, fields, note=reason)


def message_forward(
    *,
    message: Message,
    actor,
    unit: HandlingUnit,
    note: str = "",
    now: dt.datetime | None = None,
) -> Message:
    """转办 to a handling unit, which may belong to another site of the cluster."""
    fields = {"unit": unit}
    return _transition(
        message, EventAction.FORWARD, actor, now, fields, unit=unit, note=note
    )


def message_return(
    *, message: Message, actor, reason: str, now: dt.datetime | None = None
) -> Message:
    """退回: the unit sends the message back to the site's office, with a reason."""
    reason = _required(reason, _("请填写退回理由。"))
    return _transition(
        message, EventAction.RETURN, actor, now, {"unit": None}, note=reason
    )


def message_start(
    *, message: Message, actor, now: dt.datetime | None = None
) -> Message:
    """签收: the unit starts handling (办理中)."""
    return _transition(message, EventAction.START, actor, now)


def message_reply(
    *, message: Message, actor, reply: str, now: dt.datetime | None = None
) -> Message:
    """答复 the citizen."""
    now = _now(now)
    reply = _required(reply, _("请填写答复内容。"))

    def fields(fresh: Message) -> dict:
        unit_name = fresh.unit.name if fresh.unit else fresh.mailbox.site.site_name
        return {"reply": reply, "replied_at": now, "reply_unit_name": unit_name}

    return _transition(message, EventAction.REPLY, actor, now, fields)


def message_extend(
    *,
    message: Message,
    actor,
    approver,
    reason: str,
    workdays_total: int | None = None,
    now: dt.datetime | None = None,
) -> Message:
    """延期: with a reason and an approver, to at most 15 working days in all."""
    reason = _required(reason, _("请填写延期理由。"))
    total = max_workdays() if workdays_total is None else workdays_total

    def fields(fresh: Message) -> dict:
        _check_extension(fresh, actor, approver, total)
        due = _deadline_fields(fresh, fresh.accepted_at, total)
        reset = {"overdue": False, "reminded_at": None, "escalated_at": None}
        return {"extended": True, **due, **reset}

    return _transition(
        message, EventAction.EXTEND, actor, now, fields, approver=approver, note=reason
    )


def _check_extension(message: Message, actor, approver, total: int) -> None:
    if approver is None or not permissions.can_approve_extension(approver, message):
        raise InteractionError(_("请选择有权批准延期的批准人。"))
    if actor is not None and approver.pk == actor.pk:
        raise InteractionError(_("延期须由申请人以外的人批准。"))
    if total > max_workdays():
        raise InteractionError(
            _("延期后的办理时限最长为 %(n)s 个工作日。") % {"n": max_workdays()}
        )
    if total <= message.workdays:
        raise InteractionError(_("延期后的办理时限应长于现在的时限。"))


def message_supervise(
    *, message: Message, actor, note: str = "", now: dt.datetime | None = None
) -> Message:
    """督办 by the platform office."""
    if actor is not None and not permissions.is_platform_office(actor):
        raise PermissionDenied(_("只有平台管理办公室可以督办。"))
    return _transition(
        message, EventAction.SUPERVISE, actor, now, {"supervised": True}, note=note
    )


class GateBlockedError(InteractionError):
    """Publication stopped by the compliance gate; ``findings`` are (label, finding)."""

    def __init__(self, findings: list[tuple[str, Any]]) -> None:
        self.findings = findings
        listed = "；".join(describe_finding(label, f) for label, f in findings)
        super().__init__(
            _(
                "公开前的合规检查发现问题，未公开：%(findings)s。"
                "请不公开，或说明理由后放行再公开。"
            )
            % {"findings": listed}
        )


def describe_finding(label: str, finding) -> str:
    where = ""
    if finding.position is not None:
        where = _("第%(line)d行第%(column)d字") % {
            "line": finding.position.line,
            "column": finding.position.column,
        }
    return _("【%(label)s%(where)s】%(message)s") % {
        "label": label,
        "where": where,
        "message": finding.message,
    }


PUBLIC_TEXTS = (
    ("public_subject", _("标题")),
    ("public_content", _("来信内容")),
    ("public_reply", _("答复")),
)


def publication_findings(public: dict) -> list[tuple[str, Any]]:
    """The quality engine on the texts as they would be published (masked): the
    same engine and severities as the editorial gate (jiyue/editorial/gate.py)."""
    from jiyue.quality import check_text

    found = []
    for field, label in PUBLIC_TEXTS:
        found += [(str(label), f) for f in check_text(public.get(field) or "")]
    return found


def message_publish(
    *,
    message: Message,
    actor,
    publish: bool,
    override_reason: str = "",
    now: dt.datetime | None = None,
) -> Message:
    """公开 (only with the citizen's consent, personal data masked, through the
    compliance gate: veto/error findings block unless let through with a reason,
    logged as ``jiyue.gate_override``) or 不公开."""
    now = _now(now)
    if not publish:
        fields = {"published_at": None}
        return _transition(message, EventAction.UNPUBLISH, actor, now, fields)
    reason = (override_reason or "").strip()
    let_through: list[tuple[str, Any]] = []

    def fields(fresh: Message) -> dict:
        public = _public_fields(fresh, now)
        stopped = [(label, f) for label, f in publication_findings(public) if f.blocks]
        if stopped and not reason:
            raise GateBlockedError(stopped)
        let_through.extend(stopped)
        return public

    with transaction.atomic():
        note = _("合规检查放行：%(reason)s") % {"reason": reason} if reason else ""
        published = _transition(
            message, EventAction.PUBLISH, actor, now, fields, note=note
        )
        if let_through:
            _log_override(published, actor, reason, let_through)
    return published


def _log_override(message: Message, actor, reason: str, findings) -> None:
    log(
        instance=message,
        action="jiyue.gate_override",
        user=actor,
        title=_("来信 %(no)s") % {"no": message.tracking_no},
        data={
            "reason": reason,
            "findings": [{"label": label, **f.as_dict()} for label, f in findings],
        },
    )


def _public_fields(message: Message, now: dt.datetime) -> dict:
    if not message.consent_publish:
        raise InteractionError(_("来信人未同意公开，不能公开。"))
    return {"published_at": now, **masked_public_texts(message)}


def masked_public_texts(message: Message) -> dict[str, str]:
    """The subject, content and reply as published: names as 某某, numbers masked."""
    names = (message.name,)
    return {
        "public_subject": mask_text(message.subject, names=names),
        "public_content": mask_text(message.content, names=names),
        "public_reply": mask_text(message.reply, names=names),
    }


# -- deadlines: the daily task ------------------------------------------------


def messages_check_deadlines(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Reminders before the deadline, overdue marking and escalation."""
    now = _now(now)
    today = timezone.localtime(now).date()
    counts = {"remind": 0, "overdue": 0, "escalate": 0}
    open_messages = Message.objects.filter(
        status__in=OPEN_STATUSES, deadline__isnull=False
    )
    for message in open_messages.select_related("mailbox", "unit"):
        for action in _due_actions(message, today):
            _system_event(message, action, now)
            counts[action] += 1
    return counts


def _due_actions(message: Message, today: dt.date) -> list[str]:
    if message.deadline < today:
        actions = [] if message.overdue else [EventAction.OVERDUE.value]
        return actions + ([] if message.escalated_at else [EventAction.ESCALATE.value])
    if message.reminded_at is None and message.remind_on and message.remind_on <= today:
        return [EventAction.REMIND.value]
    return []


def _system_event(message: Message, action: str, now: dt.datetime) -> None:
    fields = {
        EventAction.OVERDUE: {"overdue": True},
        EventAction.ESCALATE: {"escalated_at": now},
        EventAction.REMIND: {"reminded_at": now},
    }[action]
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(**fields)
        for name, value in fields.items():
            setattr(message, name, value)
        _log(message, action, None, now, message.status, unit=message.unit)
        transaction.on_commit(lambda: notify.deadline_event(message.pk, action))


# -- setup ---------------------------------------------------------------------


def error_report_mailbox(site) -> Mailbox:
    """The site's 找错 mailbox (2 working days by default; a setting)."""
    days = int(getattr(settings, "JIYUE_ERROR_REPORT_WORKDAYS", 2))
    mailbox, _created = Mailbox.objects.get_or_create(
        site=site,
        slug="jiucuo",
        defaults={
            "kind": MailboxKind.ERROR_REPORT,
            "title": _("我为政府网站找错"),
            "reply_workdays": days,
            "remind_workdays": 1,
            "order": 99,
        },
    )
    return mailbox
