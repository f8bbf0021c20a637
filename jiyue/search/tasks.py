"""Background work of the search (django-tasks, as publishing's)."""

from __future__ import annotations

from django.core.cache import cache
from django_tasks import task
from wagtail.models import Site

from . import indexing


@task(queue_name="search")
def index_change_task(keys: list[str]) -> dict:
    """Puts the documents named in, or takes them out of, the index."""
    return indexing.sync(keys)


@task(queue_name="search")
def rebuild_task(site_id: int | None = None) -> dict:
    """Rebuilds the index aside and swaps it in (or one site's documents)."""
    try:
        site = Site.objects.filter(pk=site_id).first() if site_id else None
        return {"documents": indexing.rebuild(site=site)}
    finally:
        cache.delete(indexing.BUILD_LOCK_KEY)
