"""Entries written under interaction's old action names take the new ones with
interaction's 0007, and give them back with its reversal
(docs/decisions/0009-one-app-shape.md)."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from tests.log_entries import clear_log, old_entry

migration = import_module("jiyue.interaction.migrations.0007_log_action_names")

pytestmark = pytest.mark.django_db


def _actions(model) -> list[str]:
    return sorted(model.objects.values_list("action", flat=True))


def test_old_entries_take_interactions_names_and_give_them_back(django_user_model):
    clear_log()  # what other tests' data left is not ours
    someone = django_user_model.objects.create(username="someone")
    page = Page.get_first_root_node()
    old_entry(someone, "interaction.comment_approve")
    old_entry(someone, "jiyue.gate_override")
    old_entry(page, "interaction.results_publish")
    old_entry(page, "jiyue.editorial.gate_override")  # a page's: editorial's already

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
