"""What ``jiyue worker`` needs to know of search's tasks (plain data: docs/decisions/0515,
0520). Indexing a change or rebuilding writes whole documents by their keys: running
it again after a transient failure gives the same index."""

from __future__ import annotations

RETRYING_TASKS = (
    "jiyue.search.tasks.index_change_task",
    "jiyue.search.tasks.rebuild_task",
)

# Each task's name on 失败任务 (the dead letters of jiyue.worker).
TASK_LABELS = {
    "jiyue.search.tasks.index_change_task": "更新搜索索引",
    "jiyue.search.tasks.rebuild_task": "重建搜索索引",
}
