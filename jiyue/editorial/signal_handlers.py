"""Model-level guards: whatever path publishes or schedules, the guard runs."""

from __future__ import annotations

from django.db.models.signals import pre_save
from wagtail.models import Page, Revision

from .guard import ensure_may_publish


def guard_scheduling(sender, instance: Revision, update_fields=None, **kwargs) -> None:
    if instance.approved_go_live_at is None or instance.pk is None:
        return
    if update_fields is not None and "approved_go_live_at" not in update_fields:
        return
    ensure_may_publish(instance)


def guard_going_live(sender, instance, update_fields=None, **kwargs) -> None:
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


def connect() -> None:
    pre_save.connect(
        guard_scheduling, sender=Revision, dispatch_uid="editorial_schedule"
    )
    pre_save.connect(guard_going_live, dispatch_uid="editorial_go_live")
