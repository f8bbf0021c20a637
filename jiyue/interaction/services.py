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
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from wagtail.log_actions import log

from jiyue import workdays

from . import codes, notify, permissions
from .masking import mask_text
from .models import (
    OPEN_STATUSES,
    REPLY_STATUSES,
    EventAction,
    HandlingUnit,
    Mailbox,
    MailboxKind,
    Message,
    MessageEvent,
    Rating,
    Status,
)
from .screening import citizen_text_flags

DEFAULT_MAX_WORKDAYS = 15
logger = logging.getLogger(__name__)

# action -> (statuses it may start from, status it leads to; None = unchanged)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    EventAction.ACCEPT: ((Status.PENDING,), Status.ACCEPTED),
    EventAction.REFUSE: ((Status.PENDING,), Status.REFUSED),
    EventAction.FORWARD: ((Status.ACCEPTED,), Status.FORWARDED),
    EventAction.RETURN: ((Status.FORWARDED, Status.PROCESSING), Status.ACCEPTED),
    EventAction.START: ((Status.FORWARDED,), Status.PROCESSING),
    # To 待审核 instead when the mailbox reviews answers (``reply_goes_to_review``).
    EventAction.REPLY: (REPLY_STATUSES, Status.REPLIED),
    EventAction.REVIEW_APPROVE: ((Status.REVIEW,), Status.REPLIED),
    # Back to where the answer was written from (``_status_before_reply``).
    EventAction.REVIEW_RETURN: ((Status.REVIEW,), None),
    EventAction.EXTEND_REQUEST: (OPEN_STATUSES, None),
    EventAction.EXTEND: (OPEN_STATUSES, None),
    EventAction.EXTEND_REFUSE: (OPEN_STATUSES, None),
    EventAction.SUPERVISE: (OPEN_STATUSES, None),
    EventAction.PUBLISH: ((Status.REPLIED,), Status.PUBLISHED),
    # A published reply comes down only by 撤回, with a reason (ADR 0320).
    EventAction.UNPUBLISH: ((Status.REPLIED,), Status.UNPUBLISHED),
    EventAction.REPLY_WITHDRAW: ((Status.PUBLISHED,), Status.REPLIED),
}


class InteractionError(ValidationError):
    """A refused write, with a message for the person who tried it."""


