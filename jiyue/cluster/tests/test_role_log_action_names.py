"""Entries of grants and revocations written under the old names
(``jiyue.role.*``) are renamed to the cluster's actions by cluster's 0006, and
back by its reversal (docs/decisions/0009-one-app-shape.md)."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from wagtail.models import ModelLogEntry

from tests.log_entries import clear_log, old_entry

migration = import_module("jiyue.cluster.migrations.0006_role_log_action_names")

pytestmark = pytest.mark.django_db


def test_old_grants_take_the_clusters_names_and_give_them_back(django_user_model):
    clear_log()
    person = django_user_model.objects.create(username="person")
    for action in ("jiyue.role.grant", "jiyue.role.revoke", "jiyue.cluster.site_open"):
        old_entry(person, action)

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
