"""Full rebuilds of several sites over a pool of processes (one per core).

Rendering is CPU-bound Python: threads would share one core. Each site is
independent (its own lock, tree, manifest and state row), so the pool hands out
whole sites: a child forked from this process (Django set up, templates loaded)
rebuilds one site with :func:`services.publish_site` and returns its report
(docs/decisions/0207-publishing-processes.md).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from django.conf import settings
from django.db import connection, connections
from wagtail.models import Site

from . import services
from .services import PublishReport

PR_SET_PDEATHSIG = 1


def worker_count(sites: int) -> int:
    wanted = settings.JIYUE_PUBLISH_WORKERS or os.cpu_count() or 1
    return max(1, min(wanted, sites))


def can_fork() -> bool:
    """A child sees only committed data: not from inside a transaction (tests)."""
    return not connection.in_atomic_block and "fork" in (
        multiprocessing.get_all_start_methods()
    )


def _publish_in_child(site_id: int) -> PublishReport:
    site = Site.objects.select_related("root_page").get(pk=site_id)
    return services.publish_site(site)


def _die_with_parent() -> None:
    """Linux: a child is killed when the publisher is (SIGKILL included), so that
    no orphan goes on writing after its parent was stopped."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _child_started() -> None:
    _die_with_parent()
    # The parent closed its connections before forking; never reuse its sockets.
    for conn in connections.all(initialized_only=True):
        conn.close_if_unusable_or_obsolete()


def publish_sites(
    sites: list[Site], *, workers: int | None = None
) -> Iterator[tuple[Site, PublishReport]]:
    """Rebuilds ``sites``, yielding each site's report as it finishes.

    A :class:`~jiyue.publishing.storage.PublishWriteError` of one site is raised
    when its turn comes, after the sites already finished were yielded."""
    count = workers or worker_count(len(sites))
    if count <= 1 or len(sites) < 2 or not can_fork():
        for site in sites:
            yield site, services.publish_site(site)
        return
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=_child_started
    ) as pool:
        futures = {pool.submit(_publish_in_child, site.pk): site for site in sites}
        for future in as_completed(futures):
            yield futures[future], future.result()
