"""One platform office: the editorial role Role.PLATFORM_OFFICE and the group
「平台管理办公室」 that monitor and interaction check are the same thing, and a
user granted it sees every site in monitor, interaction, publishing and the
page explorer."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Site
from wagtail.permission_policies.pages import PagePermissionPolicy

from jiyue.cluster.models import SiteProfile
from jiyue.cluster.permissions import PLATFORM_OFFICE_GROUP, is_platform_office
from jiyue.cluster.roles import Role
from jiyue.editorial.services import role_group

pytestmark = pytest.mark.django_db


def test_the_role_is_the_group_and_sees_every_site(demo_cluster, make_staff):
    office = make_staff("office", Role.PLATFORM_OFFICE)
    assert office.groups.get().name == PLATFORM_OFFICE_GROUP
    assert is_platform_office(office)

    from jiyue.interaction.permissions import message_scope
    from jiyue.monitor.permissions import visible_profiles
    from jiyue.publishing.permissions import can_manage_site_publishing

    assert len(visible_profiles(office)) == SiteProfile.objects.count()
    assert message_scope(office) is None  # every site's messages
    sites = list(Site.objects.all())
    assert len(sites) >= 2
    assert all(can_manage_site_publishing(office, site) for site in sites)
    explorable = PagePermissionPolicy().explorable_instances(office)
    assert all(explorable.filter(pk=site.root_page_id).exists() for site in sites)


def test_a_site_editor_is_not_the_platform_office(demo_cluster, make_staff):
    editor = make_staff(
        "editor", Role.EDITOR, Site.objects.get(hostname="www.localhost")
    )
    assert not is_platform_office(editor)
    from jiyue.monitor.permissions import visible_profiles

    assert [p.site.hostname for p in visible_profiles(editor)] == ["www.localhost"]


def test_a_group_made_by_name_becomes_the_role(demo_cluster, make_staff):
    """Members of a 「平台管理办公室」 group created by hand (before the role existed)
    are the platform office, and granting the role uses that same group."""
    group, _ = Group.objects.get_or_create(name=PLATFORM_OFFICE_GROUP)
    early = make_staff("early")
    early.groups.add(group)
    assert is_platform_office(early)
    assert role_group(role=Role.PLATFORM_OFFICE) == group
    later = make_staff("later", Role.PLATFORM_OFFICE)
    assert set(group.user_set.all()) == {early, later}
    assert is_platform_office(later)


def test_the_cluster_wide_page_types_report_opens_for_the_office(
    demo_cluster, make_staff, client
):
    office = make_staff("office", Role.PLATFORM_OFFICE)
    editor = make_staff(
        "editor", Role.EDITOR, Site.objects.get(hostname="www.localhost")
    )
    client.force_login(editor)
    assert client.get("/admin/reports/page-types-usage/").status_code in (302, 403)
    client.force_login(office)
    assert client.get("/admin/reports/page-types-usage/").status_code == 200
