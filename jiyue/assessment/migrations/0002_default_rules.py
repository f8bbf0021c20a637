"""The default rule set, 国办秘函〔2019〕19号 (docs/decisions/0801)."""

from django.db import migrations


def load(apps, schema_editor):
    from jiyue.assessment.defaults import ensure_default_rules

    ensure_default_rules(
        apps.get_model("assessment", "RuleSet"), apps.get_model("assessment", "Indicator")
    )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
