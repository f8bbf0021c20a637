"""Background publishing (django-tasks; the database backend by default)."""

from __future__ import annotations

from django_tasks import task
from wagtail.models import Site

from . import services
from .selectors import Change


@task(queue_name="publishing")
def publish_change_task(
    changed: list[int],
    context: list[int],
    sites: list[int],
    full_sites: list[int],
) -> dict:
    """Re-renders what a change of pages touches (增量发布)."""
    change = Change(set(changed), set(context), set(sites), set(full_sites))
    reports = services.publish_change(change)
    return {
        report.host: {
            "written": len(report.written),
            "deleted": len(report.deleted),
            "failed": report.failed,
        }
        for report in reports
    }


@task(queue_name="publishing")
def publish_site_task(site_id: int) -> dict:
    """Rebuilds one site's tree and switches to it (全量发布)."""
    site = Site.objects.select_related("root_page").get(pk=site_id)
    report = services.publish_site(site)
    return {"written": len(report.written), "failed": report.failed}
