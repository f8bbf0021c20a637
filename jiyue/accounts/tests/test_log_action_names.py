"""Entries written under the audit trail's old action names (``jiyue.audit.*``)
are renamed by accounts' 0002, and back by its reversal: the trail keeps its
history under the new names (docs/decisions/0009-one-app-shape.md)."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from wagtail.models import ModelLogEntry

from tests.log_entries import clear_log, old_entry

migration = import_module("jiyue.accounts.migrations.0002_log_action_names")

pytestmark = pytest.mark.django_db


def test_old_entries_take_the_new_names_and_give_them_back(django_user_model):
    clear_log()
    auditor = django_user_model.objects.create(username="auditor")
    for action in (
        "jiyue.audit.export",
        "jiyue.audit.purge",
        "jiyue.accounts.otp_reset",
    ):
        old_entry(auditor, action)

    def actions() -> list[str]:
        return sorted(ModelLogEntry.objects.values_list("action", flat=True))

    migration.forwards(apps, None)
    assert actions() == [
        "jiyue.accounts.audit_export",
        "jiyue.accounts.audit_purge",
        "jiyue.accounts.otp_reset",
    ]
    migration.backwards(apps, None)
    assert actions() == [
        "jiyue.accounts.otp_reset",
        "jiyue.audit.export",
        "jiyue.audit.purge",
    ]