class PerFieldError(InteractionError):
    """A refused write with errors per field beside the message (a survey's
    answers per question), for the API to return field by field."""

    def __init__(self, detail: str, errors: dict[str, list[str]]):
        super().__init__(detail)
        self.errors = errors


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
    message: Message,
    action: str,
    actor,
    now: dt.datetime | None,
    fields=None,
    target=None,
    **extra,
) -> Message:
    """Check, change ``fields`` and the status, log the event: one transaction.

    ``fields`` is a dict, or a function of the locked, fresh message; ``target``
    (a function of it) overrides the table's next status.
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
        to = target(locked) if target is not None else TRANSITIONS[action][1]
        if to is not None:
            locked.status = to
        locked.save()
        _log(locked, action, actor, now, before, **extra)
    return locked


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InteractionError(message)
    return text


# -- the citizen -------------------------------------------------------------


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
    flagged, evidence = citizen_text_flags(subject, content)
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
    if mailbox.kind == MailboxKind.ERROR_REPORT:
        # An error report's clock starts now, not at acceptance (ADR 0320).
        for name, value in _deadline_fields(message, now, message.workdays).items():
            setattr(message, name, value)
    if attachment is not None:
        message.attachment = attachment
    _store_new(message, query_code, now)
    # The message is stored: a failure to queue the operators' mail (the database
    # or Redis gone that instant; outside a transaction ``on_commit`` itself asks
    # the connection) is logged, and the citizen still gets his receipt
    # (docs/decisions/0523-database-outage.md).
    try:
        transaction.on_commit(
            lambda: notify.message_received(message.pk, mailbox.site_id), robust=True
        )
    except DatabaseError:
        logger.exception("message %s stored, its mail not queued", message.tracking_no)
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
    """受理: the deadline starts, in working days (the mailbox's number); an
    error report's started at its submission and is kept."""
    now = _now(now)

    def fields(fresh: Message) -> dict:
        if fresh.mailbox.kind == MailboxKind.ERROR_REPORT and fresh.deadline:
            return {"accepted_at": now}
        return {"accepted_at": now, **_deadline_fields(fresh, now, fresh.workdays)}

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
    """转办 to a handling unit of the message's site or of a site below it
    (ADR 0319)."""
    from .selectors import site_subtree_ids

    def fields(fresh: Message) -> dict:
        if unit is None or unit.site_id not in site_subtree_ids(fresh.mailbox.site_id):
            raise InteractionError(str(UNIT_OUTSIDE))
        return {"unit": unit}

    return _transition(
        message, EventAction.FORWARD, actor, now, fields, unit=unit, note=note
    )


UNIT_OUTSIDE = _lazy("承办单位：只能转办给本站点及其下级站点的承办单位，请重新选择。")


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
    """答复 the citizen, or correct an answer not yet published. When the
    mailbox reviews answers and the author is not one of its managers, the
    answer waits as a draft for the manager's review (待审核, ADR 0320)."""
    now = _now(now)
    reply = _required(reply, _("答复内容：请填写答复内容。"))

    def review(fresh: Message) -> bool:
        return reply_goes_to_review(fresh, actor)

    def fields(fresh: Message) -> dict:
        if review(fresh):
            return {"reply_draft": reply}
        return {"reply": reply, "reply_draft": "", **_answered(fresh, now)}

    def target(fresh: Message) -> str:
        return Status.REVIEW if fresh.reply_draft else Status.REPLIED

    return _transition(message, EventAction.REPLY, actor, now, fields, target)


def reply_goes_to_review(message: Message, actor) -> bool:
    """Whether an answer by ``actor`` waits for review: the mailbox asks for it
    and the author is not a manager of the mailbox (nobody reviews himself)."""
    if not message.mailbox.reply_review or actor is None:
        return False
    if permissions.is_platform_office(actor):
        return False
    return message.mailbox.site_id not in permissions.site_ids(actor)


def _answered(message: Message, now: dt.datetime) -> dict:
    unit_name = message.unit.name if message.unit else message.mailbox.site.site_name
    # A corrected answer keeps the time of the first: the handling time counts to it.
    return {"replied_at": message.replied_at or now, "reply_unit_name": unit_name}


def message_review_approve(
    *, message: Message, actor, note: str = "", now: dt.datetime | None = None
) -> Message:
    """答复审核通过: the draft becomes the answer the citizen sees."""
    now = _now(now)

    def fields(fresh: Message) -> dict:
        return {"reply": fresh.reply_draft, "reply_draft": "", **_answered(fresh, now)}

    return _transition(
        message, EventAction.REVIEW_APPROVE, actor, now, fields, note=note.strip()
    )


def message_review_return(
    *, message: Message, actor, reason: str, now: dt.datetime | None = None
) -> Message:
    """答复退回修改: back to the handler with a reason; the draft is kept."""
    reason = _required(reason, _("理由：请填写退回修改的理由。"))
    return _transition(
        message,
        EventAction.REVIEW_RETURN,
        actor,
        now,
        target=_status_before_reply,
        note=reason,
    )


def _status_before_reply(message: Message) -> str:
    last = message.events.filter(action=EventAction.REPLY).order_by("-at", "-pk")
    before = last.values_list("from_status", flat=True).first()
    return before or (Status.PROCESSING if message.unit_id else Status.ACCEPTED)


def message_extend_request(
    *,
    message: Message,
    actor,
    approver,
    reason: str,
    workdays_total: int | None = None,
    now: dt.datetime | None = None,
) -> Message:
    """申请延期: with a reason and the approver asked, to at most 15 working days
    in all. Nothing changes until someone other than the requester approves."""
    now = _now(now)
    reason = _required(reason, _("延期理由：请填写延期理由。"))
    total = max_workdays() if workdays_total is None else workdays_total

    def fields(fresh: Message) -> dict:
        if fresh.extension_pending:
            raise InteractionError(_("这件来信已有待批准的延期申请。"))
        _check_extension(fresh, actor, approver, total)
        return {
            "extension_requested_at": now,
            "extension_requested_by": actor,
            "extension_approver": approver,
            "extension_workdays": total,
            "extension_reason": reason,
        }

    return _transition(
        message,
        EventAction.EXTEND_REQUEST,
        actor,
        now,
        fields,
        approver=approver,
        note=reason,
    )


def _check_extension(message: Message, actor, approver, total: int) -> None:
    if approver is not None and actor is not None and approver.pk == actor.pk:
        raise InteractionError(str(SELF_APPROVAL))
    if approver is None or not permissions.can_approve_extension(approver, message):
        raise InteractionError(_("批准人：请选择有权批准延期的批准人。"))
    if total > max_workdays():
        raise InteractionError(
            _("延期后的办理时限：最长为 %(n)s 个工作日。") % {"n": max_workdays()}
        )
    if total <= message.workdays:
        raise InteractionError(_("延期后的办理时限：应长于现在的时限。"))


SELF_APPROVAL = _lazy("批准人：延期须由申请人以外的人批准，不能批准自己的延期申请。")


def _refuse_own_request(message: Message, actor) -> None:
    """Before the right is checked: the requester reads why, not a bare 403."""
    asked_by = Message.objects.filter(pk=message.pk).values_list(
        "extension_requested_by_id", flat=True
    )
    if actor is not None and asked_by.first() == actor.pk:
        raise InteractionError(str(SELF_APPROVAL))


def _check_decider(message: Message, actor) -> None:
    if not message.extension_pending:
        raise InteractionError(_("这件来信没有待批准的延期申请。"))
    if actor is not None and message.extension_requested_by_id == actor.pk:
        raise InteractionError(str(SELF_APPROVAL))


_NO_REQUEST = {
    "extension_requested_at": None,
    "extension_requested_by": None,
    "extension_approver": None,
    "extension_workdays": None,
    "extension_reason": "",
}


def message_extend_approve(
    *, message: Message, actor, note: str = "", now: dt.datetime | None = None
) -> Message:
    """批准延期: the deadline is recomputed from when the clock started."""

    def fields(fresh: Message) -> dict:
        _check_decider(fresh, actor)
        total = fresh.extension_workdays
        if total > max_workdays() or total <= fresh.workdays:
            raise InteractionError(_("延期申请的时限已不适用，请不批准后重新申请。"))
        due = _deadline_fields(fresh, fresh.clock_starts_at, total)
        reset = {"overdue": False, "reminded_at": None, "escalated_at": None}
        return {"extended": True, **due, **reset, **_NO_REQUEST}

    _refuse_own_request(message, actor)
    pending = Message.objects.filter(pk=message.pk).values_list(
        "extension_reason", flat=True
    )
    reason = pending.first() or ""
    note = (note or "").strip()
    text = reason + (f"（{note}）" if note else "")
    return _transition(
        message, EventAction.EXTEND, actor, now, fields, approver=actor, note=text
    )


def message_extend_refuse(
    *, message: Message, actor, reason: str, now: dt.datetime | None = None
) -> Message:
    """不批准延期, with a reason; the deadline stays."""
    reason = _required(reason, _("理由：请填写不批准的理由。"))
    _refuse_own_request(message, actor)

    def fields(fresh: Message) -> dict:
        _check_decider(fresh, actor)
        return dict(_NO_REQUEST)

    return _transition(
        message, EventAction.EXTEND_REFUSE, actor, now, fields, note=reason
    )


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
    from jiyue.quality import Context, gate

    found = []
    for field, label in PUBLIC_TEXTS:
        text = public.get(field) or ""
        found += [(str(label), f) for f in gate(text, context=Context.REPLY)]
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
    logged as ``jiyue.interaction.gate_override``) or 不公开."""
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


def message_reply_withdraw(
    *, message: Message, actor, reason: str, now: dt.datetime | None = None
) -> Message:
    """撤回公开: a published reply comes off the public side at once (its pages
    and the API read published messages live; nothing static holds a copy,
    ADR 0320), back to 已答复, where it can be corrected and published again."""
    reason = _required(reason, _("撤回理由：请填写撤回公开的理由。"))
    fields = {
        "published_at": None,
        "public_subject": "",
        "public_content": "",
        "public_reply": "",
    }
    return _transition(
        message, EventAction.REPLY_WITHDRAW, actor, now, fields, note=reason
    )


def _log_override(message: Message, actor, reason: str, findings) -> None:
    log(
        instance=message,
        action="jiyue.interaction.gate_override",
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
    from .selectors import running_clock

    # Open messages, and error reports not yet accepted (their clock runs).
    open_messages = Message.objects.filter(running_clock(), deadline__isnull=False)
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
