"""The monitor's jobs on the worker's schedule: probes and the daily crawl run end to
end, through the tests' ImmediateBackend and through django-tasks-db's own loop."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from jiyue.cluster.models import SiteProfile
from jiyue.monitor.models import AvailabilityProbe, Crawl
from jiyue.worker.models import PeriodicJobRun
from jiyue.worker.schedule import Scheduler, registered_jobs

from .test_schedule import Clock

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)


def test_the_schedule_probes_at_least_twenty_times_a_day_and_crawls_daily():
    jobs = {job.name: job for job in registered_jobs()}
    assert dt.timedelta(days=1) / jobs["monitor.probe"].interval >= 20
    assert jobs["monitor.daily_crawl"].interval == dt.timedelta(days=1)


def test_a_due_probe_job_runs_end_to_end(platform_server, portal):
    clock = Clock(T0)
    probe_job = [j for j in registered_jobs() if j.name == "monitor.probe"]
    scheduler = Scheduler(probe_job, clock=clock)
    assert scheduler.tick() == ["monitor.probe"]
    probe = AvailabilityProbe.objects.get(profile=portal)
    assert probe.ok and probe.status_code == 200
    assert AvailabilityProbe.objects.count() == SiteProfile.objects.count()
    clock.advance(minutes=10)
    assert scheduler.tick() == []
    assert AvailabilityProbe.objects.filter(profile=portal).count() == 1


def test_worker_once_runs_the_due_daily_crawl_of_every_site(
    platform_server, portal, django_capture_on_commit_callbacks
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("worker", "--once", stdout=out)
    assert "monitor.daily_crawl" in out.getvalue()
    assert PeriodicJobRun.objects.filter(name="monitor.probe").exists()
    crawls = Crawl.objects.all()
    assert crawls.count() == SiteProfile.objects.count() > 1
    assert set(crawls.values_list("status", flat=True)) == {Crawl.Status.DONE}
    portal_crawl = crawls.get(profile=portal)
    assert portal_crawl.findings.filter(type="broken_link").count() == 2
    other = crawls.exclude(profile=portal).first()
    assert list(other.findings.values_list("type", flat=True)) == ["unreachable"]


def test_worker_once_runs_due_jobs_through_the_database_backend(
    settings, platform_server, monkeypatch, django_capture_on_commit_callbacks
):
    """The production path: the scheduler enqueues into django-tasks-db's table and
    db_worker's own loop (batch mode) claims and runs what is queued, then exits.

    Inside the test's transaction the worker may not close the connection nor open
    an exclusive transaction of its own; everything else is the real loop."""
    from contextlib import nullcontext

    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(db_worker, "exclusive_transaction", lambda *a: nullcontext())
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }
    out = io.StringIO()
    for _round in range(2):  # the daily crawl enqueues one crawl per site on commit
        with django_capture_on_commit_callbacks(execute=True):
            call_command("worker", "--once", "--interval", "0", stdout=out)
    names = [r.task_path.rsplit(".", 1)[-1] for r in DBTaskResult.objects.all()]
    sites = SiteProfile.objects.count()
    monitor_tasks = {
        "crawl_cluster_task", "crawl_run_task", "probe_cluster_task", "resume_crawls_task",
    }  # fmt: skip
    assert monitor_tasks <= set(names)
    # Other apps' jobs on the same schedule (interaction: deadlines; channel pages
    # that opened or closed, republished through the publishing task; the service
    # guides' links, the access logs and the pages read together, the pushes'
    # deadlines and the daily scores).
    others = {
        "check_deadlines", "channel_phases_task", "publish_change_task",
        "check_service_links_task", "ingest_access_logs_task", "push_deadlines_task",
        "record_scores_task", "check_alerts_task", "rectification_reminders_task",
        "count_covisits_task",
    }  # fmt: skip
    assert set(names) - monitor_tasks <= others
    assert names.count("crawl_run_task") == sites
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert Crawl.objects.exclude(status=Crawl.Status.DONE).count() == 0
    # every registered job was taken and recorded
    assert PeriodicJobRun.objects.count() == len(registered_jobs())
