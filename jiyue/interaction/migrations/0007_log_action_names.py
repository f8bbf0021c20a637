"""Interaction's log actions take the pattern ``jiyue.<app>.<verb>``
(docs/decisions/0009-one-app-shape.md): the channels' moderation steps
(``interaction.comment_approve`` …) and a reply published over the compliance gate
(``jiyue.gate_override`` on a message) are renamed with the entries already
written, so that the audit trail keeps its history and its labels. Reversible.

Only ``ModelLogEntry`` rows of ``jiyue.gate_override`` are interaction's: the page
ones became ``jiyue.editorial.gate_override`` in editorial's 0006."""

from django.db import migrations

CHANNEL_VERBS = (
    "comment_approve",
    "comment_reject",
    "comment_adopt",
    "question_approve",
    "question_reject",
    "transcript_post",
    "results_publish",
    "results_withdraw",
)
RENAMED = tuple((f"interaction.{v}", f"jiyue.interaction.{v}") for v in CHANNEL_VERBS)
GATE_OVERRIDE = ("jiyue.gate_override", "jiyue.interaction.gate_override")


def _rename(apps, pairs, gate_override) -> None:
    for name in ("ModelLogEntry", "PageLogEntry"):
        entries = apps.get_model("wagtailcore", name).objects
        for old, new in pairs:
            entries.filter(action=old).update(action=new)
    old, new = gate_override
    entries = apps.get_model("wagtailcore", "ModelLogEntry").objects
    entries.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    _rename(apps, RENAMED, GATE_OVERRIDE)


def backwards(apps, schema_editor):
    _rename(apps, [(new, old) for old, new in RENAMED], GATE_OVERRIDE[::-1])


class Migration(migrations.Migration):
    dependencies = [
        ("interaction", "0006_summary_help_in_chinese"),
        ("editorial", "0006_log_action_names"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
