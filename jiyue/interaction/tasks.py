"""Background work: the daily deadline check (reminders, overdue, escalation).

Run it once a day (``jiyue interaction_daily`` from cron, or the worker's
schedule): it only touches open messages and is safe to run twice.
"""

from __future__ import annotations

from django_tasks import task

from . import notify, services


@task(queue_name="interaction")
def check_deadlines() -> dict[str, int]:
    return services.messages_check_deadlines()


@task(queue_name="interaction")
def mail_message_received(pk: int, site_id: int) -> None:
    """The mail to a site's operators about a new message (queued after commit)."""
    notify.send_message_received(pk, site_id)
