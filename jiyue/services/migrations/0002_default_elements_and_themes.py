"""The default element set (Ankang 二(五), Guiyang 六(三)) and 办事主题; the
office edits both afterwards (docs/decisions/0702)."""

from django.db import migrations


def load(apps, schema_editor):
    from jiyue.services.elements import DEFAULT_ELEMENTS
    from jiyue.services.themes import ORGANISATION_THEMES, PERSON_THEMES

    Element = apps.get_model("services", "ServiceElement")
    Theme = apps.get_model("services", "ServiceTheme")
    for order, (key, name, is_key, weight, source) in enumerate(DEFAULT_ELEMENTS):
        Element.objects.get_or_create(
            key=key,
            defaults={
                "name": name, "is_key": is_key, "weight": weight,
                "source": source, "sort_order": order,
            },
        )  # fmt: skip
    for audience, names in (
        ("person", PERSON_THEMES),
        ("organisation", ORGANISATION_THEMES),
    ):
        for order, name in enumerate(names):
            Theme.objects.get_or_create(
                name=name, audience=audience, defaults={"sort_order": order}
            )


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
