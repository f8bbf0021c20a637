"""Background work: the daily deadline check (reminders, overdue, escalation).

Run it once a day (``jiyue interaction_daily`` from cron, or the worker's
schedule): it only touches open messages and is safe to run twice.
"""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def check_deadlines() -> dict[str, int]:
    return services.messages_check_deadlines()
