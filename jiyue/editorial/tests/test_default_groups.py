"""Wagtail's default 「Moderators」/「Editors」 groups and 「Moderators approval」
workflow hold no rights after the migrations; our role groups and review chains
stay (jiyue/editorial/migrations/0003_remove_wagtail_default_groups.py)."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from jiyue.cluster.permissions import PLATFORM_OFFICE_GROUP

pytestmark = pytest.mark.django_db
migration = import_module(
    "jiyue.editorial.migrations.0003_remove_wagtail_default_groups"
)


def migration_apps():
    """The models as the migration knows them (``editorial.SiteRole`` moved to
    cluster since: ADR 0107)."""
    state = MigrationLoader(connection).project_state(
        ("editorial", "0003_remove_wagtail_default_groups")
    )
    return state.apps


def root_page_groups() -> set[str]:
    return set(
        GroupPagePermission.objects.filter(page__depth=1).values_list(
            "group__name", flat=True
        )
    )


def ours(name: str) -> bool:
    group = Group.objects.get(name=name)
    return name == PLATFORM_OFFICE_GROUP or hasattr(group, "site_role")


def test_after_migrations_only_our_groups_hold_the_root(demo_cluster):
    assert all(ours(name) for name in root_page_groups())
    root_collection = Collection.get_first_root_node()
    assert not GroupCollectionPermission.objects.filter(
        collection=root_collection, group__name__in=("Moderators", "Editors")
    ).exists()
    assert not Group.objects.filter(name__in=("Moderators", "Editors")).exists()
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()
    assert not Task.objects.filter(name="Moderators approval", active=True).exists()
    assert not WorkflowPage.objects.filter(page__depth=1).exists()


def test_our_review_chains_stay(demo_cluster):
    www = Page.objects.get(url_path="/www/")
    assert www.get_workflow().name == "贵阳市人民政府 · 默认审核流程"
    article = Page.objects.get(url_path="/www/yaowen/news-001/")
    assert article.get_workflow().active


def _default_data_in_use(user):
    """Wagtail's initial data as an old database has it, in use: a member of
    Moderators, the workflow on the root page with a moderation running."""
    root = Page.get_first_root_node()
    moderators = Group.objects.create(name="Moderators")
    moderators.user_set.add(user)
    moderators.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=moderators, page=root, permission=Permission.objects.get(
                codename=codename, content_type__app_label="wagtailcore")
        )  # fmt: skip
    GroupCollectionPermission.objects.create(
        group=moderators,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="add_document"),
    )
    Group.objects.create(name="Editors")  # nobody in it
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.add(moderators)
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=root)
    return workflow, task


def test_the_migration_empties_what_is_in_use_and_is_safe_to_repeat(
    demo_cluster, make_staff
):
    old_hand = make_staff("old-hand")
    workflow, task = _default_data_in_use(old_hand)
    page = Page.objects.get(url_path="/www/yaowen/news-001/").specific
    state = workflow.start(page, old_hand)

    apps = migration_apps()
    migration.forwards(apps, None)
    migration.forwards(apps, None)  # already done: nothing to do, no error

    moderators = Group.objects.get(name="Moderators")  # kept: it has a member
    assert not moderators.permissions.exists()
    assert not GroupPagePermission.objects.filter(group=moderators).exists()
    assert not GroupCollectionPermission.objects.filter(group=moderators).exists()
    assert not Group.objects.filter(name="Editors").exists()  # empty: deleted
    workflow.refresh_from_db()
    task.refresh_from_db()
    state.refresh_from_db()
    assert not workflow.active and not workflow.workflow_tasks.exists()
    assert not task.active
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert not WorkflowPage.objects.filter(page__depth=1).exists()
    assert all(ours(name) for name in root_page_groups())
    assert (
        Page.objects.get(url_path="/www/").get_workflow().name.endswith("默认审核流程")
    )


def test_an_unused_default_workflow_is_deleted(demo_cluster, make_staff):
    workflow, task = _default_data_in_use(make_staff("old-hand"))
    migration.forwards(migration_apps(), None)
    assert not Workflow.objects.filter(pk=workflow.pk).exists()
    assert not Task.objects.filter(pk=task.pk).exists()
