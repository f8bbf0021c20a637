"""The audit trail's own log actions take the app's name, ``jiyue.<app>.<verb>``
(docs/decisions/0009-one-app-shape.md): entries already written are renamed with
them, so that the trail keeps its history and its labels. Reversible."""

from django.db import migrations

RENAMED = (
    ("jiyue.audit.export", "jiyue.accounts.audit_export"),
    ("jiyue.audit.purge", "jiyue.accounts.audit_purge"),
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
        ("accounts", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
