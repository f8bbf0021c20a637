"""What opening and closing a site mean for publishing: after the commit, a new site
is published (at once or by a task) and a closed site's static tree is taken off the
web server (its versions stay on disk, an archive an operator may copy).

Steps of ``jiyue.cluster.opening``, the last of each (collected from every app's
``site_opening`` module; docs/decisions/0516-site-opening-steps.md).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from wagtail.models import Site

from jiyue.cluster.models import SiteProfile
from jiyue.publishing import services, storage
from jiyue.publishing.tasks import publish_site_task

logger = logging.getLogger(__name__)


def _after_commit_publish(site_id: int, publish: str) -> None:
    if publish == "now":
        site = Site.objects.select_related("root_page").get(pk=site_id)
        report = services.publish_site(site)
        logger.info("site %s published: %s files", site.hostname, len(report.written))
    elif publish == "queue":
        publish_site_task.enqueue(site_id)


def publish_after_commit(
    site: Site, profile: SiteProfile, options: Mapping[str, Any]
) -> None:
    """``options["publish"]``: ``"now"`` (rebuild the tree right after the commit),
    ``"queue"`` (a background task after the commit) or ``"no"``."""
    site_id, publish = site.pk, options["publish"]
    transaction.on_commit(lambda: _after_commit_publish(site_id, publish))


def _withdraw_published_tree(host: str) -> None:
    with storage.site_lock(host):
        link = storage.site_link(host)
        if link.is_symlink():
            link.unlink()


def withdraw_after_commit(
    site: Site, profile: SiteProfile, options: Mapping[str, Any]
) -> None:
    """Takes the closed site's static tree off the web server after the commit."""
    host = site.hostname
    transaction.on_commit(lambda: _withdraw_published_tree(host))


# (order, the key of its result in the log entry, the step): after every other
# app's, so that what they wrote is in the tree. No result: nothing is logged.
OPEN_STEPS = ((90, "publish", publish_after_commit),)
CLOSE_STEPS = ((90, "withdraw", withdraw_after_commit),)
