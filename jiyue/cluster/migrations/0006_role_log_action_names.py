"""Granting and revoking a role are logged as the cluster's actions,
``jiyue.cluster.role_grant`` and ``jiyue.cluster.role_revoke`` (the roles are the
cluster's; docs/decisions/0009-one-app-shape.md): entries already written are
renamed with them, so that the audit trail keeps its history. Reversible."""

from django.db import migrations

RENAMED = (
    ("jiyue.role.grant", "jiyue.cluster.role_grant"),
    ("jiyue.role.revoke", "jiyue.cluster.role_revoke"),
)
LOG_MODELS = ("ModelLogEntry", "PageLogEntry")


def _rename(apps, pairs) -> None:
    for name in LOG_MODELS:
        entries = apps.get_model("wagtailcore", name).objects
        for old, new in pairs:
            entries.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    _rename(apps, RENAMED)


def backwards(apps, schema_editor):
    _rename(apps, [(new, old) for old, new in RENAMED])


class Migration(migrations.Migration):
    dependencies = [
        ("cluster", "0005_siterole_from_editorial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
