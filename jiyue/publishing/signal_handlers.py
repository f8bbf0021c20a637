"""Wagtail's page signals -> one publishing task per transaction, after commit.

Only sites that have been published (``jiyue publish``) are kept up to date
incrementally: a site's first tree is always a full rebuild
(docs/decisions/0202-what-triggers-rewrites.md).
"""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from . import storage
from .selectors import Change, related_ids, site_of

logger = logging.getLogger(__name__)
_local = threading.local()


def _anything_published() -> bool:
    root = storage.publish_root()
    return root.is_dir() and any(p.is_symlink() for p in root.iterdir())


def _published_site_id(page: Page) -> int | None:
    if not _anything_published():
        return None
    site = site_of(page)
    if site is None or storage.current_version(site.hostname) is None:
        return None
    return site.pk


def _flush() -> None:
    change = getattr(_local, "change", None)
    _local.change = None
    if change is None:
        return
    from .tasks import publish_change_task

    publish_change_task.enqueue(**change.as_kwargs())


def _flush_pending_in(connection) -> bool:
    return any(entry[1] is _flush for entry in connection.run_on_commit)


def enqueue(change: Change) -> None:
    """Adds ``change`` to this transaction's publishing task."""
    if not (change.sites or change.full_sites):
        return
    connection = transaction.get_connection()
    pending = getattr(_local, "change", None)
    if (
        pending is not None
        and connection.in_atomic_block
        and _flush_pending_in(connection)
    ):
        pending.merge(change)
        return
    _local.change = change
    transaction.on_commit(_flush)


def _page_changed(page: Page, **extra) -> None:
    site_id = _published_site_id(page)
    if site_id is None:
        return
    enqueue(Change(changed={page.pk}, sites={site_id}, **extra))


def on_page_published(sender, instance, **kwargs) -> None:
    _page_changed(instance)


def on_page_unpublished(sender, instance, **kwargs) -> None:
    _page_changed(instance)


def on_pre_page_move(sender, instance, parent_page_before, **kwargs) -> None:
    site_id = _published_site_id(instance)
    if site_id is not None:
        enqueue(Change(context={parent_page_before.pk}, sites={site_id}))


def on_post_page_move(sender, instance, **kwargs) -> None:
    _page_changed(instance)


def on_pre_delete(sender, instance, **kwargs) -> None:
    if not isinstance(instance, Page) or type(instance) is not instance.specific_class:
        return
    site_id = _published_site_id(instance)
    if site_id is None:
        return
    parent = instance.get_parent()
    context = related_ids(instance) | ({parent.pk} if parent else set())
    enqueue(Change(changed={instance.pk}, context=context, sites={site_id}))


def on_view_restriction_changed(sender, instance, **kwargs) -> None:
    """A page restricted (登录、密码、用户组) is taken off the published tree with its
    subtree, at once on commit, and the lists that showed it are rewritten; when
    the restriction is lifted it is published again
    (docs/decisions/0208-view-restrictions.md)."""
    try:
        page = Page.objects.get(pk=instance.page_id)
    except Page.DoesNotExist:
        return  # the page is being deleted: on_pre_delete took care of it
    site_id = _published_site_id(page)
    if site_id is None:
        return
    transaction.on_commit(lambda: _withdraw_if_restricted(page.pk))
    enqueue(Change(changed={page.pk}, sites={site_id}))


def _withdraw_if_restricted(page_id: int) -> None:
    from .services import withdraw_restricted

    try:
        withdraw_restricted(page_id)
    except storage.PublishWriteError:
        logger.exception("withdrawing restricted page %s", page_id)


def on_site_saved(sender, instance, **kwargs) -> None:
    site = instance if isinstance(instance, Site) else getattr(instance, "site", None)
    if not _anything_published() or site is None:
        return
    if storage.current_version(site.hostname) is None:
        return
    enqueue(Change(sites={site.pk}, full_sites={site.pk}))


def connect() -> None:
    from jiyue.cluster.models import SiteProfile

    page_published.connect(on_page_published, dispatch_uid="jiyue_pub_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="jiyue_pub_unpub")
    pre_page_move.connect(on_pre_page_move, dispatch_uid="jiyue_pub_pre_move")
    post_page_move.connect(on_post_page_move, dispatch_uid="jiyue_pub_post_move")
    pre_delete.connect(on_pre_delete, dispatch_uid="jiyue_pub_pre_delete")
    post_save.connect(
        on_view_restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="jiyue_pub_restriction_saved",
    )
    post_delete.connect(
        on_view_restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="jiyue_pub_restriction_deleted",
    )
    post_save.connect(on_site_saved, sender=Site, dispatch_uid="jiyue_pub_site")
    post_save.connect(
        on_site_saved, sender=SiteProfile, dispatch_uid="jiyue_pub_profile"
    )
