"""The default rule set's indicators read from search (站内搜索查不到本站信息) and
the monitor's alerts (安全事件): added to a database that has the 2019 set."""

from django.db import migrations


def load(apps, schema_editor):
    from jiyue.assessment.defaults import ensure_default_rules

    ensure_default_rules(
        apps.get_model("assessment", "RuleSet"), apps.get_model("assessment", "Indicator")
    )


class Migration(migrations.Migration):
    dependencies = [("assessment", "0010_rectification_orders")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
