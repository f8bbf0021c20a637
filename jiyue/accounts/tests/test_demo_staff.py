"""The demo's role users: one per step of the portal's review chain and the three
administrators, each with the demo password and the published TOTP key."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from wagtail.models import ModelLogEntry, Page

from jiyue.accounts.demo import demo_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(db):
    """The demo portal's site and its 通知公告 column, without loading the whole
    demo (the cluster's tests, which run next, expect it not loaded)."""
    from wagtail.models import Site

    found = Site.objects.filter(hostname="www.localhost").first()
    if found is not None:
        return found
    home = Page.get_first_root_node().add_child(instance=Page(title="门户", slug="www"))
    home.add_child(instance=Page(title="通知公告", slug="tzgg"))
    return Site.objects.create(hostname="www.localhost", port=80, root_page=home)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached reads must not outlive this test's rollback."""
    yield
    cache.clear()


def test_a_second_run_changes_nothing(portal, settings):
    settings.DEMO = True
    demo_staff("jiyue-demo-2026")
    grants = ModelLogEntry.objects.filter(action="jiyue.cluster.role_grant").count()
    demo_staff("another-password")
    assert (
        ModelLogEntry.objects.filter(action="jiyue.cluster.role_grant").count()
        == grants
    )
    assert (
        get_user_model()
        .objects.get(username="bianji")
        .check_password("jiyue-demo-2026")
    )


def test_no_role_users_outside_the_demo(portal, settings):
    settings.DEMO = False
    assert demo_staff("x") == []
    assert not get_user_model().objects.filter(username="xinxiyuan").exists()
