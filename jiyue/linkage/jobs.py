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

# Each task's name on 失败任务 (the dead letters of jiyue.worker).
TASK_LABELS = {
    "jiyue.linkage.tasks.push_deadlines_task": "推送转载期限提醒",
}
