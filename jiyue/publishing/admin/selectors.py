"""Reads for the admin page: state, pending and failed tasks per site."""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.utils import timezone
from wagtail.models import Site

from ..models import PublishState

TASK_PREFIX = "jiyue.publishing.tasks."


def _task_site_ids(result) -> set[int]:
    kwargs = (result.args_kwargs or {}).get("kwargs", {})
    args = (result.args_kwargs or {}).get("args", [])
    if result.task_path.endswith("publish_site_task"):
        return {int(a) for a in args[:1]} | {int(kwargs.get("site_id", 0))}
    return set(kwargs.get("sites", [])) | set(kwargs.get("full_sites", []))


def task_counts() -> dict[int, dict[str, int]]:
    """Pending and recently failed publishing tasks per site id (database backend)."""
    if not apps.is_installed("django_tasks_db"):
        return {}
    from django_tasks_db.models import DBTaskResult

    since = timezone.now() - timedelta(days=7)
    counts: dict[int, dict[str, int]] = {}
    results = DBTaskResult.objects.filter(task_path__startswith=TASK_PREFIX).filter(
        status__in=["READY", "RUNNING", "FAILED"], enqueued_at__gte=since
    )
    for result in results:
        key = "failed" if result.status == "FAILED" else "pending"
        for site_id in _task_site_ids(result):
            counts.setdefault(site_id, {"pending": 0, "failed": 0})[key] += 1
    return counts


def site_rows(sites: list[Site]) -> list[dict]:
    states = {s.site_id: s for s in PublishState.objects.filter(site__in=sites)}
    counts = task_counts()
    return [
        {
            "site": site,
            "state": states.get(site.pk),
            "pending": counts.get(site.pk, {}).get("pending", 0),
            "failed": counts.get(site.pk, {}).get("failed", 0),
        }
        for site in sites
    ]
