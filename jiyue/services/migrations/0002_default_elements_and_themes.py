"""The default element set (Ankang 二(五), Guiyang 六(三)) and 办事主题; the
office edits both afterwards (docs/decisions/0702)."""

from django.db import migrations


def load(apps, schema_editor):
    from jiyue.services.defaults import ensure_defaults

    ensure_defaults(
        apps.get_model("services", "ServiceElement"),
        apps.get_model("services", "ServiceTheme"),
    )


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
