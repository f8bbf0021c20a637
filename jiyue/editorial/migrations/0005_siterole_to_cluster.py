"""SiteRole now lives in cluster (its 0005 takes over the table
``editorial_siterole``): editorial forgets the model's state, the table stays
(docs/decisions/0107-one-answer-to-who-works-on-a-site.md)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("editorial", "0004_sign_off_task"),
        ("cluster", "0005_siterole_from_editorial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="SiteRole")],
            database_operations=[],
        ),
    ]
