"""失败任务 (the dead letters): the tasks that failed for good, and 重试.

On the embedded default a failed task is a row of django-tasks-db (status FAILED); on
RQ it is a job in each queue's failed-job registry, after its retries. 重试 puts the
same task with the same arguments on its queue again and takes it off the list; 移除
only takes it off (docs/decisions/0520-tasks-on-redis.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends

from .schedule import _jobs_modules

LIMIT = 200
# The queues (settings.TASK_QUEUES) by the work each holds.
QUEUE_LABELS = {
    "default": "通用",
    "publishing": "静态发布",
    "interaction": "互动交流",
    "search": "搜索",
    "monitor": "监测",
}


@dataclass(frozen=True)
class FailedTask:
    id: str
    path: str
    queue: str
    failed_at: dt.datetime | None
    attempts: int
    error: str
    arguments: str

    @property
    def label(self) -> str:
        return task_labels().get(self.path) or _("其他任务")

    @property
    def queue_label(self) -> str:
        return QUEUE_LABELS.get(self.queue, self.queue)


@cache
def task_labels() -> dict[str, str]:
    """Each task's name in Chinese, as its app declares it (``jobs.TASK_LABELS``)."""
    labels: dict[str, str] = {}
    for module in _jobs_modules(apps.get_app_configs()):
        labels.update(getattr(module, "TASK_LABELS", {}))
    return labels


def kind() -> str:
    """Which backend runs the tasks: "rq", "database", or "" (one that runs each task
    when it is enqueued)."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    module = type(backend).__module__
    if module.startswith("django_tasks_rq"):
        return "rq"
    if module.startswith("django_tasks_db"):
        return "database"
    return ""


def _last_line(traceback: str) -> str:
    lines = [line for line in (traceback or "").strip().splitlines() if line.strip()]
    return lines[-1].strip()[:500] if lines else ""


def _arguments(args, kwargs) -> str:
    parts = [repr(a) for a in args or ()]
    parts += [f"{key}={value!r}" for key, value in (kwargs or {}).items()]
    text = "，".join(parts)
    return text if len(text) <= 300 else text[:300] + "…"


def failed_tasks(limit: int = LIMIT) -> list[FailedTask]:
    """The newest failed tasks first."""
    if kind() == "database":
        return _database_failed(limit)
    if kind() == "rq":
        return _rq_failed(limit)
    return []


def retry(task_id: str) -> bool:
    """Runs the failed task again; False when it is no longer on the list."""
    if kind() == "database":
        return _database_retry(task_id)
    if kind() == "rq":
        return _rq_retry(task_id)
    return False


def discard(task_id: str) -> bool:
    if kind() == "database":
        return _database_results().filter(pk=task_id).delete()[0] > 0
    if kind() == "rq":
        return _rq_discard(task_id)
    return False


# The embedded default: django-tasks-db's rows.


def _database_results():
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="FAILED")


def _database_failed(limit: int) -> list[FailedTask]:
    rows = _database_results().order_by("-finished_at")[:limit]
    return [
        FailedTask(
            id=str(row.pk),
            path=row.task_path,
            queue=row.queue_name,
            failed_at=row.finished_at,
            attempts=max(len(row.worker_ids or []), 1),
            error=_last_line(row.traceback),
            arguments=_arguments(
                row.args_kwargs.get("args"), row.args_kwargs.get("kwargs")
            ),
        )
        for row in rows
    ]


def _database_retry(task_id: str) -> bool:
    from django.core.exceptions import ValidationError
    from django.db import transaction

    try:
        row = _database_results().get(pk=task_id)
    except (ValidationError, _database_results().model.DoesNotExist):
        return False
    task = import_string(row.task_path).using(queue_name=row.queue_name)
    with transaction.atomic():
        task.enqueue(
            *row.args_kwargs.get("args", []), **row.args_kwargs.get("kwargs", {})
        )
        row.delete()
    return True


# RQ: each queue's failed-job registry.


def _rq_registries():
    import django_rq
    from rq.registry import FailedJobRegistry

    return [
        FailedJobRegistry(queue=django_rq.get_queue(name))
        for name in settings.TASK_QUEUES
    ]


def _rq_failed(limit: int) -> list[FailedTask]:
    from rq.job import Job

    found: list[FailedTask] = []
    for registry in _rq_registries():
        ids = registry.get_job_ids()
        for job in Job.fetch_many(ids, connection=registry.connection):
            if job is None:
                continue
            # RQ keeps a result for a run that ended the job only, not for the runs
            # it retried: those are the retries used (our policy gives one delay each).
            retried = len(job.retry_intervals or ()) - (job.retries_left or 0)
            found.append(
                FailedTask(
                    id=job.id,
                    path=job.func_name,
                    queue=job.origin,
                    failed_at=job.ended_at,
                    attempts=max(len(job.results()), 1) + max(retried, 0),
                    error=_last_line(job.exc_info or ""),
                    arguments=_arguments(job.args, job.kwargs),
                )
            )
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    found.sort(key=lambda task: task.failed_at or epoch, reverse=True)
    return found[:limit]


def _rq_registry_of(task_id: str):
    for registry in _rq_registries():
        if task_id in registry:
            return registry
    return None


def _rq_retry(task_id: str) -> bool:
    registry = _rq_registry_of(task_id)
    if registry is None:
        return False
    registry.requeue(task_id)
    return True


def _rq_discard(task_id: str) -> bool:
    registry = _rq_registry_of(task_id)
    if registry is None:
        return False
    registry.remove(task_id, delete_job=True)
    return True
