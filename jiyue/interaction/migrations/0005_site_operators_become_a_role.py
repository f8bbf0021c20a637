"""信箱管理员 become the site role ``mailbox_operator`` (jiyue.cluster.roles):
each ``SiteOperator`` row becomes membership of the site's role group, made as
``jiyue.editorial.role_group`` makes it (「<站点名> · 信箱管理员」, admin access),
then the model and its table go
(docs/decisions/0108-mailbox-operators-are-a-site-role.md)."""

from django.db import migrations

ROLE = "mailbox_operator"
LABEL = "信箱管理员"
SEPARATOR = " · "  # jiyue.editorial.services.ROLE_SEPARATOR


def _site_name(apps, site) -> str:
    SiteProfile = apps.get_model("cluster", "SiteProfile")
    profile = SiteProfile.objects.filter(site_id=site.pk).first()
    return (profile and profile.name) or site.site_name or site.hostname


def _role_group(apps, site):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    SiteRole = apps.get_model("cluster", "SiteRole")
    found = SiteRole.objects.filter(role=ROLE, site=site, column=None).first()
    if found is not None:
        return found.group
    group, _ = Group.objects.get_or_create(
        name=SEPARATOR.join([_site_name(apps, site), LABEL])
    )
    SiteRole.objects.create(group=group, role=ROLE, site=site, column=None)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access is not None:
        group.permissions.add(access)
    return group


def operators_to_role_groups(apps, schema_editor):
    SiteOperator = apps.get_model("interaction", "SiteOperator")
    operators = SiteOperator.objects.select_related("site", "user").order_by("pk")
    groups = {}
    for operator in operators:
        if operator.site_id not in groups:
            groups[operator.site_id] = _role_group(apps, operator.site)
        operator.user.groups.add(groups[operator.site_id])


def role_groups_to_operators(apps, schema_editor):
    SiteOperator = apps.get_model("interaction", "SiteOperator")
    SiteRole = apps.get_model("cluster", "SiteRole")
    for role in SiteRole.objects.filter(role=ROLE, site__isnull=False):
        for user in role.group.user_set.all():
            SiteOperator.objects.get_or_create(site_id=role.site_id, user=user)
        group = role.group
        role.delete()
        group.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("cluster", "0005_siterole_from_editorial"),
        ("interaction", "0004_reply_chain_review_withdraw_extension"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunPython(operators_to_role_groups, role_groups_to_operators),
        migrations.DeleteModel(name="SiteOperator"),
    ]
