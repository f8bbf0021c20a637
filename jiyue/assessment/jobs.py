"""The assessment's periodic job, run by ``jiyue worker`` (ADR 0515): every site's
score kept once a day for the trend of the cluster table."""

from __future__ import annotations

from datetime import timedelta

PERIODIC_JOBS = (
    (
        "assessment.rectification_reminders",
        timedelta(days=1),
        "jiyue.assessment.tasks.rectification_reminders_task",
    ),
    (
        "assessment.record_scores",
        timedelta(days=1),
        "jiyue.assessment.tasks.record_scores_task",
    ),
)

# Each task's name on 失败任务 (the dead letters of jiyue.worker).
TASK_LABELS = {
    "jiyue.assessment.tasks.record_scores_task": "记录每日得分",
    "jiyue.assessment.tasks.rectification_reminders_task": "整改期限提醒",
}
