"""The demo's role users: one per step of the portal's review chain and the three
administrators, each with the demo password and the published TOTP key."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry, Page

from jiyue.accounts.demo import DEMO_STAFF, demo_staff
from jiyue.editorial.selectors import user_roles

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


def test_load_demo_with_admin_creates_the_role_users(portal, settings):
    """What ``load_demo --with-admin`` does after loading the cluster."""
    from jiyue.content.management.commands.load_demo import Command

    settings.DEMO = True
    output = StringIO()
    Command(stdout=output).ensure_admin()
    out = output.getvalue()
    for person in DEMO_STAFF:
        assert person.username in out
    users = get_user_model().objects
    officer = users.get(username="xinxiyuan")
    assert officer.check_password("jiyue-demo-2026")
    assert user_roles(officer) == {"info_officer"}
    tzgg = Page.objects.get(url_path="/www/tzgg/")
    assert officer.groups.get().site_role.column_id == tzgg.pk
    assert user_roles(users.get(username="baomi")) == {"reviewer"}
    assert user_roles(users.get(username="lingdao")) == {"leader"}
    assert user_roles(users.get(username="shenji")) == {"audit_admin"}
    assert TOTPDevice.objects.filter(
        user__username__in=[p.username for p in DEMO_STAFF], confirmed=True
    ).count() == len(DEMO_STAFF)


def test_a_second_run_changes_nothing(portal, settings):
    settings.DEMO = True
    demo_staff("jiyue-demo-2026")
    grants = ModelLogEntry.objects.filter(action="jiyue.role.grant").count()
    demo_staff("another-password")
    assert ModelLogEntry.objects.filter(action="jiyue.role.grant").count() == grants
    assert (
        get_user_model()
        .objects.get(username="bianji")
        .check_password("jiyue-demo-2026")
    )


def test_no_role_users_outside_the_demo(portal, settings):
    settings.DEMO = False
    assert demo_staff("x") == []
    assert not get_user_model().objects.filter(username="xinxiyuan").exists()
