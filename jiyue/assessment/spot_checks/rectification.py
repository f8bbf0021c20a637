"""整改 after a published spot check: the site's administrators report what they
fixed (the 待办 row then goes), and those who have not are reminded by mail in the
last days before the office's deadline and once it has passed (ADR 0803)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from jiyue.cluster.tenancy import Capability, can, people_for

from ..models import SpotCheck, SpotCheckFinding, SpotCheckSite

logger = logging.getLogger(__name__)
#: Days before the deadline from which a site that has not reported is reminded.
REMIND_DAYS = 3


def latest_published() -> SpotCheck | None:
    return (
        SpotCheck.objects.filter(status=SpotCheck.Status.PUBLISHED)
        .order_by("-year", "-quarter")
        .first()
    )


def owing(check: SpotCheck):
    """The sampled sites with confirmed problems that have not reported 整改."""
    return check.sites.filter(
        findings__status=SpotCheckFinding.Status.CONFIRMED, rectified_at__isnull=True
    ).distinct()


def record_rectified(entry, *, site, note: str, user) -> str:
    """The administrators' report on ``entry`` (a sampled site, or the office's
    限期整改: both hold ``rectified_at/by/note``), checked and stored; the note kept."""
    if not can(user, Capability.ADMINISTER, site):
        raise PermissionDenied
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("请说明整改了哪些问题、如何整改。"))
    if entry.rectified_at is not None:
        raise ValidationError(_("该网站已报告整改完成。"))
    entry.rectified_at, entry.rectified_by = timezone.now(), user
    entry.rectified_note = note[:2000]
    entry.save(update_fields=["rectified_at", "rectified_by", "rectified_note"])
    return note


def report_rectified(entry: SpotCheckSite, *, note: str, user) -> None:
    note = record_rectified(entry, site=entry.site, note=note, user=user)
    log(
        instance=entry.spot_check,
        action="jiyue.assessment.rectified",
        user=user,
        data={"site": entry.code, "note": note[:200]},
    )


def mail_administrators(site, subject: str, body: str) -> None:
    """A reminder to the site's administrators (those with an address)."""
    people = people_for(Capability.ADMINISTER, site, oversight=False)
    emails = sorted({u.email for u in people if u.email})
    if not emails:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)
    except OSError:
        logger.warning("rectification reminder not sent", exc_info=True)


def remind(today: dt.date | None = None) -> int:
    """Mails each owing site's administrators once, from ``REMIND_DAYS`` before the
    deadline (or at once if it has passed)."""
    today = today or timezone.localdate()
    check = latest_published()
    if check is None or check.rectify_by is None:
        return 0
    if today < check.rectify_by - dt.timedelta(days=REMIND_DAYS):
        return 0
    sent = 0
    for entry in owing(check).filter(reminded_at__isnull=True):
        late = today > check.rectify_by
        subject = (
            _("整改已逾期：%(check)s") if late else _("整改即将到期：%(check)s")
        ) % {"check": check}
        body = _(
            "%(site)s 的问题：%(problems)s\n整改期限：%(date)s。请整改后在后台报告整改情况。"
        ) % {
            "site": entry.name,
            "problems": "；".join(entry.problems),
            "date": check.rectify_by,
        }
        mail_administrators(entry.site, subject, body)
        entry.reminded_at = timezone.now()
        entry.save(update_fields=["reminded_at"])
        sent += 1
    return sent
