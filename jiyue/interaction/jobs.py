"""The periodic jobs of 互动交流, run by ``jiyue worker``.

Plain data (name, interval, the task's dotted path): the worker, a higher layer,
collects every app's ``jobs`` module; interaction never imports it
(docs/decisions/0515-worker-app-and-job-registry.md).
"""

from __future__ import annotations

from datetime import timedelta

PERIODIC_JOBS = (
    # 互动交流: reminders, overdue marking and escalation (interaction_daily).
    ("interaction.daily", timedelta(days=1), "jiyue.interaction.tasks.check_deadlines"),
    # Consultations, surveys, interviews: republish a page when it opens/closes.
    (
        "interaction.channel_phases",
        timedelta(minutes=10),
        "jiyue.interaction.channels.tasks.channel_phases_task",
    ),
)
