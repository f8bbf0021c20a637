"""The default rule set's indicators read from 协同联动 (late reposts, missing
interpretations): added to a database that has the 2019 set already."""

from django.db import migrations


def load(apps, schema_editor):
    from jiyue.assessment.defaults import ensure_default_rules

    ensure_default_rules(
        apps.get_model("assessment", "RuleSet"), apps.get_model("assessment", "Indicator")
    )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0002_default_rules")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
