"""The scale-out task backend's queue: RQ on Redis, with retries and backoff.

django-tasks-rq puts every task on an RQ queue; this queue class (``RQ["QUEUE_CLASS"]``)
gives the tasks that an app declared retrying (``<app>.jobs.RETRYING_TASKS``) an RQ
``Retry``: as many retries as ``JIYUE_TASK_RETRY_DELAYS`` has delays, each after its
delay. A work-horse killed in the middle of such a task counts as a failure, so the
task runs again (docs/decisions/0520-tasks-on-redis.md).

A task that meets the database not answering waits for it instead of failing
(``DatabaseWaitingJob``): put back after 1, 2, 4 … 30 s, outside its retries, when the
work-horse could not connect before the task began (nothing was done), or when a
retrying task lost the database while it ran; and the worker that saw it waits for
the database before it takes the next task (``DatabaseWaitingWorker``;
docs/decisions/0524-rq-tasks-wait-for-the-database.md).
"""

from __future__ import annotations

import logging
from functools import cache

from django.conf import settings
from django_rq.queues import DjangoRQ
from django_rq.utils import reset_db_connections
from django_tasks_rq.backend import Job
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Retry
from rq.worker import Worker

from .outage import DATABASE_DOWN, database_answers, is_outage, wait_for_database
from .schedule import retrying_tasks, warm_up

logger = logging.getLogger(__name__)
# A task put back this many times for the database takes its ordinary path
# (its retries, then 失败任务), with the database's error.
DATABASE_WAITS = 100
LONGEST_DATABASE_WAIT = 30  # seconds between two runs of a task put back
# In the job's meta: the database did not answer during the job's last run.
DATABASE_DOWN_META = "jiyue_database_down"


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


class DatabaseWaitingJob(Job):
    """django-tasks-rq's job, put back rather than failed when the database does not
    answer (the rule: docs/decisions/0524-rq-tasks-wait-for-the-database.md)."""

    def perform(self):
        self._set_database_down(False)
        if not database_answers():
            # Before the task began: nothing of it was done, any task may run again.
            self._set_database_down(True)
            return self._put_back("before the task began")
        try:
            return super().perform()
        except DATABASE_DOWN as error:
            if not is_outage(error):
                raise  # a deadlock, a timeout, "locked": the task's own failure
            self._set_database_down(True)
            if self.func_name not in _retrying() or self._waited_enough():
                raise  # it may have done part of its work: 失败任务, a person decides
            return self._put_back(f"while the task ran ({error})")

    def _waited_enough(self) -> bool:
        return (self.number_of_retries or 0) >= DATABASE_WAITS

    def _set_database_down(self, down: bool) -> None:
        if bool(self.meta.get(DATABASE_DOWN_META)) == down:
            return
        if down:
            self.meta[DATABASE_DOWN_META] = True
        else:
            del self.meta[DATABASE_DOWN_META]
        self.save_meta()

    def _put_back(self, when: str) -> Retry:
        waits = self.number_of_retries or 0
        delay = min(LONGEST_DATABASE_WAIT, 2**waits)
        logger.warning(
            "task %s (%s): database unavailable %s; runs again in %d s",
            self.id, self.func_name, when, delay,
        )  # fmt: skip
        # RQ schedules a job that returns a Retry; its count is not the declared
        # retries' (those are for the task's own failures).
        return Retry(max=waits + 1, interval=delay)


def met_the_database_down(job) -> bool:
    """The job's last run found the database not answering (read by the worker
    once the work-horse has ended)."""
    try:
        return bool(job.get_meta(refresh=True).get(DATABASE_DOWN_META))
    except (NoSuchJobError, InvalidJobOperation):
        return False  # the job is gone: it finished and kept no result


class DatabaseWaitingWorker(Worker):
    """RQ's forking worker that, when a task met the database down, waits for the
    database (as ``jiyue worker`` does on the database backend) before it takes the
    next task: the other tasks stay on their queues instead of being tried in vain."""

    def execute_job(self, job, queue):
        # Built here, inherited by the fork (jobs.WARM_UP: the search vocabulary);
        # then no connection of this process is shared with the work-horse.
        warm_up()
        reset_db_connections()
        super().execute_job(job, queue)
        if met_the_database_down(job):
            logger.warning("worker: database unavailable, waiting")
            wait_for_database(tick=self.heartbeat)
            # The work-horse is a fork: it must not share this process's connection.
            reset_db_connections()
