"""The publish guard holds at model level (scheduling, the scheduler, bulk
publish); roles are granted per site, logged, and kept apart (三员分立)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import GroupPagePermission, ModelLogEntry, Page

from jiyue.cluster.roles import Role
from jiyue.editorial.guard import PublishRefused, publish_refusal
from jiyue.editorial.models import ConfidentialityConfirmation
from jiyue.editorial.services import role_grant, role_revoke

pytestmark = pytest.mark.django_db


def edited_by(user, slug="news-003"):
    page = Page.objects.get(url_path=f"/www/yaowen/{slug}/").specific
    page.body = "<p>更新后的正文。</p>"
    return page, page.save_revision(user=user)


def test_a_revision_by_a_person_cannot_be_published_in_code_either(people):
    page, revision = edited_by(people["editor"])
    with pytest.raises(PublishRefused):
        revision.publish(user=people["editor"])
    page.refresh_from_db()
    assert "更新后的正文" not in page.body


def test_scheduling_an_unreviewed_revision_is_refused(people):
    page, _ = edited_by(people["editor"])
    page.go_live_at = timezone.now() + timedelta(days=1)
    revision = page.save_revision(user=people["editor"])
    with pytest.raises(PublishRefused):
        revision.publish(user=people["editor"])
    revision.refresh_from_db()
    assert revision.approved_go_live_at is None


def test_the_scheduler_refuses_a_revision_scheduled_behind_the_guard(people):
    page, revision = edited_by(people["editor"])
    type(revision).objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(PermissionDenied):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert "更新后的正文" not in page.body


def test_a_confirmed_revision_may_be_scheduled_and_goes_live(people):
    page, _ = edited_by(people["editor"])
    page.go_live_at = timezone.now() + timedelta(hours=1)
    revision = page.save_revision(user=people["editor"])
    ConfidentialityConfirmation.objects.create(
        revision=revision, reviewer=people["reviewer"], reviewer_name="reviewer",
        no_state_secrets=True, no_personal_data=True,
    )  # fmt: skip
    assert publish_refusal(revision) is None
    revision.publish(user=people["editor"])
    revision.refresh_from_db()
    assert revision.approved_go_live_at is not None


def test_role_grant_creates_site_groups_with_scoped_permissions(people, www, yaowen):
    editors = Group.objects.get(name="贵阳市人民政府 · 编辑")
    assert people["editor"].groups.filter(pk=editors.pk).exists()
    perms = GroupPagePermission.objects.filter(group=editors)
    assert {p.page_id for p in perms} == {www.root_page_id}
    assert {p.permission.codename for p in perms} >= {
        "add_page",
        "change_page",
        "publish_page",
    }
    officers = Group.objects.get(name="贵阳市人民政府 · 信息员 · 要闻动态")
    assert {
        (p.page_id, p.permission.codename)
        for p in GroupPagePermission.objects.filter(group=officers)
    } == {(yaowen.pk, "add_page")}


def test_grants_and_revokes_are_logged_with_the_actor(people, www, make_staff):
    user = make_staff("newcomer")
    role_grant(actor=people["admin"], user=user, site=www, role=Role.EDITOR)
    entry = ModelLogEntry.objects.filter(
        action="jiyue.cluster.role_grant", object_id=str(user.pk)
    ).get()
    assert entry.user == people["admin"]
    assert entry.data["group"] == "贵阳市人民政府 · 编辑"
    role_revoke(actor=people["admin"], user=user, site=www, role=Role.EDITOR)
    assert not user.groups.exists()
    assert ModelLogEntry.objects.filter(
        action="jiyue.cluster.role_revoke", user=people["admin"]
    ).exists()


def test_a_site_admin_grants_only_on_their_own_site(people, ankang, make_staff):
    user = make_staff("someone")
    with pytest.raises(PermissionDenied):
        role_grant(actor=people["admin"], user=user, site=ankang, role=Role.EDITOR)
    with pytest.raises(PermissionDenied):
        role_grant(actor=people["editor"], user=user, site=people["editor"] and ankang,
                   role=Role.EDITOR)  # fmt: skip
    with pytest.raises(PermissionDenied):
        role_grant(actor=people["admin"], user=user, role=Role.AUDIT_ADMIN)


def test_security_and_audit_admin_are_never_one_person(make_staff):
    user = make_staff("sec", Role.SECURITY_ADMIN)
    with pytest.raises(ValidationError):
        role_grant(actor=None, user=user, role=Role.AUDIT_ADMIN)


def test_roles_command_grants_and_lists(www, make_staff, capsys):
    make_staff("cmd-user")
    call_command("roles", "grant", "cmd-user", "reviewer", "--site", "5201000001")
    call_command("roles", "list", "--site", "5201000001")
    out = capsys.readouterr().out
    assert "cmd-user" in out and "保密审查员" in out
