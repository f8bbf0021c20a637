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

# Built once by an RQ worker before it forks a work-horse per task, so that each
# index task does not build the vocabulary again (0.5 s of a 0.86 s task;
# bench/mixed.py): the horse inherits it, and still rebuilds it when the office
# changed the vocabulary (its version in the shared cache).
WARM_UP = ("jiyue.search.lexicon.current",)
