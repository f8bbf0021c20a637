"""The admin page 静态发布: state per site, only for those who manage the site."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import GroupPagePermission, Site

from jiyue.publishing import services
from jiyue.publishing.permissions import can_manage_site_publishing

pytestmark = pytest.mark.django_db


@pytest.fixture
def ankang_editor(django_user_model, demo_cluster):
    user = django_user_model.objects.create_user("ankang-editor", password="x" * 12)
    group = Group.objects.create(name="安康编辑")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    ankang = Site.objects.get(hostname="ankang.localhost")
    GroupPagePermission.objects.create(
        group=group, page=ankang.root_page, permission_type="publish"
    )
    user.groups.add(group)
    return user


def test_permission_is_per_site(ankang_editor, admin_user):
    ankang = Site.objects.get(hostname="ankang.localhost")
    www = Site.objects.get(hostname="www.localhost")
    assert can_manage_site_publishing(ankang_editor, ankang)
    assert not can_manage_site_publishing(ankang_editor, www)
    assert can_manage_site_publishing(admin_user, www)


def test_editor_sees_only_their_site(ankang_editor, publish_root):
    services.publish_site(Site.objects.get(hostname="ankang.localhost"))
    client = Client()
    client.force_login(ankang_editor)
    response = client.get("/admin/publishing/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ankang.localhost" in html
    assert "www.localhost" not in html
    www = Site.objects.get(hostname="www.localhost")
    refused = client.post(f"/admin/publishing/{www.pk}/rebuild/")
    assert refused.status_code in (302, 403)  # Wagtail turns 403 into a redirect
    assert not (publish_root / "www.localhost").exists()


def test_user_without_site_permission_is_refused(django_user_model, demo_cluster):
    user = django_user_model.objects.create_user("nobody", password="x" * 12)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = Client()
    client.force_login(user)
    assert client.get("/admin/publishing/").status_code in (302, 403)


def test_superuser_sees_state_and_progress(admin_user, publish_root, www):
    services.publish_site(www)
    client = Client()
    client.force_login(admin_user)
    html = client.get("/admin/publishing/").content.decode()
    assert "www.localhost" in html
    assert "尚未发布" in html  # the other sites
