"""Entries written under interaction's old action names take the new ones with
interaction's 0007, and give them back with its reversal
(docs/decisions/0009-one-app-shape.md)."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, PageLogEntry

migration = import_module("jiyue.interaction.migrations.0007_log_action_names")

pytestmark = pytest.mark.django_db


def _entry(instance, action: str) -> None:
    """An entry as an older release wrote it: past ``save()``, which refuses
    actions no longer registered."""
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


def _actions(model) -> list[str]:
    return sorted(model.objects.values_list("action", flat=True))


def test_old_entries_take_interactions_names_and_give_them_back(django_user_model):
    ModelLogEntry.objects.all().delete()  # what other tests' data left is not ours
    PageLogEntry.objects.all().delete()
    someone = django_user_model.objects.create(username="someone")
    page = Page.get_first_root_node()
    _entry(someone, "interaction.comment_approve")
    _entry(someone, "jiyue.gate_override")
    _entry(page, "interaction.results_publish")
    _entry(page, "jiyue.editorial.gate_override")  # a page's: editorial's already

    migration.forwards(apps, None)
    assert _actions(ModelLogEntry) == [
        "jiyue.interaction.comment_approve",
        "jiyue.interaction.gate_override",
    ]
    assert _actions(PageLogEntry) == [
        "jiyue.editorial.gate_override",
        "jiyue.interaction.results_publish",
    ]
    migration.backwards(apps, None)
    assert _actions(ModelLogEntry) == [
        "interaction.comment_approve",
        "jiyue.gate_override",
    ]
    assert _actions(PageLogEntry) == [
        "interaction.results_publish",
        "jiyue.editorial.gate_override",
    ]
