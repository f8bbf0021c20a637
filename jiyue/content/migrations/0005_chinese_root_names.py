"""The page tree's root and the root collection get Chinese names: Wagtail's
migrations call both "Root", which the admin shows in its page search, the page
chooser and the collection lists (docs/decisions/1103-chinese-root-names.md)."""

from django.db import migrations

PAGE_ROOT = "全部网站"
COLLECTION_ROOT = "全部文件"


def rename(apps, schema_editor):
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title="Root").update(
        title=PAGE_ROOT, draft_title=PAGE_ROOT
    )
    apps.get_model("wagtailcore", "Collection").objects.filter(
        depth=1, name="Root"
    ).update(name=COLLECTION_ROOT)


def back(apps, schema_editor):
    apps.get_model("wagtailcore", "Page").objects.filter(
        depth=1, title=PAGE_ROOT
    ).update(title="Root", draft_title="Root")
    apps.get_model("wagtailcore", "Collection").objects.filter(
        depth=1, name=COLLECTION_ROOT
    ).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_articlepage_activity_ended_at"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]
    operations = [migrations.RunPython(rename, back)]
