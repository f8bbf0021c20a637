"""Keeping the index in step with what is published.

- ``sync(keys)``: the documents named are looked up as they are now and put in
  or taken out of the index (the after-commit task of ``signal_handlers``).
- ``rebuild()``: a complete new index built beside the one in use and swapped
  in (``jiyue search_reindex``); what changed meanwhile is replayed into it.
- ``ensure_index()``: the first query of a new platform (or of a database
  loaded afresh, such as the demo's) builds the index when it is small, and
  otherwise starts the build in the background.

Only an index that has been built is kept up to date change by change: until
then there is nothing to update, and the first build reads everything anyway.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Site

from . import lexicon
from .documents import (
    Places,
    all_documents,
    count_documents,
    document_for,
    topic_names,
)
from .engines import get_engine
from .engines.base import SearchEngine
from .models import IndexChange, SearchRebuild

logger = logging.getLogger(__name__)
BUILD_LOCK_KEY = "search:building"
BUILD_LOCK_SECONDS = 600
RUNNING_FOR_AT_MOST = timedelta(hours=6)


def is_built(engine: SearchEngine | None = None) -> bool:
    engine = engine or get_engine()
    build_id = engine.built_id()
    return (
        build_id is not None
        and SearchRebuild.objects.filter(pk=build_id, engine=engine.name).exists()
    )


def _rebuild_running(engine: SearchEngine) -> bool:
    since = timezone.now() - RUNNING_FOR_AT_MOST
    return SearchRebuild.objects.filter(
        engine=engine.name, finished_at__isnull=True, started_at__gte=since
    ).exists()


def sync(keys: Iterable[str], engine: SearchEngine | None = None) -> dict:
    """Each key's document as it is now: in the index, replaced, or out."""
    engine = engine or get_engine()
    keys = sorted(set(keys))
    if not keys or not is_built(engine):
        return {"indexed": 0, "removed": 0}
    if _rebuild_running(engine):
        now = timezone.now()
        IndexChange.objects.bulk_create(
            IndexChange(key=k, changed_at=now) for k in keys
        )
    places, topics = Places(), topic_names()
    present, absent = [], []
    for key in keys:
        doc = document_for(key, places=places, topics=topics)
        (present.append(doc) if doc is not None else absent.append(key))
    engine.delete(absent)
    engine.upsert(present, lexicon.current().segmenter)
    return {"indexed": len(present), "removed": len(absent)}


def rebuild(
    *,
    site: Site | None = None,
    progress: Callable[[int], None] | None = None,
    engine: SearchEngine | None = None,
) -> int:
    """Builds the whole index aside and swaps it in (or, for one site of a
    built index, replaces that site's documents in one step)."""
    engine = engine or get_engine()
    segmenter = lexicon.current().segmenter
    if site is not None and is_built(engine):
        return engine.replace_site(
            site.pk, all_documents(site=site), segmenter, progress
        )
    build = SearchRebuild.objects.create(
        engine=engine.name,
        started_at=timezone.now(),
        words="\n".join(sorted(segmenter.words)),
    )
    count = engine.rebuild(
        all_documents(), segmenter, build_id=build.pk, progress=progress
    )
    SearchRebuild.objects.filter(pk=build.pk).update(
        finished_at=timezone.now(), documents=count
    )
    _replay(build, engine)
    SearchRebuild.objects.filter(engine=engine.name).exclude(pk=build.pk).delete()
    lexicon.invalidate()  # the words now whole in every document (ADR 0616)
    return count


def _replay(build: SearchRebuild, engine: SearchEngine) -> None:
    """What changed while ``build`` ran, into the new index; the journal up to
    there is done with."""
    changes = list(
        IndexChange.objects.filter(changed_at__gte=build.started_at).values_list(
            "pk", "key"
        )
    )
    last = max((pk for pk, _key in changes), default=None)
    done = IndexChange.objects.filter(changed_at__lt=build.started_at)
    if last is not None:
        done = IndexChange.objects.filter(pk__lte=last)
    done.delete()
    if changes:
        sync({key for _pk, key in changes}, engine)


def ensure_index(engine: SearchEngine | None = None) -> bool:
    """True when searches can be answered. A missing index is built here when
    the platform is small (the demo: a few seconds); a large one is built by
    a background task, and the search says so meanwhile."""
    engine = engine or get_engine()
    if is_built(engine):
        return True
    if not cache.add(BUILD_LOCK_KEY, 1, BUILD_LOCK_SECONDS):
        return False  # another request or the worker is building it
    if count_documents() > settings.JIYUE_SEARCH_LAZY_BUILD_LIMIT:
        from .tasks import rebuild_task

        rebuild_task.enqueue()  # the task's end lifts the lock
        return False
    try:
        rebuild(engine=engine)
    finally:
        cache.delete(BUILD_LOCK_KEY)
    return True
