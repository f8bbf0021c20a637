"""Background work of the monitor (django-tasks). Each task re-reads what it touches."""

from __future__ import annotations

from django_tasks import task

from jiyue.cluster.models import SiteProfile
from jiyue.monitor import services


# Crawls take minutes: they have a queue (and a worker) of their own, so that they
# never hold up publishing, which editors expect within a second.
@task(queue_name="monitor")
def crawl_run_task(crawl_id: int) -> dict:
    """Runs one queued crawl (started in the admin or by the daily schedule)."""
    crawl = services.crawl_run(crawl_id=crawl_id)
    return {"crawl": crawl.pk, "status": crawl.status, "pages": crawl.pages}


@task()
def resume_crawls_task() -> dict:
    """Queues again the crawls whose runner died (docs/decisions/0522)."""
    return {"resumed": services.crawls_resume_abandoned()}


@task()
def crawl_cluster_task() -> dict:
    """The daily crawl: one queued crawl of every site of the cluster."""
    started = [
        services.crawl_start(profile=profile).pk
        for profile in SiteProfile.objects.select_related("site").order_by("code")
    ]
    return {"crawls": started}


@task()
def probe_cluster_task() -> dict:
    """Availability probes of every site's home page (15-second limit)."""
    return {"probes": services.probe_cluster()}


@task(queue_name="monitor")
def check_service_links_task() -> dict:
    """Every service guide's 在线办理 link and form downloads (daily)."""
    from jiyue.monitor.service_links import check_service_links

    return check_service_links()


@task()
def check_alerts_task() -> dict:
    """告警: opens, repeats and closes the alerts of every site (every 10 minutes)."""
    from jiyue.monitor.alerts import check_alerts

    return check_alerts()
