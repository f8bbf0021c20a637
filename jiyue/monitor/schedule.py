"""The periodic schedule that ``jiyue worker`` keeps (docs/decisions/0502-scheduler.md).

Declarative: each ``PeriodicJob`` names a task and an interval. ``Scheduler.tick`` enqueues
every job that is due and records when, in ``PeriodicJobRun``; the record is taken with a
compare-and-set update, so two workers never enqueue the same run twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks.base import Task

from jiyue.monitor.models import PeriodicJobRun

logger = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    interval: dt.timedelta
    task: Task
    kwargs: dict = field(default_factory=dict)

    def is_due(self, last_run: dt.datetime | None, now: dt.datetime) -> bool:
        return last_run is None or now - last_run >= self.interval


def default_schedule() -> tuple[PeriodicJob, ...]:
    from jiyue.interaction.tasks import check_deadlines
    from jiyue.monitor.tasks import crawl_cluster_task, probe_cluster_task

    return (
        # 站点无法访问 is judged on at least 20 probes a day: every 30 minutes gives 48.
        PeriodicJob("monitor.probe", dt.timedelta(minutes=30), probe_cluster_task),
        PeriodicJob("monitor.daily_crawl", dt.timedelta(days=1), crawl_cluster_task),
        # 互动交流: reminders, overdue marking and escalation (interaction_daily).
        PeriodicJob("interaction.daily", dt.timedelta(days=1), check_deadlines),
        # Consultations, surveys, interviews: republish a page when it opens/closes.
        PeriodicJob(
            "interaction.channel_phases",
            dt.timedelta(minutes=10),
            _channel_phases_task(),
        ),
    )


def _channel_phases_task():
    from jiyue.interaction.channels.tasks import channel_phases_task

    return channel_phases_task


class Scheduler:
    def __init__(
        self,
        jobs: Iterable[PeriodicJob] | None = None,
        *,
        clock: Clock = timezone.now,
    ) -> None:
        self.jobs = tuple(default_schedule() if jobs is None else jobs)
        self.clock = clock

    def due(self, now: dt.datetime | None = None) -> list[PeriodicJob]:
        now = now or self.clock()
        last = dict(
            PeriodicJobRun.objects.filter(
                name__in=[j.name for j in self.jobs]
            ).values_list("name", "last_run_at")
        )
        return [job for job in self.jobs if job.is_due(last.get(job.name), now)]

    def tick(self) -> list[str]:
        """Enqueues every due job once; returns the names enqueued."""
        now = self.clock()
        return [job.name for job in self.due(now) if self._claim_and_enqueue(job, now)]

    def _claim_and_enqueue(self, job: PeriodicJob, now: dt.datetime) -> bool:
        run, _created = PeriodicJobRun.objects.get_or_create(name=job.name)
        claimed = PeriodicJobRun.objects.filter(
            pk=run.pk, last_run_at=run.last_run_at
        ).update(last_run_at=now)
        if not claimed or not job.is_due(run.last_run_at, now):
            return False
        result = job.task.enqueue(**job.kwargs)
        PeriodicJobRun.objects.filter(pk=run.pk).update(last_task_id=str(result.id))
        logger.info("schedule: enqueued %s (%s)", job.name, result.id)
        return True

    def run_forever(self, stop: threading.Event, *, every: float = 30.0) -> None:
        """The scheduler thread of ``jiyue worker``: tick, sleep, until ``stop``."""
        try:
            while not stop.is_set():
                close_old_connections()
                try:
                    self.tick()
                except Exception:  # a broken tick must not end the schedule
                    logger.exception("schedule: tick failed")
                stop.wait(every)
        finally:
            connection.close()
