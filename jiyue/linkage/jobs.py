"""协同联动's periodic job, run by ``jiyue worker`` (ADR 0515): reminders before
a push's deadline and notices once it has passed, every 10 minutes."""

from __future__ import annotations

from datetime import timedelta

PERIODIC_JOBS = (
    (
        "linkage.deadlines",
        timedelta(minutes=10),
        "jiyue.linkage.tasks.push_deadlines_task",
    ),
)
