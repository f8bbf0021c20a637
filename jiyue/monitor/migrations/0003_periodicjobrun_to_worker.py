"""PeriodicJobRun now lives in worker (its 0001 takes over the table
``monitor_periodicjobrun``): monitor forgets the model's state, the table stays
(docs/decisions/0515-worker-app-and-job-registry.md)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("monitor", "0002_broken_link_pages"),
        ("worker", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PeriodicJobRun")],
            database_operations=[],
        ),
    ]
