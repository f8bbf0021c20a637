"""Entries written under editorial's old action names are renamed to
``jiyue.editorial.*`` by editorial's 0006, and back by its reversal
(docs/decisions/0009-one-app-shape.md). ``jiyue.gate_override`` on a page is
editorial's; on anything else (a citizen's message: interaction's reply published
over the gate) it is interaction's and keeps its name."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from tests.log_entries import clear_log, old_entry

migration = import_module("jiyue.editorial.migrations.0006_log_action_names")


pytestmark = pytest.mark.django_db


OLD = ("jiyue.force_publish", "jiyue.confidentiality.confirm", "jiyue.gate_override")


def _actions(model) -> list[str]:
    return sorted(model.objects.values_list("action", flat=True))


def test_old_page_entries_take_editorials_names_and_give_them_back(
    django_user_model,
):
    clear_log()
    page = Page.get_first_root_node()
    someone = django_user_model.objects.create(username="someone")
    for action in OLD:
        old_entry(page, action)
    old_entry(someone, "jiyue.gate_override")  # not a page: not editorial's

    migration.forwards(apps, None)
    assert _actions(PageLogEntry) == [
        "jiyue.editorial.confidentiality_confirm",
        "jiyue.editorial.force_publish",
        "jiyue.editorial.gate_override",
    ]
    assert _actions(ModelLogEntry) == ["jiyue.gate_override"]
    migration.backwards(apps, None)
    assert _actions(PageLogEntry) == sorted(OLD)
    assert _actions(ModelLogEntry) == ["jiyue.gate_override"]
