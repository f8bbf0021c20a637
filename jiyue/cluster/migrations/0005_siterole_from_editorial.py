"""SiteRole moves from editorial to cluster without touching its table
(docs/decisions/0107-one-answer-to-who-works-on-a-site.md).

The model's state is created here over the table ``editorial_siterole`` that
editorial's 0001 made (editorial's 0005 deletes its own state only), and the
content type ``editorial.siterole`` becomes ``cluster.siterole``: its permissions
(``grant_role``, ``view_audit``, add/change/delete/view) keep their ids, so the
groups and users that hold them keep them.
"""

import django.db.models.deletion
from django.db import migrations, models


def _move_content_type(apps, schema_editor, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    source = ContentType.objects.filter(app_label=old, model="siterole").first()
    if source is None:
        return  # a fresh database: post_migrate creates the new one
    target = ContentType.objects.filter(app_label=new, model="siterole").first()
    if target is None:
        source.app_label = new
        source.save(update_fields=["app_label"])
    else:
        _merge_permissions(Permission, source, target)
        source.delete()
    ContentType.objects.clear_cache()


def _merge_permissions(permissions, source, target) -> None:
    """Both content types exist (post_migrate ran in between): the old
    permissions' holders get the new ones, then the old go."""
    for old in permissions.objects.filter(content_type=source):
        new = permissions.objects.filter(
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


def to_cluster(apps, schema_editor):
    _move_content_type(apps, schema_editor, "editorial", "cluster")


def to_editorial(apps, schema_editor):
    _move_content_type(apps, schema_editor, "cluster", "editorial")


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cluster", "0004_site_label_in_chinese"),
        ("editorial", "0004_sign_off_task"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SiteRole",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("role", models.CharField(choices=[("platform_office", "平台管理办公室"), ("site_admin", "网站管理员"), ("editor", "编辑"), ("info_officer", "信息员"), ("reviewer", "保密审查员"), ("leader", "签发人"), ("mailbox_operator", "信箱管理员"), ("system_admin", "系统管理员"), ("security_admin", "安全管理员"), ("audit_admin", "审计管理员")], max_length=30, verbose_name="角色")),
                        ("column", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtailcore.page", verbose_name="栏目")),
                        ("group", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="site_role", to="auth.group", verbose_name="用户组")),
                        ("site", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="wagtailcore.site", verbose_name="站点")),
                    ],
                    options={
                        "verbose_name": "站点角色",
                        "verbose_name_plural": "站点角色",
                        "db_table": "editorial_siterole",
                        "permissions": [("grant_role", "可授予和撤销角色（安全管理员）"), ("view_audit", "可查阅和导出审计日志（审计管理员）")],
                        "constraints": [models.UniqueConstraint(fields=("role", "site", "column"), name="editorial_siterole_unique")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_cluster, to_editorial),
    ]
