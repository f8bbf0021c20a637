"""The analytics' periodic job, run by ``jiyue worker`` (ADR 0515): the access logs
named in ``JIYUE_ACCESS_LOGS`` (glob patterns), every 10 minutes."""

from __future__ import annotations

from datetime import timedelta

PERIODIC_JOBS = (
    (
        "analytics.ingest",
        timedelta(minutes=10),
        "jiyue.analytics.tasks.ingest_access_logs_task",
    ),
)

# Each task's name on 失败任务 (the dead letters of jiyue.worker).
TASK_LABELS = {
    "jiyue.analytics.tasks.ingest_access_logs_task": "读入访问日志",
}
