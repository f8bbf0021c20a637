"""An index of the page tree's top two levels (the root and the sites' roots), by
path: Wagtail asks ``depth = 1 ORDER BY path`` (the first root node) on every
explorer listing, and the page table has no index on depth; at a million pages
that is a sequential scan of a tenth of a second (issue 19; ADR 1902). Partial
(``depth < 3``): a few rows, whatever the number of pages. SQLite and PostgreSQL."""

from django.db import migrations

INDEX = "jiyue_page_top_levels"


class Migration(migrations.Migration):
    dependencies = [
        ("cluster", "0006_role_log_action_names"),
        ("wagtailcore", "0001_squashed_0016_change_page_url_path_to_text_field"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON wagtailcore_page (depth, path)"
            " WHERE depth < 3",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
