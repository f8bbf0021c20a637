"""The periodic schedule of ``jiyue worker``: due-ness on an injected clock, one claim
per run, and the jobs every app registers in its own ``jobs`` module."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django_tasks import task

from jiyue.worker.models import PeriodicJobRun
from jiyue.worker.schedule import PeriodicJob, Scheduler, registered_jobs

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
CALLS: list[str] = []
HERE = __name__  # the dotted path of this module, for jobs declared as data


@task()
def record_task(label: str) -> str:
    CALLS.append(label)
    return label


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock():
    CALLS.clear()
    return Clock(T0)


def _jobs():
    return (
        PeriodicJob("hourly", dt.timedelta(hours=1), record_task, {"label": "h"}),
        PeriodicJob("daily", dt.timedelta(days=1), record_task, {"label": "d"}),
    )


def test_a_job_never_run_is_due():
    job = PeriodicJob("x", dt.timedelta(hours=1), record_task)
    assert job.is_due(None, T0)
    assert not job.is_due(T0, T0 + dt.timedelta(minutes=59))
    assert job.is_due(T0, T0 + dt.timedelta(hours=1))


def test_tick_enqueues_due_jobs_once_per_interval(clock):
    scheduler = Scheduler(_jobs(), clock=clock)
    assert scheduler.tick() == ["hourly", "daily"]
    assert CALLS == ["h", "d"]
    clock.advance(minutes=30)
    assert scheduler.tick() == []
    clock.advance(minutes=30)
    assert scheduler.tick() == ["hourly"]
    clock.advance(hours=23)
    assert [j.name for j in scheduler.due()] == ["hourly", "daily"]
    assert scheduler.tick() == ["hourly", "daily"]
    assert CALLS == ["h", "d", "h", "h", "d"]
    run = PeriodicJobRun.objects.get(name="daily")
    assert run.last_run_at == clock.now
    assert run.last_task_id


def test_two_schedulers_do_not_enqueue_the_same_run_twice(clock):
    first, second = Scheduler(_jobs(), clock=clock), Scheduler(_jobs(), clock=clock)
    assert first.tick() == ["hourly", "daily"]
    assert second.tick() == []
    assert CALLS == ["h", "d"]


def test_every_app_registers_its_jobs_with_their_intervals():
    registered = {job.name: job.interval for job in registered_jobs()}
    expected = {
        "monitor.probe": dt.timedelta(minutes=30),
        "monitor.daily_crawl": dt.timedelta(days=1),
        "monitor.service_links": dt.timedelta(days=1),
        "monitor.resume_crawls": dt.timedelta(minutes=10),
        "interaction.daily": dt.timedelta(days=1),
        "interaction.channel_phases": dt.timedelta(minutes=10),
    }
    assert expected.items() <= registered.items()
    # the default schedule is the registered one, in INSTALLED_APPS order
    assert Scheduler().jobs == registered_jobs()
    names = [job.name for job in Scheduler().jobs]
    assert names.index("monitor.probe") < names.index("interaction.daily")


# -- a new app's jobs module ---------------------------------------------------


def _new_app(tmp_path, name: str, jobs_source: str) -> AppConfig:
    """An app that is not in INSTALLED_APPS, with ``jobs_source`` as its jobs.py."""
    package = tmp_path / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "jobs.py").write_text(jobs_source)
    return AppConfig.create(name)


@pytest.fixture
def new_apps(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    yield lambda name, source: _new_app(tmp_path, name, source)
    for module in [m for m in sys.modules if m.startswith("nightly_")]:
        del sys.modules[module]


def test_a_job_declared_in_a_new_apps_jobs_module_is_picked_up(new_apps, clock):
    reports = new_apps(
        "nightly_reports",
        "from datetime import timedelta\n"
        "PERIODIC_JOBS = (\n"
        f"    ('nightly.report', timedelta(hours=6), '{HERE}.record_task',"
        " {'label': 'n'}),\n"
        ")\n",
    )
    jobs = registered_jobs([*apps.get_app_configs(), reports])
    assert jobs[: len(registered_jobs())] == registered_jobs()
    (report,) = jobs[len(registered_jobs()) :]
    assert (report.name, report.interval, report.task) == (
        "nightly.report", dt.timedelta(hours=6), record_task,
    )  # fmt: skip
    scheduler = Scheduler([report], clock=clock)
    assert scheduler.tick() == ["nightly.report"]
    assert CALLS == ["n"]
    assert PeriodicJobRun.objects.get(name="nightly.report").last_run_at == T0


def test_a_job_name_declared_twice_or_a_path_that_is_no_task_is_refused(new_apps):
    twice = new_apps(
        "nightly_twice",
        "from datetime import timedelta\n"
        "PERIODIC_JOBS = (\n"
        f"    ('monitor.probe', timedelta(hours=1), '{HERE}.record_task'),\n"
        ")\n",
    )
    with pytest.raises(ImproperlyConfigured, match=r"monitor\.probe"):
        registered_jobs([*apps.get_app_configs(), twice])
    not_a_task = new_apps(
        "nightly_not_a_task",
        "from datetime import timedelta\n"
        f"PERIODIC_JOBS = (('nightly.x', timedelta(hours=1), '{HERE}.Clock'),)\n",
    )
    with pytest.raises(ImproperlyConfigured, match="is not a task"):
        registered_jobs([not_a_task])
