"""A task for the RQ outage tests only (test_rq_database_outage.py): the database
goes away while it runs."""

from __future__ import annotations

from pathlib import Path

from django.db import connection
from django_tasks import task

from jiyue.worker.models import PeriodicJobRun


@task()
def loses_the_database(directory: str) -> int:
    """Reads the database, which then stops (its directory is taken away and the
    session ended, as a server's fast shutdown does between two queries), and reads
    it again: the driver's own connection error, in the middle of the task."""
    before = PeriodicJobRun.objects.count()
    Path(directory).rename(f"{directory}-away")
    connection.close()
    return before + PeriodicJobRun.objects.count()
