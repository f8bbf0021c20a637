"""``jiyue worker``: runs background tasks and the periodic schedule.

The periodic schedule (``jiyue.worker.schedule``: every app's ``jobs`` module) runs
in a thread beside
django-tasks-db's own worker loop (``db_worker``), which keeps the main thread and its
signal handling: Ctrl-C or SIGTERM ends the worker, then the scheduler thread.
"""

from __future__ import annotations

import threading

from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from jiyue.worker.schedule import Scheduler


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

    def _work(self, options: dict, *, batch: bool) -> None:
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            # The immediate backend (tests, development) ran every task when enqueued.
            self.stdout.write(_("任务后端不是数据库后端：任务已在加入队列时执行"))
            return
        queues = options["queue_name"].split(",")
        worker = Worker(
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
