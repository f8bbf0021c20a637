"""PeriodicJobRun moves from monitor to worker without touching its table
(docs/decisions/0515-worker-app-and-job-registry.md).

The model's state is created here over the table ``monitor_periodicjobrun`` that
monitor's 0001 made (monitor's 0003 deletes its own state only), and the content
type ``monitor.periodicjobrun`` becomes ``worker.periodicjobrun``: its permissions
keep their ids, so the groups and users that hold them keep them.
"""

from django.db import migrations, models


def _move_content_type(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    source = ContentType.objects.filter(app_label=old, model="periodicjobrun").first()
    if source is None:
        return  # a fresh database: post_migrate creates the new one
    target = ContentType.objects.filter(app_label=new, model="periodicjobrun").first()
    if target is None:
        source.app_label = new
        source.save(update_fields=["app_label"])
    else:
        _merge_permissions(Permission, source, target)
        source.delete()
    ContentType.objects.clear_cache()


def _merge_permissions(Permission, source, target) -> None:
    """Both content types exist (post_migrate ran in between): the old
    permissions' holders get the new ones, then the old go."""
    for old in Permission.objects.filter(content_type=source):
        new = Permission.objects.filter(
            content_type=target, codename=old.codename
        ).first()
        if new is None:
            old.content_type = target
            old.save(update_fields=["content_type"])
            continue
        for group in old.group_set.all():
            group.permissions.add(new)
        for user in old.user_set.all():
            user.user_permissions.add(new)
        old.delete()


def to_worker(apps, schema_editor):
    _move_content_type(apps, schema_editor, "monitor", "worker")


def to_monitor(apps, schema_editor):
    _move_content_type(apps, schema_editor, "worker", "monitor")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("monitor", "0002_broken_link_pages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PeriodicJobRun",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=100, unique=True, verbose_name="任务名")),
                        ("last_run_at", models.DateTimeField(blank=True, null=True, verbose_name="上次运行")),
                        ("last_task_id", models.CharField(blank=True, max_length=64, verbose_name="任务编号")),
                    ],
                    options={
                        "verbose_name": "定时任务记录",
                        "verbose_name_plural": "定时任务记录",
                        "db_table": "monitor_periodicjobrun",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_worker, to_monitor),
    ]
