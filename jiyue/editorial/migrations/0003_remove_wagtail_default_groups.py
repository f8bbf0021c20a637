"""Wagtail's initial data out of the way: the 「Moderators」/「Editors」 groups and the
「Moderators approval」 workflow (docs/decisions/0416).

Wagtail's first migrations give both groups page permissions on the root of the page
tree (every site) and permissions on the root collection (every site's media), and
assign the workflow to the root page. Jiyue's rights come from its role groups
(``editorial.SiteRole``) and its review chains (``jiyue.editorial.workflows``).

Safe to run on a database where they were already removed or renamed: it looks them
up by name and leaves the role groups and the review chains alone. A default group
that still has members is kept, emptied of every permission; the workflow and its
task are deleted, or deactivated (with their running moderation cancelled) when
states refer to them. Nothing to undo.
"""

from django.conf import settings
from django.db import migrations
from django.utils import timezone

DEFAULT_GROUPS = ("Moderators", "Editors")
DEFAULT_WORKFLOW = "Moderators approval"
DEFAULT_TASK = "Moderators approval"
PLATFORM_OFFICE_GROUP = "平台管理办公室"


def strip_default_groups(apps):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    SiteRole = apps.get_model("editorial", "SiteRole")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    defaults = (
        Group.objects.filter(name__in=DEFAULT_GROUPS)
        .exclude(pk__in=SiteRole.objects.values("group_id"))
        .exclude(name=PLATFORM_OFFICE_GROUP)
    )
    for group in defaults:
        GroupPagePermission.objects.filter(group=group).delete()
        GroupCollectionPermission.objects.filter(group=group).delete()
        group.permissions.clear()
        if not User.objects.filter(groups=group).exists():
            group.delete()


def _cancel_running(apps, workflow):
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    running = WorkflowState.objects.filter(workflow=workflow, status="in_progress")
    TaskState.objects.filter(
        workflow_state__in=running, status="in_progress"
    ).update(status="cancelled", finished_at=timezone.now())
    running.update(status="cancelled")


def retire_default_task(apps, task_ids):
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    for task in Task.objects.filter(pk__in=task_ids, name=DEFAULT_TASK):
        if WorkflowTask.objects.filter(task=task).exists():
            continue  # still a step of another workflow
        if TaskState.objects.filter(task=task).exists():
            Task.objects.filter(pk=task.pk).update(active=False)
        else:
            task.delete()


def retire_default_workflow(apps):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    for workflow in Workflow.objects.filter(name=DEFAULT_WORKFLOW):
        WorkflowPage.objects.filter(workflow=workflow).delete()
        WorkflowContentType.objects.filter(workflow=workflow).delete()
        steps = WorkflowTask.objects.filter(workflow=workflow)
        task_ids = list(steps.values_list("task_id", flat=True))
        if WorkflowState.objects.filter(workflow=workflow).exists():
            _cancel_running(apps, workflow)
            steps.delete()
            Workflow.objects.filter(pk=workflow.pk).update(active=False)
        else:
            workflow.delete()
        retire_default_task(apps, task_ids)


def forwards(apps, schema_editor):
    retire_default_workflow(apps)
    strip_default_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_review_chain_rules"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
