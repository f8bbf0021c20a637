"""``jiyue worker``: runs background tasks and the periodic schedule.

The periodic schedule (``jiyue.worker.schedule``: every app's ``jobs`` module) runs
in a thread beside the backend's own worker loop, which keeps the main thread and its
signal handling: Ctrl-C or SIGTERM ends the worker, then the scheduler thread. The
loop is django-tasks-db's (``db_worker``) on the embedded default, RQ's (a work-horse
process per task, retries scheduled by the worker) with ``JIYUE_TASK_BACKEND=rq``
(docs/decisions/0520-tasks-on-redis.md).

django-tasks-db's loop ends the process on any database error but SQLite's "locked":
a PostgreSQL restart would leave no worker. Ours waits for the database and resumes,
and a task it had claimed whose end could not be written while it was down is written
as failed once it is back, so that it shows under 失败任务 rather than stay "running"
for ever (docs/decisions/0523-database-outage.md).
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from jiyue.worker import dead_letters
from jiyue.worker.outage import DATABASE_DOWN, wait_for_database
from jiyue.worker.schedule import Scheduler

logger = logging.getLogger(__name__)


class TaskEndNotRecordedError(Exception):
    """Stored as a task's failure when its end could not be written."""


class DatabaseWorker(Worker):
    """django-tasks-db's worker, which outlives the database's outages."""

    def __init__(self, *args, longest_wait: float = 5.0, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.longest_wait = longest_wait

    def run(self) -> None:
        while True:
            try:
                self.write_off_orphans()
                super().run()
                return
            except DATABASE_DOWN as error:
                if self.batch or not self.running:
                    raise
                logger.warning("worker: database unavailable, waiting: %s", error)
                self.startup_delay = False
                self.wait_for_database()

    def wait_for_database(self) -> None:
        wait_for_database(longest_wait=self.longest_wait)

    def write_off_orphans(self) -> None:
        """Tasks this worker claimed whose end the database did not take (it went
        down while they ran, or while the claim was committed): written as failed."""
        from django_tasks_db.models import DBTaskResult

        running = DBTaskResult.objects.running().filter(backend_name=self.backend_name)
        for task in running:
            if task.worker_ids and task.worker_ids[-1] == self.worker_id:
                task.set_failed(
                    TaskEndNotRecordedError(
                        _("任务运行期间数据库不可用，结果未能记录；请确认后重试。")
                    )
                )
                logger.warning("worker: task %s written off after an outage", task.pk)


class Command(BaseCommand):
    help = "运行后台任务和定时任务（每日监测、可用性探测）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queue-name", default="*")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument("--schedule-every", type=float, default=30.0)
        parser.add_argument(
            "--once",
            action="store_true",
            help="执行一次到期的定时任务和队列中的全部任务后退出",
        )
        parser.add_argument("--no-schedule", action="store_true")

    def handle(self, *args, **options) -> None:
        self._queues(options["queue_name"])  # an unknown queue: refused before anything
        if dead_letters.kind() == "rq":
            _check_redis()
        scheduler = None if options["no_schedule"] else Scheduler()
        if options["once"]:
            self._once(scheduler, options)
            return
        stop = threading.Event()
        thread = None
        if scheduler is not None:
            thread = threading.Thread(
                target=scheduler.run_forever,
                args=(stop,),
                kwargs={"every": options["schedule_every"]},
                name="jiyue-schedule",
                daemon=True,
            )
            thread.start()
        try:
            self._work(options, batch=False)
        finally:
            stop.set()
            if thread is not None:
                thread.join(timeout=10)

    def _once(self, scheduler: Scheduler | None, options: dict) -> None:
        if scheduler is not None:
            names = scheduler.tick()
            self.stdout.write(
                _("已加入队列的定时任务：%(names)s")
                % {"names": "，".join(names) or "无"}
            )
        self._work(options, batch=True)

    def _queues(self, value: str) -> list[str]:
        if value == "*":
            return ["*"]
        names = [name.strip() for name in value.split(",") if name.strip()]
        unknown = [name for name in names if name not in settings.TASK_QUEUES]
        if unknown or not names:
            raise CommandError(
                _("没有这个队列：%(names)s。可用的队列：%(known)s，或 * 表示全部。")
                % {
                    "names": "，".join(unknown) or value,
                    "known": "，".join(settings.TASK_QUEUES),
                }
            )
        return names

    def _work(self, options: dict, *, batch: bool) -> None:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        queues = self._queues(options["queue_name"])
        if dead_letters.kind() == "rq":
            _work_rq(queues, batch=batch)
            return
        if not isinstance(backend, DatabaseBackend):
            # The immediate backend (tests, development) ran every task when enqueued.
            self.stdout.write(_("任务后端不是数据库后端：任务已在加入队列时执行"))
            return
        worker = DatabaseWorker(
            queue_names=queues,
            interval=options["interval"],
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=not batch,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if not batch:
            worker.configure_signals()
        worker.run()


def _check_redis() -> None:
    """Before anything runs: Redis answers, or a Chinese message says what to do."""
    import django_rq
    from redis.exceptions import RedisError

    try:
        django_rq.get_connection("default").ping()
    except RedisError as error:
        raise CommandError(
            _(
                "无法连接 Redis（%(url)s）：%(error)s。任务后端是 RQ，工作进程需要 Redis："
                "请先启动 Redis，或把 JIYUE_REDIS_URL 改为正在运行的 Redis 地址。"
            )
            % {"url": settings.RQ_QUEUES["default"]["URL"], "error": error}
        ) from error


def _work_rq(queues: list[str], *, batch: bool) -> None:
    """RQ's worker on the queues; its own scheduler moves retries (and deferred
    tasks) back onto the queues when their time comes. A task that meets the
    database down is put back, and the worker waits for the database (ADR 0524)."""
    from django_rq.utils import reset_db_connections
    from django_rq.workers import get_worker

    from jiyue.worker.rq import DatabaseWaitingJob, DatabaseWaitingWorker

    names = settings.TASK_QUEUES if queues == ["*"] else queues
    # How often a worker looks for the tasks of a worker that died with its machine
    # (their heartbeat, ~90 s, expired) and runs them again: every minute, not RQ's
    # ten. An idle worker waits on its queues for worker_ttl - 15 s between two looks.
    worker = get_worker(
        *names,
        job_class=DatabaseWaitingJob,
        worker_class=DatabaseWaitingWorker,
        maintenance_interval=60,
        worker_ttl=75,
    )
    # The work-horse is a fork: it must not share this process's connections.
    reset_db_connections()
    worker.work(burst=batch, with_scheduler=True, logging_level="WARNING")
