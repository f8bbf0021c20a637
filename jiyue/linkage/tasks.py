"""Background work of 协同联动 (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from .services import remind_and_escalate


@task()
def push_deadlines_task() -> dict:
    """Reminders before a push's deadline, notices after it."""
    return remind_and_escalate()
