"""Wagtail log entries as an older release wrote them, for the tests of the data
migrations that renamed log actions (jiyue.<app>.<verb>: docs/decisions/0009)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, PageLogEntry


def clear_log() -> None:
    """The log as the test writes it: entries other tests' data left (the demo's
    letters) are not the subject."""
    ModelLogEntry.objects.all().delete()
    PageLogEntry.objects.all().delete()


def old_entry(instance, action: str) -> None:
    """An entry under a name no longer registered, so past the model's
    ``save()``, which refuses unregistered actions."""
    fields = {
        "content_type": ContentType.objects.get_for_model(instance, False),
        "label": str(instance),
        "action": action,
        "timestamp": timezone.now(),
    }
    if isinstance(instance, Page):
        PageLogEntry.objects.bulk_create([PageLogEntry(page=instance, **fields)])
    else:
        entry = ModelLogEntry(object_id=str(instance.pk), **fields)
        ModelLogEntry.objects.bulk_create([entry])
