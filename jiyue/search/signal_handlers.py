"""The index follows publishing: a page published, changed, unpublished (also
when it expires), moved, restricted or deleted, a reply to a citizen published
or withdrawn, a site closed → one task per transaction, after commit, that
reads those documents as they are now (``indexing.sync``).

The same pattern as publishing's (``jiyue.publishing.signal_handlers``): the
keys of one transaction are gathered and enqueued once when it commits.
"""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

logger = logging.getLogger(__name__)
_local = threading.local()
# A column's items show its title: renaming a column re-reads at most this many.
MAX_DESCENDANTS = 20_000


def _flush() -> None:
    keys = getattr(_local, "keys", None)
    _local.keys = None
    if not keys:
        return
    from . import indexing
    from .tasks import index_change_task

    if indexing.is_built():
        index_change_task.enqueue(keys=sorted(keys))


def _pending_in(connection) -> bool:
    return any(entry[1] is _flush for entry in connection.run_on_commit)


def enqueue(keys: set[str]) -> None:
    """Adds ``keys`` to this transaction's indexing task."""
    if not keys:
        return
    connection = transaction.get_connection()
    pending = getattr(_local, "keys", None)
    if pending is not None and connection.in_atomic_block and _pending_in(connection):
        pending.update(keys)
        return
    _local.keys = set(keys)
    # Robust: what was written is committed; if the database goes that instant the
    # index misses this change (logged) rather than the writer, a citizen whose
    # letter is stored, being told it was not (docs/decisions/0523-database-outage.md).
    transaction.on_commit(_flush, robust=True)


def _page_keys(page: Page, *, descendants: bool) -> set[str]:
    keys = {f"page:{page.pk}"}
    if descendants:
        ids = Page.objects.descendant_of(page).values_list("pk", flat=True)
        keys.update(f"page:{pk}" for pk in ids[:MAX_DESCENDANTS])
    return keys


def _is_column(page: Page) -> bool:
    return page.specific_class.__name__ == "ColumnPage"


def on_page_published(sender, instance, **kwargs) -> None:
    enqueue(_page_keys(instance, descendants=_is_column(instance)))


def on_page_unpublished(sender, instance, **kwargs) -> None:
    enqueue(_page_keys(instance, descendants=False))


def on_page_moved(sender, instance, **kwargs) -> None:
    enqueue(_page_keys(instance, descendants=True))


def on_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        enqueue({f"page:{instance.pk}"})


def on_restriction_changed(sender, instance, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        enqueue(_page_keys(page, descendants=True))


def on_message_saved(sender, instance, created=False, **kwargs) -> None:
    """A citizen's message: in the index while its reply is published. A letter
    just written is not public: nothing to add or take out (at 15 letters a second
    bench/mixed.py left thousands of such tasks queued)."""
    public = instance.status == "published" and instance.consent_publish
    if created and not public:
        return
    mailbox = getattr(instance, "mailbox", None)
    if mailbox is not None:
        enqueue({f"message:{mailbox.site_id}:{instance.pk}"})


def on_profile_saved(sender, instance, **kwargs) -> None:
    """A site closed (or reopened): its documents leave (or come back)."""
    if instance.site_id is None:
        return
    from .tasks import rebuild_task

    def start() -> None:
        from . import indexing

        if indexing.is_built():
            rebuild_task.enqueue(site_id=instance.site_id)

    if "closed_at" in (kwargs.get("update_fields") or {"closed_at"}):
        transaction.on_commit(start)


def on_vocabulary_changed(sender, **kwargs) -> None:
    """Words, synonyms and best bets: every process reads them anew at its next
    query (now, and again once the change is committed for the others)."""
    from . import lexicon

    lexicon.invalidate()
    transaction.on_commit(lexicon.invalidate)


def on_site_changed(sender, **kwargs) -> None:
    from .searching import sites_changed

    # At once (this process, the transaction's own reads) and again after the commit
    # (another process may have read the sites in between).
    sites_changed()
    transaction.on_commit(sites_changed, robust=True)


def connect() -> None:
    from .models import BestBet, SearchWord, Synonym

    for model in (BestBet, SearchWord, Synonym):
        for signal in (post_save, post_delete):
            signal.connect(
                on_vocabulary_changed,
                sender=model,
                dispatch_uid=f"jiyue_search_vocabulary_{model.__name__}_{id(signal)}",
            )
    page_published.connect(on_page_published, dispatch_uid="jiyue_search_published")
    page_unpublished.connect(on_page_unpublished, dispatch_uid="jiyue_search_unpub")
    post_page_move.connect(on_page_moved, dispatch_uid="jiyue_search_moved")
    post_delete.connect(on_deleted, dispatch_uid="jiyue_search_deleted")
    for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            on_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"jiyue_search_restriction_{uid}",
        )
        # Lazy sender: the interaction app is told apart by its label only.
        signal.connect(
            on_message_saved,
            sender="interaction.Message",
            dispatch_uid=f"jiyue_search_message_{uid}",
        )
    post_save.connect(
        on_profile_saved,
        sender="cluster.SiteProfile",
        dispatch_uid="jiyue_search_profile",
    )
    # The sites every search reads (searching.cluster_sites), in every process.
    for signal in (post_save, post_delete):
        for sender in (Site, "cluster.SiteProfile"):
            signal.connect(
                on_site_changed,
                sender=sender,
                dispatch_uid=f"jiyue_search_sites_{signal is post_save}_{sender}",
            )
