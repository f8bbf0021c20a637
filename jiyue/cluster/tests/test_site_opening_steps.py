"""Opening and closing a site run every app's own steps (``<app>/site_opening.py``),
in order, inside one transaction; each step's result is recorded under its key
(docs/decisions/0516-site-opening-steps.md)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from wagtail.models import ModelLogEntry, Page, Site, WorkflowPage

from jiyue.cluster import opening
from jiyue.interaction import site_opening as interaction_opening

from .test_site_open import OPEN_KAIYANG

CODE = "5201210001"


def test_the_steps_are_the_apps_own_in_order():
    def keys(kind: str) -> list[tuple[int, str, str]]:
        return [
            (order, key, step.__module__) for order, key, step in opening._steps(kind)
        ]

    assert keys("OPEN_STEPS") == [
        (10, "columns", "jiyue.content.site_opening"),
        (20, "workflow", "jiyue.editorial.site_opening"),
        (30, "units", "jiyue.interaction.site_opening"),
        (90, "publish", "jiyue.publishing.site_opening"),
    ]
    assert keys("CLOSE_STEPS") == [
        (30, "mailboxes_closed", "jiyue.interaction.site_opening"),
        (90, "withdraw", "jiyue.publishing.site_opening"),
    ]


def test_each_result_is_logged_under_its_key(
    demo_cluster, publish_root, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(*OPEN_KAIYANG)
    data = ModelLogEntry.objects.get(action="jiyue.cluster.site_open").data
    # publishing's step returns nothing: no key of its own (a set: PostgreSQL's
    # jsonb keeps no key order)
    assert set(data) == {
        "code", "name", "host", "parent", "template", "columns", "workflow", "units",
    }  # fmt: skip
    assert data["units"] == ["县政府办公室", "县教育局"]
    assert data["workflow"] == "开阳县人民政府 · 默认审核流程"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("site_close", CODE, "--notice-date", "2020-01-01")
    data = ModelLogEntry.objects.get(action="jiyue.cluster.site_close").data
    assert set(data) == {
        "code", "host", "notice_date", "mailboxes_closed", "pages_kept",
    }  # fmt: skip
    assert data["mailboxes_closed"] == 5


@pytest.mark.usefixtures("publish_root")
def test_a_step_an_app_adds_runs_in_its_order_and_is_logged(demo_cluster, monkeypatch):
    """A step of order 25 sees the site rooted at its home page with the chain set
    up, and runs before the mailboxes are made."""
    seen = {}

    def count_pages(site, profile, options):
        root = Site.objects.get(pk=site.pk).root_page
        seen["chain"] = WorkflowPage.objects.filter(page=root).exists()
        seen["mailboxes"] = site.mailboxes.count()
        return Page.objects.descendant_of(root, inclusive=True).count()

    steps = ((25, "pages", count_pages), *interaction_opening.OPEN_STEPS)
    monkeypatch.setattr(interaction_opening, "OPEN_STEPS", steps)
    call_command(*OPEN_KAIYANG, "--no-publish")
    data = ModelLogEntry.objects.get(action="jiyue.cluster.site_open").data
    assert data["pages"] == 1 + len(data["columns"])
    assert seen == {"chain": True, "mailboxes": 0}
