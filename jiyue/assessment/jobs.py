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
