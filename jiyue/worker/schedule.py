"""The periodic schedule that ``jiyue worker`` keeps (docs/decisions/0502-scheduler.md,
0515-worker-app-and-job-registry.md).

Each app declares its periodic jobs in its own ``jobs`` module, as plain data::

    PERIODIC_JOBS = (
        ("monitor.probe", timedelta(minutes=30), "jiyue.monitor.tasks.probe_cluster_task"),
    )

(name, interval, the task's dotted path, optionally the task's keyword arguments).
``registered_jobs`` collects them from every installed app, in ``INSTALLED_APPS``
order. ``Scheduler.tick`` enqueues every job that is due and records when, in
``PeriodicJobRun``; the record is taken with a compare-and-set update, so two workers
never enqueue the same run twice.

The same ``jobs`` modules also declare ``RETRYING_TASKS`` (``retrying_tasks``: safe to
run again after a transient failure) and ``WARM_UP`` (``warm_up``: what an RQ worker
builds once before it forks a work-horse per task).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.module_loading import import_string, module_has_submodule
from django_tasks.base import Task

from jiyue.worker.models import PeriodicJobRun

logger = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
JOBS_MODULE = "jobs"


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    interval: dt.timedelta
    task: Task
    kwargs: dict = field(default_factory=dict)

    def is_due(self, last_run: dt.datetime | None, now: dt.datetime) -> bool:
        return last_run is None or now - last_run >= self.interval

    @classmethod
    def declared(cls, entry: tuple, *, where: str) -> PeriodicJob:
        """The job an app declared as ``(name, interval, "dotted.task"[, kwargs])``."""
        name, interval, path, *rest = entry
        task = import_string(path)
        if not isinstance(task, Task):
            raise ImproperlyConfigured(f"{where}: {path} is not a task (@task())")
        return cls(name, interval, task, dict(rest[0]) if rest else {})


def _jobs_modules(app_configs: Iterable[AppConfig]) -> Iterator[ModuleType]:
    """Each app's ``jobs`` module, imported as Django's ``autodiscover_modules`` does
    (an app without one is skipped; an error inside one is raised)."""
    for config in app_configs:
        if module_has_submodule(config.module, JOBS_MODULE):
            yield import_module(f"{config.name}.{JOBS_MODULE}")


def registered_jobs(
    app_configs: Iterable[AppConfig] | None = None,
) -> tuple[PeriodicJob, ...]:
    """Every job the apps declared (``<app>.jobs.PERIODIC_JOBS``); a name declared
    twice is a configuration error, not a job silently run under two intervals."""
    configs = apps.get_app_configs() if app_configs is None else app_configs
    jobs = [
        PeriodicJob.declared(entry, where=module.__name__)
        for module in _jobs_modules(configs)
        for entry in getattr(module, "PERIODIC_JOBS", ())
    ]
    names = [job.name for job in jobs]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise ImproperlyConfigured(f"periodic jobs declared twice: {twice}")
    return tuple(jobs)


def retrying_tasks(app_configs: Iterable[AppConfig] | None = None) -> frozenset[str]:
    """The tasks the apps declared safe to run again after a transient failure
    (``<app>.jobs.RETRYING_TASKS``: dotted paths; docs/decisions/0520)."""
    configs = apps.get_app_configs() if app_configs is None else app_configs
    return frozenset(
        path
        for module in _jobs_modules(configs)
        for path in getattr(module, "RETRYING_TASKS", ())
    )


@functools.cache
def _warm_up_callables() -> tuple:
    return tuple(
        import_string(path)
        for module in _jobs_modules(apps.get_app_configs())
        for path in getattr(module, "WARM_UP", ())
    )


def warm_up() -> int:
    """Runs what the apps declared worth building in a worker before its work-horses
    fork (``<app>.jobs.WARM_UP``: dotted paths of callables without arguments, cheap
    when what they build is still fresh); on RQ each task runs in a fresh fork, which
    inherits it. Returns how many ran."""
    callables = _warm_up_callables()
    for build in callables:
        try:
            build()
        except Exception as error:  # noqa: BLE001 - the task builds it itself then
            # The database down, say: the worker goes on, the task will find out.
            logger.warning("worker: warm-up %s failed: %r", build.__qualname__, error)
            close_old_connections()
    return len(callables)


class Scheduler:
    def __init__(
        self,
        jobs: Iterable[PeriodicJob] | None = None,
        *,
        clock: Clock = timezone.now,
    ) -> None:
        self.jobs = tuple(registered_jobs() if jobs is None else jobs)
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
        try:
            result = job.task.enqueue(**job.kwargs)
        except Exception:
            # The queue (Redis) did not take it: give the claim back, so that the
            # next tick of any worker enqueues it rather than none until its interval.
            PeriodicJobRun.objects.filter(pk=run.pk, last_run_at=now).update(
                last_run_at=run.last_run_at
            )
            raise
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
