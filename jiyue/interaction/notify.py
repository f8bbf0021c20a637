"""Mail to staff, sent after the commit (the message is already stored)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from jiyue.cluster.permissions import PLATFORM_OFFICE_GROUP

from .memo import remembered
from .models import EventAction, Message

logger = logging.getLogger(__name__)


def _emails(users) -> list[str]:
    return sorted({u.email for u in users if u.email and u.is_active})


def site_staff_emails(message: Message) -> list[str]:
    from .selectors import mailbox_operators

    return _emails(mailbox_operators(message.mailbox.site_id))


def unit_emails(message: Message) -> list[str]:
    return _emails(message.unit.members.all()) if message.unit else []


def office_emails() -> list[str]:
    users = get_user_model().objects.filter(groups__name=PLATFORM_OFFICE_GROUP)
    return _emails(users)


def _send(
    subject: str, body: str, recipients: list[str], *, retried: bool = False
) -> None:
    """Sends, or logs that the mail server did not take it; in a task that the worker
    runs again (``retried``) the error is raised so that it is tried again."""
    if not recipients:
        return
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except OSError:
        if retried:
            raise
        logger.warning("interaction mail not sent", exc_info=True)


RECIPIENTS_CACHE_SECONDS = 60


def recipients_cache_key(site_id: int) -> str:
    return f"interaction:recipients:{site_id}"


def received_recipients(site_id: int) -> list[str]:
    """The site's operators' addresses, kept a minute in the cache: looked up
    after every submission (docs/decisions/0310-submission-hot-path.md)."""

    def load() -> list[str]:
        from .selectors import mailbox_operators

        users = mailbox_operators(site_id).exclude(email="")
        return sorted(set(users.values_list("email", flat=True)))

    return remembered(recipients_cache_key(site_id), load, RECIPIENTS_CACHE_SECONDS)


def message_received(pk: int, site_id: int) -> None:
    """After the commit of a submission: queue the mail to the site's operators
    (the mail server is never waited for in the citizen's request)."""
    if received_recipients(site_id):
        from .tasks import mail_message_received

        mail_message_received.enqueue(pk, site_id)


def send_message_received(pk: int, site_id: int) -> None:
    recipients = received_recipients(site_id)
    if not recipients:
        return
    message = Message.objects.get(pk=pk)
    subject = _("新来信：%(no)s") % {"no": message.tracking_no}
    _send(subject, message.subject, recipients, retried=True)


def deadline_event(pk: int, action: str) -> None:
    message = Message.objects.select_related("mailbox__site", "unit").get(pk=pk)
    label = EventAction(action).label
    subject = _("来信%(label)s：%(no)s") % {"label": label, "no": message.tracking_no}
    body = _("办理期限：%(date)s") % {"date": message.deadline}
    recipients = unit_emails(message) or site_staff_emails(message)
    if action == EventAction.ESCALATE:
        recipients = sorted(set(recipients) | set(office_emails()))
    _send(subject, body, recipients)
