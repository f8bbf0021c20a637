"""A crawl whose runner died is resumed from its state file; one that runs is never
run twice (docs/decisions/0522)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from jiyue.monitor import crawl as run_crawl
from jiyue.monitor import services
from jiyue.monitor.models import Crawl
from jiyue.monitor.running import runner_lock, this_host
from jiyue.monitor.tests import platform_site

pytestmark = pytest.mark.django_db
ROOT = platform_site.ROOT
BROKEN = {f"{ROOT}gone.html", f"{ROOT}yaowen/missing.html"}


def _count_requests(server) -> Counter:
    """Counts each request the portal's server answers from now on, by path."""
    hits: Counter = Counter()
    respond = server.served.respond

    def counted(host: str, path: str):
        hits[path] += 1
        return respond(host, path)

    server.served.respond = counted
    return hits


def _interrupted(portal, *, runner: str, heartbeat: dt.datetime) -> Crawl:
    """A crawl that a process started and lost after its first pages, as a killed
    worker leaves it: RUNNING, its state file on disk."""
    crawl = Crawl.objects.create(profile=portal, start_url=ROOT)
    config = dataclasses.replace(services.crawl_config(crawl), stop_after=2)
    partial = run_crawl(config, services.crawl_state_dir(crawl))
    assert not partial.finished
    Crawl.objects.filter(pk=crawl.pk).update(
        status=Crawl.Status.RUNNING,
        started_at=heartbeat,
        runner=runner,
        heartbeat_at=heartbeat,
    )
    return crawl


def test_a_crawl_whose_process_died_here_is_resumed_not_restarted(
    platform_server, portal
):
    crawl = _interrupted(portal, runner=this_host(), heartbeat=timezone.now())
    hits = _count_requests(platform_server)
    done = services.crawl_run(crawl_id=crawl.pk)
    assert done.status == Crawl.Status.DONE and done.resumed == 1
    # whole: the findings of an uninterrupted crawl
    assert {f.target for f in done.findings.filter(type="broken_link")} == BROKEN
    assert done.pages >= 3 and done.progress == 100
    # resumed: the home page, crawled before the process died, is not asked again
    assert hits["/"] == 0 and hits["/gone.html"] > 0
    assert not services.crawl_state_dir(done).exists()


def test_a_crawl_whose_runner_holds_its_lock_is_not_run_twice(platform_server, portal):
    crawl = _interrupted(portal, runner=this_host(), heartbeat=timezone.now())
    with runner_lock(crawl.pk) as held:  # a live process of this machine runs it
        assert held
        again = services.crawl_run(crawl_id=crawl.pk)
    assert again.status == Crawl.Status.RUNNING and again.resumed == 0
    assert not again.findings.exists()


def test_a_crawl_of_another_machine_is_resumed_only_when_silent(
    platform_server, portal
):
    lively = _interrupted(portal, runner="node-2", heartbeat=timezone.now())
    assert services.crawl_run(crawl_id=lively.pk).status == Crawl.Status.RUNNING
    assert services.crawls_resume_abandoned() == []
    silent = timezone.now() - dt.timedelta(minutes=11)
    Crawl.objects.filter(pk=lively.pk).update(heartbeat_at=silent)
    # the periodic job queues it again (here the task runs at once) and it resumes
    assert services.crawls_resume_abandoned() == [lively.pk]
    lively.refresh_from_db()
    assert lively.status == Crawl.Status.DONE and lively.resumed == 1
    assert lively.runner == this_host()
    assert {f.target for f in lively.findings.filter(type="broken_link")} == BROKEN


def test_a_finished_crawl_is_never_resumed(platform_server, portal):
    crawl = Crawl.objects.create(profile=portal, start_url=ROOT)
    done = services.crawl_run(crawl_id=crawl.pk)
    count = done.findings.count()
    Crawl.objects.filter(pk=crawl.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(days=1)
    )
    assert services.crawls_resume_abandoned() == []
    again = services.crawl_run(crawl_id=crawl.pk)
    assert again.resumed == 0 and again.findings.count() == count
