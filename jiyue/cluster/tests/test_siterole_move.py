"""SiteRole moved from editorial to cluster with its permissions: the content
type ``editorial.siterole`` becomes ``cluster.siterole``, so whoever held
``editorial.grant_role`` holds ``cluster.grant_role`` (ADR 0107). The upgrade of
a whole database is tried by hand on SQLite and PostgreSQL (see the ADR); here
the data step, on both paths it can take."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

pytestmark = pytest.mark.django_db
migration = import_module("jiyue.cluster.migrations.0005_siterole_from_editorial")


def old_content_type_with(*codenames: str) -> tuple[ContentType, Group]:
    """The content type as an old database has it, its permissions held by a
    group."""
    old = ContentType.objects.create(app_label="editorial", model="siterole")
    group = Group.objects.create(name="安全管理员（旧）")
    for codename in codenames:
        group.permissions.add(
            Permission.objects.create(
                content_type=old, codename=codename, name=codename
            )
        )
    return old, group


def test_the_content_type_is_renamed_and_the_permissions_keep_their_ids():
    ContentType.objects.filter(app_label="cluster", model="siterole").delete()
    old, group = old_content_type_with("grant_role", "view_audit")
    ids = set(group.permissions.values_list("pk", flat=True))
    migration.to_cluster(apps, None)
    moved = ContentType.objects.get(pk=old.pk)
    assert moved.app_label == "cluster"
    assert set(group.permissions.values_list("pk", flat=True)) == ids
    assert {
        f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()
    } == {
        "cluster.grant_role",
        "cluster.view_audit",
    }


def test_when_both_exist_the_holders_get_the_new_permissions():
    """post_migrate ran in between (a partial migrate): the old permissions'
    holders are given the new ones, and the old content type goes."""
    old, group = old_content_type_with("grant_role", "legacy_only")
    migration.to_cluster(apps, None)
    assert not ContentType.objects.filter(pk=old.pk).exists()
    held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    assert held == {"cluster.grant_role", "cluster.legacy_only"}
    assert (
        Permission.objects.filter(
            content_type__app_label="cluster", codename="grant_role"
        ).count()
        == 1
    )
