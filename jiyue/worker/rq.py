"""The scale-out task backend's queue: RQ on Redis, with retries and backoff.

django-tasks-rq puts every task on an RQ queue; this queue class (``RQ["QUEUE_CLASS"]``)
gives the tasks that an app declared retrying (``<app>.jobs.RETRYING_TASKS``) an RQ
``Retry``: as many retries as ``JIYUE_TASK_RETRY_DELAYS`` has delays, each after its
delay. A work-horse killed in the middle of such a task counts as a failure, so the
task runs again (docs/decisions/0520-tasks-on-redis.md).
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django_rq.queues import DjangoRQ
from rq.job import Retry

from .schedule import retrying_tasks


@cache
def _retrying() -> frozenset[str]:
    return retrying_tasks()


def retry_policy(func_path: str) -> Retry | None:
    delays = list(settings.JIYUE_TASK_RETRY_DELAYS)
    if not delays or func_path not in _retrying():
        return None
    return Retry(max=len(delays), interval=delays)


class RetryingQueue(DjangoRQ):
    def create_job(self, func, *positional, **options):
        if options.get("retry") is None and isinstance(func, str):
            options["retry"] = retry_policy(func)
        return super().create_job(func, *positional, **options)
