"""The analytics' periodic jobs, run by ``jiyue worker`` (ADR 0515): the access logs
named in ``JIYUE_ACCESS_LOGS`` (glob patterns), every 10 minutes; the pages read
together (看过此文的人还看了) from the trails ingestion kept, every hour, a step of
its own (docs/decisions/0903)."""

from __future__ import annotations

from datetime import timedelta

PERIODIC_JOBS = (
    (
        "analytics.ingest",
        timedelta(minutes=10),
        "jiyue.analytics.tasks.ingest_access_logs_task",
    ),
    (
        "analytics.related",
        timedelta(hours=1),
        "jiyue.analytics.tasks.count_covisits_task",
    ),
)

# Each task's name on 失败任务 (the dead letters of jiyue.worker).
TASK_LABELS = {
    "jiyue.analytics.tasks.ingest_access_logs_task": "读入访问日志",
    "jiyue.analytics.tasks.count_covisits_task": "统计看过此文的人还看了",
}
