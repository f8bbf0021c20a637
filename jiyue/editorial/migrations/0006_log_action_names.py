"""The editorial app's log actions take its name, ``jiyue.editorial.<verb>``
(docs/decisions/0009-one-app-shape.md): entries already written are renamed with
them, so that the audit trail keeps its history and its labels. Reversible.

``jiyue.gate_override`` is renamed on pages only (``PageLogEntry``: a page let
through the pre-publish gate). The interaction app logs the same old name on a
citizen's message (``ModelLogEntry``) for a reply published over the gate: that
entry is interaction's own and keeps its name until interaction renames it."""

from django.db import migrations

RENAMED = (
    # (old, new, the log models whose entries are the editorial app's)
    (
        "jiyue.force_publish",
        "jiyue.editorial.force_publish",
        ("ModelLogEntry", "PageLogEntry"),
    ),
    (
        "jiyue.confidentiality.confirm",
        "jiyue.editorial.confidentiality_confirm",
        ("ModelLogEntry", "PageLogEntry"),
    ),
    ("jiyue.gate_override", "jiyue.editorial.gate_override", ("PageLogEntry",)),
)


def _rename(apps, renames) -> None:
    for old, new, models in renames:
        for name in models:
            entries = apps.get_model("wagtailcore", name).objects
            entries.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    _rename(apps, RENAMED)


def backwards(apps, schema_editor):
    _rename(apps, [(new, old, models) for old, new, models in RENAMED])


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0005_siterole_to_cluster"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
