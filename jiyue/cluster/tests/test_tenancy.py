"""One answer to who works on which site (jiyue.cluster.tenancy, ADR 0107):
roles by the table, page permissions given by hand, oversight, the people of a
site, and the site-scoped permission policy. (Each role on each capability is
proved in tests/test_permission_matrix.py.)"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page, Site

from jiyue.cluster import Capability, can, people_for, roles_of, sites_for
from jiyue.cluster.models import SiteProfile
from jiyue.cluster.permissions import (
    SiteProfilePermissionPolicy,
    SiteScopedPermissionPolicy,
)
from jiyue.cluster.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def www(demo_cluster) -> Site:
    return Site.objects.get(hostname="www.localhost")


@pytest.fixture
def ankang(demo_cluster) -> Site:
    return Site.objects.get(hostname="ankang.localhost")


def hostnames(sites) -> set[str]:
    return set(sites.values_list("hostname", flat=True))


def hand_made(user, page: Page, *codenames: str) -> Group:
    """A group made by hand in Wagtail (no role) with page permissions."""
    group = Group.objects.create(name=f"手工组 {page.pk} {'+'.join(codenames)}")
    for codename in codenames:
        GroupPagePermission.objects.create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    user.groups.add(group)
    return group


def test_publish_by_hand_on_a_site_root_counts_like_an_editor(ankang, www, make_staff):
    user = make_staff("by-hand")
    hand_made(user, ankang.root_page, "publish_page")
    for capability in ("view", "edit", "publish", "monitor", "moderate"):
        assert hostnames(sites_for(user, capability)) == {"ankang.localhost"}
    for capability in ("interact", "administer", "grant"):
        assert not sites_for(user, capability).exists(), capability
    assert not can(user, Capability.EDIT, www)


def test_add_by_hand_on_a_site_root_does_not_moderate(ankang, make_staff):
    """Moderating citizens' submissions needs ``publish``, as Wagtail's publish
    of the channel page does."""
    user = make_staff("adds")
    hand_made(user, ankang.root_page, "add_page")
    assert can(user, Capability.EDIT, ankang)
    assert not can(user, Capability.MODERATE, ankang)


def test_a_permission_in_one_column_opens_the_site_for_viewing_only(www, make_staff):
    user = make_staff("column-hand")
    hand_made(user, Page.objects.get(url_path="/www/yaowen/"), "publish_page")
    assert hostnames(sites_for(user, Capability.VIEW)) == {"www.localhost"}
    for capability in Capability:
        if capability != Capability.VIEW:
            assert not sites_for(user, capability).exists(), capability


def test_lock_alone_on_a_site_root_is_only_viewing(www, make_staff):
    user = make_staff("locks")
    hand_made(user, www.root_page, "lock_page")
    assert hostnames(sites_for(user, Capability.VIEW)) == {"www.localhost"}
    assert not sites_for(user, Capability.MONITOR).exists()


def test_a_permission_on_the_tree_root_is_every_site(www, make_staff):
    user = make_staff("tree-root")
    hand_made(user, Page.get_first_root_node(), "change_page")
    every = set(Site.objects.values_list("hostname", flat=True))
    assert hostnames(sites_for(user, Capability.PUBLISH)) == every
    assert not sites_for(user, Capability.ADMINISTER).exists()


def test_role_groups_count_by_their_role_not_by_their_page_permissions(www, make_staff):
    """A page permission added to a role's group does not change what the role
    is: the table answers for roles."""
    from jiyue.editorial.services import role_group

    reviewer = make_staff("rev", Role.REVIEWER, www)
    group = role_group(role=Role.REVIEWER, site=www)
    GroupPagePermission.objects.create(
        group=group, page=www.root_page, permission_type="publish"
    )
    assert not sites_for(reviewer, Capability.PUBLISH).exists()
    assert can(reviewer, Capability.VIEW, www)


def test_oversight_and_its_one_exception(www, make_staff, django_user_model):
    office = make_staff("office", Role.PLATFORM_OFFICE)
    every = set(Site.objects.values_list("hostname", flat=True))
    assert hostnames(sites_for(office, Capability.INTERACT)) == every
    assert not sites_for(office, Capability.GRANT).exists()  # 三员分立
    # … and none of it is his own work.
    assert not sites_for(office, Capability.INTERACT, oversight=False).exists()

    root = django_user_model.objects.create_superuser("root", "r@x.invalid", "pw")
    assert hostnames(sites_for(root, Capability.GRANT)) == every
    assert not sites_for(root, Capability.EDIT, oversight=False).exists()


def test_inactive_and_anonymous_users_have_no_site(www, make_staff):
    from django.contrib.auth.models import AnonymousUser

    editor = make_staff("gone", Role.EDITOR, www)
    editor.is_active = False
    editor.save()
    assert not sites_for(editor, Capability.VIEW).exists()
    assert not sites_for(AnonymousUser(), Capability.VIEW).exists()
    assert roles_of(AnonymousUser()) == set()


def test_people_of_a_site(www, ankang, make_staff, django_user_model):
    operator = make_staff("op", Role.MAILBOX_OPERATOR, www)
    make_staff("op-ankang", Role.MAILBOX_OPERATOR, ankang)
    make_staff("ed", Role.EDITOR, www)
    office = make_staff("office", Role.PLATFORM_OFFICE)
    root = django_user_model.objects.create_superuser("root", "r@x.invalid", "pw")
    assert set(people_for(Capability.INTERACT, www, oversight=False)) == {operator}
    assert set(people_for(Capability.INTERACT, www)) >= {operator, office, root}
    assert "op-ankang" not in {u.username for u in people_for(Capability.INTERACT, www)}
    security = make_staff("sec", Role.SECURITY_ADMIN)
    granters = set(people_for(Capability.GRANT, www))
    assert security in granters and office not in granters


def test_roles_of_a_person(www, make_staff):
    user = make_staff("two-roles", Role.EDITOR, www)
    from jiyue.editorial import role_grant

    role_grant(actor=None, user=user, site=www, role=Role.MAILBOX_OPERATOR)
    assert roles_of(user) == {"editor", "mailbox_operator"}


def test_the_site_scoped_policy(www, ankang, make_staff):
    from jiyue.interaction.models import Mailbox

    policy = SiteScopedPermissionPolicy(Mailbox, Capability.ADMINISTER)
    admin = make_staff("wz", Role.SITE_ADMIN, www)
    own = Mailbox.objects.filter(site=www).first()
    other = Mailbox.objects.filter(site=ankang).first()
    assert policy.user_has_permission(admin, "change")
    assert not policy.user_has_permission(admin, "add")
    assert not policy.user_has_permission(admin, "delete")
    assert policy.user_has_permission_for_instance(admin, "change", own)
    assert not policy.user_has_permission_for_instance(admin, "change", other)
    visible = policy.instances_user_has_any_permission_for(admin, ["view"])
    assert set(visible.values_list("site_id", flat=True)) == {www.pk}

    editor = make_staff("ed", Role.EDITOR, www)
    assert not policy.user_has_permission(editor, "view")
    holder = make_staff("model-perm")
    holder.user_permissions.add(Permission.objects.get(codename="change_mailbox"))
    holder = type(holder).objects.get(pk=holder.pk)  # a fresh permission cache
    assert policy.user_has_permission_for_instance(holder, "change", other)


def test_the_profile_policy_keeps_a_closed_site_with_the_registry(www, make_staff):
    from django.utils import timezone

    policy = SiteProfilePermissionPolicy(SiteProfile)
    admin = make_staff("wz", Role.SITE_ADMIN, www)
    office = make_staff("office", Role.PLATFORM_OFFICE)
    assert policy.user_has_permission(office, "add")
    assert not policy.user_has_permission(admin, "add")
    SiteProfile.objects.filter(site=www).update(closed_at=timezone.now())
    assert not policy.user_has_permission(admin, "change")
    assert policy.user_has_permission_for_instance(office, "change", www.profile)
