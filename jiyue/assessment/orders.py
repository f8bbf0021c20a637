"""限期整改 ordered by the office from today's check of a site (ADR 0809): the order
keeps the problems as they were, with their owners; the site's administrators see
it in 待办 and report it done; a mail reminds them from three days before the
deadline, once."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.tenancy import Capability, oversees

from .models import RectificationOrder
from .preview import problems
from .spot_checks.rectification import (
    REMIND_DAYS,
    mail_administrators,
    record_rectified,
)


def order(*, actor, profile: SiteProfile, deadline: dt.date, note: str = ""):
    if not oversees(actor, Capability.ADMINISTER):
        raise PermissionDenied
    if deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("整改期限须晚于今天。")})
    found = [p.as_dict() for p in problems(profile)]
    if not found:
        raise ValidationError(_("该网站今天没有需要整改的问题。"))
    made = RectificationOrder.objects.create(
        site=profile.site, problems=found, deadline=deadline,
        note=(note or "").strip()[:300], ordered_by=actor,
    )  # fmt: skip
    log(instance=profile, action="jiyue.assessment.rectification_ordered", user=actor,
        data={"deadline": deadline.isoformat(), "problems": len(found)})  # fmt: skip
    return made


def report_done(entry: RectificationOrder, *, note: str, user) -> None:
    note = record_rectified(entry, site=entry.site, note=note, user=user)
    log(instance=entry.site.profile, action="jiyue.assessment.rectified", user=user,
        data={"order": entry.pk, "note": note[:200]})  # fmt: skip


def remind(today: dt.date | None = None) -> int:
    """Mails the administrators of each open order once, from ``REMIND_DAYS``
    before its deadline (at once when it has passed)."""
    today = today or timezone.localdate()
    due = RectificationOrder.objects.filter(
        rectified_at__isnull=True,
        reminded_at__isnull=True,
        deadline__lte=today + dt.timedelta(days=REMIND_DAYS),
    ).select_related("site")
    sent = 0
    for entry in due:
        late = today > entry.deadline
        subject = (
            _("限期整改已逾期：%(s)s") if late else _("限期整改即将到期：%(s)s")
        ) % {"s": entry.site.site_name}
        body = _("问题：%(p)s\n整改期限：%(d)s。请整改后在后台报告整改情况。") % {
            "p": "；".join(p["text"] for p in entry.problems)[:1500],
            "d": entry.deadline,
        }
        mail_administrators(entry.site, subject, body)
        entry.reminded_at = timezone.now()
        entry.save(update_fields=["reminded_at"])
        sent += 1
    return sent
