"""What ``jiyue worker`` needs to know of publishing's tasks (plain data; the worker, a
higher layer, collects every app's ``jobs`` module: docs/decisions/0515, 0520).

Publishing writes a new version beside the current one and switches at the end, so a
run that failed (a full disk, the database gone for a moment) or whose worker was
killed is simply run again: the previous version stays online meanwhile.
"""

from __future__ import annotations

RETRYING_TASKS = (
    "jiyue.publishing.tasks.publish_change_task",
    "jiyue.publishing.tasks.publish_site_task",
)

# Each task's name on 失败任务 (the dead letters of jiyue.worker).
TASK_LABELS = {
    "jiyue.publishing.tasks.publish_change_task": "增量发布",
    "jiyue.publishing.tasks.publish_site_task": "全量发布",
}
