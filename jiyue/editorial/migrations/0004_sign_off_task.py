
import django.db.models.deletion
from django.db import migrations, models


SIGN_SUFFIX = " · 签发"  # the name workflows.SIGN gives a site's 签发 step


def sign_steps_become_sign_off_tasks(apps, schema_editor):
    """The 签发 steps created as Wagtail's GroupApprovalTask become SignOffTask in
    place: same task id (workflows and task states keep pointing at it), same
    groups; only the child table and the content type change (ADR 0422)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Task = apps.get_model("wagtailcore", "Task")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    SignOffTask = apps.get_model("editorial", "SignOffTask")
    old_type = ContentType.objects.filter(
        app_label="wagtailcore", model="groupapprovaltask"
    ).first()
    if old_type is None:
        return
    new_type, _ = ContentType.objects.get_or_create(
        app_label="editorial", model="signofftask"
    )
    old_table = GroupApprovalTask._meta.db_table
    quote = schema_editor.quote_name
    for old in GroupApprovalTask.objects.filter(
        name__endswith=SIGN_SUFFIX, content_type=old_type
    ):
        group_ids = list(old.groups.values_list("pk", flat=True))
        old.groups.clear()
        schema_editor.execute(
            f"DELETE FROM {quote(old_table)} WHERE {quote('task_ptr_id')} = %s",
            [old.pk],
        )
        new = SignOffTask(task_ptr_id=old.pk, name=old.name, active=old.active)
        new.save_base(raw=True)
        Task.objects.filter(pk=old.pk).update(content_type=new_type)
        new.groups.set(group_ids)


class Migration(migrations.Migration):

    dependencies = [
        ('auth', '0012_alter_user_first_name_max_length'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('editorial', '0003_remove_wagtail_default_groups'),
        ('wagtailcore', '0097_baselogentry_uuid_action_timestamp_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='SignOffTask',
            fields=[
                ('task_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to='wagtailcore.task')),
                ('groups', models.ManyToManyField(help_text='Pages/snippets at this step in a workflow will be moderated or approved by these groups of users', to='auth.group', verbose_name='groups')),
            ],
            options={
                'verbose_name': '签发',
                'verbose_name_plural': '签发',
            },
            bases=('wagtailcore.task',),
        ),
        migrations.RunPython(
            sign_steps_become_sign_off_tasks, migrations.RunPython.noop
        ),
    ]
