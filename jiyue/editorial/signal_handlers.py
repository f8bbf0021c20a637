"""Model-level guards: whatever path publishes or schedules, the guard runs."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page, Revision, Site

from .guard import ensure_may_publish


def guard_scheduling(sender, instance: Revision, update_fields=None, **kwargs) -> None:
    if instance.approved_go_live_at is None or instance.pk is None:
        return
    if update_fields is not None and "approved_go_live_at" not in update_fields:
        return
    ensure_may_publish(instance)


def guard_going_live(sender, instance, update_fields=None, **kwargs) -> None:
    if kwargs.get("raw"):
        return  # rows loaded as they are (a restore, a fixture): nothing goes live here
    if not isinstance(instance, Page) or instance.pk is None:
        return
    if not instance.live or instance.live_revision_id is None:
        return
    before = (
        Page.objects.filter(pk=instance.pk)
        .values_list("live_revision_id", flat=True)
        .first()
    )
    if before == instance.live_revision_id:
        return
    ensure_may_publish(Revision.objects.get(pk=instance.live_revision_id))


def chain_rule_changed(sender, instance, **kwargs) -> None:
    """A changed rule reassigns the columns of its site (or of every site)."""
    from .workflows import cluster_workflows_setup, site_workflow_setup

    site_id = instance.site_id

    def reassign() -> None:
        if site_id is None:
            cluster_workflows_setup()
            return
        site = Site.objects.filter(pk=site_id).first()
        if site is not None:
            site_workflow_setup(site=site)

    transaction.on_commit(reassign)


def connect() -> None:
    from .models import ReviewChainRule

    post_save.connect(
        chain_rule_changed, sender=ReviewChainRule, dispatch_uid="editorial_chains"
    )
    post_delete.connect(
        chain_rule_changed, sender=ReviewChainRule, dispatch_uid="editorial_chains_d"
    )
    pre_save.connect(
        guard_scheduling, sender=Revision, dispatch_uid="editorial_schedule"
    )
    pre_save.connect(guard_going_live, dispatch_uid="editorial_go_live")
