"""Background work of the analytics (django-tasks)."""

from __future__ import annotations

import glob
from pathlib import Path

from django.conf import settings
from django_tasks import task


@task()
def ingest_access_logs_task() -> dict:
    """The access logs of ``JIYUE_ACCESS_LOGS``; then yesterday's salts go."""
    from .ingest import forget_salts, ingest_files

    paths = sorted(
        {Path(p) for pattern in settings.JIYUE_ACCESS_LOGS for p in glob.glob(pattern)}
    )
    reports = ingest_files(paths) if paths else []
    forget_salts()
    return {"files": len(reports), "lines": sum(r.lines for r in reports)}


@task()
def count_covisits_task() -> dict:
    """The pending trails into pairs of pages read together (看过此文的人还看了)."""
    from .related import count_covisits

    report = count_covisits()
    return {"trails": report.trails, "pairs": report.pairs}
