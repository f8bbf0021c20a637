"""A source's change reaches its references; a major policy gets its
interpretation task when it is published (ADR 1101, 1102)."""

from __future__ import annotations

from django.db.models.signals import pre_save
from wagtail.signals import page_published, page_unpublished


def on_published(sender, instance, **kwargs) -> None:
    from .interpretation import task_for_published
    from .models import ReferencePage
    from .references import follow_source

    if isinstance(instance, ReferencePage):
        return
    follow_source(instance, withdrawn=False)
    task_for_published(instance)


def on_unpublished(sender, instance, **kwargs) -> None:
    from .references import follow_source

    follow_source(instance, withdrawn=True)


def on_reference_saved(sender, instance, **kwargs) -> None:
    """A reference keeps its source's provenance and (if it follows it) title."""
    from .references import remember_source

    if instance.source_id:
        remember_source(instance)


def connect() -> None:
    from .models import ReferencePage

    page_published.connect(on_published, dispatch_uid="jiyue_linkage_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="jiyue_linkage_unpub")
    pre_save.connect(
        on_reference_saved, sender=ReferencePage, dispatch_uid="jiyue_linkage_ref"
    )
