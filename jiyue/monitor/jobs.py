"""The monitor's periodic jobs, run by ``jiyue worker`` (docs/decisions/0502-scheduler.md).

Plain data (name, interval, the task's dotted path): the worker, a higher layer,
collects every app's ``jobs`` module; the monitor never imports it
(docs/decisions/0515-worker-app-and-job-registry.md).
"""

from __future__ import annotations

from datetime import timedelta

PERIODIC_JOBS = (
    # 站点无法访问 is judged on at least 20 probes a day: every 30 minutes gives 48.
    ("monitor.probe", timedelta(minutes=30), "jiyue.monitor.tasks.probe_cluster_task"),
    (
        "monitor.daily_crawl",
        timedelta(days=1),
        "jiyue.monitor.tasks.crawl_cluster_task",
    ),
    # A crawl whose worker died is resumed from its state file (ADR 0522).
    (
        "monitor.resume_crawls",
        timedelta(minutes=10),
        "jiyue.monitor.tasks.resume_crawls_task",
    ),
    # 告警: a site unreachable, tampered with or 不合格 is told within 10 minutes.
    ("monitor.alerts", timedelta(minutes=10), "jiyue.monitor.tasks.check_alerts_task"),
    # 在线办理系统和表格下载: once a day, as the national check asks.
    (
        "monitor.service_links",
        timedelta(days=1),
        "jiyue.monitor.tasks.check_service_links_task",
    ),
)

# A crawl's task may run again: a crawl is claimed once, and one whose runner died
# is resumed from its state file, never run twice at once (ADR 0522).
RETRYING_TASKS = ("jiyue.monitor.tasks.crawl_run_task",)

# Each task's name on 失败任务 (the dead letters of jiyue.worker).
TASK_LABELS = {
    "jiyue.monitor.tasks.crawl_run_task": "检测一个网站",
    "jiyue.monitor.tasks.crawl_cluster_task": "每日全站群检测",
    "jiyue.monitor.tasks.probe_cluster_task": "可用性探测",
    "jiyue.monitor.tasks.check_service_links_task": "办事入口链接检查",
    "jiyue.monitor.tasks.check_alerts_task": "告警检查",
    "jiyue.monitor.tasks.resume_crawls_task": "续抓中断的检测",
}
