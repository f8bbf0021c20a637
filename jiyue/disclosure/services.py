"""The handling chain of an information request; every step is logged
(``RequestEvent`` and Wagtail's log as ``jiyue.disclosure.<verb>``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from jiyue import workdays
from jiyue.cluster.tenancy import Capability, can
from jiyue.interaction import codes
from jiyue.interaction.screening import citizen_text_flags

from .grounds import GROUNDS
from .models import (
    ANSWER_WORKDAYS,
    EXTENSION_WORKDAYS,
    InfoRequest,
    Outcome,
    RequestEvent,
    RequestStatus,
)

#: Wagtail log action of each step, and its Chinese label.
ACTIONS = {
    "register": gettext_lazy("依申请公开：登记"),
    "correction": gettext_lazy("依申请公开：通知补正（停止计时）"),
    "consult": gettext_lazy("依申请公开：征求第三方意见（停止计时）"),
    "resume": gettext_lazy("依申请公开：恢复计时"),
    "extend": gettext_lazy("依申请公开：延期答复"),
    "answer": gettext_lazy("依申请公开：答复"),
}


class RequestError(ValidationError):
    """A step refused, with a Chinese message for the person who tried it."""


@dataclass(frozen=True)
class Submitted:
    request: InfoRequest
    query_code: str


def due_date(request: InfoRequest) -> dt.date:
    """20 working days after receipt (the day of receipt not counted), plus the
    extension and the working days the clock stood still."""
    days = ANSWER_WORKDAYS + request.suspended_workdays
    if request.extended:
        days += EXTENSION_WORKDAYS
    return workdays.deadline(request.received_at, days).date


def submit(*, site, data: dict, now: dt.datetime | None = None) -> Submitted:
    """Stores a request as received; the clock runs from now."""
    now = now or timezone.now()
    query_code = codes.new_query_code()
    with transaction.atomic():
        request = InfoRequest(
            site=site,
            tracking_no=codes.new_tracking_no(now),
            received_at=now,
            **{k: v for k, v in data.items() if k in SUBMITTED_FIELDS},
        )
        request.code_digest = codes.digest(request.tracking_no, query_code)
        request.due_on = due_date(request)
        request.save()
        flagged, evidence = citizen_text_flags(request.description, request.purpose)
        note = _("敏感词待核：%(words)s") % {"words": evidence} if flagged else ""
        _event(request, "submit", None, now, note)
    return Submitted(request, query_code)


SUBMITTED_FIELDS = frozenset(
    {"applicant_type", "organisation_kind", "name", "id_number", "phone", "email",
     "address", "description", "purpose", "carrier", "delivery"}
)  # fmt: skip


def _event(request, action: str, actor, now, note: str = "") -> None:
    RequestEvent.objects.create(
        request=request, action=action, actor=actor, at=now, note=note
    )
    if action in ACTIONS and actor is not None:
        log(
            instance=request,
            action=f"jiyue.disclosure.{action}",
            user=actor,
            data={"note": note[:500]},
        )


def _check(actor, request: InfoRequest) -> None:
    if not can(actor, Capability.DISCLOSE, request.site_id):
        raise PermissionDenied


def _step(request, actor, action, allowed, now, note="", **fields) -> InfoRequest:
    _check(actor, request)
    now = now or timezone.now()
    with transaction.atomic():
        fresh = InfoRequest.objects.select_for_update().get(pk=request.pk)
        if fresh.status not in allowed:
            raise RequestError(
                _("该申请当前为“%(status)s”，不能进行此操作。")
                % {"status": fresh.get_status_display()}
            )
        for name, value in fields.items():
            setattr(fresh, name, value(fresh, now) if callable(value) else value)
        fresh.due_on = due_date(fresh)
        fresh.save()
        _event(fresh, action, actor, now, note)
    return fresh


def register(request, *, actor, now=None) -> InfoRequest:
    return _step(
        request, actor, "register", (RequestStatus.RECEIVED,), now,
        status=RequestStatus.PROCESSING,
    )  # fmt: skip


def suspend(request, *, actor, reason: str, consult: bool = False, now=None):
    """补正 (the applicant is asked to complete the request) or 征求第三方意见:
    the clock stops until ``resume``."""
    if not reason.strip():
        raise RequestError(_("请写明需要补正的内容或征求意见的第三方。"))
    status = RequestStatus.CONSULTING if consult else RequestStatus.CORRECTION
    return _step(
        request, actor, "consult" if consult else "correction",
        (RequestStatus.RECEIVED, RequestStatus.PROCESSING), now, reason,
        status=status, suspended_since=lambda _r, moment: moment,
    )  # fmt: skip


def _stood_still(request: InfoRequest, now: dt.datetime) -> int:
    since = request.suspended_since or now
    return request.suspended_workdays + workdays.workdays_between(since, now)


def resume(request, *, actor, note: str = "", now=None) -> InfoRequest:
    """The correction arrived or the third party answered: the clock runs again."""
    return _step(
        request, actor, "resume",
        (RequestStatus.CORRECTION, RequestStatus.CONSULTING), now, note,
        suspended_workdays=_stood_still, suspended_since=None,
        status=RequestStatus.PROCESSING,
    )  # fmt: skip


def extend(request, *, actor, approver, reason: str, now=None) -> InfoRequest:
    """Once, by at most 20 working days, approved by another person who may
    handle the site's requests (条例第三十三条)."""
    if request.extended:
        raise RequestError(_("答复期限只能延长一次。"))
    if not reason.strip():
        raise RequestError(_("请写明延期理由。"))
    if approver is None or approver.pk == actor.pk:
        raise RequestError(_("延期须由申请人以外的负责人批准，请选择批准人。"))
    if not can(approver, Capability.DISCLOSE, request.site_id):
        raise RequestError(_("所选批准人无权办理本站点的依申请公开。"))
    note = _("%(reason)s（批准人：%(name)s）") % {
        "reason": reason,
        "name": approver.get_full_name() or approver.get_username(),
    }
    return _step(
        request, actor, "extend",
        (RequestStatus.RECEIVED, RequestStatus.PROCESSING), now, note,
        extended=True, extension_reason=reason,
    )  # fmt: skip


def answer(request, *, actor, outcome: str, ground: str, reply: str, now=None):
    if outcome not in GROUNDS or ground not in {c for c, _l in GROUNDS[outcome]}:
        raise RequestError(_("请选择答复结果及其依据。"))
    if not reply.strip():
        raise RequestError(_("请填写答复内容。"))
    return _step(
        request, actor, "answer",
        (RequestStatus.RECEIVED, RequestStatus.PROCESSING), now,
        str(Outcome(outcome).label), status=RequestStatus.ANSWERED,
        outcome=outcome, ground=ground, reply=reply,
        answered_at=lambda _r, moment: moment,
    )  # fmt: skip
