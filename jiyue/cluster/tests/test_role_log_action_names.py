"""Entries of grants and revocations written under the old names
(``jiyue.role.*``) are renamed to the cluster's actions by cluster's 0006, and
back by its reversal (docs/decisions/0009-one-app-shape.md)."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, PageLogEntry

migration = import_module("jiyue.cluster.migrations.0006_role_log_action_names")

pytestmark = pytest.mark.django_db


def _clear_log() -> None:
    """The log as this test writes it: entries other tests' data left (the demo's
    letters) are not the subject here."""
    ModelLogEntry.objects.all().delete()
    PageLogEntry.objects.all().delete()


def _entry(instance, action: str) -> None:
    """An entry as an older release wrote it: under a name no longer registered,
    so past the model's ``save()``, which refuses unregistered actions."""
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


def test_old_grants_take_the_clusters_names_and_give_them_back(django_user_model):
    _clear_log()
    person = django_user_model.objects.create(username="person")
    for action in ("jiyue.role.grant", "jiyue.role.revoke", "jiyue.cluster.site_open"):
        _entry(person, action)

    def actions() -> list[str]:
        return sorted(ModelLogEntry.objects.values_list("action", flat=True))

    migration.forwards(apps, None)
    assert actions() == [
        "jiyue.cluster.role_grant",
        "jiyue.cluster.role_revoke",
        "jiyue.cluster.site_open",
    ]
    migration.backwards(apps, None)
    assert actions() == [
        "jiyue.cluster.site_open",
        "jiyue.role.grant",
        "jiyue.role.revoke",
    ]
